#Requires -Version 7.0
# The example compliance suite (examples/compliance) against the sandbox, run by Invoke-Pester in a child process the way
# a user runs it: its targets file, credentials (environment and a shared credentials file) and STS endpoint come from
# the environment. It must pass as shipped, and fail, naming the check, when one expectation in the file is wrong.

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath }
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    $script:Suite = Join-Path $RepoRoot 'examples/compliance/CrossAccount.Compliance.Tests.ps1'
    $script:SandboxTargets = Join-Path $RepoRoot 'examples/compliance/targets.sandbox.json'
    $script:ModulePath = Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1'
    [xml] $proj = Get-Content -Raw (Join-Path $RepoRoot 'build/Pester.Restore.csproj')
    $script:PesterVersion = [string] ($proj.Project.PropertyGroup.PesterVersion | Where-Object { $_ } | Select-Object -First 1)
    $script:Sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath (Join-Path $RepoRoot 'out/sandbox')

    # The callers a targets file names ("caller": "outsider") are profiles of a shared credentials file.
    $script:Credentials = Join-Path $TestDrive 'credentials'
    @(
        '[outsider]'
        'aws_access_key_id = AKIAOUTSIDER33333333'
        'aws_secret_access_key = OutsiderSecretKeyForAccountC/3333333333'
        '[no-assume]'
        'aws_access_key_id = AKIANOASSUME22222222'
        'aws_secret_access_key = NoAssumeSecretKeyForAccountB/2222222222'
    ) | Set-Content -Path $Credentials
    Set-Content -Path (Join-Path $TestDrive 'config') -Value ''

    # Runs Invoke-Pester on the suite for each targets file, in a fresh pwsh whose environment holds account B's keys.
    $script:Runner = Join-Path $TestDrive 'run-suite.ps1'
    @'
param([string] $Suite, [string] $ModulePath, [string] $PesterVersion, [string] $TargetFiles)
$ErrorActionPreference = 'Stop'
Import-Module Pester -RequiredVersion $PesterVersion
Import-Module $ModulePath
$runs = foreach ($file in $TargetFiles -split [IO.Path]::PathSeparator) {
    $config = New-PesterConfiguration
    $config.Run.Container = New-PesterContainer -Path $Suite -Data @{ TargetFile = $file }
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'None'
    $result = Invoke-Pester -Configuration $config
    [pscustomobject] @{
        TargetFile = $file
        Result     = [string] $result.Result
        Passed     = $result.PassedCount
        Failed     = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
        Describes  = @($result.Containers.Blocks.ExpandedName)
        Tests      = @($result.Tests | ForEach-Object { [pscustomobject] @{ Name = $_.ExpandedName; Passed = $_.Passed; Message = ($_.ErrorRecord | Select-Object -First 1 | ForEach-Object { $_.Exception.Message }) } })
    }
}
ConvertTo-Json -InputObject @($runs) -Depth 5
'@ | Set-Content -Path $Runner

    function Invoke-ComplianceSuite([string[]] $TargetFiles) {
        $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($argument in 'pwsh', '-NoProfile', '-NonInteractive', '-File', $Runner, '-Suite', $Suite, '-ModulePath', $ModulePath, '-PesterVersion', $PesterVersion, '-TargetFiles', ($TargetFiles -join [IO.Path]::PathSeparator)) {
            $info.ArgumentList.Add($argument)
        }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        # 'dotnet pwsh' is the repository's local tool: it is found from the repository's tool manifest.
        $info.WorkingDirectory = $RepoRoot
        # Only the child sees account B's keys and the sandbox's endpoints; nothing of the caller's own AWS set-up.
        foreach ($name in 'AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_DEFAULT_REGION', 'CROSSACCT_TARGETS', 'CROSSACCT_PROFILE') { $null = $info.Environment.Remove($name) }
        $info.Environment['AWS_ACCESS_KEY_ID'] = 'AKIAOPSENGINEER22222'
        $info.Environment['AWS_SECRET_ACCESS_KEY'] = 'OpsEngineerSecretKeyForAccountB/22222222'
        $info.Environment['AWS_ENDPOINT_URL_STS'] = $Sandbox.StsEndpoint
        $info.Environment['AWS_REGION'] = 'us-east-1'
        $info.Environment['AWS_SHARED_CREDENTIALS_FILE'] = $Credentials
        $info.Environment['AWS_CONFIG_FILE'] = Join-Path $TestDrive 'config'
        $info.Environment['CROSSACCT_SANDBOX_URL'] = $Sandbox.Url
        $process = [System.Diagnostics.Process]::Start($info)
        $stderr = $process.StandardError.ReadToEndAsync()
        $stdout = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        if ($process.ExitCode -ne 0) { throw "The suite runner failed with exit code $($process.ExitCode): $($stderr.Result) $stdout" }
        @($stdout | ConvertFrom-Json)
    }

    # A copy of the shipped targets file with the expectation of one check turned round.
    $targets = Get-Content -Raw $SandboxTargets | ConvertFrom-Json
    $wrong = $targets.apis[0].checks | Where-Object { $_.route -eq 'GET /items' -and $_.stage -eq 'prod' -and $_.role -eq 'invoker' -and -not $_.caller }
    $wrong.expect = 'Denied'
    $script:WrongTargets = Join-Path $TestDrive 'targets.wrong.json'
    $targets | ConvertTo-Json -Depth 10 | Set-Content -Path $WrongTargets

    $script:Runs = Invoke-ComplianceSuite @($SandboxTargets, $WrongTargets)
}

AfterAll {
    if ($script:Sandbox) { Stop-CrossAcctApiSandbox $script:Sandbox }
}

Describe 'The example compliance suite' {
    It 'passes against the sandbox as shipped: every route and role, allowed and denied, and the unsigned probes' {
        $run = $Runs[0]
        $run.Result | Should -Be 'Passed' -Because (($run.Tests | Where-Object { -not $_.Passed } | ForEach-Object { "$($_.Name): $($_.Message)" }) -join "`n")
        $run.Failed | Should -Be 0
        $run.Passed | Should -Be 20
        $run.Describes | Should -Contain 'items API a1b2c3d4e5 in account 111111111111'
        $names = $run.Tests.Name
        $names | Should -Contain 'GET /items on prod as CrossAccountInvoker is Allowed'
        $names | Should -Contain 'POST /items on prod as CrossAccountInvoker is Denied'
        $names | Should -Contain 'GET /admin/report on prod as CrossAccountInvoker is Denied'
        $names | Should -Contain 'GET /items on prod as AuditReader (auditor-without-external-id) is Denied'
        $names | Should -Contain 'GET /items on prod as CrossAccountInvoker from outsider is Denied'
        $names | Should -Contain 'GET /items on $default without a signature is Denied'
    }

    It 'fails when one expectation in the targets file is wrong, and says which check and why' {
        $run = $Runs[1]
        $run.Result | Should -Be 'Failed'
        $run.Failed | Should -Be 1
        $run.Passed | Should -Be 19
        $failed = @($run.Tests | Where-Object { -not $_.Passed })
        $failed.Count | Should -Be 1
        $failed[0].Name | Should -Be 'GET /items on prod as CrossAccountInvoker is Denied'
        $failed[0].Message | Should -Match 'because GET /prod/items as CrossAccountInvoker was expected to be Denied, but was Allowed \(200\)'
    }
}

Describe 'The targets file reader' {
    BeforeAll {
        . (Join-Path $RepoRoot 'examples/compliance/ComplianceTargets.ps1')
        function Write-Targets([string] $Json) {
            $path = Join-Path $TestDrive ([guid]::NewGuid().ToString('N') + '.json')
            Set-Content -Path $path -Value $Json
            $path
        }
    }

    It 'builds URLs with the stage segment, none for $default, and defaults unsigned probes to Denied' {
        $env:CROSSACCT_TEST_HOST = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com'
        try {
            $api = Read-ComplianceTargets (Write-Targets '{"apis":[{"baseUrl":"{env:CROSSACCT_TEST_HOST}/","roles":{"r":{"roleArn":"arn:aws:iam::111111111111:role/R"}},"checks":[{"role":"r","route":"get /items/1","stage":"prod"},{"probe":"Unsigned","route":"POST /items"}]}]}')
        }
        finally { Remove-Item env:CROSSACCT_TEST_HOST }
        $api.Checks[0].Uri | Should -Be 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/items/1'
        $api.Checks[0].Method | Should -Be 'GET'
        $api.Checks[0].Expect | Should -Be 'Allowed'
        $api.Checks[0].Name | Should -Be 'GET /items/1 on prod as R is Allowed'
        $api.Checks[1].Uri | Should -Be 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/items'
        $api.Checks[1].Expect | Should -Be 'Denied'
        $api.Checks[1].RoleArn | Should -BeNullOrEmpty
    }

    It 'refuses <Problem>' -ForEach @(
        @{ Problem = 'an unset environment variable'; Json = '{"apis":[{"baseUrl":"{env:CROSSACCT_NOT_SET_ANYWHERE}","checks":[]}]}'; Message = '*CROSSACCT_NOT_SET_ANYWHERE*' }
        @{ Problem = 'a route without a method'; Json = '{"apis":[{"baseUrl":"https://x","roles":{"r":{"roleArn":"arn:aws:iam::111111111111:role/R"}},"checks":[{"role":"r","route":"/items"}]}]}'; Message = "*'/items'*" }
        @{ Problem = 'an unknown role alias'; Json = '{"apis":[{"baseUrl":"https://x","roles":{"r":{"roleArn":"arn:aws:iam::111111111111:role/R"}},"checks":[{"role":"s","route":"GET /items"}]}]}'; Message = "*'s'*" }
        @{ Problem = 'a signed check without a role'; Json = '{"apis":[{"baseUrl":"https://x","checks":[{"route":"GET /items"}]}]}'; Message = '*names no role*' }
    ) {
        { Read-ComplianceTargets (Write-Targets $Json) } | Should -Throw -ExpectedMessage $Message
    }
}
