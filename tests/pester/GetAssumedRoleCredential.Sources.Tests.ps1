# Get-AssumedRoleCredential against the local two-account sandbox: where the source credentials come from (profiles,
# credential_process, role profiles, environment, AWS_PROFILE, CSV rows), which STS endpoint it calls, and retrying a
# throttled AssumeRole. The shared setup is GetAssumedRoleCredential.Fixture.ps1.
BeforeAll { . (Join-Path $PSScriptRoot 'GetAssumedRoleCredential.Fixture.ps1') }

AfterAll { Stop-GetAssumedRoleCredentialFixture }

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

