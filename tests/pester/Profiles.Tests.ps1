#Requires -Version 7.0
# Profiles and credential sources as `aws --profile` reads them (issue 15): each gap the issue found, reproduced against
# the sandbox. A profile stands for its credentials; MFA profiles prompt or take -TokenCode; a refusal through a profile
# keeps the module's diagnosis; endpoints in the config file; botocore's profile-name and file rules; web identity, SSO,
# container and instance metadata sources. (Run against the old build with CROSSACCTAPI_REPO_ROOT=/work/wt-old.)

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SigningPeers.psm1') -Force
    $script:Sandbox = Start-CrossAcctApiSandbox -SandboxPath (Join-Path $RepoRoot 'out/sandbox')
    $script:Url = $Sandbox.Url
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('profiles-tests-' + [Guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path (Join-Path $Work 'home/.aws') -Force | Out-Null

    $script:Invoker = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
    $script:AuditReader = 'arn:aws:iam::111111111111:role/AuditReader'
    $script:MfaOperator = 'arn:aws:iam::111111111111:role/MfaOperator'
    $script:CiDeployer = 'arn:aws:iam::222222222222:role/CiDeployer'
    $script:MfaSerial = 'arn:aws:iam::222222222222:mfa/ops-engineer'

    $script:SavedEnvironment = @{}
    foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'HOME',
        'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_SSO', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED',
        'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_EC2_METADATA_SERVICE_ENDPOINT', 'CROSSACCTAPI_CACHE_DIR') {
        $SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
        Remove-Item "env:$name" -ErrorAction SilentlyContinue
    }
    $env:HOME = Join-Path $Work 'home'
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    $env:AWS_CONFIG_FILE = Join-Path $Work 'config'
    $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $Work 'credentials'
    $env:AWS_ENDPOINT_URL_STS = $Url
    $env:AWS_ENDPOINT_URL_SSO = $Url
    $env:CROSSACCTAPI_CACHE_DIR = Join-Path $Work 'cache'

    Set-Content -LiteralPath $env:AWS_SHARED_CREDENTIALS_FILE -Value @'
[ops]
aws_access_key_id = AKIAOPSENGINEER22222
aws_secret_access_key = OpsEngineerSecretKeyForAccountB/22222222

[profile tagged]
aws_access_key_id = AKIAOPSENGINEER22222
aws_secret_access_key = OpsEngineerSecretKeyForAccountB/22222222
'@
    Set-Content -LiteralPath $env:AWS_CONFIG_FILE -Value @"
[profile invoker]
role_arn = $Invoker
source_profile = ops
role_session_name = profile-invoker

[profile mfa]
role_arn = $MfaOperator
source_profile = ops
mfa_serial = $MfaSerial

[profile audit-no-external-id]
role_arn = $AuditReader
source_profile = ops

[profile with space]
role_arn = $Invoker
source_profile = ops

[profile commented]
role_arn = $Invoker
source_profile = ops
region = us-east-1 # the team's region

[profile ci]
role_arn = $CiDeployer
web_identity_token_file = $(Join-Path $Work 'token')
role_session_name = ci-job

[profile reader]
sso_session = sandbox
sso_account_id = 111111111111
sso_role_name = ItemsReader
[sso-session sandbox]
sso_start_url = https://sandbox-sso.awsapps.com/start
sso_region = us-east-1

[profile task]
role_arn = $Invoker
credential_source = EcsContainer
"@
    function script:Get-StsCount([string] $Operation = 'AssumeRole') {
        $value = (Get-CrossAcctApiSandboxStats $Sandbox).sts.byOperation.$Operation
        if ($null -eq $value) { 0 } else { [int] $value }
    }
    function script:Invoke-Failing([scriptblock] $Command) {
        $err = $null
        $ErrorActionPreference = 'Stop'
        try { & $Command | Out-Null } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty -Because 'the command must fail'
        $err
    }
}

AfterAll {
    foreach ($name in $SavedEnvironment.Keys) {
        if ($null -eq $SavedEnvironment[$name]) { Remove-Item "env:$name" -ErrorAction SilentlyContinue } else { Set-Item "env:$name" $SavedEnvironment[$name] }
    }
    if ($script:Sandbox) { Stop-CrossAcctApiSandbox $Sandbox }
    Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'A profile stands for its credentials' {
    It 'returns the role session of a role_arn + source_profile profile without -RoleArn, refreshable' {
        $c = Get-AssumedRoleCredential -ProfileName invoker
        $c.RoleArn | Should -Be $Invoker
        $c.SessionName | Should -Be 'profile-invoker'
        $c.CanRefresh | Should -BeTrue
    }

    It 'adds one hop with -RoleArn (the profile is the source)' {
        $c = Get-AssumedRoleCredential -ProfileName ops -RoleArn $Invoker -RoleSessionName one-hop
        $c.RoleArn | Should -Be $Invoker
    }

    It 'signs Invoke-SignedHttpApi and New-SignedHttpApiRequest as the profile' {
        $request = New-SignedHttpApiRequest -Uri "$Url/restapis/items/prod/items" -Region us-east-1 -ProfileName invoker -ErrorAction Stop
        $request | Should -Not -BeNullOrEmpty
    }
}

Describe 'MFA profiles' {
    It 'assumes an mfa_serial profile with -TokenCode' {
        $c = Get-AssumedRoleCredential -ProfileName mfa -TokenCode 123456 -NoCache
        $c.RoleArn | Should -Be $MfaOperator
    }

    It 'says MfaTokenCodeRequired without a code in a session that cannot ask' {
        $err = Invoke-Failing { Get-AssumedRoleCredential -ProfileName mfa -NoCache }
        $err.FullyQualifiedErrorId | Should -BeLike 'MfaTokenCodeRequired,*'
        $err.Exception.Message | Should -Match "Profile 'mfa'"
    }

    It 'serves the second command from the cached session: no code, no STS call' {
        Get-AssumedRoleCredential -ProfileName mfa -TokenCode 123456 | Out-Null
        $before = Get-StsCount
        (Get-AssumedRoleCredential -ProfileName mfa).RoleArn | Should -Be $MfaOperator
        (Get-StsCount) - $before | Should -Be 0
    }
}

Describe 'Diagnosis through a profile' {
    It 'keeps AssumeRoleAccessDenied, its category and action, naming the profile and the hop' {
        $direct = Invoke-Failing { Get-AssumedRoleCredential -RoleArn $AuditReader -ProfileName ops -NoCache }
        $err = Invoke-Failing { Get-AssumedRoleCredential -ProfileName audit-no-external-id -NoCache }
        $err.FullyQualifiedErrorId.Split(',')[0] | Should -Be $direct.FullyQualifiedErrorId.Split(',')[0]
        $err.FullyQualifiedErrorId | Should -BeLike 'AssumeRoleAccessDenied,*'
        $err.CategoryInfo.Category | Should -Be $direct.CategoryInfo.Category
        $err.Exception.Message | Should -Match "Profile 'audit-no-external-id' \(hop 1 of 1"
        $err.ErrorDetails.RecommendedAction | Should -Be $direct.ErrorDetails.RecommendedAction
    }

    It 'refuses an inline comment in region with InvalidRegion, not an SDK exception type' {
        $err = Invoke-Failing { Get-AssumedRoleCredential -ProfileName commented -RoleArn $Invoker -NoCache }
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidRegion,*'
        $err.Exception.Message | Should -Match "commented"
    }
}

Describe 'Endpoints in the config file' {
    BeforeAll { Remove-Item env:AWS_ENDPOINT_URL_STS }
    AfterAll { $env:AWS_ENDPOINT_URL_STS = $Url }

    It 'honours endpoint_url in the profile' {
        Add-Content -LiteralPath $env:AWS_CONFIG_FILE -Value "[profile via-endpoint]`nrole_arn = $Invoker`nsource_profile = ops`nendpoint_url = $Url"
        (Get-AssumedRoleCredential -ProfileName via-endpoint -NoCache).RoleArn | Should -Be $Invoker
    }

    It 'honours a [services] section with sts endpoint_url' {
        Add-Content -LiteralPath $env:AWS_CONFIG_FILE -Value "[profile via-services]`nrole_arn = $Invoker`nsource_profile = ops`nservices = local`n[services local]`nsts =`n  endpoint_url = $Url"
        (Get-AssumedRoleCredential -ProfileName via-services -NoCache).RoleArn | Should -Be $Invoker
    }
}

Describe 'Profile names and files as botocore reads them' {
    It 'does not read [profile with space] (botocore ignores it) and says how to quote it' {
        $err = Invoke-Failing { Get-AssumedRoleCredential -ProfileName 'with space' -RoleArn $Invoker }
        $err.FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound,*'
        $err.Exception.Message | Should -Match '\[profile "with space"\]'
    }

    It 'reads [profile tagged] in the credentials file as the profile "profile tagged"' {
        (Invoke-Failing { Get-AssumedRoleCredential -ProfileName tagged -RoleArn $Invoker }).FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound,*'
        (Get-AssumedRoleCredential -ProfileName 'profile tagged' -RoleArn $Invoker).RoleArn | Should -Be $Invoker
    }

    It 'looks only in AWS_CONFIG_FILE when it is set (ProfileNotFound for a profile of ~/.aws/config)' {
        Set-Content -LiteralPath (Join-Path $env:HOME '.aws/config') -Value "[profile only-default]`nrole_arn = $Invoker`nsource_profile = ops"
        (Invoke-Failing { Get-AssumedRoleCredential -ProfileName only-default -RoleArn $Invoker }).FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound,*'
    }
}

Describe 'Web identity' {
    BeforeAll {
        $script:TokenFile = (New-CrossAcctApiSandboxWebIdentityToken $Sandbox -Subject 'repo:acme/items:ref:refs/heads/main' -Path (Join-Path $Work 'token')).FullName
    }

    It 'assumes a role with -WebIdentityTokenFile and chains into account A with the 1-hour cap warned' {
        $ci = Get-AssumedRoleCredential -RoleArn $CiDeployer -WebIdentityTokenFile $TokenFile -RoleSessionName ci-run
        $ci.RoleArn | Should -Be $CiDeployer
        $a = $ci | Get-AssumedRoleCredential -RoleArn $Invoker -DurationSeconds 7200 -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        ($warnings -join ' ') | Should -Match 'role chaining'
        ($ci | Get-AssumedRoleCredential -RoleArn $Invoker).RoleArn | Should -Be $Invoker
    }

    It 'reads web_identity_token_file + role_arn in a profile' {
        (Get-AssumedRoleCredential -ProfileName ci).SessionName | Should -Be 'ci-job'
    }

    It 'reads AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN from the environment' {
        $env:AWS_WEB_IDENTITY_TOKEN_FILE = $TokenFile; $env:AWS_ROLE_ARN = $CiDeployer
        try { (Get-AssumedRoleCredential -RoleArn $Invoker).RoleArn | Should -Be $Invoker }
        finally { Remove-Item env:AWS_WEB_IDENTITY_TOKEN_FILE, env:AWS_ROLE_ARN }
    }
}

Describe 'SSO' {
    It 'gets the permission set role with the token cache aws sso login writes' {
        Write-CrossAcctApiSandboxSsoCache $Sandbox -UserName alice -HomePath $env:HOME -SessionName sandbox | Out-Null
        $c = Get-AssumedRoleCredential -ProfileName reader
        $c.SourceDescription | Should -Match 'SSO 111111111111/ItemsReader'
        $c.AccessKeyId | Should -Match '^ASIA'
    }

    It 'says run aws sso login --sso-session NAME when the token expired' {
        $file = Write-CrossAcctApiSandboxSsoCache $Sandbox -UserName alice -HomePath $env:HOME -SessionName sandbox
        $cache = Get-Content -LiteralPath $file.FullName -Raw | ConvertFrom-Json
        $cache.expiresAt = '2020-01-01T00:00:00Z'
        $cache | ConvertTo-Json | Set-Content -LiteralPath $file.FullName
        $err = Invoke-Failing { Get-AssumedRoleCredential -ProfileName reader -RoleArn $Invoker -NoCache }
        $err.FullyQualifiedErrorId | Should -BeLike 'SsoLoginRequired,*'
        $err.Exception.Message | Should -Match 'aws sso login --sso-session sandbox'
    }
}

Describe 'Container and instance metadata' {
    It 'uses credential_source = EcsContainer' {
        $env:AWS_CONTAINER_CREDENTIALS_FULL_URI = "$Url/v2/credentials/items-task"
        try { (Get-AssumedRoleCredential -ProfileName task -NoCache).RoleArn | Should -Be $Invoker }
        finally { Remove-Item env:AWS_CONTAINER_CREDENTIALS_FULL_URI }
    }

    It 'gives up on a hanging container endpoint after its short timeout, naming the source' {
        $env:AWS_CONTAINER_CREDENTIALS_FULL_URI = "$Url/v2/credentials/items-task"
        Set-CrossAcctApiSandboxMetadataFault $Sandbox -Mode Hang -Target container | Out-Null
        try {
            $err = Invoke-Failing { Get-AssumedRoleCredential -ProfileName task -NoCache }
            $err.Exception.Message | Should -Match 'did not answer within 2 s'
            $err.FullyQualifiedErrorId | Should -BeLike 'SourceCredentialUnavailable,*'
            $err.Exception.Message | Should -Match 'container credentials'
        }
        finally { Remove-Item env:AWS_CONTAINER_CREDENTIALS_FULL_URI; Reset-CrossAcctApiSandbox $Sandbox }
    }
}

Describe 'The AWS CLI assume-role cache, shared' {
    BeforeAll {
        $script:AwsPath = (Get-Command aws -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
        Add-Content -LiteralPath $env:AWS_CONFIG_FILE -Value "[profile mfa-cli]`nrole_arn = $MfaOperator`nsource_profile = ops`nmfa_serial = $MfaSerial`nrole_session_name = cli-shared`n[profile mfa-module]`nrole_arn = $MfaOperator`nsource_profile = ops`nmfa_serial = $MfaSerial`nduration_seconds = 1800"
        function script:Invoke-AwsCli([string] $ProfileName, [string] $StdIn) {
            $environment = @{ HOME = $env:HOME; AWS_CONFIG_FILE = $env:AWS_CONFIG_FILE; AWS_SHARED_CREDENTIALS_FILE = $env:AWS_SHARED_CREDENTIALS_FILE; AWS_ENDPOINT_URL_STS = $Url; AWS_DEFAULT_REGION = 'us-east-1'; AWS_MAX_ATTEMPTS = '1' }
            Invoke-Tool -FilePath $AwsPath -Arguments @('--profile', $ProfileName, '--output', 'json', 'sts', 'get-caller-identity') -Environment $environment -StdIn $StdIn
        }
    }
    BeforeEach { $env:CROSSACCTAPI_AWS_CLI_CACHE = 'true' }
    AfterEach { Remove-Item env:CROSSACCTAPI_AWS_CLI_CACHE -ErrorAction SilentlyContinue }

    It 'uses the session aws --profile cached after its MFA prompt: no STS call, no prompt' {
        if (-not $AwsPath) { Set-ItResult -Skipped -Because 'the AWS CLI is not installed'; return }
        $cli = Invoke-AwsCli mfa-cli "123456`n"
        $cli.ExitCode | Should -Be 0 -Because $cli.StdErr
        ($cli.StdOut | ConvertFrom-Json).Arn | Should -BeLike '*assumed-role/MfaOperator/cli-shared'
        $before = Get-StsCount
        $c = Get-AssumedRoleCredential -ProfileName mfa-cli -NoCache
        (Get-StsCount) - $before | Should -Be 0
        $c.AssumedRoleArn | Should -BeLike '*assumed-role/MfaOperator/cli-shared'
        $file = Get-ChildItem -LiteralPath (Join-Path $env:HOME '.aws/cli/cache') -Filter *.json | Select-Object -First 1
        if (-not $IsWindows) { [IO.File]::GetUnixFileMode($file.FullName) | Should -Be ([IO.UnixFileMode] 'UserRead, UserWrite') }
    }

    It 'leaves its own session where aws --profile finds it: the AWS CLI asks for no code' {
        if (-not $AwsPath) { Set-ItResult -Skipped -Because 'the AWS CLI is not installed'; return }
        Get-AssumedRoleCredential -ProfileName mfa-module -TokenCode 123456 -NoCache | Out-Null
        $before = Get-StsCount
        $cli = Invoke-AwsCli mfa-module ''
        $cli.ExitCode | Should -Be 0 -Because $cli.StdErr
        $cli.StdErr | Should -Not -Match 'MFA'
        (Get-StsCount) - $before | Should -Be 0
        (Get-ChildItem -LiteralPath (Join-Path $env:HOME '.aws/cli/cache') -Filter *.json) | Should -HaveCount 2
    }
}
