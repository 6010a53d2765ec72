#Requires -Version 7.2
<#
.SYNOPSIS
    Helpers shared by the benchmark scripts in bench/: figures, medians, the machine description, the load gate
    and fresh pwsh processes. Build tooling, not part of the CrossAcctApi module.
#>

Set-StrictMode -Version 3.0

function Get-Median {
    <# The median of the values (the mean of the two middle ones for an even count). #>
    [CmdletBinding()]
    [OutputType([double])]
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [double[]] $Values)
    if ($Values.Count -eq 0) { return [double]::NaN }
    $sorted = [double[]] ($Values | Sort-Object)
    $middle = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2 -eq 1) { return $sorted[$middle] }
    return ($sorted[$middle - 1] + $sorted[$middle]) / 2
}

function New-BenchFigure {
    <#
    .SYNOPSIS
        One measured figure: what, its value and unit, and (when there is one) its ratio to a reference measured in
        the same run and the target it is held against. Met is $null when there is no target.
    #>
    [CmdletBinding()]
    [OutputType('CrossAcctApi.BenchFigure')]
    param(
        [Parameter(Mandatory)] [string] $Benchmark,
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [double] $Value,
        [Parameter(Mandatory)] [string] $Unit,
        [Nullable[double]] $Ratio,
        [string] $RatioTo,
        [string] $Target,
        [Nullable[bool]] $Met,
        [string] $Detail
    )
    [pscustomobject] @{
        PSTypeName = 'CrossAcctApi.BenchFigure'
        Benchmark  = $Benchmark
        Name       = $Name
        Value      = $Value
        Unit       = $Unit
        Ratio      = $Ratio
        RatioTo    = $RatioTo
        Target     = $Target
        Met        = $Met
        Detail     = $Detail
    }
}

function Format-BenchFigure {
    <# One line per figure: "[bench] name: value unit, ratio× reference (target: met|MISSED) - detail". #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory, ValueFromPipeline)] [psobject] $Figure)
    process {
        $value = Format-BenchValue $Figure.Value $Figure.Unit
        $line = '[{0}] {1}: {2}' -f $Figure.Benchmark, $Figure.Name, $value
        # Invariant, like the values: the figures go to the README and are compared across machines.
        if ($null -ne $Figure.Ratio) { $line += ', ' + ([double] $Figure.Ratio).ToString('0.00', [Globalization.CultureInfo]::InvariantCulture) + "x $($Figure.RatioTo)" }
        if ($Figure.Target) {
            $verdict = if ($null -eq $Figure.Met) { 'not judged' } elseif ($Figure.Met) { 'met' } else { 'MISSED' }
            $line += " (target $($Figure.Target): $verdict)"
        }
        if ($Figure.Detail) { $line += " - $($Figure.Detail)" }
        $line
    }
}

function Format-BenchValue {
    <# "1,234 req/s", "1.83 us", "464 B": integers and large values without decimals. #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [double] $Value, [Parameter(Mandatory)] [string] $Unit)
    $culture = [Globalization.CultureInfo]::InvariantCulture
    if ($Value -eq 1) { $Unit = switch ($Unit) { 'calls' { 'call' } 'assemblies' { 'assembly' } default { $Unit } } }
    $text = if ($Value -eq [Math]::Floor($Value) -or [Math]::Abs($Value) -ge 100) { $Value.ToString('#,0', $culture) }
    elseif ([Math]::Abs($Value) -ge 10) { $Value.ToString('0.0', $culture) }
    else { $Value.ToString('0.00', $culture) }
    "$text $Unit"
}

function Get-LoadAverage {
    <# The 1-minute load average (Linux /proc/loadavg), or $null where there is none. #>
    [CmdletBinding()]
    [OutputType([double])]
    param()
    if (Test-Path /proc/loadavg) {
        return [double]::Parse((Get-Content /proc/loadavg -Raw).Split(' ')[0], [Globalization.CultureInfo]::InvariantCulture)
    }
    return $null
}

function Wait-QuietMachine {
    <#
    .SYNOPSIS
        Waits (up to -TimeoutSeconds) until the 1-minute load average is at most -MaxLoad, so that a measurement
        starts when the shared machine is least busy. Returns the load it started with.
    #>
    [CmdletBinding()]
    [OutputType([double])]
    param([double] $MaxLoad = 3, [int] $TimeoutSeconds = 0)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    $load = Get-LoadAverage
    while ($null -ne $load -and $load -gt $MaxLoad -and [DateTime]::UtcNow -lt $deadline) {
        Write-Host ("    load {0:0.00} > {1}; waiting for a quieter moment..." -f $load, $MaxLoad) -ForegroundColor DarkGray
        Start-Sleep -Seconds 10
        $load = Get-LoadAverage
    }
    $load
}

function Get-MachineDescription {
    <# Date, cores, CPU model, OS, .NET and PowerShell versions, and the load right now. #>
    [CmdletBinding()]
    param()
    $cpu = 'unknown'
    if (Test-Path /proc/cpuinfo) {
        $line = Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1
        if ($line) { $cpu = ($line -split ':', 2)[1].Trim() }
    }
    [pscustomobject] @{
        Date       = [DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm', [Globalization.CultureInfo]::InvariantCulture) + ' UTC'
        Cores      = [Environment]::ProcessorCount
        Cpu        = $cpu
        Os         = [Runtime.InteropServices.RuntimeInformation]::OSDescription
        DotNet     = [Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
        PowerShell = $PSVersionTable.PSVersion.ToString()
        Load       = Get-LoadAverage
    }
}

function Get-PwshCommandLine {
    <#
    .SYNOPSIS
        How to start a fresh PowerShell like this one: the pwsh executable, or 'dotnet <PSHOME>/pwsh.dll' when this is
        the dotnet tool (which avoids the dotnet CLI's own start-up in each measured process).
    #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param()
    if ([Environment]::ProcessPath -match 'dotnet(\.exe)?$') { return @([Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll')) }
    return @([Environment]::ProcessPath)
}

function Invoke-FreshPwsh {
    <#
    .SYNOPSIS
        Runs a script file in a fresh 'pwsh -NoProfile -NonInteractive' and returns its last output line parsed as JSON.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $ScriptPath,
        [string[]] $ArgumentList = @(),
        [hashtable] $Environment = @{}
    )
    $command = Get-PwshCommandLine
    $info = [System.Diagnostics.ProcessStartInfo]::new($command[0])
    foreach ($a in ($command | Select-Object -Skip 1)) { $info.ArgumentList.Add($a) }
    foreach ($a in @('-NoProfile', '-NonInteractive', '-File', $ScriptPath) + $ArgumentList) { $info.ArgumentList.Add($a) }
    foreach ($name in $Environment.Keys) { $info.Environment[$name] = [string] $Environment[$name] }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    if (-not $process.WaitForExit(300000)) { $process.Kill($true); throw "The child pwsh running $ScriptPath did not finish within 5 minutes." }
    $process.WaitForExit()
    $lines = @($stdout.Result -split "`r?`n" | Where-Object { $_.Trim() })
    if ($process.ExitCode -ne 0 -or $lines.Count -eq 0) {
        throw "The child pwsh running $ScriptPath failed (exit code $($process.ExitCode)): $($stdout.Result) $($stderr.Result)"
    }
    $lines[-1] | ConvertFrom-Json
}

Export-ModuleMember -Function Get-Median, New-BenchFigure, Format-BenchFigure, Format-BenchValue, Get-LoadAverage, Wait-QuietMachine,
    Get-MachineDescription, Get-PwshCommandLine, Invoke-FreshPwsh
