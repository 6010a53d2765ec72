#Requires -Version 7.2
<#
.SYNOPSIS
    Benchmark 2 (import): Import-Module as users meet it - in a session where PowerShell's own modules are already
    loaded and used, as after a profile or any earlier command - against an empty manifest module measured in the
    same run; the AWS SDK staying unloaded until the first STS call, and what that first call costs.

.DESCRIPTION
    Every case runs -Runs times, each in its own fresh 'pwsh -NoProfile' process, the cases interleaved and their
    order rotated per run so that a busy moment of the shared machine does not always hit the same case.
    Each process also gets a PowerShell cache folder of its own. PowerShell records which methods a session compiled
    (a .NET multicore-JIT startup profile, StartupProfileData-* in that folder) and compiles them on background
    threads at the next start: with one shared folder, a process's import time depended on what the process before it
    had imported, that is on the case order. Each case starts instead either from a profile recorded by a session that
    imported the empty module (someone who uses PowerShell, but not this module yet), from one recorded by sessions
    that imported CrossAcctApi ('ours-steady'), or from no profile at all (the '-cold' cases). Each child
    first does what a profile does (a Microsoft.PowerShell.Management and a Microsoft.PowerShell.Utility cmdlet,
    output formatted), then times Import-Module with a Stopwatch around it:
      - empty:    an empty manifest module (PowerShell's own cost of an Import-Module in such a session);
      - ours:     out/CrossAcctApi/CrossAcctApi.psd1; then an offline command is timed twice (the first registers
                  the module's views, the cost Import-Module no longer has), the loaded assemblies are checked for the
                  AWS SDK, and Get-AssumedRoleCredential -NoCache is timed twice against the sandbox (the first call
                  loads the STS component and the AWS SDK; the difference is that first call's extra cost);
      - empty-interactive, ours-interactive: the same two imports in a session that has also imported PSReadLine,
                  as every interactive pwsh does when it opens (ConsoleHost imports it before the profile runs);
      - empty-cold, ours-cold: the first two with no startup profile;
      - ours-steady: the second with a startup profile recorded by sessions that imported CrossAcctApi (a script
                  that imports it every time it runs), against the empty module in its own such state ('empty');
      - baseline: with -BaselineManifest, another build of the module (e.g. the old code's), for a before -> after
                  ratio from the same run.
    Reports median and p90 wall time per case, the ratio of the medians to the empty module (target <= 3x), and the
    methods JIT-compiled on the importing thread (System.Runtime.JitInfo), a count the machine's load does not move.
    Writes CrossAcctApi.BenchFigure objects; run it through bench/Invoke-Benchmarks.ps1.
#>
[CmdletBinding()]
param(
    [string] $RepoRoot = (Split-Path -Parent $PSScriptRoot),
    [ValidateRange(1, 1000)] [int] $Runs = 10,
    # Another build's manifest measured in the same run (e.g. /work/wt-old/out/CrossAcctApi/CrossAcctApi.psd1).
    [string] $BaselineManifest
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

Import-Module (Join-Path $PSScriptRoot 'BenchmarkSupport.psm1') -Force
Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force

$bench = 'import'
$targetRatio = 3
$manifest = Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1'
if (-not (Test-Path $manifest)) { throw "The module is not built: $manifest does not exist (run build.ps1)." }
if ($BaselineManifest -and -not (Test-Path $BaselineManifest)) { throw "-BaselineManifest $BaselineManifest does not exist." }

function Get-P90([double[]] $Values) {
    $sorted = [double[]] ($Values | Sort-Object)
    $sorted[[int][Math]::Ceiling(0.9 * ($sorted.Count - 1))]
}

$work = Join-Path ([IO.Path]::GetTempPath()) ('crossacctapi-import-' + [Guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $work | Out-Null
try {
    # The empty module: a manifest and nothing else.
    $empty = Join-Path $work 'EmptyModule/EmptyModule.psd1'
    New-Item -ItemType Directory -Path (Split-Path $empty) | Out-Null
    Set-Content -Path $empty -Value "@{ ModuleVersion = '1.0.0'; GUID = '3d7f9b1e-5c2a-4e8f-9a61-0b4c2d8e7f10'; FunctionsToExport = @(); CmdletsToExport = @() }"

    # The child: a profile's worth of PowerShell's own work, then Import-Module timed; with -Sts two STS calls timed.
    # Its last line is JSON.
    $child = Join-Path $work 'Measure-ImportChild.ps1'
    Set-Content -Path $child -Value @'
param([string] $Module, [string] $Sts, [switch] $Interactive)
$ErrorActionPreference = 'Stop'
function Get-SdkAssemblies {
    @([System.Runtime.Loader.AssemblyLoadContext]::All | ForEach-Object { $_.Assemblies } |
        Where-Object { $_.GetName().Name -like 'AWSSDK.*' } | ForEach-Object { $_.GetName().Name })
}
# What a profile or any first command does: PowerShell's own modules loaded, their cmdlets run, output formatted.
$null = Get-ChildItem -Path $PSHOME -Filter '*.json' | Select-Object -First 2 | Format-Table | Out-String
$null = Get-Date | ConvertTo-Json
if (@(Get-Module Microsoft.PowerShell.Management, Microsoft.PowerShell.Utility).Count -ne 2) { throw 'the warm-up did not load PowerShell''s modules' }
# An interactive pwsh has PSReadLine (and its format file) loaded before anything the user types.
if ($Interactive) { Import-Module PSReadLine }
$jit = [System.Runtime.JitInfo]::GetCompiledMethodCount($true)
$watch = [Diagnostics.Stopwatch]::StartNew()
Import-Module $Module
$import = $watch.Elapsed.TotalMilliseconds
$result = [ordered] @{ ImportMs = $import; Jitted = [System.Runtime.JitInfo]::GetCompiledMethodCount($true) - $jit }
if ($Sts) {
    # The module's views come with its first command (ModuleViews): what that adds to it, against the second.
    $url = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/items/42'
    $watch.Restart()
    $null = Get-ExecuteApiArn -Uri $url -Stage '$default' | Out-String
    $result.FirstCommandMs = $watch.Elapsed.TotalMilliseconds
    $watch.Restart()
    $null = Get-ExecuteApiArn -Uri $url -Stage '$default' | Out-String
    $result.SecondCommandMs = $watch.Elapsed.TotalMilliseconds
    $result.SdkAfterImport = (Get-SdkAssemblies).Count
    $ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
    $role = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
    $watch.Restart()
    $null = Get-AssumedRoleCredential -RoleArn $role -Credential $ops -StsEndpoint $Sts -Region us-east-1 -NoCache
    $result.FirstStsMs = $watch.Elapsed.TotalMilliseconds
    $result.SdkAfterFirstCall = (Get-SdkAssemblies).Count
    $watch.Restart()
    $null = Get-AssumedRoleCredential -RoleArn $role -Credential $ops -StsEndpoint $Sts -Region us-east-1 -NoCache
    $result.SecondStsMs = $watch.Elapsed.TotalMilliseconds
}
[pscustomobject] $result | ConvertTo-Json -Compress
'@

    # A cache folder per process (see the description); PowerShell finds it through XDG_CACHE_HOME or LOCALAPPDATA.
    function New-CacheFolder([string] $StartupProfile) {
        $root = Join-Path $work ('cache-' + [Guid]::NewGuid().ToString('N'))
        $folder = if ($IsWindows) { Join-Path $root 'Microsoft/PowerShell' } else { Join-Path $root 'powershell' }
        New-Item -ItemType Directory -Force -Path $folder | Out-Null
        if ($StartupProfile) { Copy-Item -Path (Join-Path $profiles[$StartupProfile] '*') -Destination $folder }
        [pscustomobject] @{ Root = $root; Folder = $folder; Environment = if ($IsWindows) { @{ LOCALAPPDATA = $root } } else { @{ XDG_CACHE_HOME = $root } } }
    }

    $cases = [ordered] @{
        empty   = @{ Label = 'an empty manifest module (PowerShell''s own floor)'; Arguments = @('-Module', $empty); Profile = 'script' }
        ours    = @{ Label = 'CrossAcctApi'; Arguments = @('-Module', $manifest); Profile = 'script' }
        'empty-interactive' = @{ Label = 'an empty manifest module in an interactive session (PSReadLine loaded)'; Arguments = @('-Module', $empty, '-Interactive'); Profile = 'interactive' }
        'ours-interactive'  = @{ Label = 'CrossAcctApi in an interactive session (PSReadLine loaded)'; Arguments = @('-Module', $manifest, '-Interactive'); Profile = 'interactive' }
        'ours-steady' = @{ Label = 'CrossAcctApi, startup profile of sessions that imported it'; Arguments = @('-Module', $manifest); Profile = 'steady' }
        'empty-cold' = @{ Label = 'an empty manifest module, no startup profile'; Arguments = @('-Module', $empty); Profile = $null }
        'ours-cold'  = @{ Label = 'CrossAcctApi, no startup profile'; Arguments = @('-Module', $manifest); Profile = $null }
    }
    if ($BaselineManifest) { $cases.baseline = @{ Label = "the baseline build ($BaselineManifest)"; Arguments = @('-Module', $BaselineManifest); Profile = 'script' } }
    $results = @{}
    foreach ($name in $cases.Keys) { $results[$name] = [Collections.Generic.List[object]]::new() }

    $sandbox = Start-CrossAcctApiSandbox -SandboxPath (Join-Path $RepoRoot 'out/sandbox')
    try {
        # No AWS configuration of this machine may slow down or redirect the measured calls.
        $environment = @{ AWS_EC2_METADATA_DISABLED = 'true'; AWS_CONFIG_FILE = (Join-Path $work 'none'); AWS_SHARED_CREDENTIALS_FILE = (Join-Path $work 'none') }
        # The startup profiles: two sessions of each kind import the empty module (or, for 'steady', CrossAcctApi: a
        # script that imports it every time it runs) in one cache folder; the second replays the first's profile and
        # records the settled one.
        $profiles = @{}
        foreach ($kind in 'script', 'interactive', 'steady') {
            $seed = New-CacheFolder
            $arguments = @('-Module', $(if ($kind -eq 'steady') { $manifest } else { $empty })) + @(if ($kind -eq 'interactive') { '-Interactive' })
            1..2 | ForEach-Object { $null = Invoke-FreshPwsh $child -ArgumentList $arguments -Environment ($environment + $seed.Environment) }
            if (-not (Test-Path (Join-Path $seed.Folder 'StartupProfileData-*'))) { throw "The $kind session recorded no startup profile in $($seed.Folder)." }
            $profiles[$kind] = $seed.Folder
        }
        $names = @($cases.Keys)
        for ($run = 0; $run -lt $Runs; $run++) {
            for ($k = 0; $k -lt $names.Count; $k++) {
                $name = $names[($k + $run) % $names.Count]
                $arguments = $cases[$name].Arguments
                if ($name -eq 'ours') { $arguments += @('-Sts', $sandbox.StsEndpoint) }
                $cache = New-CacheFolder $cases[$name].Profile
                $results[$name].Add((Invoke-FreshPwsh $child -ArgumentList $arguments -Environment ($environment + $cache.Environment)))
                Remove-Item -Recurse -Force -Path $cache.Root -ErrorAction SilentlyContinue
            }
        }
    }
    finally {
        Stop-CrossAcctApiSandbox $sandbox
    }

    $detail = "median of $Runs fresh processes whose PowerShell modules are already loaded, cases interleaved"
    $floors = @{
        script = Get-Median @($results.empty.ImportMs)
        interactive = Get-Median @($results.'empty-interactive'.ImportMs)
        cold = Get-Median @($results.'empty-cold'.ImportMs)
    }
    foreach ($name in $cases.Keys) {
        $times = [double[]] @($results[$name].ImportMs)
        $median = Get-Median $times
        $jitted = Get-Median ([double[]] @($results[$name].Jitted))
        $startup = switch ($cases[$name].Profile) {
            'steady' { 'startup profile of sessions that imported CrossAcctApi' }
            $null { 'no startup profile' }
            default { 'startup profile of a session that imported the empty module' }
        }
        $caseDetail = '{0}; {1}; p90 {2:0.0} ms; {3:0} methods JIT-compiled' -f $detail, $startup, (Get-P90 $times), $jitted
        # Each session kind is compared with the empty module in the same kind of session.
        $kind = if ($name -like '*-interactive') { 'interactive' } elseif ($name -like '*-cold') { 'cold' } else { 'script' }
        $floor = $floors[$kind]
        $floorName = if ($kind -eq 'script') { 'an empty module' } else { 'an empty module in the same session' }
        if ($name -like 'empty*') {
            New-BenchFigure $bench "Import-Module of $($cases[$name].Label)" $median 'ms' -Detail $caseDetail
        }
        elseif ($name -like 'ours*') {
            $title = switch ($name) {
                'ours-interactive' { 'Import-Module CrossAcctApi in an interactive session (PSReadLine loaded)' }
                'ours-cold' { 'Import-Module CrossAcctApi in a session that has run a command, no startup profile' }
                'ours-steady' { 'Import-Module CrossAcctApi in a script that imports it every time (its own startup profile)' }
                default { 'Import-Module CrossAcctApi in a session that has run a command' }
            }
            New-BenchFigure $bench $title $median 'ms' -Ratio ($median / $floor) -RatioTo $floorName `
                -Target "<= ${targetRatio}x $floorName" -Met (($median / $floor) -le $targetRatio) -Detail $caseDetail
        }
        else {
            New-BenchFigure $bench "Import-Module of $($cases[$name].Label)" $median 'ms' -Ratio ($median / $floor) -RatioTo $floorName -Detail $caseDetail
        }
    }
    $ours = $results.ours
    $sdk = ($ours.SdkAfterImport | Measure-Object -Maximum).Maximum
    New-BenchFigure $bench 'AWS SDK assemblies loaded by Import-Module' $sdk 'assemblies' -Target '= 0' -Met ($sdk -eq 0) `
        -Detail "then $(($ours.SdkAfterFirstCall | Measure-Object -Minimum).Minimum) after the first STS call"
    $firstCommand = Get-Median @($ours.FirstCommandMs)
    New-BenchFigure $bench 'first command after Import-Module (Get-ExecuteApiArn | Out-String; registers the views)' $firstCommand 'ms' `
        -Ratio ($firstCommand / (Get-Median @($ours.SecondCommandMs))) -RatioTo 'the second' -Detail "$detail; the views' share moved here from Import-Module"
    $first = Get-Median @($ours.FirstStsMs)
    $second = Get-Median @($ours.SecondStsMs)
    New-BenchFigure $bench 'first Get-AssumedRoleCredential (loads the STS component and the AWS SDK)' $first 'ms' -Ratio ($first / $second) -RatioTo 'the second call' -Detail $detail
    New-BenchFigure $bench 'second Get-AssumedRoleCredential (warm)' $second 'ms' -Detail $detail
    New-BenchFigure $bench 'extra cost of the first STS call' (Get-Median @($ours | ForEach-Object { $_.FirstStsMs - $_.SecondStsMs })) 'ms' -Detail 'median of (first - second) per process'
}
finally {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
