#Requires -Version 7.0
# Secrets never leak: every cmdlet, on its success and its failure paths, is run with -Verbose -Debug, and everything a
# runbook log could keep is searched for every secret in play, raw and base64- and URL-encoded: the long-term and
# session secret keys, the session tokens (also those replaced by refreshes), the derived SigV4 signing keys (computed
# here from the secrets with .NET's HMACSHA256, not by the module) and the request signatures (the real ones, from
# GetHeaders()/GetUri(), and those of the requests Invoke-SignedHttpApi sent, recomputed from its -Debug string to sign).
# The channels: all six streams, Out-String, Format-List * / Format-Table *, ConvertTo-Json, Export-Csv, ToString(),
# every public member by reflection, $Error, and - in a separate pwsh process run as a runbook would be, with
# $PSDefaultParameterValues forcing *:Verbose and *:Debug - its whole console output and its Start-Transcript file.
# The runbook log and credential_process: Security.Secrets.Runbook.Tests.ps1; what the caches keep, where and for how
# long: Security.Secrets.Caches.Tests.ps1. The shared setup is Security.Secrets.Fixture.ps1.

BeforeAll { . (Join-Path $PSScriptRoot 'Security.Secrets.Fixture.ps1') }

AfterAll { Stop-SecuritySecretsFixture }

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
