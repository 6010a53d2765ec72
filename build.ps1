#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests and benchmarks CrossAcctApi.

.DESCRIPTION
    Tasks (run in the order given):
      Build  (default)  builds the solution; lays out the module in out/CrossAcctApi/ (manifest stamped with the
                        version from Directory.Build.props), publishes the sandbox to out/sandbox/ and restores
                        Pester into out/modules/.
      Test              Build, then every xunit project and every tests/pester/*.Tests.ps1, a smoke run of the
                        benchmark code, the .NET Framework harness on Mono (Windows PowerShell 5.1's files, build/DesktopHarness.psm1)
                        and the self-test of this command (build/SelfTest.psm1). The console shows a
                        line per test project and Pester file and every failure in full; trx, NUnit, JUnit reports
                        and the full logs go to out/test/. Ends with the plain line "N passed, N failed", the sum of
                        every runner; exits 1 on any failure, including a runner that broke (build/TestRunners.psm1).
      Bench             Build, then the benchmarks (see bench/README.md); -Short for a shorter run.
      Demo              Build, then the end-to-end tour against the local sandbox (examples/demo/Invoke-Demo.ps1).
      Package           Build, then the PowerShell Gallery package out/package/CrossAcctApi.<version>.nupkg
                        (build/Package.psm1): the module folder with LICENSE and the CHANGELOG.md section of the
                        version as release notes. Publish it with Publish-PSResource -NupkgPath.
      Clean             removes out/ and every bin/ and obj/.

    Run it with the PowerShell that comes as a local dotnet tool:
        dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test

.EXAMPLE
    dotnet pwsh ./build.ps1
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Demo
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test -PesterPath tests/pester/NewSignedHttpApiRequest.Tests.ps1 -SkipXunit
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test -SkipBuild -SkipPester -XunitProject tests/CrossAcctApi.Sts.Tests/CrossAcctApi.Sts.Tests.csproj
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Bench', 'Demo', 'Package', 'Clean')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Run only these Pester files or folders (default: tests/pester).
    [string[]] $PesterPath,

    # Run only these xunit projects (default: every tests/**/*.Tests.csproj, then the benchmark smoke run).
    [string[]] $XunitProject,

    # Skip the xunit projects and the benchmark smoke run (for a quick Pester-only loop while developing).
    [switch] $SkipXunit,

    # Skip the Pester suite.
    [switch] $SkipPester,

    # Skip the .NET Framework (Mono) harness of the Windows PowerShell 5.1 files.
    [switch] $SkipDesktop,

    # Test: use what the last build left in out/ instead of building first.
    [switch] $SkipBuild,

    # Test: where the reports and logs go (default out/test).
    [string] $ResultsPath,

    # Bench: the shorter run (fewer iterations, requests and processes; rougher figures).
    [switch] $Short
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$RepoRoot = $PSScriptRoot
$OutDir = Join-Path $RepoRoot 'out'
$ModuleOut = Join-Path $OutDir 'CrossAcctApi'
$SandboxOut = Join-Path $OutDir 'sandbox'
if (-not $ResultsPath) { $ResultsPath = Join-Path $OutDir 'test' }
$ResultsPath = [IO.Path]::GetFullPath($ResultsPath, $RepoRoot)
$ModulesDir = Join-Path $OutDir 'modules'
$Solution = Join-Path $RepoRoot 'CrossAcctApi.sln'

# The runners the real suite and the self-test share.
Import-Module (Join-Path $RepoRoot 'build/TestRunners.psm1') -Force
Import-Module (Join-Path $RepoRoot 'build/SelfTest.psm1') -Force
Import-Module (Join-Path $RepoRoot 'build/DesktopHarness.psm1') -Force
Import-Module (Join-Path $RepoRoot 'build/Package.psm1') -Force

function Write-Step([string] $Text) {
    Write-Host "==> $Text" -ForegroundColor Cyan
}

function Invoke-Native {
    # Runs a native command, echoing it, and fails the build when it fails.
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @())
    Write-Host "    $FilePath $($ArgumentList -join ' ')" -ForegroundColor DarkGray
    & $FilePath @ArgumentList | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Get-ProjectVersion {
    # Directory.Build.props is the one version source.
    [xml] $props = Get-Content -Raw (Join-Path $RepoRoot 'Directory.Build.props')
    $version = $props.Project.PropertyGroup.CrossAcctApiVersion | Where-Object { $_ } | Select-Object -First 1
    if (-not $version) { throw 'Directory.Build.props has no CrossAcctApiVersion.' }
    return [string] $version
}

function Get-PesterVersion {
    [xml] $proj = Get-Content -Raw (Join-Path $RepoRoot 'build/Pester.Restore.csproj')
    return [string] ($proj.Project.PropertyGroup.PesterVersion | Where-Object { $_ } | Select-Object -First 1)
}

function Invoke-Clean {
    Write-Step 'Clean'
    if (Test-Path $OutDir) { Remove-Item -Recurse -Force $OutDir }
    Get-ChildItem -Path (Join-Path $RepoRoot 'src'), (Join-Path $RepoRoot 'tests'), (Join-Path $RepoRoot 'bench') -Directory -Recurse -Include bin, obj -ErrorAction SilentlyContinue |
        Remove-Item -Recurse -Force
}

function Restore-Pester {
    # Pester comes from NuGet; its package keeps the module under tools/, so lay it out as <dir>/Pester/<version>/
    # and put <dir> on PSModulePath for the test run.
    $version = Get-PesterVersion
    $target = Join-Path $ModulesDir "Pester/$version"
    if (Test-Path (Join-Path $target 'Pester.psd1')) { return }
    Write-Step "Restore Pester $version from NuGet"
    Invoke-Native dotnet @('restore', (Join-Path $RepoRoot 'build/Pester.Restore.csproj'), '--nologo', '-v', 'quiet')
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $source = Join-Path $packages "pester/$version/tools"
    if (-not (Test-Path (Join-Path $source 'Pester.psd1'))) { throw "Pester $version was restored, but $source has no Pester.psd1." }
    New-Item -ItemType Directory -Force -Path $target | Out-Null
    Copy-Item -Path (Join-Path $source '*') -Destination $target -Recurse -Force
}

function Invoke-Build {
    $version = Get-ProjectVersion
    Write-Step "Build CrossAcctApi $version ($Configuration)"
    Invoke-Native dotnet @('build', $Solution, '-c', $Configuration, '--nologo', '-v', 'minimal', '-clp:NoSummary')

    Write-Step "Lay out the module in $ModuleOut"
    $publishDir = Join-Path $OutDir 'publish/CrossAcctApi'
    Invoke-Native dotnet @('publish', (Join-Path $RepoRoot 'src/CrossAcctApi/CrossAcctApi.csproj'), '-c', $Configuration, '--no-build', '--nologo', '-v', 'quiet', '-o', $publishDir)
    if (Test-Path $ModuleOut) { Remove-Item -Recurse -Force $ModuleOut }
    New-Item -ItemType Directory -Force -Path $ModuleOut | Out-Null
    # Everything the cmdlets need at run time; the netstandard2.0 facades (System.Memory, System.Text.Json...) are
    # needed by Windows PowerShell 5.1 and ignored by PowerShell 7, whose runtime already has newer ones.
    Get-ChildItem $publishDir -File | Where-Object { $_.Extension -in '.dll', '.ps1xml' } |
        Where-Object { $_.Name -notlike 'System.Management.Automation*' } |
        Copy-Item -Destination $ModuleOut
    foreach ($extra in @('en-US', 'Dependencies')) {
        $dir = Join-Path $publishDir $extra
        if (Test-Path $dir) { Copy-Item -Recurse -Path $dir -Destination $ModuleOut }
    }
    # Format views live one file per area under src/CrossAcctApi/Formats; the manifest lists each.
    $formats = Join-Path $RepoRoot 'src/CrossAcctApi/Formats'
    if (Test-Path $formats) { Copy-Item -Path (Join-Path $formats '*.ps1xml') -Destination $ModuleOut }
    # The STS component and the AWS SDK must not sit next to CrossAcctApi.dll, where PowerShell would load them into
    # the session's shared context beside (and in conflict with) AWS.Tools' AWSSDK.Core. They go to Dependencies/,
    # with the isolation loader built for each edition in Dependencies/Loader/<tfm>/ (src/CrossAcctApi.Isolation
    # explains the design); the module loads them on the first STS call.
    $dependencies = Join-Path $ModuleOut 'Dependencies'
    $stsBin = Join-Path $RepoRoot "src/CrossAcctApi.Sts/bin/$Configuration/netstandard2.0"
    New-Item -ItemType Directory -Force -Path $dependencies | Out-Null
    Copy-Item -Path (Join-Path $stsBin 'CrossAcctApi.Sts.dll'), (Join-Path $stsBin 'AWSSDK.*.dll') -Destination $dependencies
    foreach ($tfm in 'net8.0', 'netstandard2.0') {
        $loaderOut = New-Item -ItemType Directory -Force -Path (Join-Path $dependencies "Loader/$tfm")
        Copy-Item -Path (Join-Path $RepoRoot "src/CrossAcctApi.Isolation/bin/$Configuration/$tfm/CrossAcctApi.Isolation.dll") -Destination $loaderOut
    }

    $manifest = Get-Content -Raw (Join-Path $RepoRoot 'CrossAcctApi.psd1')
    $manifest = $manifest -replace "ModuleVersion(\s*)=(\s*)'[^']*'", "ModuleVersion`$1=`$2'$version'"
    $manifest = Set-ManifestReleaseNotes -Manifest $manifest -Notes (Get-ReleaseNotes -ChangelogPath (Join-Path $RepoRoot 'CHANGELOG.md') -Version $version)
    Copy-Item -Path (Join-Path $RepoRoot 'LICENSE') -Destination $ModuleOut
    Set-Content -Path (Join-Path $ModuleOut 'CrossAcctApi.psd1') -Value $manifest -NoNewline -Encoding utf8

    $helpSource = Join-Path $RepoRoot 'docs/help'
    if (Test-Path $helpSource) {
        Write-Step 'Generate MAML help from docs/help'
        # A child process: the generator imports the module it documents.
        Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $RepoRoot 'build/New-MamlHelp.ps1'),
            '-ModuleManifest', (Join-Path $ModuleOut 'CrossAcctApi.psd1'), '-MarkdownPath', $helpSource, '-OutputPath', (Join-Path $ModuleOut 'en-US'))
    }

    Write-Step "Publish the sandbox to $SandboxOut"
    Invoke-Native dotnet @('publish', (Join-Path $RepoRoot 'src/CrossAcctApi.Sandbox/CrossAcctApi.Sandbox.csproj'), '-c', $Configuration, '--no-build', '--nologo', '-v', 'quiet', '-o', $SandboxOut)

    Restore-Pester
}

function Get-XunitProject {
    # The real suite's projects: tests/**/*.Tests.csproj. The self-test's fixtures (tests/selftest) are not among them.
    Get-ChildItem (Join-Path $RepoRoot 'tests') -Recurse -Filter '*.Tests.csproj' |
        Where-Object { $_.FullName -notlike (Join-Path $RepoRoot 'tests/selftest/*') } | ForEach-Object FullName
}

function Resolve-ListedPath([string[]] $Path) {
    # Also as one comma-separated string: pwsh -File passes a list that way.
    $Path | ForEach-Object { $_ -split ',' } | Where-Object { $_.Trim() } | ForEach-Object { (Resolve-Path $_.Trim()).Path }
}

function Test-FocusedRun {
    # A run narrowed to some runners or files: a quick loop, or one of the self-test's own runs.
    return [bool] ($SkipXunit -or $SkipPester -or $PesterPath -or $XunitProject)
}

function Invoke-Test {
    New-Item -ItemType Directory -Force -Path $ResultsPath | Out-Null
    $counts = [System.Collections.Generic.List[object]]::new()
    if (-not $SkipXunit) {
        $projects = if ($XunitProject) { Resolve-ListedPath $XunitProject } else { Get-XunitProject }
        foreach ($project in $projects) {
            $counts.Add((Invoke-GuardedRunner "xunit $(Split-Path -LeafBase $project)" { Invoke-XunitProject -Project $project -Configuration $Configuration -ResultsDirectory $ResultsPath }))
        }
        if (-not $XunitProject) {
            $bench = Join-Path $RepoRoot 'bench/CrossAcctApi.Benchmarks/CrossAcctApi.Benchmarks.csproj'
            $counts.Add((Invoke-GuardedRunner 'benchmark smoke' { Invoke-BenchmarkSmoke -Project $bench -Configuration $Configuration -ResultsDirectory $ResultsPath }))
        }
    }
    if (-not $SkipPester) {
        $paths = if ($PesterPath) { Resolve-ListedPath $PesterPath } else { @(Join-Path $RepoRoot 'tests/pester') }
        $counts.Add((Invoke-GuardedRunner 'Pester' { Invoke-PesterSuite -RepoRoot $RepoRoot -Path $paths -ResultsDirectory $ResultsPath }))
    }
    if (-not (Test-FocusedRun) -and -not $SkipDesktop) {
        $counts.Add((Invoke-GuardedRunner 'desktop harness' { Invoke-DesktopHarness -RepoRoot $RepoRoot -Configuration $Configuration -ModuleOut $ModuleOut -SandboxOut $SandboxOut -ResultsDirectory $ResultsPath }))
    }
    if (-not (Test-FocusedRun)) {
        $selfTestResults = Join-Path $ResultsPath 'selftest'
        $counts.Add((Invoke-GuardedRunner 'self-test' { Invoke-TestCommandSelfTest -RepoRoot $RepoRoot -Configuration $Configuration -ResultsDirectory $selfTestResults }))
    }
    exit (Write-TestSummary $counts.ToArray())
}

function Invoke-Bench {
    $script = Join-Path $RepoRoot 'bench/Invoke-Benchmarks.ps1'
    if (-not (Test-Path $script)) { throw "No benchmark driver at $script." }
    & $script -RepoRoot $RepoRoot -Configuration $Configuration -Short:$Short
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
}

Push-Location $RepoRoot
try {
    foreach ($t in $Task) {
        switch ($t) {
            'Clean' { Invoke-Clean }
            'Build' { Invoke-Build }
            'Test' {
                try { if (-not $SkipBuild) { Invoke-Build } }
                catch {
                    # A build that fails is a failed test run: say so in the line CI reads.
                    Write-Host "Build failed: $($_.Exception.Message)" -ForegroundColor Red
                    Write-Host '0 passed, 1 failed'
                    exit 1
                }
                try { Invoke-Test }
                catch {
                    # The test command itself broke (a path that does not exist, a bug here): still a counted failure.
                    Write-Host "The test command failed: $($_.Exception.Message)" -ForegroundColor Red
                    Write-Host '0 passed, 1 failed'
                    exit 1
                }
            }
            'Bench' { Invoke-Build; Invoke-Bench }
            'Package' {
                Invoke-Build
                Write-Step 'Package for the PowerShell Gallery'
                $package = New-ModulePackage -ModuleFolder $ModuleOut -DestinationPath (Join-Path $OutDir 'package')
                Write-Host "    $($package.FullName)"
            }
            'Demo' {
                Invoke-Build
                & (Join-Path $RepoRoot 'examples/demo/Invoke-Demo.ps1') -RepoRoot $RepoRoot
                if ($LASTEXITCODE) { exit $LASTEXITCODE }
            }
        }
    }
}
finally {
    Pop-Location
}
