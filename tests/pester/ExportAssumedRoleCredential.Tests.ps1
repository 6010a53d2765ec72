# Export-AssumedRoleCredential: handing credentials to the AWS CLI and SDKs, as environment variables or as the
# credential_process JSON (Version 1), without leaking them anywhere else.
BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    $script:ModulePath = Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1'
    Import-Module $ModulePath -Force

    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("export-tests-" + [Guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Work | Out-Null
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    $script:Sandbox = Start-CrossAcctApiSandbox -SandboxPath (Join-Path $RepoRoot 'out/sandbox')
    $script:Url = $Sandbox.Url

    $script:SavedEnvironment = @{}
    foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_ENDPOINT_URL_STS', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED') {
        $SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
        # Remove-Item, not SetEnvironmentVariable($name, $null): PowerShell would pass '' and leave the name defined.
        Remove-Item "env:$name" -ErrorAction SilentlyContinue
    }
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    $env:AWS_ENDPOINT_URL_STS = $Url
    $env:AWS_CONFIG_FILE = Join-Path $Work 'config'
    $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $Work 'credentials'

    $script:Ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
    $script:Invoker = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
    $script:Pwsh = if ([Environment]::ProcessPath -match 'dotnet(\.exe)?$') { @('dotnet', (Join-Path $PSHOME 'pwsh.dll')) } else { @([Environment]::ProcessPath) }

    function script:Get-Secret($Credential) {
        $keys = $Credential.GetKeys([DateTimeOffset]::UtcNow)
        $flags = [Reflection.BindingFlags] 'NonPublic,Instance'
        [pscustomobject] @{
            Secret = [CrossAcctApi.Core.Credentials.CredentialKeys].GetProperty('SecretAccessKey', $flags).GetValue($keys)
            Token  = [CrossAcctApi.Core.Credentials.CredentialKeys].GetProperty('SessionToken', $flags).GetValue($keys)
        }
    }
    function script:Invoke-ChildPwsh([string] $Command) {
        $output = & $Pwsh[0] @($Pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $Command 2>&1
        [pscustomobject] @{ ExitCode = $LASTEXITCODE; Output = @($output | ForEach-Object { "$_" }) }
    }
}

AfterAll {
    foreach ($entry in $SavedEnvironment.GetEnumerator()) {
        if ([string]::IsNullOrEmpty($entry.Value)) { Remove-Item "env:$($entry.Key)" -ErrorAction SilentlyContinue }
        else { Set-Item "env:$($entry.Key)" -Value $entry.Value }
    }
    if ($Sandbox) { Stop-CrossAcctApiSandbox $Sandbox }
    if ($Work) { Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue }
}

Describe 'Export-AssumedRoleCredential -Format Environment' {
    AfterEach { Remove-Item env:AWS_ACCESS_KEY_ID, env:AWS_SECRET_ACCESS_KEY, env:AWS_SESSION_TOKEN -ErrorAction SilentlyContinue }

    It 'sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, and writes nothing to the pipeline' {
        $c = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -NoCache
        $out = $c | Export-AssumedRoleCredential
        $out | Should -BeNullOrEmpty
        $secret = Get-Secret $c
        $env:AWS_ACCESS_KEY_ID | Should -Be $c.AccessKeyId
        $env:AWS_SECRET_ACCESS_KEY | Should -Be $secret.Secret
        $env:AWS_SESSION_TOKEN | Should -Be $secret.Token
    }

    It 'is what the AWS SDK default chain then uses (a child process assumes the role with them)' {
        $c = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -NoCache
        $c | Export-AssumedRoleCredential
        $result = Invoke-ChildPwsh "Import-Module '$ModulePath'; `$e = `$null; Get-AssumedRoleCredential -RoleArn '$Invoker' -ErrorVariable e -ErrorAction SilentlyContinue | Out-Null; `$e[0].Exception.CallerArn"
        # The exported session is a CrossAccountInvoker session (account A), which the role does not trust: the
        # refusal names that session as the caller, which proves the child used the exported keys.
        ($result.Output -join "`n") | Should -Match 'assumed-role/CrossAccountInvoker/'
    }

    It 'clears a stale AWS_SESSION_TOKEN when exporting long-term keys' {
        $env:AWS_SESSION_TOKEN = 'stale-token-from-an-earlier-session'
        Export-AssumedRoleCredential -Credential $Ops
        $env:AWS_ACCESS_KEY_ID | Should -Be $Ops.AccessKeyId
        $env:AWS_SESSION_TOKEN | Should -BeNullOrEmpty
    }

    It 'changes nothing with -WhatIf, and -PassThru returns the credential' {
        Export-AssumedRoleCredential -Credential $Ops -WhatIf
        $env:AWS_ACCESS_KEY_ID | Should -BeNullOrEmpty
        $passed = Export-AssumedRoleCredential -Credential $Ops -PassThru
        $passed.AccessKeyId | Should -Be $Ops.AccessKeyId
    }

    It 'refuses something that is not a credential' {
        Export-AssumedRoleCredential -Credential @{ Name = 'x' } -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidCredential,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}

Describe 'Export-AssumedRoleCredential -Format CredentialProcess' {
    It 'prints the Version 1 JSON on standard output, not to the pipeline' {
        $result = Invoke-ChildPwsh "Import-Module '$ModulePath'; `$x = Get-AssumedRoleCredential -RoleArn '$Invoker' -Credential @{AccessKeyId='$($Ops.AccessKeyId)';SecretAccessKey='$($Ops.SecretAccessKey)'} | Export-AssumedRoleCredential -Format CredentialProcess; if (`$null -ne `$x) { throw 'pipeline output' }"
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        # Dates as written (ConvertFrom-Json would make a DateTime that a later Parse reads in the local time zone).
        $json = ($result.Output -join "`n") | ConvertFrom-Json -DateKind String
        $json.Version | Should -Be 1
        $json.AccessKeyId | Should -Match '^ASIA'
        $json.SecretAccessKey | Should -Not -BeNullOrEmpty
        $json.SessionToken | Should -Not -BeNullOrEmpty
        [DateTimeOffset]::Parse($json.Expiration, [cultureinfo]::InvariantCulture) | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(50))
    }

    It 'serves as the AWS SDK credential_process of a profile' {
        # The profile runs this module to print the ops-engineer keys; the module then assumes a role with that profile.
        $script = Join-Path $Work 'export-process.ps1'
        Set-Content -Path $script -Value "Import-Module '$ModulePath'; Export-AssumedRoleCredential -Credential @{ AccessKeyId = '$($Ops.AccessKeyId)'; SecretAccessKey = '$($Ops.SecretAccessKey)' } -Format CredentialProcess"
        $command = ($Pwsh | ForEach-Object { if ($_ -match '\s') { "`"$_`"" } else { $_ } }) -join ' '
        Set-Content -Path $env:AWS_CONFIG_FILE -Value "[profile frommodule]`ncredential_process = $command -NoProfile -NonInteractive -File $script"
        $c = Get-AssumedRoleCredential -RoleArn $Invoker -ProfileName frommodule -NoCache
        $c.RoleArn | Should -Be $Invoker
        $c.SourceDescription | Should -Match 'credential_process'
    }
}
