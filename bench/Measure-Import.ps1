#Requires -Version 7.2
<#
.SYNOPSIS
    Benchmark 2 (import): Import-Module time inside fresh 'pwsh -NoProfile' processes, the AWS SDK staying unloaded
    until the first STS call, and what that first call costs.

.DESCRIPTION
    -Runs times, interleaved, each in its own fresh process (timed with a Stopwatch inside it, around Import-Module):
      - CrossAcctApi: Import-Module out/CrossAcctApi/CrossAcctApi.psd1 as the first module of the session; then the
        loaded assemblies are checked for the AWS SDK, and Get-AssumedRoleCredential -NoCache is timed twice against
        the sandbox: the first call loads the STS component and the AWS SDK, the second shows a warm call, and the
        difference is the first call's extra cost;
      - an empty manifest module as the first module of the session: what PowerShell itself costs for any
        Import-Module in a fresh session (module system, manifest parser; its JIT where PowerShell is not
        precompiled, as with the dotnet tool);
      - CrossAcctApi imported after that empty module: the module's own share of the import;
      - the same with a copy of the module whose manifest lists no format files: how much of that share is PowerShell
        loading FormatsToProcess (an experiment to explain the figure, not a shipped layout).
    Medians over the runs. Writes CrossAcctApi.BenchFigure objects; run it through bench/Invoke-Benchmarks.ps1.
#>
[CmdletBinding()]
param(
    [string] $RepoRoot = (Split-Path -Parent $PSScriptRoot),
    [ValidateRange(1, 1000)] [int] $Runs = 10
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

Import-Module (Join-Path $PSScriptRoot 'BenchmarkSupport.psm1') -Force
Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force

$bench = 'import'
$manifest = Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1'
if (-not (Test-Path $manifest)) { throw "The module is not built: $manifest does not exist (run build.ps1)." }

$work = Join-Path ([IO.Path]::GetTempPath()) ('crossacctapi-import-' + [Guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $work | Out-Null
try {
    # The empty module: a manifest and nothing else.
    $empty = Join-Path $work 'EmptyModule/EmptyModule.psd1'
    New-Item -ItemType Directory -Path (Split-Path $empty) | Out-Null
    Set-Content -Path $empty -Value "@{ ModuleVersion = '1.0.0'; GUID = '3d7f9b1e-5c2a-4e8f-9a61-0b4c2d8e7f10'; FunctionsToExport = @(); CmdletsToExport = @() }"

    # The module without its format views (an experiment, not a shipped layout): how much of the import is PowerShell
    # loading FormatsToProcess, which it does for any module that has views.
    $noViews = Join-Path $work 'CrossAcctApi'
    New-Item -ItemType Directory -Path $noViews | Out-Null
    Get-ChildItem (Split-Path $manifest) -File | Copy-Item -Destination $noViews
    $noViewsManifest = Join-Path $noViews 'CrossAcctApi.psd1'
    (Get-Content -Raw $noViewsManifest) -replace '(?m)^\s*FormatsToProcess\s*=.*$', '    FormatsToProcess = @()' | Set-Content -Path $noViewsManifest -NoNewline
    $formatFiles = @(Import-PowerShellDataFile $manifest).FormatsToProcess.Count

    # The child: imports -Warm (if any) untimed, then times -Module, then (with -Sts) times two STS calls.
    # Its last line is JSON.
    $child = Join-Path $work 'Measure-ImportChild.ps1'
    Set-Content -Path $child -Value @'
param([string] $Module, [string] $Warm, [string] $Sts)
$ErrorActionPreference = 'Stop'
function Get-SdkAssemblies {
    @([System.Runtime.Loader.AssemblyLoadContext]::All | ForEach-Object { $_.Assemblies } |
        Where-Object { $_.GetName().Name -like 'AWSSDK.*' } | ForEach-Object { $_.GetName().Name })
}
if ($Warm) { Import-Module $Warm }
$watch = [Diagnostics.Stopwatch]::StartNew()
Import-Module $Module
$import = $watch.Elapsed.TotalMilliseconds
$result = [ordered] @{ ImportMs = $import }
if ($Sts) {
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

    $sandbox = Start-CrossAcctApiSandbox -SandboxPath (Join-Path $RepoRoot 'out/sandbox')
    try {
        # No AWS configuration of this machine may slow down or redirect the measured calls.
        $environment = @{ AWS_EC2_METADATA_DISABLED = 'true'; AWS_CONFIG_FILE = (Join-Path $work 'none'); AWS_SHARED_CREDENTIALS_FILE = (Join-Path $work 'none') }
        $ours = [Collections.Generic.List[object]]::new()
        $floor = [Collections.Generic.List[double]]::new()
        $own = [Collections.Generic.List[double]]::new()
        $ownNoViews = [Collections.Generic.List[double]]::new()
        for ($run = 0; $run -lt $Runs; $run++) {
            # Rotate the order so that a busy moment of the shared machine does not always hit the same case.
            $cases = @('ours', 'floor', 'own', 'noviews')
            for ($k = 0; $k -lt $cases.Count; $k++) {
                switch ($cases[($k + $run) % $cases.Count]) {
                    'ours' { $ours.Add((Invoke-FreshPwsh $child -ArgumentList @('-Module', $manifest, '-Sts', $sandbox.StsEndpoint) -Environment $environment)) }
                    'floor' { $floor.Add((Invoke-FreshPwsh $child -ArgumentList @('-Module', $empty) -Environment $environment).ImportMs) }
                    'own' { $own.Add((Invoke-FreshPwsh $child -ArgumentList @('-Module', $manifest, '-Warm', $empty) -Environment $environment).ImportMs) }
                    'noviews' { $ownNoViews.Add((Invoke-FreshPwsh $child -ArgumentList @('-Module', $noViewsManifest, '-Warm', $empty) -Environment $environment).ImportMs) }
                }
            }
        }
    }
    finally {
        Stop-CrossAcctApiSandbox $sandbox
    }

    $import = Get-Median @($ours.ImportMs)
    $floorMs = Get-Median $floor
    $ownMs = Get-Median $own
    $detail = "median of $Runs fresh processes"
    New-BenchFigure $bench 'Import-Module CrossAcctApi, first module of a fresh session' $import 'ms' -Ratio ($import / $floorMs) -RatioTo 'an empty module' `
        -Target '<= 30 ms' -Met ($import -le 30) -Detail $detail
    New-BenchFigure $bench 'Import-Module of an empty manifest module (PowerShell''s own floor)' $floorMs 'ms' -Detail $detail
    New-BenchFigure $bench 'Import-Module CrossAcctApi after an empty module (its own share)' $ownMs 'ms' -Ratio ($ownMs / $import) -RatioTo 'the first-module figure' `
        -Target '<= 30 ms' -Met ($ownMs -le 30) -Detail $detail
    $noViewsMs = Get-Median $ownNoViews
    New-BenchFigure $bench "of that, PowerShell loading its $formatFiles format files (measured by importing a copy without them)" ($ownMs - $noViewsMs) 'ms' `
        -Detail ('{0:0} ms without FormatsToProcess' -f $noViewsMs)
    $sdk = ($ours.SdkAfterImport | Measure-Object -Maximum).Maximum
    New-BenchFigure $bench 'AWS SDK assemblies loaded by Import-Module' $sdk 'assemblies' -Target '= 0' -Met ($sdk -eq 0) `
        -Detail "then $(($ours.SdkAfterFirstCall | Measure-Object -Minimum).Minimum) after the first STS call"
    $first = Get-Median @($ours.FirstStsMs)
    $second = Get-Median @($ours.SecondStsMs)
    New-BenchFigure $bench 'first Get-AssumedRoleCredential (loads the STS component and the AWS SDK)' $first 'ms' -Ratio ($first / $second) -RatioTo 'the second call' -Detail $detail
    New-BenchFigure $bench 'second Get-AssumedRoleCredential (warm)' $second 'ms' -Detail $detail
    New-BenchFigure $bench 'extra cost of the first STS call' (Get-Median @($ours | ForEach-Object { $_.FirstStsMs - $_.SecondStsMs })) 'ms' -Detail 'median of (first - second) per process'
}
finally {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
