#Requires -Version 7.0
# One engine under every cmdlet: the same identity, role session, URL reading, body bytes and ErrorId whichever cmdlet
# is asked. The reproductions of the one-engine issue (a piped AWS CLI answer ignored for the environment's identity, a
# disk cache that never hit across processes, two readings of one URL, two meanings of -Body, two error behaviours for
# one mistake) fail on the code before it, against the sandbox.

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath }
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SecurityProbes.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force
    $script:Sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath (Join-Path $RepoRoot 'out/sandbox')

    $script:Ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
    $script:Invoker = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
    $script:Items = $Sandbox.ApiUrl('prod', '/items')
    $script:Pwsh = if ([Environment]::ProcessPath -match 'dotnet(\.exe)?$') { @('dotnet', (Join-Path $PSHOME 'pwsh.dll')) } else { @([Environment]::ProcessPath) }

    # What the caller's shell holds, put back after each test (a test depends on nothing of it).
    $script:Saved = Clear-AwsEnvironment

    # Account B's user in the environment, as in a CI job: the identity every test below must NOT sign as by accident.
    function script:Set-OpsEnvironment {
        $null = Clear-AwsEnvironment
        $env:AWS_ACCESS_KEY_ID = $Ops.AccessKeyId
        $env:AWS_SECRET_ACCESS_KEY = $Ops.SecretAccessKey
        $env:AWS_ENDPOINT_URL_STS = $Sandbox.StsEndpoint
        $env:AWS_REGION = 'us-east-1'
        $env:AWS_CONFIG_FILE = Join-Path $TestDrive 'no-config'
        $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $TestDrive 'no-credentials'
        $env:AWS_EC2_METADATA_DISABLED = 'true'
        # Sessions cached by an earlier test are unknown to the sandbox once it is reset.
        Clear-RoleSessionCache
    }

    function script:Get-Count([string] $Kind, [string] $Operation) {
        $stats = Get-CrossAcctApiSandboxStats $Sandbox
        if (-not $Operation) { return [long] $stats.$Kind.total }
        $value = $stats.$Kind.byOperation.$Operation
        if ($null -eq $value) { 0 } else { [long] $value }
    }

    # What 'aws sts assume-role' prints, as the AWS CLI would print it (got from the sandbox with the AWS CLI's shape).
    function script:Get-AssumeRoleJson([string] $SessionName) {
        $c = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -RoleSessionName $SessionName -NoCache
        $keys = $c.GetKeys([DateTimeOffset]::UtcNow)
        $flags = [Reflection.BindingFlags] 'NonPublic,Instance'
        [ordered] @{
            Credentials     = [ordered] @{
                AccessKeyId     = $keys.AccessKeyId
                SecretAccessKey = $keys.GetType().GetProperty('SecretAccessKey', $flags).GetValue($keys)
                SessionToken    = $keys.GetType().GetProperty('SessionToken', $flags).GetValue($keys)
                Expiration      = $c.Expiration.ToString('yyyy-MM-ddTHH:mm:ss+00:00')
            }
            AssumedRoleUser = [ordered] @{ AssumedRoleId = $c.AssumedRoleId; Arn = $c.AssumedRoleArn }
        } | ConvertTo-Json -Depth 5
    }

    $script:AwsCli = (Get-Command -Name aws -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
}

AfterAll {
    Restore-AwsEnvironment $Saved
    if ($script:Sandbox) { Stop-CrossAcctApiSandbox $script:Sandbox }
}

Describe 'The identity the user chose, never the environment''s' {
    BeforeEach { Set-OpsEnvironment; Reset-CrossAcctApiSandbox $Sandbox }
    AfterEach { Restore-AwsEnvironment $Saved }

    It 'signs as the role the AWS CLI assumed when its answer is piped in line by line, with the user''s keys in the environment' {
        if (-not $AwsCli) { Set-ItResult -Skipped -Because 'the AWS CLI (aws) is not installed; apt-get install -y awscli'; return }
        $before = Get-Count api
        $stderr = Join-Path $TestDrive 'aws.stderr'
        $answer = & $AwsCli sts assume-role --role-arn $Invoker --role-session-name piped-cli --endpoint-url $Sandbox.Url --region us-east-1 --output json 2>$stderr |
            Invoke-SignedHttpApi -Uri $Items
        $LASTEXITCODE | Should -Be 0 -Because (Get-Content -Raw $stderr)
        $answer.caller | Should -BeLike 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/piped-cli'
        (Get-Count api) - $before | Should -Be 1 -Because 'a multi-line JSON answer is one credential, not one call per line'
    }

    It 'reads the same JSON <Form> in every cmdlet that signs' -ForEach @(
        @{ Form = 'piped as lines'; Give = { param($json) $json -split "`n" } }
        @{ Form = 'piped as one string'; Give = { param($json) $json } }
        @{ Form = 'piped after ConvertFrom-Json'; Give = { param($json) $json | ConvertFrom-Json } }
        @{ Form = 'its .Credentials piped'; Give = { param($json) ($json | ConvertFrom-Json).Credentials } }
    ) {
        $json = Get-AssumeRoleJson ('form-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $sessionKey = ($json | ConvertFrom-Json).Credentials.AccessKeyId

        (& $Give $json | Invoke-SignedHttpApi -Uri $Items).caller | Should -BeLike 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/form-*'
        (& $Give $json | New-SignedHttpApiRequest -Uri $Items).AccessKeyId | Should -Be $sessionKey
        # No role of the seed trusts the role itself: STS refuses, and says who asked - the piped session, not the user.
        $chained = & $Give $json | Get-AssumedRoleCredential -RoleArn $Invoker -NoCache -Verbose -ErrorVariable refused -ErrorAction SilentlyContinue 4>&1
        ($chained | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Credential:*' }).Message | Should -Match ([regex]::Escape($sessionKey))
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'AssumeRoleAccessDenied,*'
        $refused[0].Exception.Message | Should -Match 'assumed-role/CrossAccountInvoker/form-'
    }

    It 'refuses piped input that is no credential and no input for the command, instead of signing as the environment' -ForEach @(
        @{ What = 'a number'; Value = 42 }
        @{ What = 'an object with other properties'; Value = [pscustomobject] @{ Colour = 'blue' } }
        @{ What = 'text that is no JSON'; Value = 'not a credential' }
    ) {
        $before = Get-Count api
        $out = $Value | Invoke-SignedHttpApi -Uri $Items -ErrorVariable failed -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        @($failed) | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'InvalidCredential,*'
        (Get-Count api) - $before | Should -Be 0
    }

    It 'still takes CSV rows whose columns name parameters, signing with the chain''s identity' {
        $rows = @([pscustomobject] @{ Uri = $Items; Method = 'GET' })
        ($rows | Invoke-SignedHttpApi -RoleArn $Invoker -RoleSessionName csv-rows).caller | Should -Be 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/csv-rows'
        ($rows | New-SignedHttpApiRequest).AccessKeyId | Should -Be $Ops.AccessKeyId
    }

    It 'names the source that won in the verbose stream of every cmdlet, never a secret' {
        $records = @(
            Invoke-SignedHttpApi -Uri $Items -RoleArn $Invoker -Verbose 4>&1
            New-SignedHttpApiRequest -Uri $Items -Verbose 4>&1
            Get-AssumedRoleCredential -RoleArn $Invoker -NoCache -Verbose 4>&1
            Test-CrossAccountAccess -RoleArn $Invoker -Uri $Items -Verbose 4>&1
        )
        $lines = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Credential:*' } | ForEach-Object Message)
        $lines | Should -HaveCount 4
        $lines | Should -Match ('environment variables \(' + $Ops.AccessKeyId + '\)')
        ($records | Out-String) | Should -Not -Match ([regex]::Escape($Ops.SecretAccessKey))
    }
}

Describe 'One role-session provider' {
    BeforeEach { Set-OpsEnvironment; Reset-CrossAcctApiSandbox $Sandbox; Clear-RoleSessionCache; $env:CROSSACCTAPI_CACHE_DIR = Join-Path $TestDrive ('cache-' + [guid]::NewGuid().ToString('N')) }
    AfterEach { Restore-AwsEnvironment $Saved }

    It 'makes one AssumeRole between two processes with -DiskCache and no session name (<Where>)' -ForEach @(
        @{ Where = 'CROSSACCTAPI_CACHE_DIR'; SharedHome = $false }
        @{ Where = 'the default ~/.crossacctapi/cache of a shared HOME'; SharedHome = $true }
    ) {
        # Two child processes of this PowerShell ('dotnet <PSHOME>/pwsh.dll' where it is the dotnet tool, which works
        # under any HOME), sharing only the cache folder: the second must find the first one's session on disk.
        $environment = @{}
        if ($SharedHome) {
            $environment.HOME = Join-Path $TestDrive ('home-' + [guid]::NewGuid().ToString('N'))
            New-Item -ItemType Directory -Path $environment.HOME | Out-Null
            Remove-Item env:CROSSACCTAPI_CACHE_DIR
        }
        $before = Get-Count sts AssumeRole
        $script = "`$ErrorActionPreference='Stop'; Import-Module '$RepoRoot/out/CrossAcctApi/CrossAcctApi.psd1'; (Get-AssumedRoleCredential -RoleArn '$Invoker' -DiskCache).AssumedRoleArn"
        $outputs = foreach ($process in 1..2) {
            $info = [Diagnostics.ProcessStartInfo]::new($Pwsh[0])
            foreach ($a in @($Pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $script)) { $info.ArgumentList.Add($a) }
            foreach ($name in $environment.Keys) { $info.Environment[$name] = $environment[$name] }
            $info.RedirectStandardOutput = $true
            $info.RedirectStandardError = $true
            $child = [Diagnostics.Process]::Start($info)
            $stdout = $child.StandardOutput.ReadToEndAsync()
            $stderr = $child.StandardError.ReadToEnd()
            $child.WaitForExit()
            $child.ExitCode | Should -Be 0 -Because $stderr
            ($stdout.Result -split '\r?\n' | Where-Object { $_ }) | Select-Object -Last 1
        }

        (Get-Count sts AssumeRole) - $before | Should -Be 1
        $outputs[1] | Should -Be $outputs[0] -Because 'the second process reuses the session, default name and all'
        $outputs[0] | Should -BeLike 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/*'
        if ($SharedHome) { @(Get-ChildItem (Join-Path $environment.HOME '.crossacctapi/cache') -File) | Should -Not -BeNullOrEmpty }
    }

    It 'serves the README''s credential_process recipe three times with one AssumeRole' {
        $before = Get-Count sts AssumeRole
        $recipe = "Import-Module '$RepoRoot/out/CrossAcctApi/CrossAcctApi.psd1'; Get-AssumedRoleCredential -RoleArn '$Invoker' -DiskCache | Export-AssumedRoleCredential -Format CredentialProcess"
        $keys = foreach ($run in 1..3) {
            $out = & $Pwsh[0] @($Pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $recipe
            $LASTEXITCODE | Should -Be 0
            ($out | ConvertFrom-Json).AccessKeyId
        }
        (Get-Count sts AssumeRole) - $before | Should -Be 1
        @($keys | Select-Object -Unique) | Should -HaveCount 1
    }

    It 'shares one session between Get-AssumedRoleCredential, Invoke-SignedHttpApi -RoleArn and Test-CrossAccountAccess' {
        $before = Get-Count sts AssumeRole
        $session = (Get-AssumedRoleCredential -RoleArn $Invoker).AssumedRoleArn
        (Invoke-SignedHttpApi -Uri $Items -RoleArn $Invoker).caller | Should -Be $session
        (Test-CrossAccountAccess -RoleArn $Invoker -Uri $Items).CallerArn | Should -Be $session
        (Get-Count sts AssumeRole) - $before | Should -Be 1
    }
}

Describe 'One reading of a URL' {
    BeforeEach { Set-OpsEnvironment; Reset-CrossAcctApiSandbox $Sandbox }
    AfterEach { Restore-AwsEnvironment $Saved }

    It 'never reads an execute-api URL''s first segment silently as part of a $default path' {
        $arn = Get-ExecuteApiArn -Uri 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items/42' -WarningVariable warned -WarningAction SilentlyContinue
        $arn.Arn | Should -Be 'arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/$default/GET/prod/items/42'
        $arn.StageSource | Should -Be 'AssumedDefault'
        $arn.StageReading | Should -Match "If 'prod' is a stage of the API, give -Stage prod"
        @($warned) | Should -HaveCount 1
        "$($warned[0])" | Should -Be $arn.StageReading
    }

    It 'gives the same ARN, region and stage reading in every cmdlet for <Name>' -ForEach @(
        @{ Name = 'no stage given (an answer names no ARN)'; Path = '/items'; Stage = $null; Expect = 'Allowed'; Arn = 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/prod/items' }
        @{ Name = 'a stage given (a 403 that names the ARN agrees)'; Path = '/admin/report'; Stage = 'prod'; Expect = 'Denied'; Arn = 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/admin/report' }
    ) {
        $url = $Sandbox.ApiUrl('prod', $Path)
        $stageArgument = if ($Stage) { @{ Stage = $Stage } } else { @{} }
        $fromTool = Get-ExecuteApiArn -Uri $url -AccountId 111111111111 @stageArgument -WarningVariable w1 -WarningAction SilentlyContinue
        $fromCheck = Test-CrossAccountAccess -RoleArn $Invoker -Uri $url -Expect $Expect @stageArgument -WarningVariable w2 -WarningAction SilentlyContinue
        $fromCall = Invoke-SignedHttpApi -Uri $url -RoleArn $Invoker -AsResponse -SkipHttpErrorCheck @stageArgument -WarningVariable w3 -WarningAction SilentlyContinue
        $signed = New-SignedHttpApiRequest -Uri $url @stageArgument

        $fromCheck.Passed | Should -BeTrue
        $fromTool.Arn | Should -Be $Arn
        $fromCheck.InvokeArn | Should -Be $Arn
        $fromCall.InvokeArn | Should -Be $Arn
        $signed.Region | Should -Be 'us-east-1'
        if ($Stage) {
            @($w1) + @($w2) + @($w3) | Should -BeNullOrEmpty
        }
        else {
            $fromCheck.StageSource | Should -Be 'AssumedDefault'
            $fromCheck.StageReading | Should -Be $fromTool.StageReading
            $fromCall.StageReading | Should -Be $fromTool.StageReading
            # Said the same way everywhere: one warning per command, the same words.
            "$w1" | Should -Be $fromTool.StageReading
            "$w2" | Should -Be $fromTool.StageReading
            "$w3" | Should -Be $fromTool.StageReading
        }
    }
}

Describe 'The engine''s words in PowerShell' {
    BeforeEach { Set-OpsEnvironment; Reset-CrossAcctApiSandbox $Sandbox }
    AfterEach { Restore-AwsEnvironment $Saved }

    It 'names inputs as parameters in a call''s verbose lines, warnings and output' {
        $all = Invoke-SignedHttpApi -Uri $Items -Region us-east-1 -RoleArn $Invoker -AsResponse -SkipHttpErrorCheck -Verbose 4>&1 3>&1
        $verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $verbose | Should -Match 'signing for us-east-1/execute-api \(region from -Region\)'
        $texts = @($all | ForEach-Object { if ($_ -is [System.Management.Automation.InformationalRecord]) { $_.Message } else { $_.StageReading } })
        ($texts -join "`n") | Should -Not -Match '\{@' -Because 'no input marker reaches the user unrendered'
    }
}

Describe 'One meaning of -Body' {
    BeforeEach { Set-OpsEnvironment; Reset-CrossAcctApiSandbox $Sandbox }
    AfterEach { Restore-AwsEnvironment $Saved }

    It 'sends exactly the bytes New-SignedHttpApiRequest signs for <Name>' -ForEach @(
        @{ Name = 'a hashtable'; Body = [ordered] @{ name = 'widget'; count = 3; tags = @('a', 'b') } }
        @{ Name = 'a PSCustomObject'; Body = [pscustomobject] @{ name = 'gadget'; ok = $true; when = [datetime]::new(2026, 1, 2, 3, 4, 5, [DateTimeKind]::Utc) } }
        @{ Name = 'an array'; Body = @(1, 'two', $null) }
        @{ Name = 'JSON text'; Body = '{"name":"text"}' }
        @{ Name = 'bytes'; Body = [byte[]] (1, 2, 3, 250) }
    ) {
        $url = $Sandbox.ApiUrl('prod', '/items')
        $signed = New-SignedHttpApiRequest -Uri $url -Method POST -Body $Body
        $debug = Invoke-SignedHttpApi -Uri $url -Method POST -Body $Body -SkipHttpErrorCheck -Debug -WarningAction SilentlyContinue 5>&1 4>$null
        $sent = ($debug | Where-Object { $_ -is [System.Management.Automation.DebugRecord] -and $_.Message -like 'Canonical request*' } | Select-Object -First 1).Message

        # The canonical request's last line is the SHA-256 of the body: the same bytes, signed and sent.
        $sentCanonical = ($sent -split "`nString to sign:")[0]
        ($sentCanonical -split "`n")[-1] | Should -Be (($signed.CanonicalRequest -split "`n")[-1])
        $signed.GetBody() | Should -Not -BeNullOrEmpty
    }

    It 'refuses what is not data the same way in both: <Name>' -ForEach @(
        @{ Name = 'a script block'; Body = { 'code' } }
        @{ Name = 'a file object'; Body = (Get-Item $PSCommandPath) }
    ) {
        foreach ($cmdlet in 'Invoke-SignedHttpApi', 'New-SignedHttpApiRequest') {
            $before = (Get-Count api) + (Get-Count sts)
            & $cmdlet -Uri $Items -Method POST -Body $Body -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            @($failed) | Should -HaveCount 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'InvalidBody,*'
            (Get-Count api) + (Get-Count sts) - $before | Should -Be 0
        }
    }
}

Describe 'One error behaviour for one mistake' {
    BeforeEach { Set-OpsEnvironment; Reset-CrossAcctApiSandbox $Sandbox }
    AfterEach { Restore-AwsEnvironment $Saved }

    It 'reports a -Credential that cannot be read as the module''s InvalidCredential error, which -ErrorAction and -ErrorVariable govern, in <Cmdlet>' -ForEach @(
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Arguments = @{ Uri = 'x' } }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Arguments = @{ Uri = 'x' } }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Arguments = @{ RoleArn = 'arn:aws:iam::111111111111:role/CrossAccountInvoker' } }
        @{ Cmdlet = 'Test-CrossAccountAccess'; Arguments = @{ RoleArn = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'; Uri = 'x' } }
        @{ Cmdlet = 'Export-AssumedRoleCredential'; Arguments = @{} }
    ) {
        if ($Arguments.ContainsKey('Uri')) { $Arguments.Uri = $Items }
        $before = (Get-Count api) + (Get-Count sts)
        { & $Cmdlet @Arguments -Credential @{ AccessKeyId = 'AKIANOSECRET00000001' } -ErrorVariable failed -ErrorAction SilentlyContinue } | Should -Not -Throw
        & $Cmdlet @Arguments -Credential @{ AccessKeyId = 'AKIANOSECRET00000001' } -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        @($failed) | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'InvalidCredential,*'
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        (Get-Count api) + (Get-Count sts) - $before | Should -Be 0
    }

    It 'keeps no readable secret of a hashtable -Credential in the records the cmdlet writes' {
        $secret = 'HashtableSecretThatMustNotLeak/000000000'
        $records = Get-AssumedRoleCredential -RoleArn 'not-an-arn' -Credential @{ AccessKeyId = 'AKIAHASHTABLE0000001'; SecretAccessKey = $secret } -Verbose -ErrorVariable failed -ErrorAction SilentlyContinue 4>&1
        @($failed) | Should -HaveCount 1
        ($failed[0] | ConvertTo-Json -Depth 6 -WarningAction SilentlyContinue) + ($records | ConvertTo-Json -Depth 6 -WarningAction SilentlyContinue) | Should -Not -Match ([regex]::Escape($secret))
    }
}
