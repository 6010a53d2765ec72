#Requires -Version 7.0
# Tab completion as a user gets it (TabExpansion2 on a typed command line): -ProfileName from the shared AWS config and
# credentials files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws), never showing a key; -Region from the
# known AWS regions; -Method; -RoleArn from the roles used in this session (assumed through the sandbox).
BeforeDiscovery {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force
    # Every exported cmdlet with the parameter, so that a cmdlet added later is covered without editing this file.
    function Get-CommandsWith([string] $Parameter) {
        @(Get-Command -Module CrossAcctApi | Where-Object { $_.Parameters.ContainsKey($Parameter) } | ForEach-Object { @{ Command = $_.Name } })
    }
    $script:ProfileCommands = Get-CommandsWith ProfileName
    $script:RegionCommands = Get-CommandsWith Region
    $script:MethodCommands = Get-CommandsWith Method
    $script:RoleCommands = Get-CommandsWith RoleArn
}

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force

    # What the user sees after typing $Line and pressing Tab (cursor at the end).
    function Complete([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
    }

    $Secret = 'CompletionTestSecretKey/DoNotShow0123456789'
    $Token = 'CompletionTestSessionToken+DoNotShow//////=='

    # Environment variables changed by a test, restored after it (Remove-Item for ones that were unset: PowerShell
    # would pass '' for $null).
    $script:SavedEnvironment = @{}
    function Set-TestEnvironment([hashtable] $Values) {
        foreach ($name in $Values.Keys) {
            if (-not $script:SavedEnvironment.ContainsKey($name)) { $script:SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name) }
            if ($null -eq $Values[$name]) { Remove-Item "env:$name" -ErrorAction SilentlyContinue } else { Set-Item "env:$name" $Values[$name] }
        }
    }
    function Restore-TestEnvironment {
        foreach ($name in $script:SavedEnvironment.Keys) {
            if ($null -eq $script:SavedEnvironment[$name]) { Remove-Item "env:$name" -ErrorAction SilentlyContinue } else { Set-Item "env:$name" $script:SavedEnvironment[$name] }
        }
        $script:SavedEnvironment = @{}
    }

    function Write-AwsFiles([string] $Folder) {
        New-Item -ItemType Directory -Force -Path $Folder | Out-Null
        $config = Join-Path $Folder 'config'
        $credentials = Join-Path $Folder 'credentials'
        Set-Content -Path $config -Value @(
            '# shared config'
            '[default]'
            'region = us-east-1'
            '[profile ops]'
            'role_arn = arn:aws:iam::111111111111:role/CrossAccountInvoker'
            'source_profile = ops-keys'
            '  [profile audit team]  '
            'region = eu-west-1'
            '[sso-session corp]'
            'sso_start_url = https://example.awsapps.com/start'
            '[services local-sts]'
            'sts ='
            '  endpoint_url = http://127.0.0.1:4566'
            '[profile broken'
            "aws_secret_access_key = $Secret"
        )
        Set-Content -Path $credentials -Value @(
            '[ops-keys]'
            'aws_access_key_id = AKIAOPSENGINEER22222'
            "aws_secret_access_key = $Secret"
            '[ops]'
            'aws_access_key_id = AKIAOPSENGINEER22222'
            "aws_secret_access_key = $Secret"
            "aws_session_token = $Token"
            "[ci-bot]`r"
            "aws_access_key_id = AKIACIBOT00000000000`r"
            "aws_secret_access_key = $Secret`r"
        )
        @{ Config = $config; Credentials = $credentials }
    }

    function Assert-NoSecret($Results) {
        foreach ($m in $Results) {
            foreach ($text in $m.CompletionText, $m.ListItemText, $m.ToolTip) {
                $text | Should -Not -Match ([regex]::Escape($Secret))
                $text | Should -Not -Match ([regex]::Escape($Token))
                $text | Should -Not -Match 'AKIA'
            }
        }
    }
}

AfterAll {
    Restore-TestEnvironment
}

Describe '-ProfileName completion' {
    BeforeAll {
        $Files = Write-AwsFiles (Join-Path $TestDrive 'aws')
    }
    BeforeEach {
        Set-TestEnvironment @{ AWS_CONFIG_FILE = $Files.Config; AWS_SHARED_CREDENTIALS_FILE = $Files.Credentials }
    }
    AfterEach { Restore-TestEnvironment }

    It 'offers the profiles of both files on <Command>, config first, each once' -ForEach $ProfileCommands {
        $results = Complete "$Command -ProfileName "

        $results.ListItemText | Should -Be @('default', 'ops', 'audit team', 'ops-keys', 'ci-bot')
        ($results | Where-Object ListItemText -EQ 'ops').ToolTip | Should -Be 'profile ops (config and credentials)'
        ($results | Where-Object ListItemText -EQ 'ci-bot').ToolTip | Should -Be 'profile ci-bot (credentials)'
        $results.ResultType | Sort-Object -Unique | Should -Be 'ParameterValue'
    }

    It 'leaves out sections that are not profiles: sso-session, services, an unclosed header' {
        $names = (Complete 'Invoke-SignedHttpApi -ProfileName ').ListItemText

        $names | Should -Not -Contain 'corp'
        $names | Should -Not -Contain 'sso-session corp'
        $names | Should -Not -Contain 'local-sts'
        $names | Should -Not -Contain 'broken'
    }

    It 'never shows a key, a secret or a token' {
        Assert-NoSecret (Complete 'Get-AssumedRoleCredential -RoleArn x -ProfileName ')
        Assert-NoSecret (Complete 'Get-AssumedRoleCredential -ProfileName o')
    }

    It 'narrows by the typed prefix, case-insensitively, and by wildcards' {
        (Complete 'Invoke-SignedHttpApi -ProfileName OP').ListItemText | Should -Be @('ops', 'ops-keys')
        (Complete 'Invoke-SignedHttpApi -ProfileName *team').ListItemText | Should -Be @('audit team')
        Complete 'Invoke-SignedHttpApi -ProfileName zzz' | Should -BeNullOrEmpty
    }

    It 'quotes a name with a space, and keeps the quote the user opened' {
        (Complete 'Invoke-SignedHttpApi -ProfileName aud').CompletionText | Should -Be @("'audit team'")
        (Complete 'Invoke-SignedHttpApi -ProfileName "aud').CompletionText | Should -Be @('"audit team"')
        (Complete "Invoke-SignedHttpApi -ProfileName 'o").CompletionText | Should -Be @("'ops'", "'ops-keys'")
        (Complete 'Invoke-SignedHttpApi -ProfileName ci').CompletionText | Should -Be @('ci-bot')
    }

    It 'follows AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE when they change' {
        $other = Join-Path $TestDrive 'other'
        New-Item -ItemType Directory -Force -Path $other | Out-Null
        Set-Content -Path (Join-Path $other 'config') -Value '[profile staging]', 'region = eu-central-1'
        Set-TestEnvironment @{ AWS_CONFIG_FILE = (Join-Path $other 'config'); AWS_SHARED_CREDENTIALS_FILE = (Join-Path $other 'missing') }

        (Complete 'Invoke-SignedHttpApi -ProfileName ').ListItemText | Should -Be @('staging')
    }

    It 'reads ~/.aws/config and ~/.aws/credentials when the variables are not set' {
        $fakeHome = Join-Path $TestDrive 'home'
        $null = Write-AwsFiles (Join-Path $fakeHome '.aws')
        $homeVariable = if ($IsWindows) { 'USERPROFILE' } else { 'HOME' }
        Set-TestEnvironment @{ AWS_CONFIG_FILE = $null; AWS_SHARED_CREDENTIALS_FILE = $null; $homeVariable = $fakeHome }

        (Complete 'Invoke-SignedHttpApi -ProfileName ci').ListItemText | Should -Be @('ci-bot')
    }

    It 'offers nothing, and writes no error, when the files do not exist' {
        Set-TestEnvironment @{ AWS_CONFIG_FILE = (Join-Path $TestDrive 'none/config'); AWS_SHARED_CREDENTIALS_FILE = (Join-Path $TestDrive 'none/credentials') }
        $Error.Clear()

        Complete 'Invoke-SignedHttpApi -ProfileName ' | Should -BeNullOrEmpty
        $Error.Count | Should -Be 0
    }
}

Describe '-Region completion' {
    It 'offers the known regions on <Command>' -ForEach $RegionCommands {
        $names = (Complete "$Command -Region eu-west-").ListItemText

        $names | Should -Be @('eu-west-1', 'eu-west-2', 'eu-west-3')
    }

    It 'offers every region the build knows, sorted, with its partition' {
        $results = Complete 'Get-ExecuteApiArn -Region '

        $results.ListItemText | Should -Be @([CrossAcctApi.Core.Arns.AwsPartitions]::AllKnownRegions)
        $results.Count | Should -BeGreaterThan 30
        ($results | Where-Object ListItemText -EQ 'cn-north-1').ToolTip | Should -Be 'cn-north-1 (partition aws-cn)'
        ($results | Where-Object ListItemText -EQ 'us-gov-west-1').ToolTip | Should -Be 'us-gov-west-1 (partition aws-us-gov)'
    }

    It 'matches wildcards and a quoted start' {
        (Complete 'Invoke-SignedHttpApi -Region *gov*').ListItemText | Should -Be @('us-gov-east-1', 'us-gov-west-1')
        (Complete "Invoke-SignedHttpApi -Region 'us-east").CompletionText | Should -Be @("'us-east-1'", "'us-east-2'")
    }
}

Describe '-Method completion' {
    It 'offers the HTTP API methods on <Command>, GET first' -ForEach $MethodCommands {
        $names = (Complete "$Command -Method ").ListItemText

        $names[0] | Should -Be 'GET'
        foreach ($method in 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS') { $names | Should -Contain $method }
        $names | Should -Not -Contain 'TRACE'
    }

    It 'narrows by prefix, whatever the case' {
        (Complete 'Invoke-SignedHttpApi -Method p').ListItemText | Should -Be @('POST', 'PUT', 'PATCH')
        (Complete 'New-SignedHttpApiRequest -Method de').ListItemText | Should -Be @('DELETE')
    }

    It 'offers ANY only where the method names a policy resource' {
        (Complete 'Get-ExecuteApiArn -Method A').ListItemText | Should -Be @('ANY')
        Complete 'Invoke-SignedHttpApi -Method A' | Should -BeNullOrEmpty
    }

    It 'completes a positional method after the URL' {
        (Complete 'Invoke-SignedHttpApi https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/items -Method PO').ListItemText | Should -Be @('POST')
    }
}

Describe '-RoleArn completion' {
    BeforeAll {
        Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
        $Sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath (Join-Path $RepoRoot 'out/sandbox')
        $Ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
        $Invoker = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
        $Audit = 'arn:aws:iam::111111111111:role/AuditReader'

        # Assumes the role through the sandbox as account B's ops-engineer (AuditReader wants its external id).
        function Use-Role([string] $Arn) {
            $options = @{ RoleArn = $Arn; Credential = $Ops; StsEndpoint = $Sandbox.StsEndpoint; Region = 'us-east-1' }
            if ($Arn -eq $Audit) { $options.ExternalId = 'audit-2026' }
            $null = Get-AssumedRoleCredential @options
        }
    }
    AfterAll {
        if ($Sandbox) { Stop-CrossAcctApiSandbox $Sandbox }
        [CrossAcctApi.Completion.RecentRoleArns]::Clear()
    }
    BeforeEach { [CrossAcctApi.Completion.RecentRoleArns]::Clear() }

    It 'offers nothing before any role was used' {
        Complete 'Get-AssumedRoleCredential -RoleArn ' | Should -BeNullOrEmpty
    }

    It 'offers the roles assumed in this session on <Command>, most recent first' -ForEach $RoleCommands {
        Use-Role $Invoker
        Use-Role $Audit

        $results = Complete "$Command -RoleArn "

        $results.CompletionText | Should -Be @($Audit, $Invoker)
        $results[0].ToolTip | Should -Be 'role AuditReader (used in this session)'
    }

    It 'moves a role used again to the front, and lists it once' {
        foreach ($arn in $Invoker, $Audit, $Invoker) { Use-Role $arn }

        (Complete 'Get-AssumedRoleCredential -RoleArn ').CompletionText | Should -Be @($Invoker, $Audit)
    }

    It 'matches the start of the ARN or of the role name' {
        foreach ($arn in $Invoker, $Audit) { Use-Role $arn }

        (Complete 'Get-AssumedRoleCredential -RoleArn Cross').CompletionText | Should -Be @($Invoker)
        (Complete 'Get-AssumedRoleCredential -RoleArn arn:aws:iam::111111111111:role/A').CompletionText | Should -Be @($Audit)
        (Complete 'Get-AssumedRoleCredential -RoleArn *Reader').CompletionText | Should -Be @($Audit)
    }

    It 'remembers a role that STS refused (to retry it with another option), but not an ARN that is malformed' {
        $null = Get-AssumedRoleCredential -RoleArn $Audit -Credential $Ops -StsEndpoint $Sandbox.StsEndpoint -Region us-east-1 -ErrorAction SilentlyContinue
        $null = Get-AssumedRoleCredential -RoleArn 'arn:aws:iam::1:role/' -Credential $Ops -StsEndpoint $Sandbox.StsEndpoint -ErrorAction SilentlyContinue

        (Complete 'Get-AssumedRoleCredential -RoleArn ').CompletionText | Should -Be @($Audit)
    }

    It 'keeps at most <Capacity> roles' -TestCases @(@{ Capacity = [CrossAcctApi.Completion.RecentRoleArns]::Capacity }) {
        foreach ($i in 1..($Capacity + 5)) { [CrossAcctApi.Completion.RecentRoleArns]::Record("arn:aws:iam::111111111111:role/Role$i") }

        $all = (Complete 'Get-AssumedRoleCredential -RoleArn ').CompletionText
        $all.Count | Should -Be $Capacity
        $all[0] | Should -Be "arn:aws:iam::111111111111:role/Role$($Capacity + 5)"
        $all | Should -Not -Contain 'arn:aws:iam::111111111111:role/Role1'
    }
}
