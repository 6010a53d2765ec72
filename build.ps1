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
                        benchmark code, and the .NET Framework harness on Mono (Windows PowerShell 5.1's files). Ends with the plain line "N passed, N failed"; exits 1 on any failure.
      Bench             Build, then the benchmarks (see bench/README.md); -Short for a shorter run.
      Demo              Build, then the end-to-end tour against the local sandbox (examples/demo/Invoke-Demo.ps1).
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
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Bench', 'Demo', 'Clean')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Run only these Pester files or folders (default: tests/pester).
    [string[]] $PesterPath,

    # Skip the xunit projects (for a quick Pester-only loop while developing).
    [switch] $SkipXunit,

    # Skip the .NET Framework (Mono) harness of the Windows PowerShell 5.1 files.
    [switch] $SkipDesktop,

    # Bench: the shorter run (fewer iterations, requests and processes; rougher figures).
    [switch] $Short
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$RepoRoot = $PSScriptRoot
$OutDir = Join-Path $RepoRoot 'out'
$ModuleOut = Join-Path $OutDir 'CrossAcctApi'
$SandboxOut = Join-Path $OutDir 'sandbox'
$TestOut = Join-Path $OutDir 'test'
$ModulesDir = Join-Path $OutDir 'modules'
$Solution = Join-Path $RepoRoot 'CrossAcctApi.sln'

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

function Read-TrxCounts([string] $Path) {
    [xml] $trx = Get-Content -Raw $Path
    $c = $trx.TestRun.ResultSummary.Counters
    $passed = [int] $c.passed
    $failed = [int] $c.failed + [int] $c.error + [int] $c.timeout + [int] $c.aborted
    $skipped = [int] $c.total - $passed - $failed
    if ($skipped -lt 0) { $skipped = 0 }
    [pscustomobject] @{ Passed = $passed; Failed = $failed; Skipped = $skipped }
}

function Invoke-XunitProjects {
    $projects = Get-ChildItem (Join-Path $RepoRoot 'tests') -Recurse -Filter '*.Tests.csproj'
    foreach ($project in $projects) {
        $name = $project.BaseName
        Write-Step "xunit: $name"
        $trxName = "$name.trx"
        $trxPath = Join-Path $TestOut $trxName
        if (Test-Path $trxPath) { Remove-Item $trxPath -Force }
        & dotnet test $project.FullName -c $Configuration --no-build --nologo --results-directory $TestOut --logger "trx;LogFileName=$trxName" --logger 'console;verbosity=normal' | Out-Host
        $exit = $LASTEXITCODE
        if (Test-Path $trxPath) {
            $counts = Read-TrxCounts $trxPath
            # A runner that crashed before reporting must not look green.
            if ($exit -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1 }
        }
        else {
            Write-Host "    $name produced no results (exit code $exit); counted as one failure." -ForegroundColor Red
            $counts = [pscustomobject] @{ Passed = 0; Failed = 1; Skipped = 0 }
        }
        Write-Host ("    {0}: {1} passed, {2} failed, {3} skipped" -f $name, $counts.Passed, $counts.Failed, $counts.Skipped)
        $counts
    }
}

function Invoke-PesterSuite {
    $paths = if ($PesterPath) { $PesterPath | ForEach-Object { (Resolve-Path $_).Path } } else { @(Join-Path $RepoRoot 'tests/pester') }
    Write-Step "Pester: $($paths -join ', ')"
    $resultFile = Join-Path $TestOut 'pester-summary.json'
    if (Test-Path $resultFile) { Remove-Item $resultFile -Force }
    # A child process: the module's assemblies load into a fresh session and are unloaded when it ends.
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'build/Invoke-PesterSuite.ps1') -RepoRoot $RepoRoot -Path ($paths -join [IO.Path]::PathSeparator) -SummaryPath $resultFile | Out-Host
    $exit = $LASTEXITCODE
    if (Test-Path $resultFile) {
        $counts = Get-Content -Raw $resultFile | ConvertFrom-Json
        if ($exit -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1 }
        [pscustomobject] @{ Passed = [int] $counts.Passed; Failed = [int] $counts.Failed; Skipped = [int] $counts.Skipped }
    }
    else {
        Write-Host "    Pester produced no results (exit code $exit); counted as one failure." -ForegroundColor Red
        [pscustomobject] @{ Passed = 0; Failed = 1; Skipped = 0 }
    }
}

function Invoke-BenchmarkSmoke {
    # Not a timed test: runs each benchmark body once so the benchmark code cannot rot.
    $project = Join-Path $RepoRoot 'bench/CrossAcctApi.Benchmarks/CrossAcctApi.Benchmarks.csproj'
    Write-Step 'Benchmark smoke run'
    & dotnet run --project $project -c $Configuration --no-build -- --smoke | Out-Host
    $ok = $LASTEXITCODE -eq 0
    [pscustomobject] @{ Passed = [int] $ok; Failed = [int] (-not $ok); Skipped = 0 }
}

function Invoke-DesktopHarness {
    # Windows PowerShell 5.1's runtime, .NET Framework, played by Mono with its strict loader (it compares strong-name
    # versions): tests/desktop/CrossAcctApi.DesktopHarness loads out/CrossAcctApi as Windows PowerShell would and runs
    # its cases against a sandbox of its own. One mono process per scenario, since assemblies never unload.
    Write-Step 'Desktop harness (.NET Framework 4.7.2 on Mono)'
    $mono = Get-Command mono -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $mono) {
        # CI installs it (.ci/run); on a developer machine without it the harness is reported, not hidden.
        $counts = if ($env:CI) { @{ Passed = 0; Failed = 1; Skipped = 0 } } else { @{ Passed = 0; Failed = 0; Skipped = 1 } }
        Write-Host '    mono is not installed (apt-get install mono-runtime mono-devel): the Desktop harness did not run.' -ForegroundColor Yellow
        return [pscustomobject] $counts
    }

    $harness = Join-Path $RepoRoot "tests/desktop/CrossAcctApi.DesktopHarness/bin/$Configuration/net472/CrossAcctApi.DesktopHarness.exe"
    $work = New-Item -ItemType Directory -Force -Path (Join-Path $TestOut "desktop-$PID")
    Invoke-Native dotnet @('restore', (Join-Path $RepoRoot 'tests/isolation/OtherAwsSdk.Restore.csproj'), '--nologo', '-v', 'quiet')
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    $sandbox = Start-CrossAcctApiSandbox -SandboxPath $SandboxOut
    try {
        # A session written to the disk cache by PowerShell 7, for the harness to read back on .NET Framework.
        $seed = Join-Path $work 'disk-cache'
        $seedScript = "Import-Module '$ModuleOut/CrossAcctApi.psd1'; " +
            "Get-AssumedRoleCredential -RoleArn arn:aws:iam::111111111111:role/CrossAccountInvoker -RoleSessionName desktop-harness-disk -DiskCache " +
            "-Credential @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' } | Out-Null"
        $env:CROSSACCTAPI_CACHE_DIR, $env:AWS_ENDPOINT_URL_STS, $env:AWS_REGION = $seed, $sandbox.Url, 'us-east-1'
        try { & dotnet pwsh -NoProfile -NonInteractive -Command $seedScript | Out-Host }
        finally { Remove-Item Env:CROSSACCTAPI_CACHE_DIR, Env:AWS_ENDPOINT_URL_STS, Env:AWS_REGION -ErrorAction SilentlyContinue }

        $common = @('--assembly-loader=strict', $harness, '--module', $ModuleOut, '--sandbox', $sandbox.Url)
        # One list per mono run (a list of arrays, so that PowerShell does not flatten them into one).
        $runs = [System.Collections.Generic.List[string[]]]::new()
        $runs.Add(@('--scenario', 'module', '--sigv4', (Join-Path $RepoRoot '../shared/sigv4-test-suite'), '--disk-cache-seed', $seed))
        $runs.Add(@('--scenario', 'control'))
        $runs.Add(@('--scenario', 'beside-other-sdk', '--other-sdk', (Join-Path $packages 'awssdk.core/3.7.402/lib/net45/AWSSDK.Core.dll')))
        $runs.Add(@('--scenario', 'beside-other-sdk', '--other-sdk', (Join-Path $packages 'awssdk.core/4.0.3.3/lib/net472/AWSSDK.Core.dll')))
        $total = @{ Passed = 0; Failed = 0; Skipped = 0 }
        foreach ($run in $runs) {
            $summary = Join-Path $work ("summary-" + [Guid]::NewGuid().ToString('N') + '.json')
            & $mono.Source @($common + $run + @('--summary', $summary)) | Out-Host
            $exit = $LASTEXITCODE
            $counts = if (Test-Path $summary) { Get-Content -Raw $summary | ConvertFrom-Json } else { $null }
            # A harness that crashed before reporting must not look green.
            if (-not $counts) { $counts = [pscustomobject] @{ Passed = 0; Failed = 1; Skipped = 0 } }
            elseif ($exit -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1 }
            foreach ($key in 'Passed', 'Failed', 'Skipped') { $total[$key] += [int] $counts.$key }
        }
    }
    finally {
        Stop-CrossAcctApiSandbox $sandbox
        Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
    }

    Write-Host ("    Desktop harness: {0} passed, {1} failed, {2} skipped" -f $total.Passed, $total.Failed, $total.Skipped)
    [pscustomobject] $total
}

function Invoke-Test {
    New-Item -ItemType Directory -Force -Path $TestOut | Out-Null
    $results = [System.Collections.Generic.List[object]]::new()
    if (-not $SkipXunit) {
        foreach ($r in Invoke-XunitProjects) { $results.Add($r) }
        $results.Add((Invoke-BenchmarkSmoke))
    }
    $results.Add((Invoke-PesterSuite))
    if (-not $SkipDesktop) { $results.Add((Invoke-DesktopHarness)) }
    $passed = ($results | Measure-Object -Property Passed -Sum).Sum
    $failed = ($results | Measure-Object -Property Failed -Sum).Sum
    $skipped = ($results | Measure-Object -Property Skipped -Sum).Sum
    Write-Host "skipped: $skipped"
    # The plain closing line CI reads.
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
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
                try { Invoke-Build }
                catch {
                    # A build that fails is a failed test run: say so in the line CI reads.
                    Write-Host "Build failed: $($_.Exception.Message)" -ForegroundColor Red
                    Write-Host '0 passed, 1 failed'
                    exit 1
                }
                Invoke-Test
            }
            'Bench' { Invoke-Build; Invoke-Bench }
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
