#Requires -Version 7.0
# The cross-cmdlet agreement table of the one-engine issue: every accepted credential shape and source, every kind of
# URL and every kind of body, run through every cmdlet that accepts it. Each cmdlet must resolve the same identity (the
# access key it signs with, named in its verbose 'Credential:' line), the same invoke ARN and region, the same body
# bytes - or refuse with the same ErrorId. Engine.Tests.ps1 holds the issue's reproductions; this file the table.
# Account B's user is in the environment of every test (AKIAOUTSIDER... from account C, in fact), so that a cmdlet that
# falls through to the environment instead of reading what it was given shows up as the wrong key.

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath }
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SecurityProbes.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force
    $script:Sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath (Join-Path $RepoRoot 'out/sandbox')

    $script:Ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
    $script:Outsider = @{ AccessKeyId = 'AKIAOUTSIDER33333333'; SecretAccessKey = 'OutsiderSecretKeyForAccountC/3333333333' }
    $script:Invoker = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
    $script:Items = $Sandbox.ApiUrl('prod', '/items')

    # What the caller's shell holds, put back after each test (a test depends on nothing of it).
    $script:Saved = Clear-AwsEnvironment

    # Somebody else's keys in the environment; a profile 'ops' with account B's user in a credentials file.
    function script:Set-OutsiderEnvironment {
        $null = Clear-AwsEnvironment
        $env:AWS_ACCESS_KEY_ID = $Outsider.AccessKeyId
        $env:AWS_SECRET_ACCESS_KEY = $Outsider.SecretAccessKey
        $env:AWS_ENDPOINT_URL_STS = $Sandbox.StsEndpoint
        $env:AWS_REGION = 'us-east-1'
        $env:AWS_CONFIG_FILE = Join-Path $TestDrive 'no-config'
        $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $TestDrive 'credentials'
        Set-Content -Path $env:AWS_SHARED_CREDENTIALS_FILE -Value "[ops]`naws_access_key_id = $($Ops.AccessKeyId)`naws_secret_access_key = $($Ops.SecretAccessKey)"
        $env:AWS_EC2_METADATA_DISABLED = 'true'
        Clear-RoleSessionCache
    }

    # A role session of account B's user, and its three keys (read as the AWS CLI would print them).
    function script:Get-SessionKeys {
        $c = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -RoleSessionName agreement -NoCache
        $keys = $c.GetKeys([DateTimeOffset]::UtcNow)
        $flags = [Reflection.BindingFlags] 'NonPublic,Instance'
        [pscustomobject] @{
            Credential      = $c
            AccessKeyId     = $keys.AccessKeyId
            SecretAccessKey = $keys.GetType().GetProperty('SecretAccessKey', $flags).GetValue($keys)
            SessionToken    = $keys.GetType().GetProperty('SessionToken', $flags).GetValue($keys)
            Expiration      = $c.Expiration.ToString('yyyy-MM-ddTHH:mm:ss+00:00')
        }
    }

    # The AWS SDK's own credential objects (what AWS.Tools' Get-AWSCredential returns), from the SDK the module ships,
    # loaded into a context of their own so that no type of this session changes.
    $sdkContext = [System.Runtime.Loader.AssemblyLoadContext]::new('agreement-sdk', $true)
    $script:SdkCore = $sdkContext.LoadFromAssemblyPath((Join-Path $RepoRoot 'out/CrossAcctApi/Dependencies/AWSSDK.Core.dll'))
    function script:New-SdkCredentials([string] $TypeName, [object[]] $Arguments) {
        [Activator]::CreateInstance($SdkCore.GetType($TypeName, $true), $Arguments)
    }

    # The verbose 'Credential:' line of a command: which source won, and its access key id (never a secret).
    function script:Get-CredentialLine([object[]] $Records) {
        @($Records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Credential:*' } | ForEach-Object Message)
    }
}

AfterAll {
    Restore-AwsEnvironment $Saved
    if ($script:Sandbox) { Stop-CrossAcctApiSandbox $script:Sandbox }
}

Describe 'One identity from every credential shape and source, in every cmdlet' {
    BeforeEach { Set-OutsiderEnvironment; Reset-CrossAcctApiSandbox $Sandbox }
    AfterEach { Restore-AwsEnvironment $Saved }

    It 'signs as the key of <Shape> in every cmdlet' -ForEach @(
        @{ Shape = 'a hashtable'; Make = { param($s) @{ Key = $Ops.AccessKeyId; Value = @{ AccessKeyId = $Ops.AccessKeyId; SecretAccessKey = $Ops.SecretAccessKey } } } }
        @{ Shape = 'a PSCredential'; Make = { param($s) @{ Key = $Ops.AccessKeyId; Value = [pscredential]::new($Ops.AccessKeyId, (ConvertTo-SecureString $Ops.SecretAccessKey -AsPlainText -Force)) } } }
        @{ Shape = 'the module''s credential'; Make = { param($s) @{ Key = $s.AccessKeyId; Value = $s.Credential; Names = $s.Credential.AssumedRoleArn } } }
        @{ Shape = 'AWS CLI JSON text'; Make = { param($s) @{ Key = $s.AccessKeyId; Value = ([ordered] @{ Credentials = [ordered] @{ AccessKeyId = $s.AccessKeyId; SecretAccessKey = $s.SecretAccessKey; SessionToken = $s.SessionToken; Expiration = $s.Expiration } } | ConvertTo-Json) } } }
        @{ Shape = 'AWS CLI JSON parsed'; Make = { param($s) @{ Key = $s.AccessKeyId; Value = ([ordered] @{ Credentials = [ordered] @{ AccessKeyId = $s.AccessKeyId; SecretAccessKey = $s.SecretAccessKey; SessionToken = $s.SessionToken; Expiration = $s.Expiration } } | ConvertTo-Json | ConvertFrom-Json) } } }
        @{ Shape = 'the .Credentials of the AWS CLI''s answer'; Make = { param($s) @{ Key = $s.AccessKeyId; Value = [pscustomobject] @{ AccessKeyId = $s.AccessKeyId; SecretAccessKey = $s.SecretAccessKey; SessionToken = $s.SessionToken; Expiration = $s.Expiration } } } }
        @{ Shape = 'AWS.Tools ImmutableCredentials (AccessKey, SecretKey, Token)'; Make = { param($s) @{ Key = $s.AccessKeyId; Value = [pscustomobject] @{ AccessKey = $s.AccessKeyId; SecretKey = $s.SecretAccessKey; Token = $s.SessionToken; UseToken = $true } } } }
        @{ Shape = 'the SDK''s BasicAWSCredentials'; Make = { param($s) @{ Key = $Ops.AccessKeyId; Value = New-SdkCredentials 'Amazon.Runtime.BasicAWSCredentials' @($Ops.AccessKeyId, $Ops.SecretAccessKey) } } }
        @{ Shape = 'the SDK''s SessionAWSCredentials (GetCredentials())'; Make = { param($s) @{ Key = $s.AccessKeyId; Value = New-SdkCredentials 'Amazon.Runtime.SessionAWSCredentials' @($s.AccessKeyId, $s.SecretAccessKey, $s.SessionToken) } } }
    ) {
        $given = & $Make (Get-SessionKeys)
        $credential = $given.Value
        # The verbose line names the key, or for the module's own session the session it is.
        $expected = [regex]::Escape(($given.Names ?? $given.Key))

        (New-SignedHttpApiRequest -Uri $Items -Credential $credential).AccessKeyId | Should -Be $given.Key
        ($credential | New-SignedHttpApiRequest -Uri $Items).AccessKeyId | Should -Be $given.Key -Because 'piped or given, one reading'
        $lines = @(
            Get-CredentialLine (Invoke-SignedHttpApi -Uri $Items -Credential $credential -AsResponse -SkipHttpErrorCheck -Verbose 4>&1)
            Get-CredentialLine ($credential | Invoke-SignedHttpApi -Uri $Items -AsResponse -SkipHttpErrorCheck -Verbose 4>&1)
            Get-CredentialLine (Get-AssumedRoleCredential -RoleArn $Invoker -Credential $credential -NoCache -Verbose -ErrorAction SilentlyContinue 4>&1)
            Get-CredentialLine ($credential | Get-AssumedRoleCredential -RoleArn $Invoker -NoCache -Verbose -ErrorAction SilentlyContinue 4>&1)
            Get-CredentialLine (Test-CrossAccountAccess -RoleArn $Invoker -Uri $Items -Credential $credential -Verbose -ErrorAction SilentlyContinue 4>&1)
        )
        $lines | Should -HaveCount 5
        $lines | Should -Match $expected
        (Export-AssumedRoleCredential -Credential $credential -PassThru).AccessKeyId | Should -Be $given.Key
        $env:AWS_ACCESS_KEY_ID | Should -Be $given.Key
    }

    It 'signs as the same key from <Source> in every cmdlet that reads it' -ForEach @(
        @{ Source = '-ProfileName'; Arguments = @{ ProfileName = 'ops' }; Names = "profile 'ops'"; Before = {} }
        @{ Source = 'AWS_PROFILE'; Arguments = @{}; Names = "profile 'ops'.* from AWS_PROFILE"; Before = { $env:AWS_PROFILE = 'ops'; Remove-Item env:AWS_ACCESS_KEY_ID, env:AWS_SECRET_ACCESS_KEY } }
        @{ Source = 'the environment variables'; Arguments = @{}; Names = 'AKIAOPSENGINEER22222'; Before = { $env:AWS_ACCESS_KEY_ID = $Ops.AccessKeyId; $env:AWS_SECRET_ACCESS_KEY = $Ops.SecretAccessKey } }
        @{ Source = '-AccessKeyId and -SecretAccessKey'; Arguments = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }; Names = 'AKIAOPSENGINEER22222'; Before = {} }
    ) {
        . $Before
        (New-SignedHttpApiRequest -Uri $Items @Arguments).AccessKeyId | Should -Be $Ops.AccessKeyId
        $answer = Invoke-SignedHttpApi -Uri $Items -RoleArn $Invoker -RoleSessionName source-check @Arguments -Verbose 4>&1
        $check = Test-CrossAccountAccess -RoleArn $Invoker -Uri $Items -RoleSessionName source-check @Arguments -Verbose 4>&1
        $session = Get-AssumedRoleCredential -RoleArn $Invoker -RoleSessionName source-check -NoCache @Arguments -Verbose 4>&1
        $lines = @((Get-CredentialLine $answer), (Get-CredentialLine $check), (Get-CredentialLine $session))
        $lines | Should -HaveCount 3
        $lines | Should -Match $Names
        @($lines | Select-Object -Unique) | Should -HaveCount 1 -Because 'every cmdlet names the source that won the same way'
        # The same role session everywhere: account B's user assumed it, whichever cmdlet asked.
        ($answer | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).caller | Should -Be 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/source-check'
        ($check | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).CallerArn | Should -Be 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/source-check'
        ($session | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).AssumedRoleArn | Should -Be 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/source-check'
    }

    It 'refuses <What> with InvalidCredential in every cmdlet, before any request' -ForEach @(
        @{ What = 'a hashtable without a secret'; Value = @{ AccessKeyId = 'AKIANOSECRET00000001' } }
        @{ What = 'JSON text that holds no keys'; Value = '{"Account":"222222222222"}' }
        @{ What = 'an object with other properties'; Value = [pscustomobject] @{ Colour = 'blue' } }
        @{ What = 'a PSCredential with an empty password'; Value = [pscredential]::new('AKIAEMPTYSECRET00001', [securestring]::new()) }
    ) {
        $before = [long] (Get-CrossAcctApiSandboxStats $Sandbox).api.total + [long] (Get-CrossAcctApiSandboxStats $Sandbox).sts.total
        $ids = foreach ($call in @(
                { Invoke-SignedHttpApi -Uri $Items -Credential $Value -ErrorVariable failed -ErrorAction SilentlyContinue; $failed }
                { New-SignedHttpApiRequest -Uri $Items -Credential $Value -ErrorVariable failed -ErrorAction SilentlyContinue; $failed }
                { Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Value -ErrorVariable failed -ErrorAction SilentlyContinue; $failed }
                { Test-CrossAccountAccess -RoleArn $Invoker -Uri $Items -Credential $Value -ErrorVariable failed -ErrorAction SilentlyContinue; $failed }
                { Export-AssumedRoleCredential -Credential $Value -ErrorVariable failed -ErrorAction SilentlyContinue; $failed }
            )) {
            $records = @(& $call)
            $records | Should -HaveCount 1
            $records[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            ($records[0].FullyQualifiedErrorId -split ',')[0]
        }
        $ids | Should -Be (@('InvalidCredential') * 5)
        $after = [long] (Get-CrossAcctApiSandboxStats $Sandbox).api.total + [long] (Get-CrossAcctApiSandboxStats $Sandbox).sts.total
        $after - $before | Should -Be 0
        $env:AWS_ACCESS_KEY_ID | Should -Be $Outsider.AccessKeyId -Because 'Export-AssumedRoleCredential changed nothing'
    }
}

Describe 'One reading of every kind of URL, in every cmdlet that reads one' {
    BeforeEach { Set-OutsiderEnvironment }
    AfterEach { Restore-AwsEnvironment $Saved }

    It 'resolves <Kind> to the same ARN and region everywhere' -ForEach @(
        @{ Kind = 'an execute-api host with -Stage'; Uri = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/items/42'; Address = @{ Stage = 'prod' }; Arn = 'arn:aws:execute-api:eu-west-1:*:a1b2c3d4e5/prod/GET/items/42'; Region = 'eu-west-1' }
        @{ Kind = 'an execute-api host without a stage (read as $default, with a warning)'; Uri = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/items'; Address = @{}; Arn = 'arn:aws:execute-api:eu-west-1:*:a1b2c3d4e5/$default/GET/items'; Region = 'eu-west-1' }
        @{ Kind = 'a custom domain with a base path'; Uri = 'https://api.example.com/v1/items/42'; Address = @{ ApiId = 'a1b2c3d4e5'; Region = 'eu-west-1'; BasePath = 'v1'; Stage = 'prod' }; Arn = 'arn:aws:execute-api:eu-west-1:*:a1b2c3d4e5/prod/GET/items/42'; Region = 'eu-west-1' }
        @{ Kind = 'a loopback /_aws/execute-api/ URL'; Uri = 'http://127.0.0.1:4566/_aws/execute-api/a1b2c3d4e5/prod/items'; Address = @{ Stage = 'prod' }; Arn = 'arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/prod/GET/items'; Region = 'us-east-1' }
    ) {
        $allow = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"' + $Arn + '"}]}'
        $fromTool = Get-ExecuteApiArn -Uri $Uri @Address -WarningVariable w1 -WarningAction SilentlyContinue
        $fromPolicy = Test-ExecuteApiPolicy -PolicyDocument $allow -Uri $Uri @Address -WarningVariable w2 -WarningAction SilentlyContinue
        $signing = @{} + $Address
        foreach ($name in 'ApiId', 'BasePath') { $signing.Remove($name) }
        $signed = New-SignedHttpApiRequest -Uri $Uri @signing -WarningAction SilentlyContinue

        $fromTool.Arn | Should -Be $Arn
        $fromPolicy.Arn | Should -Be $Arn
        $fromPolicy.Decision | Should -Be 'Allowed' -Because 'a policy naming the ARN Get-ExecuteApiArn gives allows the call Test-ExecuteApiPolicy reads'
        $fromTool.Region | Should -Be $Region
        $signed.Region | Should -Be $Region
        $signed.Service | Should -Be 'execute-api'
        @($w1).Count | Should -Be @($w2).Count -Because 'the same reading is warned about the same way'
        if ($fromTool.StageSource -eq 'AssumedDefault') { "$w1" | Should -Be $fromTool.StageReading; "$w2" | Should -Be $fromTool.StageReading }
    }

    It 'refuses <Uri> with InvalidUri in every cmdlet that takes a URL' -ForEach @(
        @{ Uri = 'not a url' }
        @{ Uri = 'ftp://x.example.com/a' }
        @{ Uri = '/relative/path' }
    ) {
        $ids = foreach ($call in @(
                { Invoke-SignedHttpApi -Uri $Uri -ErrorVariable failed -ErrorAction SilentlyContinue; $failed }
                { New-SignedHttpApiRequest -Uri $Uri -ErrorVariable failed -ErrorAction SilentlyContinue; $failed }
                { Get-ExecuteApiArn -Uri $Uri -ErrorVariable failed -ErrorAction SilentlyContinue; $failed }
                { Test-ExecuteApiPolicy -PolicyDocument '{"Version":"2012-10-17","Statement":[]}' -Uri $Uri -ErrorVariable failed -ErrorAction SilentlyContinue; $failed }
                { Test-CrossAccountAccess -RoleArn $Invoker -Uri $Uri -ErrorVariable failed -ErrorAction SilentlyContinue; $failed }
            )) {
            $records = @(& $call)
            $records | Should -HaveCount 1
            ($records[0].FullyQualifiedErrorId -split ',')[0]
        }
        $ids | Should -Be (@('InvalidUri') * 5)
    }
}

Describe 'One meaning of every kind of body' {
    BeforeEach { Set-OutsiderEnvironment; Reset-CrossAcctApiSandbox $Sandbox }
    AfterEach { Restore-AwsEnvironment $Saved }

    # The body's SHA-256 is the canonical request's last line: what was signed, and (for Invoke-SignedHttpApi's
    # -Debug) what was sent.
    It 'signs and sends the bytes <Name> stands for' -ForEach @(
        @{ Name = 'no body ($null)'; Body = $null; Bytes = [byte[]] @() }
        @{ Name = 'text that is no JSON'; Body = 'plain words é'; Bytes = [Text.Encoding]::UTF8.GetBytes('plain words é') }
        @{ Name = 'a stream'; Body = 'stream'; Bytes = [byte[]] (0, 1, 2, 254, 255) }
        @{ Name = 'a file''s bytes (-InFile for the call)'; Body = 'file'; Bytes = [Text.Encoding]::UTF8.GetBytes('{"from":"a file"}') }
    ) {
        $expected = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($Bytes)).ToLowerInvariant()
        $call = @{}
        $sign = @{}
        switch ($Body) {
            'stream' { $sign.Body = [IO.MemoryStream]::new($Bytes); $call.Body = [IO.MemoryStream]::new($Bytes) }
            'file' {
                $path = Join-Path $TestDrive 'body.json'
                [IO.File]::WriteAllBytes($path, $Bytes)
                $sign.Body = [IO.File]::ReadAllBytes($path); $call.InFile = $path
            }
            default { $sign.Body = $Body; $call.Body = $Body }
        }
        $signed = New-SignedHttpApiRequest -Uri $Items -Method POST -Credential $Ops @sign
        $debug = Invoke-SignedHttpApi -Uri $Items -Method POST -Credential $Ops @call -SkipHttpErrorCheck -Debug -WarningAction SilentlyContinue 5>&1 4>$null
        $sent = ($debug | Where-Object { $_ -is [System.Management.Automation.DebugRecord] -and $_.Message -like 'Canonical request*' } | Select-Object -First 1).Message

        (($signed.CanonicalRequest -split "`n")[-1]) | Should -Be $expected
        ((($sent -split "`nString to sign:")[0] -split "`n")[-1]) | Should -Be $expected
        $signed.BodyLength | Should -Be $Bytes.Length
    }
}
