# Get-AssumedRoleCredential against the local two-account sandbox: every way account B gets into account A, the
# diagnoses of refusals, role chaining, bad input and secrets. Source credentials, endpoints and throttling:
# GetAssumedRoleCredential.Sources.Tests.ps1; the caches and refresh: GetAssumedRoleCredential.Cache.Tests.ps1.
# The shared setup is GetAssumedRoleCredential.Fixture.ps1.
BeforeAll { . (Join-Path $PSScriptRoot 'GetAssumedRoleCredential.Fixture.ps1') }

AfterAll { Stop-GetAssumedRoleCredentialFixture }

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
