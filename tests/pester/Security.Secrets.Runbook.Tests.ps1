#Requires -Version 7.0
# Secrets never leak from a separate pwsh process run as a runbook would be, with $PSDefaultParameterValues forcing
# *:Verbose and *:Debug (its whole console output and its Start-Transcript file are searched for every secret form),
# nor from credential_process output, which goes to standard output and nowhere else. The shared setup is
# Security.Secrets.Fixture.ps1.

BeforeAll { . (Join-Path $PSScriptRoot 'Security.Secrets.Fixture.ps1') }

AfterAll { Stop-SecuritySecretsFixture }

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
