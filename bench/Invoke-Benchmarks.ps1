#Requires -Version 7.2
<#
.SYNOPSIS
    Runs CrossAcctApi's four benchmarks and prints one line per figure with its ratio (build.ps1 -Task Bench calls it).

.DESCRIPTION
    1. Signing (BenchmarkDotNet, bench/CrossAcctApi.Benchmarks): our SigV4 signer vs the AWS SDK's AWSSigV4Signer vs the
       cryptographic floor, for a GET with a session token (64-character and STS-sized), a 1 KiB JSON POST and a
       presigned URL; median time and bytes allocated per signature. Run -SigningPasses times; each ratio is the
       median of the ratios measured within one pass.
    2. Import (bench/Measure-Import.ps1): Import-Module in fresh processes, the AWS SDK left unloaded until the first
       STS call, and that call's extra cost.
    3. End to end (bench/Measure-EndToEnd.ps1): Invoke-SignedHttpApi vs Invoke-RestMethod on loopback against the
       sandbox, sequential and with -ThrottleLimit 8, STS calls; then the memory check over 10,000 signed requests.
    4. Matrix (bench/Measure-Matrix.ps1): Test-CrossAccountAccess over 200 targets across 3 roles.

    The machine may be shared: before each benchmark the driver waits (up to -WaitSeconds) for the 1-minute load
    average to drop to -MaxLoad, and prints the load it started at. Results also go to -OutputPath as JSON and as a
    Markdown table (the one the README's Performance section shows).

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench
.EXAMPLE
    dotnet pwsh ./bench/Invoke-Benchmarks.ps1 -Short -Benchmark EndToEnd, Matrix
#>
[CmdletBinding()]
param(
    [string] $RepoRoot = (Split-Path -Parent $PSScriptRoot),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Fewer iterations, requests and processes: about 3 minutes instead of 10; the figures are rougher.
    [switch] $Short,

    # Tiny counts that only prove the scripts still run (the test command's smoke test); the figures mean nothing.
    [switch] $Smoke,

    # Signing, Import, EndToEnd, Matrix (default all; also as one comma-separated string, for pwsh -File).
    [string[]] $Benchmark = @('Signing', 'Import', 'EndToEnd', 'Matrix'),

    # Wait for the 1-minute load average to be at most this before each benchmark ...
    [double] $MaxLoad = 3,

    # ... but no longer than this (0: do not wait).
    [ValidateRange(0, 86400)] [int] $WaitSeconds = 0,

    # BenchmarkDotNet passes over the signing benchmarks (default 3, 1 with -Short).
    [ValidateRange(0, 20)] [int] $SigningPasses = 0,

    [string] $OutputPath = (Join-Path $RepoRoot 'out/bench')
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

Import-Module (Join-Path $PSScriptRoot 'BenchmarkSupport.psm1') -Force

$known = @('Signing', 'Import', 'EndToEnd', 'Matrix')
$Benchmark = @($Benchmark | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
foreach ($name in $Benchmark) {
    if ($name -notin $known) { throw "Unknown benchmark '$name'; choose from $($known -join ', ')." }
}

$culture = [Globalization.CultureInfo]::InvariantCulture
New-Item -ItemType Directory -Force -Path $OutputPath | Out-Null
if ($SigningPasses -eq 0) { $SigningPasses = $Short ? 1 : 3 }

function Write-Step([string] $Text) { Write-Host "==> $Text" -ForegroundColor Cyan }

function Invoke-SigningBenchmark {
    $project = Join-Path $RepoRoot 'bench/CrossAcctApi.Benchmarks/CrossAcctApi.Benchmarks.csproj'
    $cases = [ordered] @{
        GetShortToken = 'GET with session token (64 chars)'
        Get           = 'GET with session token (STS-sized, ~660 chars)'
        Post1KiB      = 'POST with 1 KiB JSON body'
        Presign       = 'presigned URL (STS-sized token)'
    }
    $iterations = $Short ? @('--warmupCount', '2', '--iterationCount', '5') : @('--warmupCount', '4', '--iterationCount', '9')
    $passes = [Collections.Generic.List[hashtable]]::new()
    for ($pass = 1; $pass -le $SigningPasses; $pass++) {
        $artifacts = Join-Path $OutputPath "bdn/pass$pass"
        if (Test-Path $artifacts) { Remove-Item -Recurse -Force $artifacts }
        Write-Host "    BenchmarkDotNet pass $pass of $SigningPasses" -ForegroundColor DarkGray
        $log = Join-Path $OutputPath "bdn-pass$pass.log"
        & dotnet run --project $project -c $Configuration --no-build -- --filter '*SigningBenchmarks*' --exporters json --artifacts $artifacts @iterations *> $log
        if ($LASTEXITCODE -ne 0) { throw "BenchmarkDotNet failed (exit code $LASTEXITCODE); see $log." }
        $report = Get-ChildItem -Path (Join-Path $artifacts 'results') -Filter '*SigningBenchmarks-report-full*.json' | Select-Object -First 1
        if (-not $report) { throw "BenchmarkDotNet wrote no JSON report under $artifacts." }
        $values = @{}
        foreach ($b in (Get-Content -Raw $report.FullName | ConvertFrom-Json).Benchmarks) {
            $values[$b.Method] = [pscustomobject] @{ Median = $b.Statistics.Median / 1000; Allocated = [double] $b.Memory.BytesAllocatedPerOperation }
        }
        $passes.Add($values)
    }

    foreach ($case in $cases.Keys) {
        $label = $cases[$case]
        $ours = Get-Median @($passes | ForEach-Object { $_["Ours_$case"].Median })
        $sdk = Get-Median @($passes | ForEach-Object { $_["Sdk_$case"].Median })
        $floorUs = Get-Median @($passes | ForEach-Object { $_["Floor_$case"].Median })
        $toFloor = Get-Median @($passes | ForEach-Object { $_["Ours_$case"].Median / $_["Floor_$case"].Median })
        $sdkSpeedup = Get-Median @($passes | ForEach-Object { $_["Sdk_$case"].Median / $_["Ours_$case"].Median })
        $oursBytes = ($passes | ForEach-Object { $_["Ours_$case"].Allocated } | Measure-Object -Maximum).Maximum
        $sdkBytes = ($passes | ForEach-Object { $_["Sdk_$case"].Allocated } | Measure-Object -Maximum).Maximum
        $isGet = $case -like 'Get*'
        $detail = "median of $SigningPasses BenchmarkDotNet pass$($SigningPasses -eq 1 ? '' : 'es')"
        New-BenchFigure 'signing' "$label, ours" $ours 'us' -Ratio $toFloor -RatioTo 'the floor' `
            -Target ($isGet ? '<= 1.3x floor' : $null) -Met ($isGet ? ($toFloor -le 1.3) : $null) -Detail $detail
        New-BenchFigure 'signing' "$label, AWS SDK AWSSigV4Signer" $sdk 'us' -Ratio $sdkSpeedup -RatioTo 'ours (SDK time / our time)' `
            -Target ($isGet ? '>= 4x' : $null) -Met ($isGet ? ($sdkSpeedup -ge 4) : $null)
        New-BenchFigure 'signing' "$label, floor (2 x SHA-256 + 1 HMAC)" $floorUs 'us'
        New-BenchFigure 'signing' "$label, allocated per signature, ours" $oursBytes 'B' -Ratio ($oursBytes / [Math]::Max(1, $sdkBytes)) -RatioTo "the SDK's $sdkBytes B" `
            -Target ($isGet ? '<= 512 B' : $null) -Met ($isGet ? ($oursBytes -le 512) : $null)
    }
}

$scripts = @{
    Import   = @{ Path = 'Measure-Import.ps1'; Full = @{ Runs = 10 }; Short = @{ Runs = 5 }; Smoke = @{ Runs = 1 } }
    EndToEnd = @{
        Path  = 'Measure-EndToEnd.ps1'
        Full  = @{ Count = 2000; Rounds = 5; Warmup = 500; MemoryCount = 10000 }
        Short = @{ Count = 400; Rounds = 2; Warmup = 100; MemoryCount = 1000 }
        Smoke = @{ Count = 4; Rounds = 1; Warmup = 1; MemoryCount = 2 }
    }
    Matrix   = @{ Path = 'Measure-Matrix.ps1'; Full = @{ Rounds = 3 }; Short = @{ Rounds = 1 }; Smoke = @{ Targets = 6; Rounds = 1 } }
}
$size = $Smoke ? 'Smoke' : $Short ? 'Short' : 'Full'

$machine = Get-MachineDescription
Write-Step ("CrossAcctApi benchmarks{0} on {1}: {2} cores ({3}), {4}, PowerShell {5}, load {6}" -f ($Smoke ? ' (smoke run)' : $Short ? ' (short run)' : ''), $machine.Date, $machine.Cores, $machine.Cpu, $machine.DotNet, $machine.PowerShell, $machine.Load)

$figures = [Collections.Generic.List[object]]::new()
$loads = [ordered] @{}
foreach ($name in $known | Where-Object { $_ -in $Benchmark }) {
    $load = Wait-QuietMachine -MaxLoad $MaxLoad -TimeoutSeconds $WaitSeconds
    $loads[$name] = $load
    Write-Step ("{0} (load {1})" -f $name, ($null -eq $load ? 'unknown' : $load.ToString('0.00', $culture)))
    $started = [Diagnostics.Stopwatch]::StartNew()
    $results = if ($name -eq 'Signing') {
        Invoke-SigningBenchmark
    }
    else {
        $arguments = $scripts[$name][$size]
        & (Join-Path $PSScriptRoot $scripts[$name].Path) -RepoRoot $RepoRoot @arguments
    }
    foreach ($figure in $results) {
        $figures.Add($figure)
        Write-Host (Format-BenchFigure $figure)
    }
    Write-Host ("    ({0:0} s)" -f $started.Elapsed.TotalSeconds) -ForegroundColor DarkGray
}

$judged = @($figures | Where-Object { $null -ne $_.Met })
$missed = @($judged | Where-Object { -not $_.Met })
Write-Step ("{0} figures, {1} with a target: {2} met, {3} missed" -f $figures.Count, $judged.Count, ($judged.Count - $missed.Count), $missed.Count)
foreach ($figure in $missed) { Write-Host "    missed: $($figure.Benchmark) / $($figure.Name)" -ForegroundColor Yellow }

# The record of the run: JSON with everything, and the Markdown table the README shows.
[pscustomobject] @{ Machine = $machine; Size = $size; LoadAtStart = $loads; Figures = $figures } |
    ConvertTo-Json -Depth 6 | Set-Content -Path (Join-Path $OutputPath 'results.json') -Encoding utf8
$table = [Text.StringBuilder]::new()
$null = $table.AppendLine(('Run {0}{1}: {2} cores, {3}, {4}, {5}, PowerShell {6}; 1-minute load at the start of each benchmark: {7}.' -f `
            $machine.Date, ($size -eq 'Full' ? '' : " ($($size.ToLowerInvariant()))"), $machine.Cores, $machine.Cpu, $machine.Os, $machine.DotNet, $machine.PowerShell,
        (($loads.Keys | ForEach-Object { '{0} {1}' -f $_, ($null -eq $loads[$_] ? '?' : $loads[$_].ToString('0.0', $culture)) }) -join ', ')))
$null = $table.AppendLine()
$null = $table.AppendLine('| benchmark | figure | median | ratio | target |')
$null = $table.AppendLine('| --- | --- | ---: | --- | --- |')
foreach ($f in $figures) {
    $value = Format-BenchValue $f.Value $f.Unit
    $ratio = $null -eq $f.Ratio ? '' : ('{0}x {1}' -f $f.Ratio.ToString('0.00', $culture), $f.RatioTo)
    $target = if (-not $f.Target) { '' } elseif ($f.Met) { "$($f.Target): met" } else { "$($f.Target): **missed**" }
    $null = $table.AppendLine("| $($f.Benchmark) | $($f.Name) | $value | $ratio | $target |")
}
Set-Content -Path (Join-Path $OutputPath 'results.md') -Value $table.ToString() -Encoding utf8
Write-Host "    results: $(Join-Path $OutputPath 'results.md'), $(Join-Path $OutputPath 'results.json')" -ForegroundColor DarkGray
exit 0
