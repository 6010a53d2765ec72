#Requires -Version 7.0
# The README teaches by commands; every one of them must work. The PowerShell blocks marked <!-- readme-test --> run,
# in order, in one fresh `dotnet pwsh` at the repository root (as a newcomer pastes them), against the sandbox; each
# must write no error (or exactly the errors its marker names: <!-- readme-test expect-errors: NotAuthorized -->), and
# a ```text block marked <!-- readme-output --> after it must match what it printed, line by line in order ('…' stands
# for anything, runs of spaces for any run of spaces). Every other PowerShell block must parse and name only commands
# and parameters that exist; every build task it names must exist; every ErrorId in the failure table must be real.
BeforeDiscovery {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }

    . (Join-Path $PSScriptRoot 'ReadmeBlocks.ps1')
    $script:Runnable = Get-RunnableReadmeBlocks (Join-Path $RepoRoot 'README.md')
    $script:PowerShellBlocks = @(Get-ReadmeBlocks (Join-Path $RepoRoot 'README.md') | Where-Object Language -EQ 'powershell' | ForEach-Object { @{ Line = $_.Line; Code = $_.Code; Title = ($_.Code -split "`n")[0] } })
}

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    $ReadmePath = Join-Path $RepoRoot 'README.md'
    $Readme = Get-Content -Raw $ReadmePath
    Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    . (Join-Path $PSScriptRoot 'ReadmeBlocks.ps1')
    $Runnable = Get-RunnableReadmeBlocks $ReadmePath

    # An expected output line as a pattern: '…' is anything, a run of spaces is any run of spaces.
    function ConvertTo-TextPattern([string] $Line) {
        $parts = $Line.Trim() -split '…' | ForEach-Object { [regex]::Escape($_.Trim()) -replace '(\\ )+', '\s+' }
        $parts -join '.*?'
    }

    $script:Results = $null
    function Get-BlockResult([int] $Index) {
        if ($null -eq $script:Results) { $script:Results = Invoke-ReadmeBlocks -Blocks $Runnable -WorkDir $TestDrive -RepoRoot $RepoRoot }
        $script:Results[$Index]
    }

    # Commands a README block may use besides the module's and PowerShell's own: other tools it shows working with.
    $Foreign = @(
        'aws', 'dotnet', 'curl', 'pwsh'                                       # programs
        'Use-STSRole', 'Get-AWSCredential', 'Get-STSCallerIdentity', 'Set-AWSCredential'   # AWS.Tools
        'Invoke-Pester', 'New-PesterContainer', 'Should'                     # Pester
    )
    $BuildTasks = @(((Get-Command (Join-Path $RepoRoot 'build.ps1')).Parameters['Task'].Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }).ValidValues)
}

Describe 'The README''s runnable tour' {
    It 'has runnable blocks, with outputs to compare' {
        $Runnable.Count | Should -BeGreaterOrEqual 8
        @($Runnable | Where-Object { $_.Output }).Count | Should -BeGreaterOrEqual 6
    }

    It 'block at line <Line> runs (<Title>)' -ForEach $Runnable {
        $result = Get-BlockResult $Index

        $result.Terminating | Should -BeNullOrEmpty -Because "the block must not stop with an error; it printed:`n$($result.Output)"
        @($result.Errors) | Should -Be @($ExpectedErrors) -Because "the block must write exactly the errors its marker names; it printed:`n$($result.Output)"
    }

    It 'block at line <Line> prints what the README shows (<Title>)' -ForEach @($Runnable | Where-Object { $_.Output }) {
        $result = Get-BlockResult $Index
        # Compared as one text with whitespace collapsed, so that a terminal's wrapping (and the '|' margin of
        # PowerShell's error view) does not matter; the expected lines must appear in the README's order.
        $actual = (($result.Output -split "`r?`n" | ForEach-Object { $_ -replace '^\s*\|\s?', '' }) -join ' ') -replace '\s+', ' '

        $at = 0
        foreach ($expected in $Output -split "`r?`n" | Where-Object { $_.Trim() }) {
            $match = [regex]::new((ConvertTo-TextPattern $expected)).Match($actual, $at)
            $match.Success | Should -BeTrue -Because "the README shows '$($expected.Trim())' here, in this order; the block printed:`n$($result.Output)"
            $at = $match.Index + $match.Length
        }
    }
}

Describe 'Every PowerShell block of the README' {
    It 'parses, and names only real commands and parameters (line <Line>: <Title>)' -ForEach $PowerShellBlocks {
        $tokens = $null; $parseErrors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref] $tokens, [ref] $parseErrors)
        $parseErrors | Should -BeNullOrEmpty

        foreach ($commandAst in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true)) {
            $name = $commandAst.GetCommandName()
            if (-not $name -or $name -match '[\\/]' -or $name -in $Foreign) { continue }
            $command = Get-Command $name -ErrorAction Ignore
            $command | Should -Not -BeNullOrEmpty -Because "'$name' (README line $Line) must be a command that exists"
            if ($command.Source -ne 'CrossAcctApi') { continue }
            foreach ($parameterAst in $commandAst.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                $given = $parameterAst.ParameterName
                $known = @($command.Parameters.Values | Where-Object { $_.Name -like "$given*" -or ($_.Aliases | Where-Object { $_ -like "$given*" }) })
                $known.Count | Should -BeGreaterThan 0 -Because "$name has no parameter -$given (README line $Line)"
            }
        }
    }
}

Describe 'What the README promises' {
    It 'names only build tasks that exist' {
        $named = [regex]::Matches($Readme, 'build\.ps1\s+-Task\s+(\w+)') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique
        $named | Should -Not -BeNullOrEmpty
        foreach ($task in $named) { $BuildTasks | Should -Contain $task -Because "build.ps1 -Task $task is in the README" }
        $Readme | Should -Match ([regex]::Escape('dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test'))
        $Readme | Should -Match ([regex]::Escape('dotnet tool restore; dotnet pwsh ./build.ps1 -Task Demo'))
    }

    It 'has the sections that teach the whole job: <Heading>' -ForEach @(
        @{ Heading = 'The problem it solves' }
        @{ Heading = 'Set up on a fresh machine' }
        @{ Heading = 'A 60-second tour on the sandbox' }
        @{ Heading = 'Your own set-up on AWS: the five steps' }
        @{ Heading = 'When it fails: what the diagnosis says' }
        @{ Heading = 'Prove it in CI: a Pester compliance suite' }
        @{ Heading = 'With the AWS CLI and AWS.Tools' }
        @{ Heading = 'Performance' }
        @{ Heading = 'Security' }
        @{ Heading = 'Limits: what is not supported' }
        @{ Heading = 'The local sandbox: two AWS accounts on loopback' }
    ) {
        $Readme | Should -Match ('(?m)^## ' + [regex]::Escape($Heading) + '\s*$')
    }

    It 'lists every exported cmdlet' {
        foreach ($name in (Import-PowerShellDataFile (Join-Path $RepoRoot 'CrossAcctApi.psd1')).CmdletsToExport) {
            $Readme | Should -Match ('`' + [regex]::Escape($name) + '`')
        }
    }

    It 'names only ErrorIds the module really uses in its failure table' {
        $section = [regex]::Match($Readme, '(?ms)^## When it fails.*?(?=^## )').Value
        $rows = $section -split "`n" | Where-Object { $_ -match '^\| [^-]' } | Select-Object -Skip 1
        $rows | Should -Not -BeNullOrEmpty
        $known = foreach ($type in [CrossAcctApi.Core.Http.ApiErrorIds], [CrossAcctApi.Core.Requests.RequestErrors], [CrossAcctApi.Core.Sts.StsErrorIds]) {
            $type.GetFields([System.Reflection.BindingFlags] 'Public, Static') | Where-Object IsLiteral | ForEach-Object { $_.GetRawConstantValue() }
        }
        foreach ($row in $rows) {
            $ids = [regex]::Matches(($row -split '\|')[2], '`(\w+)`') | ForEach-Object { $_.Groups[1].Value }
            $ids | Should -Not -BeNullOrEmpty -Because "each row names its ErrorId: $row"
            foreach ($id in $ids) { $known | Should -Contain $id -Because "the README's failure table names $id" }
        }
    }

    It 'links only to files that exist' {
        foreach ($link in [regex]::Matches($Readme, '\]\((?!https?:|#)([^)]+)\)') | ForEach-Object { $_.Groups[1].Value }) {
            Join-Path $RepoRoot ($link -replace '#.*$') | Should -Exist -Because "the README links to $link"
        }
    }

    It 'keeps the sandbox users'' keys exactly as the sandbox knows them' {
        $scenario = & dotnet (Join-Path $RepoRoot 'out/sandbox/CrossAcctApi.Sandbox.dll') --print-default-scenario | Out-String
        foreach ($key in [regex]::Matches($Readme, 'AKIA[A-Z0-9]{16}') | ForEach-Object Value | Sort-Object -Unique) {
            $scenario | Should -Match $key -Because "the README gives the key $key"
        }
        foreach ($secret in [regex]::Matches($Readme, '[A-Za-z]+SecretKeyForAccount[BC]/\d+') | ForEach-Object Value | Sort-Object -Unique) {
            $scenario | Should -Match ([regex]::Escape($secret)) -Because "the README gives the secret $secret"
        }
    }
}
