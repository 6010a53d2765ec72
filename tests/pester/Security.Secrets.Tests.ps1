#Requires -Version 7.0
# Secrets never leak: every cmdlet, on its success and its failure paths, is run with -Verbose -Debug, and everything a
# runbook log could keep is searched for every secret in play, raw and base64- and URL-encoded: the long-term and
# session secret keys, the session tokens (also those replaced by refreshes), the derived SigV4 signing keys (computed
# here from the secrets with .NET's HMACSHA256, not by the module) and the request signatures (the real ones, from
# GetHeaders()/GetUri(), and those of the requests Invoke-SignedHttpApi sent, recomputed from its -Debug string to sign).
# The channels: all six streams, Out-String, Format-List * / Format-Table *, ConvertTo-Json, Export-Csv, ToString(),
# every public member by reflection, $Error, and - in a separate pwsh process run as a runbook would be, with
# $PSDefaultParameterValues forcing *:Verbose and *:Debug - its whole console output and its Start-Transcript file.
# Also: what the caches keep, where and for how long.

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath }
    $script:ModuleManifest = Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1'
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SecurityProbes.psm1') -Force
    Import-Module $ModuleManifest -Force

    $script:SavedEnvironment = Clear-AwsEnvironment -EmptyFilesIn $TestDrive
    $env:CROSSACCTAPI_CACHE_DIR = Join-Path $TestDrive 'cache'

    $script:Sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath (Join-Path $RepoRoot 'out/sandbox')
    $script:Sts = $Sandbox.StsEndpoint
    $script:Ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
    $script:Invoker = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
    $script:AuditReader = 'arn:aws:iam::111111111111:role/AuditReader'
    $script:Pwsh = if ([Environment]::ProcessPath -match 'dotnet(\.exe)?$') { @('dotnet', (Join-Path $PSHOME 'pwsh.dll')) } else { @([Environment]::ProcessPath) }

    function script:Get-StsCount { [long] (Get-CrossAcctApiSandboxStats $Sandbox).sts.total }

    # Tests only: the secret and token are internal to the module; reflection reaches them, nothing public does.
    function script:Get-SessionSecret($Credential) {
        $keys = $Credential.GetKeys([DateTimeOffset]::UtcNow)
        $flags = [Reflection.BindingFlags] 'NonPublic,Instance'
        $type = [CrossAcctApi.Core.Credentials.CredentialKeys]
        @($type.GetProperty('SecretAccessKey', $flags).GetValue($keys), $type.GetProperty('SessionToken', $flags).GetValue($keys)) | Where-Object { $_ }
    }

    function script:Get-Hmac([byte[]] $Key, [string] $Data) {
        $hmac = [System.Security.Cryptography.HMACSHA256]::new($Key)
        try { , $hmac.ComputeHash([Text.Encoding]::UTF8.GetBytes($Data)) } finally { $hmac.Dispose() }
    }

    # The SigV4 signing key, derived as AWS documents it (independently of the module's signer).
    function script:Get-SigningKey([string] $Secret, [string] $Date, [string] $Region, [string] $Service) {
        $key = Get-Hmac ([Text.Encoding]::UTF8.GetBytes("AWS4$Secret")) $Date
        foreach ($part in $Region, $Service, 'aws4_request') { $key = Get-Hmac $key $part }
        , $key
    }

    function script:ConvertTo-Hex([byte[]] $Bytes) { [Convert]::ToHexString($Bytes).ToLowerInvariant() }

    # Every "string to sign" in the text (the -Debug output prints them): AWS4-HMAC-SHA256, time, scope, hash.
    function script:Find-StringToSign([string] $Text) {
        $pattern = '(?m)^AWS4-HMAC-SHA256\n\d{8}T\d{6}Z\n(\d{8})/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request\n[0-9a-f]{64}'
        foreach ($match in [regex]::Matches(($Text -replace "`r`n", "`n"), $pattern)) {
            [pscustomobject] @{ Text = $match.Value; Date = $match.Groups[1].Value; Region = $match.Groups[2].Value; Service = $match.Groups[3].Value }
        }
    }

    function script:Get-AuthorizationSignature([string] $Authorization) { ($Authorization -split 'Signature=')[1] }

    # Text secrets in every written form (Get-SecretTextForm: as they are, URL-encoded, base64, JSON-escaped...);
    # hex signatures also upper-case and as base64 of their bytes; keys as hex and base64 of their bytes.
    function script:Get-SecretForm([string[]] $Text, [object[]] $Bytes) {
        $forms = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::Ordinal)
        $forms.UnionWith([string[]] (Get-SecretTextForm $Text))
        foreach ($secret in $Text | Where-Object { $_ -match '^[0-9a-f]{64}$' }) {
            $null = $forms.Add($secret.ToUpperInvariant()); $null = $forms.Add([Convert]::ToBase64String([Convert]::FromHexString($secret)))
        }
        foreach ($key in $Bytes) {
            $base64 = [Convert]::ToBase64String($key)
            foreach ($form in (ConvertTo-Hex $key), [Convert]::ToHexString($key), $base64, [uri]::EscapeDataString($base64)) { $null = $forms.Add($form) }
        }
        # Short strings would match by chance; every real secret form here is far longer.
        $forms | Where-Object { $_.Length -ge 16 }
    }

    # "<which form> in <which channel>" for every secret form found in any channel.
    function script:Find-Leak([System.Collections.IDictionary] $Channels, [string[]] $Forms) {
        foreach ($channel in $Channels.Keys) {
            $text = [string] $Channels[$channel]
            foreach ($form in $Forms) {
                if ($text.Contains($form)) { "a secret form starting '$($form.Substring(0, 4))' in $channel" }
            }
        }
    }

    # Public properties and fields, recursively, as any serializer or reflection-based logger would see them.
    function script:Get-PublicText($Object, [int] $Depth = 0, [System.Collections.Generic.HashSet[object]] $Seen) {
        if ($null -eq $Object -or $Depth -gt 4) { return }
        if ($null -eq $Seen) { $Seen = [System.Collections.Generic.HashSet[object]]::new([System.Collections.Generic.ReferenceEqualityComparer]::Instance) }
        if ($Object -is [psobject]) { $Object = $Object.psobject.BaseObject }
        if ($Object -is [string] -or $Object -is [ValueType] -or $Object -is [uri]) { return [string] $Object }
        if ($Object -is [System.Reflection.MemberInfo] -or $Object -is [System.Reflection.Assembly] -or $Object -is [type]) { return }
        if (-not $Seen.Add($Object)) { return }
        if ($Object -is [System.Collections.IDictionary]) {
            foreach ($key in $Object.Keys) { [string] $key; Get-PublicText $Object[$key] ($Depth + 1) $Seen }
            return
        }
        if ($Object -is [System.Collections.IEnumerable]) {
            foreach ($item in $Object) { Get-PublicText $item ($Depth + 1) $Seen }
            return
        }
        $type = $Object.GetType()
        foreach ($member in @($type.GetProperties([Reflection.BindingFlags] 'Public,Instance')) + @($type.GetFields([Reflection.BindingFlags] 'Public,Instance'))) {
            if ($member -is [Reflection.PropertyInfo] -and ($member.GetIndexParameters().Count -gt 0 -or -not $member.CanRead)) { continue }
            try { $value = $member.GetValue($Object) } catch { continue }
            Get-PublicText $value ($Depth + 1) $Seen
        }
    }
}

AfterAll {
    [CrossAcctApi.Core.Http.ClockSkewTracker]::Shared.Reset()
    if ($script:Sandbox) { Stop-CrossAcctApiSandbox $script:Sandbox }
    Restore-AwsEnvironment $script:SavedEnvironment
}

Describe 'No secret in any stream, format or error: every cmdlet, success and failure, -Verbose -Debug' {
    BeforeAll {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear
        $api = $Sandbox.ApiUrl('prod', '/items')
        $adminApi = $Sandbox.ApiUrl('prod', '/admin/report')
        $postApi = $Sandbox.ApiUrl('$default', '/items')
        $sessionSecrets = [System.Collections.Generic.List[string]]::new()
        $wrongSecret = 'WrongSecretStillASecret/0000000000000000'
        $wrongSourceSecret = 'WrongSourceSecretKeyForAccountB/0000000'
        $expiredSecret = 'ExpiredButStillSecretKey/00000000000000'
        $expiredToken = 'ExpiredSessionTokenStillSecret/000000000000000000000'
        $cacheName = 'secrets-disk-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $csvPath = Join-Path $TestDrive 'outputs.csv'
        $errorCsvPath = Join-Path $TestDrive 'errors.csv'
        $savedExport = @{}
        foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN') { $savedExport[$name] = [Environment]::GetEnvironmentVariable($name) }

        $Error.Clear()
        $DebugPreference = 'Continue'
        # -Debug makes PowerShell ask before every warning of a compiled cmdlet; these runs say to go on.
        $PSDefaultParameterValues['*:WarningAction'] = 'Continue'
        $records = & {
            # Get-AssumedRoleCredential: STS, the memory and disk caches, throttling, refusals, bad input.
            $role = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -NoCache -Verbose -Debug
            $role
            $sessionSecrets.AddRange([string[]] (Get-SessionSecret $role))
            Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $cacheName -DiskCache -Verbose -Debug
            Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $cacheName -DiskCache -Verbose -Debug
            [CrossAcctApi.Core.Sts.AssumedRoleCache]::Shared.Clear()
            Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $cacheName -DiskCache -Verbose -Debug
            $null = Set-CrossAcctApiSandboxFault $Sandbox -StsThrottleCount 1
            Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -NoCache -Verbose -Debug
            Get-AssumedRoleCredential -RoleArn $AuditReader -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -NoCache -Verbose -Debug -ErrorAction Continue
            $wrongSource = @{ AccessKeyId = $Ops.AccessKeyId; SecretAccessKey = $wrongSourceSecret }
            Get-AssumedRoleCredential -RoleArn $Invoker -Credential $wrongSource -StsEndpoint $Sts -Region us-east-1 -NoCache -Verbose -Debug -ErrorAction Continue
            Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -RoleSessionName 'not valid' -Verbose -Debug -ErrorAction Continue

            # The session as plain keys (what 'aws sts assume-role' prints), and keys that will not do.
            $keys = Get-SessionSecret $role
            $static = @{ AccessKeyId = $role.AccessKeyId; SecretAccessKey = $keys[0]; SessionToken = $keys[1] }
            $wrong = @{ AccessKeyId = $role.AccessKeyId; SecretAccessKey = $wrongSecret; SessionToken = $keys[1] }
            $expired = @{ AccessKeyId = 'ASIAEXPIRED000000001'; SecretAccessKey = $expiredSecret; SessionToken = $expiredToken; Expiration = '2020-01-01T00:00:00Z' }

            # New-SignedHttpApiRequest: header-signed, presigned, the keys parameter set; refusals that hold a secret.
            New-SignedHttpApiRequest -Uri $postApi -Method POST -Body '{"n":1}' -Credential $role -Region us-east-1 -Verbose -Debug
            New-SignedHttpApiRequest -Uri $api -Credential $role -Region us-east-1 -Presign -ExpiresIn 300 -Verbose -Debug
            New-SignedHttpApiRequest -Uri $api -AccessKeyId $static.AccessKeyId -SecretAccessKey $static.SecretAccessKey -SessionToken $static.SessionToken -Region us-east-1 -PayloadHashHeader -Verbose -Debug
            $tokenHeader = @{ 'X-Amz-Security-Token' = $static.SessionToken }
            # (A refusal of request-wide input is a terminating error: caught, and its record passed on like the others.)
            try { New-SignedHttpApiRequest -Uri $api -Credential $role -Region us-east-1 -Header $tokenHeader -Verbose -Debug } catch { $_ }
            try { New-SignedHttpApiRequest -Uri $api -Credential $expired -Region us-east-1 -Verbose -Debug -ErrorAction Continue } catch { $_ }

            # Invoke-SignedHttpApi: GET and POST, every kind of refusal, a retry, a refresh, a clock correction.
            Invoke-SignedHttpApi -Uri $api -Credential $role -Region us-east-1 -AsResponse -Verbose -Debug
            Invoke-SignedHttpApi -Uri $postApi -Method POST -Body @{ n = 1 } -Credential $role -Region us-east-1 -Verbose -Debug
            Invoke-SignedHttpApi -Uri $api -Credential $wrong -Region us-east-1 -Verbose -Debug -ErrorAction Continue
            Invoke-SignedHttpApi -Uri $api -Credential $wrong -Region us-east-1 -Verbose -Debug -AsResponse -SkipHttpErrorCheck
            Invoke-SignedHttpApi -Uri $adminApi -Credential $role -Region us-east-1 -Verbose -Debug -ErrorAction Continue
            Invoke-SignedHttpApi -Uri $api -Credential $expired -Region us-east-1 -Verbose -Debug -ErrorAction Continue
            $null = Set-CrossAcctApiSandboxFault $Sandbox -ApiErrorCount 1 -ApiErrorStatus 503 -ApiRetryAfterSeconds 0
            Invoke-SignedHttpApi -Uri $api -Credential $role -Region us-east-1 -RetryIntervalSec 0 -Verbose -Debug
            $null = Set-CrossAcctApiSandboxFault $Sandbox -ExpireSessions
            Invoke-SignedHttpApi -Uri $api -Credential $static -Region us-east-1 -Verbose -Debug -ErrorAction Continue
            Invoke-SignedHttpApi -Uri $api -Credential $role -Region us-east-1 -AsResponse -Verbose -Debug
            $sessionSecrets.AddRange([string[]] (Get-SessionSecret $role))
            $null = Set-CrossAcctApiSandboxFault $Sandbox -ClockOffsetSeconds 600
            Invoke-SignedHttpApi -Uri $api -Credential $role -Region us-east-1 -AsResponse -Verbose -Debug
            $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear
            [CrossAcctApi.Core.Http.ClockSkewTracker]::Shared.Reset()

            # Export-AssumedRoleCredential: into this process's environment (restored below), -WhatIf, a refusal.
            $role | Export-AssumedRoleCredential -PassThru -Verbose -Debug
            Export-AssumedRoleCredential -Credential $role -WhatIf -Verbose -Debug
            Export-AssumedRoleCredential -Credential $expired -Verbose -Debug -ErrorAction Continue

            # Test-CrossAccountAccess: allowed, denied by IAM, refused by STS, an unsigned probe, a bad target; -Quiet.
            $wrongSource = @{ AccessKeyId = $Ops.AccessKeyId; SecretAccessKey = $wrongSourceSecret }
            [CrossAcctApi.Core.Sts.AssumedRoleCache]::Shared.Clear()
            Test-CrossAccountAccess -RoleArn $Invoker -Uri $api, $adminApi -Stage prod -Region us-east-1 -Credential $Ops -StsEndpoint $Sts -Verbose -Debug
            Test-CrossAccountAccess -RoleArn $AuditReader -Uri $api -Stage prod -Region us-east-1 -Credential $Ops -StsEndpoint $Sts -Verbose -Debug
            Test-CrossAccountAccess -RoleArn $AuditReader -ExternalId 'audit-2026' -Uri $api -Stage prod -Region us-east-1 -Credential $Ops -StsEndpoint $Sts -Verbose -Debug
            Test-CrossAccountAccess -RoleArn $Invoker -Uri $api -Stage prod -Region us-east-1 -Credential $wrongSource -StsEndpoint $Sts -Verbose -Debug
            Test-CrossAccountAccess -Uri $api -Probe Unsigned -Region us-east-1 -Verbose -Debug
            Test-CrossAccountAccess -RoleArn 'not-an-arn' -Uri $api -Region us-east-1 -Credential $Ops -StsEndpoint $Sts -Verbose -Debug -ErrorAction Continue
            Test-CrossAccountAccess -RoleArn $Invoker -Uri $api -Stage prod -Region us-east-1 -Credential $role -StsEndpoint $Sts -Quiet -Verbose -Debug

            # The policy tools handle no secret; they are run so that none can start to.
            $policy = New-CrossAccountPolicy -ApiAccountId 111111111111 -CallerAccountId 222222222222 -ApiId a1b2c3d4e5 -Region us-east-1 -Route 'GET /items/*' -Verbose -Debug
            $policy
            $policy | Test-ExecuteApiPolicy -Uri 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/items/42' -Verbose -Debug
            Test-ExecuteApiPolicy -PolicyDocument '{"Version":' -Arn 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items' -Verbose -Debug -ErrorAction Continue
            Get-ExecuteApiArn -Uri $api -ApiId a1b2c3d4e5 -Region us-east-1 -Stage prod -AccountId 111111111111 -Verbose -Debug
            Get-ExecuteApiArn -Uri 'ftp://example.com/' -Verbose -Debug -ErrorAction Continue
        } *>&1
        $DebugPreference = 'SilentlyContinue'
        $PSDefaultParameterValues.Remove('*:WarningAction')
        foreach ($name in $savedExport.Keys) {
            if ($null -eq $savedExport[$name]) { Remove-Item "env:$name" -ErrorAction SilentlyContinue } else { [Environment]::SetEnvironmentVariable($name, $savedExport[$name]) }
        }
        $errors = @($Error)

        $outputs = @($records | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] -and $_ -isnot [System.Management.Automation.InformationalRecord] -and $_ -isnot [System.Management.Automation.InformationRecord] })
        $messages = @($records | Where-Object { $_ -is [System.Management.Automation.InformationalRecord] } | ForEach-Object Message) +
            @($records | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$($_.MessageData)" })
        $signedRequests = @($outputs | Where-Object { $_ -is [CrossAcctApi.SignedHttpApiRequest] })

        $outputs | Export-Csv -Path $csvPath -NoTypeInformation -Force
        $errors | Export-Csv -Path $errorCsvPath -NoTypeInformation -Force
        $channels = [ordered] @{
            'the streams as displayed (Out-String)'       = $records | Out-String -Width 4096
            'verbose, debug, warning and information'     = $messages -join "`n"
            'outputs: Format-List * -Force'               = $outputs | Format-List * -Force | Out-String -Width 4096
            'outputs: Format-Table * -Force'              = $outputs | Format-Table * -Force | Out-String -Width 8192
            'outputs: ConvertTo-Json -Depth 10'           = $outputs | ConvertTo-Json -Depth 10 -WarningAction SilentlyContinue
            'outputs: Export-Csv'                         = Get-Content -Raw $csvPath
            'outputs: ToString()'                         = ($outputs | ForEach-Object { "$_" }) -join "`n"
            'outputs: public members (reflection)'        = (Get-PublicText $outputs) -join "`n"
            '$Error: Out-String'                          = $errors | Out-String -Width 4096
            '$Error: Format-List * -Force'                = $errors | Format-List * -Force | Out-String -Width 4096
            '$Error: exceptions, Format-List * -Force'    = $errors | ForEach-Object { $_.Exception | Format-List * -Force | Out-String -Width 4096 }
            '$Error: ConvertTo-Json -Depth 4'             = $errors | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue
            '$Error: diagnoses, ConvertTo-Json -Depth 10' = $errors | ForEach-Object { $_.Exception.PSObject.Properties['Diagnosis'].Value } | ConvertTo-Json -Depth 10 -WarningAction SilentlyContinue
            '$Error: ErrorDetails and targets'            = ($errors | ForEach-Object { $_.ErrorDetails.Message; $_.ErrorDetails.RecommendedAction; "$($_.TargetObject)" }) -join "`n"
            '$Error: Export-Csv'                          = Get-Content -Raw $errorCsvPath
            '$Error: public members of the exceptions'    = (Get-PublicText @($errors | ForEach-Object Exception)) -join "`n"
        }

        # The signatures: the real ones of the signed requests, and those of every request sent, recomputed from the
        # string to sign -Debug showed and each secret in play (a wrong guess gives a harmless random value).
        $allSecrets = @($sessionSecrets) + $Ops.SecretAccessKey + $wrongSecret + $wrongSourceSecret + $expiredSecret + $expiredToken
        $signatures = [System.Collections.Generic.List[string]]::new()
        foreach ($request in $signedRequests) {
            if ($request.IsPresigned) { $signatures.Add(([regex]::Match($request.GetUri().Query, 'X-Amz-Signature=([0-9a-f]{64})')).Groups[1].Value) }
            else { $signatures.Add((Get-AuthorizationSignature $request.GetHeaders()['Authorization'])) }
        }
        $stringsToSign = @(Find-StringToSign ($messages -join "`n"))
        $signingKeys = [System.Collections.Generic.List[object]]::new()
        $today = [DateTime]::UtcNow.ToString('yyyyMMdd')
        $scopes = @($stringsToSign | ForEach-Object { "$($_.Date)/$($_.Region)/$($_.Service)" }) + "$today/us-east-1/sts" + "$today/us-east-1/execute-api" | Sort-Object -Unique
        foreach ($secret in $allSecrets) {
            foreach ($scope in $scopes) {
                $date, $region, $service = $scope -split '/'
                $signingKeys.Add((Get-SigningKey $secret $date $region $service))
            }
            foreach ($sts in $stringsToSign) {
                $signatures.Add((ConvertTo-Hex (Get-Hmac (Get-SigningKey $secret $sts.Date $sts.Region $sts.Service) $sts.Text)))
            }
        }
        $forms = @(Get-SecretForm -Text (@($allSecrets) + @($signatures)) -Bytes $signingKeys)
    }

    It 'ran the paths that hold secrets: sessions, refresh, signing, refusals, retries, redaction' {
        $sessionSecrets.Count | Should -Be 4 -Because 'two sessions (the first, and the one a refresh replaced it with), each a secret and a token'
        $sessionSecrets[0] | Should -Not -Be $sessionSecrets[2]
        $signedRequests.Count | Should -Be 3
        $stringsToSign.Count | Should -BeGreaterOrEqual 12
        $text = $channels.Values -join "`n"
        foreach ($evidence in 'Canonical request \(session token redacted\)', 'SignatureMismatch', 'NotAuthorized', 'ExpiredToken', 'AssumeRoleAccessDenied',
            'SourceCredentialRejected', 'ExpiredCredential', 'ReservedHeader', 'Retrying after 503', 'Reusing the cached session', 'disk cache',
            'after 1 retries', 'x-amz-security-token:\(redacted\)', 'X-Amz-Security-Token=\(redacted\)', 'InvalidPolicyDocument',
            'PASS', 'FAIL', 'MissingAuthenticationToken', 'ExternalIdRequired') {
            $text | Should -Match $evidence
        }
    }

    It 'recomputes the real signatures from the secret, so the ones it searches for are the ones that were sent' {
        # The header-signed requests' own Authorization must equal what the independent derivation gives.
        foreach ($request in $signedRequests | Where-Object { -not $_.IsPresigned }) {
            $scope = $request.CredentialScope -split '/'
            $expected = foreach ($secret in $sessionSecrets) { ConvertTo-Hex (Get-Hmac (Get-SigningKey $secret $scope[0] $scope[1] $scope[2]) $request.StringToSign) }
            $expected | Should -Contain (Get-AuthorizationSignature $request.GetHeaders()['Authorization'])
        }
        $forms.Count | Should -BeGreaterThan 100
    }

    It 'would notice any of them: each kind of form is found when it is there' {
        $signature = $signatures[0]
        $key = $signingKeys[0]
        foreach ($planted in $sessionSecrets[0], [uri]::EscapeDataString($sessionSecrets[1]), [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($sessionSecrets[0])),
            $signature.ToUpperInvariant(), [Convert]::ToBase64String([Convert]::FromHexString($signature)), (ConvertTo-Hex $key), [uri]::EscapeDataString([Convert]::ToBase64String($key))) {
            @(Find-Leak ([ordered] @{ planted = "before $planted after" }) $forms) | Should -Not -BeNullOrEmpty
        }
    }

    It 'leaves no secret key, session token, signing key or signature in <_>' -ForEach @(
        'the streams as displayed (Out-String)', 'verbose, debug, warning and information', 'outputs: Format-List * -Force', 'outputs: Format-Table * -Force',
        'outputs: ConvertTo-Json -Depth 10', 'outputs: Export-Csv', 'outputs: ToString()', 'outputs: public members (reflection)', '$Error: Out-String',
        '$Error: Format-List * -Force', '$Error: exceptions, Format-List * -Force', '$Error: ConvertTo-Json -Depth 4', '$Error: diagnoses, ConvertTo-Json -Depth 10',
        '$Error: ErrorDetails and targets', '$Error: Export-Csv', '$Error: public members of the exceptions'
    ) {
        $channels[$_] | Should -Not -BeNullOrEmpty -Because 'the channel must hold text to search'
        $leaks = @(Find-Leak ([ordered] @{ $_ = $channels[$_] }) $forms)
        $leaks | Should -BeNullOrEmpty
    }
}

Describe 'A runbook log: a separate pwsh with $PSDefaultParameterValues forcing *:Verbose and *:Debug, and Start-Transcript' {
    BeforeAll {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear
        $work = Join-Path $TestDrive 'runbook'
        $null = New-Item -ItemType Directory -Path $work
        $transcript = Join-Path $work 'transcript.txt'
        $secretsFile = Join-Path $work 'secrets.txt'
        $runbook = Join-Path $work 'runbook.ps1'
        Set-Content -Path $runbook -Value @'
param($Module, $Sts, $Api, $Transcript, $SecretsFile)
$ErrorActionPreference = 'Continue'
# -Debug makes PowerShell ask before every warning of a compiled cmdlet (Inquire); a runbook says to go on.
$PSDefaultParameterValues = @{ '*:Verbose' = $true; '*:Debug' = $true; '*:WarningAction' = 'Continue' }
$DebugPreference = 'Continue'
$VerbosePreference = 'Continue'
$InformationPreference = 'Continue'
Import-Module $Module
Start-Transcript -Path $Transcript | Out-Null
$ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
$role = Get-AssumedRoleCredential -RoleArn 'arn:aws:iam::111111111111:role/CrossAccountInvoker' -Credential $ops -StsEndpoint $Sts -Region us-east-1 -NoCache
$role
$role | Format-List *
Get-AssumedRoleCredential -RoleArn 'arn:aws:iam::111111111111:role/AuditReader' -Credential $ops -StsEndpoint $Sts -Region us-east-1 -NoCache
$keys = $role.GetKeys([DateTimeOffset]::UtcNow)
$flags = [Reflection.BindingFlags] 'NonPublic,Instance'
$secret = $keys.GetType().GetProperty('SecretAccessKey', $flags).GetValue($keys)
$token = $keys.GetType().GetProperty('SessionToken', $flags).GetValue($keys)
$wrong = @{ AccessKeyId = $role.AccessKeyId; SecretAccessKey = 'RunbookWrongSecret/0000000000000000000000'; SessionToken = $token }
$signed = New-SignedHttpApiRequest -Uri $Api -Credential $role -Region us-east-1
$signed
$signed | Format-List *
New-SignedHttpApiRequest -Uri $Api -Credential $role -Region us-east-1 -Presign | Format-List *
Invoke-SignedHttpApi -Uri $Api -Credential $role -Region us-east-1 -AsResponse | Format-List *
Invoke-SignedHttpApi -Uri $Api -Credential $wrong -Region us-east-1
Test-CrossAccountAccess -RoleArn 'arn:aws:iam::111111111111:role/CrossAccountInvoker' -Uri $Api -Stage prod -Region us-east-1 -Credential $ops -StsEndpoint $Sts | Format-List *
Test-CrossAccountAccess -RoleArn 'arn:aws:iam::111111111111:role/CrossAccountInvoker' -Uri $Api -Stage prod -Region us-east-1 -Credential $wrong -StsEndpoint $Sts | Format-List *
$role | Export-AssumedRoleCredential -PassThru | ConvertTo-Json
Export-AssumedRoleCredential -Credential @{ AccessKeyId = 'ASIAEXPIRED000000001'; SecretAccessKey = $secret; SessionToken = $token; Expiration = '2020-01-01T00:00:00Z' }
$Error | Format-List * -Force
Stop-Transcript | Out-Null
# For the test only (the file is not searched): the secrets this process saw, and the real signatures.
Set-Content -Path $SecretsFile -Value @($secret, $token, ($signed.GetHeaders()['Authorization'] -split 'Signature=')[1])
'@
        $arguments = @($Pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $runbook, '-Module', $ModuleManifest, '-Sts', $Sts,
            '-Api', $Sandbox.ApiUrl('prod', '/items'), '-Transcript', $transcript, '-SecretsFile', $secretsFile)
        $log = (& $Pwsh[0] @arguments 2>&1 | Out-String -Width 4096)
        $exitCode = $LASTEXITCODE
        $seen = if (Test-Path $secretsFile) { @(Get-Content $secretsFile) } else { @() }
        $today = [DateTime]::UtcNow.ToString('yyyyMMdd')
        $keys = foreach ($secret in $seen[0], $Ops.SecretAccessKey) { Get-SigningKey $secret $today 'us-east-1' 'execute-api'; Get-SigningKey $secret $today 'us-east-1' 'sts' }
        $runbookSecrets = @($seen) + $Ops.SecretAccessKey + 'RunbookWrongSecret/0000000000000000000000'
        $forms = @(Get-SecretForm -Text $runbookSecrets -Bytes @($keys))
    }

    It 'ran, with verbose and debug output forced on by $PSDefaultParameterValues' {
        $exitCode | Should -Be 0 -Because $log
        $seen.Count | Should -Be 3
        $log | Should -Match 'VERBOSE: Assuming'
        $log | Should -Match 'DEBUG: Canonical request'
        $log | Should -Match 'SignatureMismatch'
        $log | Should -Match 'AssumeRoleAccessDenied'
        (Get-Content -Raw $transcript) | Should -Match 'DEBUG: Canonical request'
    }

    It 'leaves no secret in the console output, the transcript or $Error' {
        $leaks = @(Find-Leak ([ordered] @{ 'the console output' = $log; 'the transcript' = Get-Content -Raw $transcript }) $forms)
        $leaks | Should -BeNullOrEmpty
    }
}

Describe 'credential_process output goes to standard output and nowhere else' {
    It 'writes the Version 1 JSON to the process''s standard output, not to the pipeline, the transcript or $Error' {
        $work = Join-Path $TestDrive 'credential-process'
        $null = New-Item -ItemType Directory -Path $work
        $transcript = Join-Path $work 'transcript.txt'
        $secret = 'CredentialProcessSecret/' + [guid]::NewGuid().ToString('N')
        $script = "Import-Module '$ModuleManifest'; Start-Transcript -Path '$transcript' | Out-Null; " +
            "`$c = @{ AccessKeyId = 'AKIACREDPROCESS00001'; SecretAccessKey = `$env:CP_SECRET }; " +
            "`$out = Export-AssumedRoleCredential -Credential `$c -Format CredentialProcess -Verbose; " +
            "Write-Host ('pipeline items: ' + @(`$out).Count); `$Error | Format-List * -Force; Stop-Transcript | Out-Null"
        $env:CP_SECRET = $secret
        try { $stdout = & $Pwsh[0] @($Pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script 2>&1 | Out-String }
        finally { Remove-Item env:CP_SECRET }

        $json = ($stdout -split "`n" | Where-Object { $_ -match '^\{"Version":1' }).Trim() | ConvertFrom-Json
        $json.SecretAccessKey | Should -BeExactly $secret
        $stdout | Should -Match 'pipeline items: 0'
        (Get-Content -Raw $transcript).Contains($secret) | Should -BeFalse
        ([regex]::Matches($stdout, [regex]::Escape($secret))).Count | Should -Be 1 -Because 'the JSON line is the only place the secret is written'
    }
}

Describe 'Caches: secrets kept in few places, for a short time, owner-only on disk' {
    BeforeEach {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear
        [CrossAcctApi.Core.Sts.AssumedRoleCache]::Shared.Clear()
        $env:CROSSACCTAPI_CACHE_DIR = Join-Path $TestDrive ('cache-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $name = 'cache-' + [guid]::NewGuid().ToString('N').Substring(0, 12)
    }

    It 'forgets the keys a refresh replaced: nothing reachable from the credential still holds them' {
        $credential = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name
        $old = Get-SessionSecret $credential
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ExpireSessions
        $null = Invoke-SignedHttpApi -Uri $Sandbox.ApiUrl('prod', '/items') -Credential $credential -Region us-east-1
        $new = Get-SessionSecret $credential
        $new[0] | Should -Not -Be $old[0] -Because 'the refused session was renewed'

        # Every string reachable through fields, private ones included (the memory cache and the refresher among them).
        $strings = [System.Collections.Generic.HashSet[string]]::new()
        $seen = [System.Collections.Generic.HashSet[object]]::new([System.Collections.Generic.ReferenceEqualityComparer]::Instance)
        $queue = [System.Collections.Generic.Queue[object]]::new()
        $queue.Enqueue($credential)
        $flags = [Reflection.BindingFlags] 'Public,NonPublic,Instance'
        while ($queue.Count -gt 0 -and $seen.Count -lt 50000) {
            $item = $queue.Dequeue()
            if ($null -eq $item -or -not $seen.Add($item)) { continue }
            if ($item -is [string]) { $null = $strings.Add($item); continue }
            $type = $item.GetType()
            if ($type.IsPrimitive -or $type.IsEnum -or $item -is [System.Reflection.MemberInfo] -or $item -is [System.Reflection.Assembly] -or $item -is [System.Threading.WaitHandle]) { continue }
            if ($item -is [System.Collections.IEnumerable] -and $item -isnot [System.Collections.IDictionary]) { foreach ($element in $item) { $queue.Enqueue($element) }; continue }
            if ($item -is [System.Collections.IDictionary]) { foreach ($entry in $item.GetEnumerator()) { $queue.Enqueue($entry.Key); $queue.Enqueue($entry.Value) }; continue }
            for ($t = $type; $null -ne $t -and $t -ne [object]; $t = $t.BaseType) {
                foreach ($field in $t.GetFields($flags)) { try { $queue.Enqueue($field.GetValue($item)) } catch { } }
            }
        }

        $strings.Contains($new[0]) | Should -BeTrue -Because 'the walk reaches the keys in use (so it can see any others)'
        $strings.Contains($old[0]) | Should -BeFalse -Because 'the replaced secret key is dropped'
        $strings.Contains($old[1]) | Should -BeFalse -Because 'the replaced session token is dropped'
    }

    It 'writes nothing to disk without -DiskCache' {
        $null = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name
        $null = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName "$name-n" -NoCache
        Test-Path $env:CROSSACCTAPI_CACHE_DIR | Should -BeFalse
    }

    It 'keeps nothing in memory with -NoCache: the next cached call asks STS again' {
        $before = Get-StsCount
        $first = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name -NoCache
        $second = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name
        $third = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name
        (Get-StsCount) - $before | Should -Be 2
        $second.AccessKeyId | Should -Not -Be $first.AccessKeyId
        $third.AccessKeyId | Should -Be $second.AccessKeyId
    }

    It 'stores only the session on disk, owner-only, under a name that says nothing, even in a folder others could read' {
        $null = New-Item -ItemType Directory -Path $env:CROSSACCTAPI_CACHE_DIR
        if (-not $IsWindows) { chmod 0755 $env:CROSSACCTAPI_CACHE_DIR }
        $credential = Get-AssumedRoleCredential -RoleArn 'arn:aws:iam::111111111111:role/AuditReader' -ExternalId 'audit-2026' -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name -DiskCache
        $files = @(Get-ChildItem -Force $env:CROSSACCTAPI_CACHE_DIR)
        $files | Should -HaveCount 1
        $files[0].Name | Should -Match '^[0-9a-f]{64}\.json$'
        $content = Get-Content -Raw $files[0].FullName
        $session = Get-SessionSecret $credential
        ($content | ConvertFrom-Json).SecretAccessKey | Should -BeExactly $session[0] -Because 'the file holds the session, so that another process can reuse it'
        foreach ($absent in $Ops.SecretAccessKey, $Ops.AccessKeyId, 'audit-2026') { $content.Contains($absent) | Should -BeFalse -Because 'the source keys and the external id are not kept' }
        if (-not $IsWindows) {
            $files[0].UnixMode | Should -Be '-rw-------'
            (Get-Item $env:CROSSACCTAPI_CACHE_DIR).UnixMode | Should -Be 'drwxr-xr-x' -Because 'a folder the user made is never chmodded behind their back'
        }
    }

    It 'creates a missing cache folder private (0700)' -Skip:$IsWindows {
        $null = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name -DiskCache
        (Get-Item $env:CROSSACCTAPI_CACHE_DIR).UnixMode | Should -Be 'drwx------'
    }

    It 'refuses a cache folder <Case>, before calling STS, and leaves it as it was' -Skip:$IsWindows -ForEach @(
        @{ Case = 'others may write to (a shared folder such as /tmp, mode 1777)'; Make = { param($Path) $null = New-Item -ItemType Directory -Path $Path; chmod 1777 $Path }; Says = 'other users may write to it' }
        @{ Case = 'that is a symbolic link'; Make = { param($Path) $target = "$Path-target"; $null = New-Item -ItemType Directory -Path $target; chmod 0700 $target; $null = New-Item -ItemType SymbolicLink -Path $Path -Target $target }; Says = 'symbolic link' }
        @{ Case = 'that is a file'; Make = { param($Path) Set-Content -LiteralPath $Path -Value 'x' }; Says = 'not a folder' }
    ) {
        & $Make $env:CROSSACCTAPI_CACHE_DIR
        $modeBefore = (Get-Item -Force $env:CROSSACCTAPI_CACHE_DIR).UnixMode
        $before = Get-StsCount
        { Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName "$name-unsafe" -DiskCache -ErrorAction Stop } |
            Should -Throw -ErrorId 'CacheDirectoryUnsafe,*' -ExpectedMessage "*$Says*"
        (Get-StsCount) - $before | Should -Be 0 -Because 'nothing is asked of STS for a session that could not be kept safely'
        (Get-Item -Force $env:CROSSACCTAPI_CACHE_DIR).UnixMode | Should -Be $modeBefore
        if ((Get-Item -Force $env:CROSSACCTAPI_CACHE_DIR).PSIsContainer) { @(Get-ChildItem -Force $env:CROSSACCTAPI_CACHE_DIR) | Should -HaveCount 0 }
    }

    It 'deletes expired sessions when it writes' -Skip:$IsWindows {
        $null = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name -DiskCache
        $stale = Join-Path $env:CROSSACCTAPI_CACHE_DIR ('{0}.json' -f ('0' * 64))
        $expired = Get-Content -Raw (Get-ChildItem $env:CROSSACCTAPI_CACHE_DIR)[0].FullName | ConvertFrom-Json
        $expired.Expiration = '2020-01-01T00:00:00Z'
        $expired | ConvertTo-Json | Set-Content -LiteralPath $stale
        chmod 0600 $stale
        $null = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName "$name-2" -DiskCache
        Test-Path -LiteralPath $stale | Should -BeFalse
        @(Get-ChildItem $env:CROSSACCTAPI_CACHE_DIR) | Should -HaveCount 2
    }

    It 'writes the cache owner-only whatever the umask' -Skip:$IsWindows {
        $script = "`$ErrorActionPreference = 'Stop'; Import-Module '$ModuleManifest'; " +
            "`$null = Get-AssumedRoleCredential -RoleArn '$Invoker' -Credential @{ AccessKeyId = `$env:CP_KEY; SecretAccessKey = `$env:CP_SECRET } -StsEndpoint '$Sts' -Region us-east-1 -RoleSessionName '$name' -DiskCache"
        $command = "umask 000 && exec $($Pwsh -join ' ') -NoProfile -NonInteractive -Command -"
        $env:CP_KEY = $Ops.AccessKeyId; $env:CP_SECRET = $Ops.SecretAccessKey
        try { $output = $script | sh -c $command 2>&1 | Out-String }
        finally { Remove-Item env:CP_KEY, env:CP_SECRET }
        $LASTEXITCODE | Should -Be 0 -Because $output

        $file = @(Get-ChildItem -Force $env:CROSSACCTAPI_CACHE_DIR -Filter *.json)
        $file | Should -HaveCount 1
        $file[0].UnixMode | Should -Be '-rw-------'
        (Get-Item $env:CROSSACCTAPI_CACHE_DIR).UnixMode | Should -Be 'drwx------'
        @(Get-ChildItem -Force $env:CROSSACCTAPI_CACHE_DIR -Filter *.tmp) | Should -HaveCount 0
    }

    It 'does not use a session about to expire, or a damaged file, and replaces it' -ForEach @(
        @{ Damage = 'about to expire'; Edit = { param($json) $json -replace '"Expiration": "[^"]+"', ('"Expiration": "' + [DateTime]::UtcNow.AddMinutes(2).ToString('yyyy-MM-ddTHH:mm:ssZ') + '"') } }
        @{ Damage = 'cut short'; Edit = { param($json) $json.Substring(0, 40) } }
    ) {
        $first = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name -DiskCache
        $file = (Get-ChildItem $env:CROSSACCTAPI_CACHE_DIR -Filter *.json)[0].FullName
        [IO.File]::WriteAllText($file, (& $Edit ([IO.File]::ReadAllText($file))))
        [CrossAcctApi.Core.Sts.AssumedRoleCache]::Shared.Clear()

        $before = Get-StsCount
        $second = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name -DiskCache
        (Get-StsCount) - $before | Should -Be 1 -Because "a session $Damage is not reused"
        $second.AccessKeyId | Should -Not -Be $first.AccessKeyId
        $second.ExpiresIn.TotalMinutes | Should -BeGreaterThan 50
        (Get-Content -Raw $file) | Should -Match ([regex]::Escape($second.AccessKeyId))
    }
}
