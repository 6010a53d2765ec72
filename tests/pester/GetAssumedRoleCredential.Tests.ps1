# Get-AssumedRoleCredential against the local two-account sandbox: every way account B gets into account A,
# the diagnoses of refusals, the caches, refresh, endpoints, throttling, bad input and secrets.
BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force

    # A scenario of our own: the default world plus a role in account A that trusts CrossAccountInvoker, for chaining.
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("sts-tests-" + [Guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Work | Out-Null
    $sandboxDll = Join-Path $RepoRoot 'out/sandbox/CrossAcctApi.Sandbox.dll'
    $scenario = & dotnet $sandboxDll --print-default-scenario | ConvertFrom-Json
    $accountA = $scenario.accounts | Where-Object id -eq '111111111111'
    $accountA.roles += [pscustomobject] @{
        name        = 'ChainTarget'
        trustPolicy = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Principal = @{ AWS = 'arn:aws:iam::111111111111:role/CrossAccountInvoker' }; Action = 'sts:AssumeRole' }) }
    }
    # Two users of account B that no other test uses: a source's first AssumeRole in this process is where an extra
    # STS call (who is this caller?) would show, so the call-count tests need sources nobody has used before.
    $assumeInA = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Action = 'sts:AssumeRole'; Resource = 'arn:aws:iam::111111111111:role/*' }) }
    $accountB = $scenario.accounts | Where-Object id -eq '222222222222'
    $accountB.users += [pscustomobject] @{
        name       = 'sts-count-one'
        accessKeys = @(@{ accessKeyId = 'AKIASTSCOUNTONE22222'; secretAccessKey = 'StsCountOneSecretKeyForAccountB/2222222' })
        policies   = @{ AssumeRolesInAccountA = $assumeInA }
    }
    $accountB.users += [pscustomobject] @{
        name       = 'sts-count-three'
        accessKeys = @(@{ accessKeyId = 'AKIASTSCOUNTTHREE222'; secretAccessKey = 'StsCountThreeSecretKeyForAccountB/22222' })
        mfaDevices = @(@{ serialNumber = 'arn:aws:iam::222222222222:mfa/sts-count-three'; acceptedCodes = @('123456') })
        policies   = @{ AssumeRolesInAccountA = $assumeInA }
    }
    $scenarioPath = Join-Path $Work 'scenario.json'
    $scenario | ConvertTo-Json -Depth 30 | Set-Content -Path $scenarioPath -Encoding utf8

    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    $script:Sandbox = Start-CrossAcctApiSandbox -SandboxPath (Join-Path $RepoRoot 'out/sandbox') -Scenario $scenarioPath
    $script:Url = $Sandbox.Url

    function script:Get-StsCount([string] $Operation = 'AssumeRole') {
        $stats = Get-CrossAcctApiSandboxStats $Sandbox
        if ($Operation -eq '*') { return [int] $stats.sts.total }
        $value = $stats.sts.byOperation.$Operation
        if ($null -eq $value) { 0 } else { [int] $value }
    }
    function script:New-SessionName([string] $Prefix) { $Prefix + '-' + [Guid]::NewGuid().ToString('N').Substring(0, 12) }
    function script:Get-Secret($Credential) {
        # Tests only: the secret and token are internal to the module and reached here by reflection.
        $keys = $Credential.GetKeys([DateTimeOffset]::UtcNow)
        $flags = [Reflection.BindingFlags] 'NonPublic,Instance'
        [pscustomobject] @{
            Secret = [CrossAcctApi.Core.Credentials.CredentialKeys].GetProperty('SecretAccessKey', $flags).GetValue($keys)
            Token  = [CrossAcctApi.Core.Credentials.CredentialKeys].GetProperty('SessionToken', $flags).GetValue($keys)
        }
    }

    $script:SavedEnvironment = @{}
    foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION',
        'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_STS', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED', 'CROSSACCTAPI_CACHE_DIR') {
        $SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
        # Remove-Item, not SetEnvironmentVariable($name, $null): PowerShell would pass '' and leave the name defined.
        Remove-Item "env:$name" -ErrorAction SilentlyContinue
    }
    # Never let the SDK's default chain reach for instance metadata; never read the user's own AWS files.
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    $env:AWS_CONFIG_FILE = Join-Path $Work 'config'
    $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $Work 'credentials'
    $env:AWS_ENDPOINT_URL_STS = $Url
    $env:CROSSACCTAPI_CACHE_DIR = Join-Path $Work 'cache'

    $script:Ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
    $script:NoAssume = @{ AccessKeyId = 'AKIANOASSUME22222222'; SecretAccessKey = 'NoAssumeSecretKeyForAccountB/2222222222' }
    $script:Outsider = @{ AccessKeyId = 'AKIAOUTSIDER33333333'; SecretAccessKey = 'OutsiderSecretKeyForAccountC/3333333333' }
    $script:CountOne = @{ AccessKeyId = 'AKIASTSCOUNTONE22222'; SecretAccessKey = 'StsCountOneSecretKeyForAccountB/2222222' }
    $script:CountThree = @{ AccessKeyId = 'AKIASTSCOUNTTHREE222'; SecretAccessKey = 'StsCountThreeSecretKeyForAccountB/22222' }
    $script:Invoker = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
    $script:AuditReader = 'arn:aws:iam::111111111111:role/AuditReader'
    $script:MfaOperator = 'arn:aws:iam::111111111111:role/MfaOperator'
    $script:ChainTarget = 'arn:aws:iam::111111111111:role/ChainTarget'
    $script:MfaSerial = 'arn:aws:iam::222222222222:mfa/ops-engineer'
}

AfterAll {
    foreach ($entry in $SavedEnvironment.GetEnumerator()) {
        if ([string]::IsNullOrEmpty($entry.Value)) { Remove-Item "env:$($entry.Key)" -ErrorAction SilentlyContinue }
        else { Set-Item "env:$($entry.Key)" -Value $entry.Value }
    }
    if ($Sandbox) { Stop-CrossAcctApiSandbox $Sandbox }
    if ($Work) { Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue }
}

Describe 'Account B assumes roles in account A' {
    It 'assumes CrossAccountInvoker and returns the module credential with who, what and until when' {
        $c = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -RoleSessionName (New-SessionName 'invoker')
        $c | Should -BeOfType ([CrossAcctApi.Core.Credentials.AwsCredential])
        $c.RoleArn | Should -Be $Invoker
        $c.AccountId | Should -Be '111111111111'
        $c.AssumedRoleArn | Should -Match '^arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/invoker-'
        $c.AssumedRoleId | Should -Match ':invoker-'
        $c.AccessKeyId | Should -Match '^ASIA'
        $c.HasSessionToken | Should -BeTrue
        $c.CanRefresh | Should -BeTrue
        $c.Source | Should -Be 'AssumeRole'
        $c.Expiration.Kind | Should -Be 'Utc'
        $c.ExpiresIn.TotalMinutes | Should -BeGreaterThan 55
        $c.Region | Should -Be 'us-east-1'
    }

    It 'gives a readable default session name (user and time, valid characters only), the same for the whole session' {
        $first = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops
        $second = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops
        $first.SessionName | Should -Match '^[A-Za-z0-9_+=,.@-]{2,64}$'
        $first.SessionName | Should -Match '-\d{8}T\d{6}Z$'
        $second.SessionName | Should -Be $first.SessionName
    }

    It 'assumes AuditReader with the external id, and is refused without it (external id diagnosed)' {
        $c = Get-AssumedRoleCredential -RoleArn $AuditReader -ExternalId 'audit-2026' -Credential $Ops -RoleSessionName (New-SessionName 'audit')
        $c.RoleArn | Should -Be $AuditReader

        $before = Get-StsCount
        Get-AssumedRoleCredential -RoleArn $AuditReader -Credential $Ops -RoleSessionName (New-SessionName 'audit') -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AssumeRoleAccessDenied,*'
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err[0].Exception.LikelyCauses[0] | Should -Be 'ExternalIdRequired'
        $err[0].Exception.Message | Should -Match ([regex]::Escape('arn:aws:iam::222222222222:user/ops-engineer'))
        $err[0].Exception.Message | Should -Match ([regex]::Escape($AuditReader))
        $err[0].Exception.Message | Should -Match 'external id'
        $err[0].ErrorDetails.RecommendedAction | Should -Match '-ExternalId'
        (Get-StsCount) - $before | Should -Be 1
    }

    It 'assumes MfaOperator with MFA, and is refused without it (MFA diagnosed)' {
        $c = Get-AssumedRoleCredential -RoleArn $MfaOperator -SerialNumber $MfaSerial -TokenCode '123456' -Credential $Ops -RoleSessionName (New-SessionName 'mfa')
        $c.RoleArn | Should -Be $MfaOperator

        Get-AssumedRoleCredential -RoleArn $MfaOperator -Credential $Ops -RoleSessionName (New-SessionName 'mfa') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AssumeRoleAccessDenied,*'
        $err[0].Exception.LikelyCauses[0] | Should -Be 'MfaRequired'
        $err[0].Exception.Message | Should -Match 'MFA'
    }

    It 'refuses a wrong MFA code' {
        Get-AssumedRoleCredential -RoleArn $MfaOperator -SerialNumber $MfaSerial -TokenCode '654321' -Credential $Ops -RoleSessionName (New-SessionName 'mfa') -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].CategoryInfo.Category | Should -BeIn 'PermissionDenied', 'AuthenticationError'
    }

    It 'asks for no MFA code in a non-interactive session: a clear error, and nothing sent' {
        $before = Get-StsCount '*'
        Get-AssumedRoleCredential -RoleArn $MfaOperator -SerialNumber $MfaSerial -Credential $Ops -RoleSessionName (New-SessionName 'nocode') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'MfaTokenCodeRequired,*'
        $err[0].Exception.Message | Should -Match 'TokenCode'
        (Get-StsCount '*') - $before | Should -Be 0
    }

    It 'diagnoses no-assume (same account as a principal that succeeded) as lacking sts:AssumeRole' {
        # Held, as a user holds a credential in use: whose the earlier source was is asked only now, on the failure
        # path, with the source keys that credential (its refresher) still holds; the module keeps none of its own.
        $held = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -NoCache
        Get-AssumedRoleCredential -RoleArn $Invoker -Credential $NoAssume -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AssumeRoleAccessDenied,*'
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err[0].Exception.CallerArn | Should -Be 'arn:aws:iam::222222222222:user/no-assume'
        $err[0].Exception.LikelyCauses[0] | Should -Be 'CallerLacksAssumeRole'
        $err[0].Exception.Message | Should -Match 'no-assume may not assume .*CrossAccountInvoker\. Likely cause: the caller lacks sts:AssumeRole'
        $held.RoleArn | Should -Be $Invoker
    }

    It 'diagnoses outsider (account C) as not trusted by the role' {
        Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Outsider -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AssumeRoleAccessDenied,*'
        $err[0].Exception.CallerArn | Should -Be 'arn:aws:iam::333333333333:user/outsider'
        $err[0].Exception.LikelyCauses[0] | Should -Be 'NotTrustedByRole'
        $err[0].Exception.Message | Should -Match 'outsider may not assume .*Likely cause: the role is not trusting account 333333333333'
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'trust policy'
    }

    It 'says when the source keys themselves are rejected' {
        Get-AssumedRoleCredential -RoleArn $Invoker -Credential @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'not-the-right-secret-at-all-000000000000' } -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SourceCredentialRejected,*'
        $err[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
    }
}

Describe 'Role chaining' {
    It 'chains when a credential from this cmdlet is piped in' {
        $first = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -RoleSessionName (New-SessionName 'hop1')
        $second = $first | Get-AssumedRoleCredential -RoleArn $ChainTarget -RoleSessionName (New-SessionName 'hop2')
        $second.RoleArn | Should -Be $ChainTarget
        $second.AssumedRoleArn | Should -Match 'assumed-role/ChainTarget/hop2-'
        $second.SourceDescription | Should -Match 'chained session .*CrossAccountInvoker'
    }

    It 'warns that chained sessions are capped at 3600 s, and reports STS refusing more' {
        $first = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -RoleSessionName (New-SessionName 'hop1')
        $first | Get-AssumedRoleCredential -RoleArn $ChainTarget -DurationSeconds 7200 -WarningVariable warn -WarningAction SilentlyContinue -ErrorVariable err -ErrorAction SilentlyContinue
        $warn | Should -HaveCount 1
        "$warn" | Should -Match '3600'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'StsInvalidRequest,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}

Describe 'Source credentials' {
    BeforeAll {
        Set-Content -Path $env:AWS_SHARED_CREDENTIALS_FILE -Value @"
[ops]
aws_access_key_id = AKIAOPSENGINEER22222
aws_secret_access_key = OpsEngineerSecretKeyForAccountB/22222222

[outsider]
aws_access_key_id = AKIAOUTSIDER33333333
aws_secret_access_key = OutsiderSecretKeyForAccountC/3333333333
"@
        $processScript = Join-Path $Work 'credential-process.sh'
        Set-Content -Path $processScript -Value "#!/bin/sh`necho '{""Version"": 1, ""AccessKeyId"": ""AKIAOPSENGINEER22222"", ""SecretAccessKey"": ""OpsEngineerSecretKeyForAccountB/22222222""}'"
        if (-not $IsWindows) { chmod +x $processScript }
        Set-Content -Path $env:AWS_CONFIG_FILE -Value @"
[profile ops]
region = eu-west-1

[profile viaprocess]
credential_process = $processScript

[profile invoker-from-ops]
role_arn = $Invoker
source_profile = ops
role_session_name = sdk-profile-session
"@
    }

    It 'reads a profile from AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE' {
        $c = Get-AssumedRoleCredential -RoleArn $Invoker -ProfileName ops -RoleSessionName (New-SessionName 'profile')
        $c.RoleArn | Should -Be $Invoker
        $c.SourceDescription | Should -Match "profile 'ops'"
    }

    It 'runs credential_process profiles as the AWS CLI does' {
        $c = Get-AssumedRoleCredential -RoleArn $Invoker -ProfileName viaprocess -RoleSessionName (New-SessionName 'process')
        $c.SourceDescription | Should -Match 'credential_process'
    }

    It 'uses profiles that assume a role themselves (STS at AWS_ENDPOINT_URL_STS)' {
        $before = Get-StsCount
        $c = Get-AssumedRoleCredential -RoleArn $ChainTarget -ProfileName invoker-from-ops -RoleSessionName (New-SessionName 'profchain')
        $c.RoleArn | Should -Be $ChainTarget
        (Get-StsCount) - $before | Should -Be 2
    }

    It 'takes the source from the environment variables when nothing is given' {
        $env:AWS_ACCESS_KEY_ID = $Ops.AccessKeyId
        $env:AWS_SECRET_ACCESS_KEY = $Ops.SecretAccessKey
        try {
            $c = Get-AssumedRoleCredential -RoleArn $Invoker -RoleSessionName (New-SessionName 'env')
            $c.SourceDescription | Should -Match 'environment variables'
        }
        finally { Remove-Item env:AWS_ACCESS_KEY_ID, env:AWS_SECRET_ACCESS_KEY }
    }

    It 'follows AWS_PROFILE through the default chain' {
        $env:AWS_PROFILE = 'ops'
        try {
            $c = Get-AssumedRoleCredential -RoleArn $Invoker -RoleSessionName (New-SessionName 'awsprofile')
            $c.SourceDescription | Should -Match "profile 'ops'.*AWS_PROFILE"
        }
        finally { Remove-Item env:AWS_PROFILE }
    }

    It 'names a missing profile and the files it looked in' {
        Get-AssumedRoleCredential -RoleArn $Invoker -ProfileName nosuchprofile -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound,*'
        $err[0].Exception.Message | Should -Match 'nosuchprofile'
        $err[0].Exception.Message | Should -Match ([regex]::Escape($env:AWS_SHARED_CREDENTIALS_FILE))
    }

    It 'gives one credential per CSV row piped in (RoleArn, ExternalId by property name)' {
        $rows = @"
RoleArn,ExternalId,RoleSessionName
$Invoker,,csv-row-1
$AuditReader,audit-2026,csv-row-2
"@ | ConvertFrom-Csv
        $rows | ForEach-Object { if (-not $_.ExternalId) { $_.PSObject.Properties.Remove('ExternalId') } }
        $out = $rows | Get-AssumedRoleCredential -ProfileName ops
        $out | Should -HaveCount 2
        $out[0].RoleArn | Should -Be $Invoker
        $out[1].RoleArn | Should -Be $AuditReader
        $out[1].SessionName | Should -Be 'csv-row-2'
    }
}

Describe 'Endpoints' {
    It 'prefers -StsEndpoint over AWS_ENDPOINT_URL_STS' {
        $env:AWS_ENDPOINT_URL_STS = 'http://127.0.0.1:9/'
        try {
            $c = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Url -NoCache
            $c.RoleArn | Should -Be $Invoker
        }
        finally { $env:AWS_ENDPOINT_URL_STS = $Url }
    }

    It 'falls back to AWS_ENDPOINT_URL when AWS_ENDPOINT_URL_STS is not set' {
        Remove-Item env:AWS_ENDPOINT_URL_STS
        $env:AWS_ENDPOINT_URL = $Url
        try {
            $c = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -NoCache
            $c.RoleArn | Should -Be $Invoker
        }
        finally { Remove-Item env:AWS_ENDPOINT_URL; $env:AWS_ENDPOINT_URL_STS = $Url }
    }

    It 'says which endpoint it could not connect to' {
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint "http://127.0.0.1:$port" -NoCache -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'StsConnectionFailed,*'
        $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $err[0].Exception.Message | Should -Match "127\.0\.0\.1:$port"
        $err[0].Exception.Message | Should -Match 'from -StsEndpoint'
    }
}

Describe 'Throttling' {
    It 'retries a throttled AssumeRole with backoff and succeeds' {
        $before = Get-StsCount
        Set-CrossAcctApiSandboxFault $Sandbox -StsThrottleCount 2 | Out-Null
        $c = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -NoCache -Verbose 4>&1 | Tee-Object -Variable all | Where-Object { $_ -is [CrossAcctApi.Core.Credentials.AwsCredential] }
        $c.RoleArn | Should -Be $Invoker
        ($all | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match 'after 2 retries'
        (Get-StsCount) - $before | Should -Be 3
    }
}

Describe 'Cache' {
    It 'makes one STS call in all (not only one AssumeRole) for 1,000 identical requests from a new source' {
        $name = New-SessionName 'cache'
        $before = Get-StsCount '*'
        $ids = 1..1000 | ForEach-Object { (Get-AssumedRoleCredential -RoleArn $Invoker -Credential $CountOne -RoleSessionName $name).AccessKeyId }
        ($ids | Sort-Object -Unique) | Should -HaveCount 1
        (Get-StsCount '*') - $before | Should -Be 1
    }

    It 'makes as many STS calls in all as there are distinct roles (three roles, each asked for 20 times)' {
        $name = New-SessionName 'roles'
        $before = Get-StsCount '*'
        $ids = foreach ($round in 1..20) {
            (Get-AssumedRoleCredential -RoleArn $Invoker -Credential $CountThree -RoleSessionName $name).AccessKeyId
            (Get-AssumedRoleCredential -RoleArn $AuditReader -ExternalId 'audit-2026' -Credential $CountThree -RoleSessionName $name).AccessKeyId
            (Get-AssumedRoleCredential -RoleArn $MfaOperator -SerialNumber 'arn:aws:iam::222222222222:mfa/sts-count-three' -TokenCode '123456' -Credential $CountThree -RoleSessionName $name).AccessKeyId
        }
        $ids | Should -HaveCount 60
        ($ids | Sort-Object -Unique) | Should -HaveCount 3
        (Get-StsCount '*') - $before | Should -Be 3
    }

    It 'calls STS every time with -NoCache' {
        $name = New-SessionName 'nocache'
        $before = Get-StsCount
        1..3 | ForEach-Object { Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -RoleSessionName $name -NoCache } | Out-Null
        (Get-StsCount) - $before | Should -Be 3
    }

    It 'keys the cache by parameters: another duration is another session' {
        $name = New-SessionName 'params'
        $a = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -RoleSessionName $name -DurationSeconds 900
        $b = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -RoleSessionName $name -DurationSeconds 1800
        $a.AccessKeyId | Should -Not -Be $b.AccessKeyId
    }

    It 'writes the opt-in disk cache owner-only, named without secrets, and a second process reuses the MFA session without a prompt' {
        $name = New-SessionName 'disk'
        $c = Get-AssumedRoleCredential -RoleArn $MfaOperator -SerialNumber $MfaSerial -TokenCode '123456' -Credential $Ops -RoleSessionName $name -DiskCache
        $files = @(Get-ChildItem $env:CROSSACCTAPI_CACHE_DIR -Filter *.json)
        $files.Count | Should -BeGreaterOrEqual 1
        $file = $files | Sort-Object LastWriteTime | Select-Object -Last 1
        $file.BaseName | Should -Match '^[0-9a-f]{64}$'
        $file.Name | Should -Not -Match 'MfaOperator|disk-|ops'
        if (-not $IsWindows) {
            $file.UnixMode | Should -Be '-rw-------'
            (Get-Item $env:CROSSACCTAPI_CACHE_DIR).UnixMode | Should -Be 'drwx------'
        }

        $before = Get-StsCount
        $pwsh = if ([Environment]::ProcessPath -match 'dotnet(\.exe)?$') { @('dotnet', (Join-Path $PSHOME 'pwsh.dll')) } else { @([Environment]::ProcessPath) }
        $script = "`$ErrorActionPreference='Stop'; Import-Module '$RepoRoot/out/CrossAcctApi/CrossAcctApi.psd1'; " +
            "(Get-AssumedRoleCredential -RoleArn '$MfaOperator' -SerialNumber '$MfaSerial' -Credential @{AccessKeyId='$($Ops.AccessKeyId)';SecretAccessKey='$($Ops.SecretAccessKey)'} -RoleSessionName '$name' -DiskCache).AccessKeyId"
        $child = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script 2>&1
        $LASTEXITCODE | Should -Be 0 -Because "$child"
        ($child | Select-Object -Last 1) | Should -Be $c.AccessKeyId
        (Get-StsCount) - $before | Should -Be 0
    }
}

Describe 'Refresh' {
    It 'renews itself five minutes before expiry with one STS call' {
        $c = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -RoleSessionName (New-SessionName 'refresh')
        $old = $c.AccessKeyId
        $before = Get-StsCount
        $c.GetKeys([DateTimeOffset]::UtcNow.AddMinutes(10)).AccessKeyId | Should -Be $old
        (Get-StsCount) - $before | Should -Be 0
        $renewed = $c.GetKeys($c.Expiration.AddMinutes(-4))
        $renewed.AccessKeyId | Should -Not -Be $old
        $c.AccessKeyId | Should -Be $renewed.AccessKeyId
        (Get-StsCount) - $before | Should -Be 1
    }

    It 'gets a working session again after the sandbox has ended every session' {
        $c = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -RoleSessionName (New-SessionName 'expire')
        Set-CrossAcctApiSandboxFault $Sandbox -ExpireSessions | Out-Null
        $c | Get-AssumedRoleCredential -RoleArn $ChainTarget -NoCache -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SourceCredentialRejected,*'

        $c.GetKeys($c.Expiration.AddMinutes(-1)) | Out-Null
        $chained = $c | Get-AssumedRoleCredential -RoleArn $ChainTarget -NoCache
        $chained.RoleArn | Should -Be $ChainTarget
    }

    It 'does not prompt to renew an MFA session: it says to run the cmdlet again with a new code' {
        $c = Get-AssumedRoleCredential -RoleArn $MfaOperator -SerialNumber $MfaSerial -TokenCode '123456' -Credential $Ops -RoleSessionName (New-SessionName 'mfarefresh') -NoCache
        $thrown = { $c.GetKeys($c.Expiration.AddMinutes(-1)) } | Should -Throw -PassThru
        $inner = $thrown.Exception
        while ($inner -and $inner -isnot [CrossAcctApi.Core.CrossAcctApiException]) { $inner = $inner.InnerException }
        $inner.ErrorId | Should -Be 'MfaRefreshRequired'
        $inner.RecommendedAction | Should -Match 'TokenCode'
    }
}

Describe 'Bad input is refused before any request' {
    It '<Name>: <ErrorId>' -TestCases @(
        @{ Name = 'not an ARN'; ErrorId = 'InvalidRoleArn'; Params = @{ RoleArn = 'CrossAccountInvoker' } }
        @{ Name = 'user ARN'; ErrorId = 'InvalidRoleArn'; Params = @{ RoleArn = 'arn:aws:iam::111111111111:user/bob' } }
        @{ Name = 'unknown partition'; ErrorId = 'InvalidRoleArn'; Params = @{ RoleArn = 'arn:aws-moon:iam::111111111111:role/X' } }
        @{ Name = 'short account'; ErrorId = 'InvalidRoleArn'; Params = @{ RoleArn = 'arn:aws:iam::1111:role/X' } }
        @{ Name = 'duration too short'; ErrorId = 'InvalidDurationSeconds'; Params = @{ DurationSeconds = 899 } }
        @{ Name = 'duration too long'; ErrorId = 'InvalidDurationSeconds'; Params = @{ DurationSeconds = 43201 } }
        @{ Name = 'session name with a space'; ErrorId = 'InvalidRoleSessionName'; Params = @{ RoleSessionName = 'my session' } }
        @{ Name = 'session name too short'; ErrorId = 'InvalidRoleSessionName'; Params = @{ RoleSessionName = 'x' } }
        @{ Name = 'session name too long'; ErrorId = 'InvalidRoleSessionName'; Params = @{ RoleSessionName = 'x' * 65 } }
        @{ Name = 'session name with CR/LF'; ErrorId = 'InvalidRoleSessionName'; Params = @{ RoleSessionName = "a`r`nb" } }
        @{ Name = 'external id with a space'; ErrorId = 'InvalidExternalId'; Params = @{ ExternalId = 'audit 2026' } }
        @{ Name = 'external id too short'; ErrorId = 'InvalidExternalId'; Params = @{ ExternalId = 'a' } }
        @{ Name = 'token code without serial'; ErrorId = 'TokenCodeWithoutSerialNumber'; Params = @{ TokenCode = '123456' } }
        @{ Name = 'token code of 5 digits'; ErrorId = 'InvalidTokenCode'; Params = @{ SerialNumber = 'arn:aws:iam::222222222222:mfa/ops-engineer'; TokenCode = '12345' } }
        @{ Name = 'serial too short'; ErrorId = 'InvalidSerialNumber'; Params = @{ SerialNumber = 'abc'; TokenCode = '123456' } }
        @{ Name = 'garbage policy JSON'; ErrorId = 'InvalidSessionPolicy'; Params = @{ Policy = '{"Version": "2012-10-17", "Statement": [' } }
        @{ Name = 'policy without Statement'; ErrorId = 'InvalidSessionPolicy'; Params = @{ Policy = '{"Version": "2012-10-17"}' } }
        @{ Name = 'bad policy ARN'; ErrorId = 'InvalidPolicyArn'; Params = @{ PolicyArn = 'arn:aws:s3:::bucket' } }
        @{ Name = 'bad tag key'; ErrorId = 'InvalidSessionTag'; Params = @{ Tag = @{ 'bad*key' = 'v' } } }
        @{ Name = 'transitive key not a tag'; ErrorId = 'InvalidTransitiveTagKey'; Params = @{ Tag = @{ team = 'ops' }; TransitiveTagKey = 'project' } }
        @{ Name = 'source identity aws:'; ErrorId = 'InvalidSourceIdentity'; Params = @{ SourceIdentity = 'aws:me' } }
        @{ Name = 'unknown region shape'; ErrorId = 'InvalidRegion'; Params = @{ Region = 'moon' } }
        @{ Name = 'ftp endpoint'; ErrorId = 'InvalidStsEndpoint'; Params = @{ StsEndpoint = 'ftp://127.0.0.1/' } }
        @{ Name = 'endpoint with user info'; ErrorId = 'InvalidStsEndpoint'; Params = @{ StsEndpoint = 'http://user:pass@127.0.0.1/' } }
        @{ Name = 'credential without secret'; ErrorId = 'InvalidCredential'; Params = @{ Credential = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = '' } } }
    ) {
        param($Name, $ErrorId, $Params)
        $arguments = @{ RoleArn = $Invoker; Credential = $Ops } + @{}
        foreach ($p in $Params.GetEnumerator()) { $arguments[$p.Key] = $p.Value }
        $before = Get-StsCount '*'
        Get-AssumedRoleCredential @arguments -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        (Get-StsCount '*') - $before | Should -Be 0
    }
}

Describe 'Secrets never appear' {
    It 'keeps the secret key and session token out of every stream, format and error' {
        $transcript = Join-Path $Work 'transcript.txt'
        $csv = Join-Path $Work 'credential.csv'
        $Error.Clear()
        Start-Transcript -Path $transcript | Out-Null
        try {
            $captured = & {
                $c = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -RoleSessionName (New-SessionName 'secrets') -NoCache -Verbose -Debug
                $c
                $c | Format-List * | Out-String
                $c | Format-Table | Out-String
                $c | ConvertTo-Json -Depth 10
                $c.ToString()
                $c.GetKeys([DateTimeOffset]::UtcNow).ToString()
                $c | Export-Csv -Path $csv
                Get-AssumedRoleCredential -RoleArn $AuditReader -Credential $Ops -NoCache -Verbose -Debug -ErrorAction Continue
                Get-AssumedRoleCredential -RoleArn $Invoker -Credential @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'WrongSecretButStillASecret/000000000000' } -NoCache -Verbose -ErrorAction Continue
            } *>&1 | Out-String
        }
        finally { Stop-Transcript | Out-Null }
        $c = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -RoleSessionName (New-SessionName 'secrets2') -NoCache
        $secret = Get-Secret $c
        $all = $captured + (Get-Content -Raw $transcript) + (Get-Content -Raw $csv) + ($Error | Format-List * -Force | Out-String) + ($Error | ForEach-Object { $_.Exception | Format-List * -Force | Out-String })
        $all += ($c | Format-List * -Force | Out-String) + ($c | ConvertTo-Json -Depth 10)
        $forms = foreach ($s in @($secret.Secret, $secret.Token, $Ops.SecretAccessKey, 'WrongSecretButStillASecret/000000000000')) {
            $s; [Uri]::EscapeDataString($s); [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($s))
        }
        foreach ($form in $forms) { $all.Contains($form) | Should -BeFalse -Because 'no secret (raw, URL-encoded or base64) may be shown' }
    }
}
