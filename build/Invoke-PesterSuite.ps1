<#
.SYNOPSIS
    Runs the Pester suite in a fresh process (called by build.ps1 -Task Test) and writes a JSON summary.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $RepoRoot,
    # Files or folders, separated by the platform's path separator (a -File call cannot pass an array).
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $SummaryPath
)
$ErrorActionPreference = 'Stop'

# Pester restored by the build, first on PSModulePath; tests find the repo (and the built module) through this variable.
$env:PSModulePath = (Join-Path $RepoRoot 'out/modules') + [IO.Path]::PathSeparator + $env:PSModulePath
$env:CROSSACCTAPI_REPO_ROOT = $RepoRoot

[xml] $proj = Get-Content -Raw (Join-Path $RepoRoot 'build/Pester.Restore.csproj')
$pesterVersion = [string] ($proj.Project.PropertyGroup.PesterVersion | Where-Object { $_ } | Select-Object -First 1)
Import-Module Pester -RequiredVersion $pesterVersion

$config = New-PesterConfiguration
$config.Run.Path = $Path -split [IO.Path]::PathSeparator
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.Output.CIFormat = 'None'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = Join-Path (Split-Path $SummaryPath) 'pester.xml'
$config.Should.ErrorAction = 'Stop'

$result = Invoke-Pester -Configuration $config

# Failed blocks (a BeforeAll that threw) and containers (a file that did not parse) hide their tests: count them.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[ordered] @{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount + $result.NotRunCount } |
    ConvertTo-Json | Set-Content -Path $SummaryPath -Encoding utf8
if ($failed -gt 0) { exit 1 }
exit 0
