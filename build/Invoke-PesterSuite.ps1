<#
.SYNOPSIS
    Runs Pester test files in a fresh process (build/TestRunners.psm1 starts it) and writes a JSON summary.

.DESCRIPTION
    One Invoke-Pester per file, so that the console shows progress per file and that a file whose run breaks (a
    throw inside Invoke-Pester, no result) is counted as failed while the other files still run. The console (the
    -ConsolePath file the caller shows as it grows) gets one line per file and every failure in full; Pester's
    detailed output and every stream the tests write go to <ResultsDirectory>/pester.log. After each file, what it
    left changed (environment variables, location, culture) is put back and counted as a failure. The counts come from the result objects; the NUnit and JUnit reports are written
    from the same objects once their text is made safe for XML. The summary is written last, marked complete: the
    caller counts a missing or incomplete summary as a failure.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $RepoRoot,
    # Files or folders, separated by the platform's path separator (a -File call cannot pass an array).
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $ResultsDirectory,
    [Parameter(Mandatory)] [string] $SummaryPath,
    # Where the console lines go (the caller shows them as they come); see Write-ConsoleLine.
    [Parameter(Mandatory)] [string] $ConsolePath
)
# No Set-StrictMode here: the tests run in a scope under this script's and would inherit it.
$ErrorActionPreference = 'Stop'

# Pester restored by the build, first on PSModulePath; tests find the repo (and the built module) through this variable.
$env:PSModulePath = (Join-Path $RepoRoot 'out/modules') + [IO.Path]::PathSeparator + $env:PSModulePath
$env:CROSSACCTAPI_REPO_ROOT = $RepoRoot

[xml] $proj = Get-Content -Raw (Join-Path $RepoRoot 'build/Pester.Restore.csproj')
$pesterVersion = [string] ($proj.Project.PropertyGroup.PesterVersion | Where-Object { $_ } | Select-Object -First 1)
Import-Module Pester -RequiredVersion $pesterVersion
Import-Module (Join-Path $PSScriptRoot 'PesterResults.psm1')
Import-Module (Join-Path $PSScriptRoot 'TestRunners.psm1')
Import-Module (Join-Path $PSScriptRoot 'TestEnvironment.psm1')

function Get-PesterFile([string] $PathList) {
    foreach ($item in $PathList -split [IO.Path]::PathSeparator) {
        if (Test-Path -LiteralPath $item -PathType Container) {
            Get-ChildItem -LiteralPath $item -Recurse -File -Filter '*.Tests.ps1' | Sort-Object FullName | ForEach-Object FullName
        }
        elseif (Test-Path -LiteralPath $item) { (Resolve-Path -LiteralPath $item).Path }
        else { throw "No Pester test file or folder at '$item'." }
    }
}

function New-FileConfiguration([string] $File) {
    $config = New-PesterConfiguration
    $config.Run.Path = $File
    $config.Run.PassThru = $true
    # Detailed, for the log only (the console gets the summary lines); plain text, so the log holds no escapes.
    $config.Output.Verbosity = 'Detailed'
    $config.Output.RenderMode = 'Plaintext'
    $config.Output.CIFormat = 'None'
    # Reports are written after the run, from the joined result (Export-PesterReport): an export inside
    # Invoke-Pester that throws would lose the result of the whole file.
    $config.TestResult.Enabled = $false
    $config.Should.ErrorAction = 'Stop'
    return $config
}

function Write-StreamToLog {
    <#
    Writes what Invoke-Pester and the tests put on the host and on every stream to the log, and passes on the
    pipeline output (the run object). Write-Host pieces written with -NoNewline are joined into their line.
    #>
    param([Parameter(Mandatory)] [IO.TextWriter] $Log, [Parameter(ValueFromPipeline)] $InputObject)
    begin { $line = [System.Text.StringBuilder]::new() }
    process {
        if ($InputObject -is [System.Management.Automation.InformationRecord]) {
            $data = $InputObject.MessageData
            if ($data -is [System.Management.Automation.HostInformationMessage]) {
                $null = $line.Append($data.Message)
                if (-not $data.NoNewLine) { $Log.WriteLine($line.ToString()); $null = $line.Clear() }
            }
            else { $Log.WriteLine("INFO: $data") }
        }
        elseif ($InputObject -is [System.Management.Automation.VerboseRecord]) { $Log.WriteLine("VERBOSE: $($InputObject.Message)") }
        elseif ($InputObject -is [System.Management.Automation.DebugRecord]) { $Log.WriteLine("DEBUG: $($InputObject.Message)") }
        elseif ($InputObject -is [System.Management.Automation.WarningRecord]) { $Log.WriteLine("WARNING: $($InputObject.Message)") }
        elseif ($InputObject -is [System.Management.Automation.ErrorRecord]) {
            $script:LastPesterError = ([string] $InputObject -split "`r?`n")[0]
            $Log.WriteLine("ERROR: $InputObject")
        }
        elseif ($InputObject -is [Pester.Run]) { $InputObject }
        else { $Log.WriteLine([string] $InputObject) }
    }
    end { if ($line.Length) { $Log.WriteLine($line.ToString()) } }
}

function Invoke-PesterFile([string] $File, [IO.TextWriter] $Log) {
    <# The run of one file, or $null with the problem written (one line) when Invoke-Pester broke. #>
    $name = Split-Path -Leaf $File
    $Log.WriteLine("==> $File")
    $script:LastPesterError = $null
    try {
        $run = @(Invoke-Pester -Configuration (New-FileConfiguration $File) *>&1 | Write-StreamToLog -Log $Log)
    }
    catch {
        Write-RunnerProblem "Pester $name" "Invoke-Pester threw: $(($_.Exception.Message -split "`r?`n")[0])"
        $Log.WriteLine(($_ | Out-String))
        return $null
    }
    finally { $Log.Flush() }
    if ($run.Count -ne 1) {
        $cause = if ($script:LastPesterError) { "; the last error: $script:LastPesterError" } else { '' }
        Write-RunnerProblem "Pester $name" "Invoke-Pester returned $($run.Count) results instead of one$cause"
        return $null
    }
    return $run[0]
}

function Invoke-SuiteFile([string] $File, [IO.TextWriter] $Log, [hashtable] $Summary) {
    <# Runs one file, adds its counts to the summary and writes its console lines; returns its run, if it has one. #>
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $before = Get-ProcessState
    $run = Invoke-PesterFile $File $Log
    foreach ($leak in Restore-ProcessState $before) { Write-RunnerProblem "Pester $(Split-Path -Leaf $File)" $leak; $Summary.Failed++ }
    if ($null -eq $run) { $Summary.Failed++; return }
    Repair-PesterRunText $run
    $counts = Get-PesterRunCount $run
    $Summary.Passed += $counts.Passed; $Summary.Failed += $counts.Failed; $Summary.Skipped += $counts.Skipped
    Write-RunnerCountLine (Split-Path -Leaf $File) $counts $clock.Elapsed
    Get-PesterFailureText $run | Write-Host
    return $run
}

function Write-ConsoleLine {
    <#
    The console lines of this process go to -ConsolePath, which the caller shows as they come. Standard output and
    error are left to what tests write straight to the host (Out-Host, -WhatIf messages, error views), which no
    redirection inside a process catches: the caller sends them to pester-host.log.
    #>
    param([Parameter(Mandatory)] [IO.TextWriter] $Console, [Parameter(ValueFromPipeline)] $Line)
    process { $Console.WriteLine([string] $Line) }
}

$files = @(Get-PesterFile $Path)
$summary = @{ Passed = 0; Failed = 0; Skipped = 0; Files = $files.Count; Complete = $false }
New-Item -ItemType Directory -Force -Path $ResultsDirectory | Out-Null
$log = [IO.StreamWriter]::new((Join-Path $ResultsDirectory 'pester.log'), $false, [System.Text.UTF8Encoding]::new($false))
$console = [IO.StreamWriter]::new([IO.FileStream]::new($ConsolePath, 'Append', 'Write', 'ReadWrite'), [System.Text.UTF8Encoding]::new($false))
$console.AutoFlush = $true
try {
    & {
        $runs = @(foreach ($file in $files) { Invoke-SuiteFile $file $log $summary })
        if ($runs.Count) {
            $reportProblems = Export-PesterReport -Run (Join-PesterRun $runs) `
                -NUnitPath (Join-Path $ResultsDirectory 'pester.nunit.xml') -JUnitPath (Join-Path $ResultsDirectory 'pester.junit.xml')
            foreach ($problem in $reportProblems) { Write-RunnerProblem 'Pester' $problem; $summary.Failed++ }
        }
    } 6>&1 | Write-ConsoleLine -Console $console
    $summary.Complete = $true
}
finally {
    $log.Dispose()
    $console.Dispose()
    [pscustomobject] $summary | ConvertTo-Json | Set-Content -LiteralPath $SummaryPath -Encoding utf8
}
exit [int] ($summary.Failed -gt 0)
