# The runners of the test command (build.ps1 -Task Test): the xunit projects, the Pester suite in a child pwsh and
# the benchmark smoke run. The real suite and the self-test's fixtures go through these same functions.
#
# Each runner returns one count (Runner, Passed, Failed, Skipped). Whatever goes wrong inside a runner (no result, a
# partial or unreadable result, a crash, a non-zero exit with no failure counted) is counted as one failure and said
# in one plain line naming the runner and the cause. The console gets a line per test project and Pester file, every
# failure in full and the closing line; per-test detail goes to files in the results directory (trx, NUnit, JUnit and
# the full logs).
Set-StrictMode -Version 3.0

$Invariant = [Globalization.CultureInfo]::InvariantCulture

Import-Module (Join-Path $PSScriptRoot 'TestEnvironment.psm1')

function New-RunnerCount {
    param([Parameter(Mandatory)] [string] $Runner, [int] $Passed, [int] $Failed, [int] $Skipped)
    [pscustomobject] @{ PSTypeName = 'CrossAcctApi.RunnerCount'; Runner = $Runner; Passed = $Passed; Failed = $Failed; Skipped = $Skipped }
}

function Write-RunnerProblem {
    <# The one plain line that says a runner broke, and why; the caller counts it as one failure. #>
    param([Parameter(Mandatory)] [string] $Runner, [Parameter(Mandatory)] [string] $Cause)
    Write-Host "    $($Runner): $Cause; counted as 1 failed." -ForegroundColor Red
}

function Invoke-GuardedRunner {
    <#
    .SYNOPSIS
        Runs one runner and returns its count; a runner that throws, or returns anything but one count, is counted
        as one failure with the cause, and the runs after it still happen.
    #>
    param([Parameter(Mandatory)] [string] $Runner, [Parameter(Mandatory)] [scriptblock] $ScriptBlock)
    try {
        $result = @(& $ScriptBlock)
        if ($result.Count -ne 1 -or $result[0].PSObject.TypeNames -notcontains 'CrossAcctApi.RunnerCount') {
            throw "it returned $($result.Count) objects instead of one count"
        }
        return $result[0]
    }
    catch {
        Write-RunnerProblem $Runner "the runner broke: $(($_.Exception.Message -split "`r?`n")[0])"
        return New-RunnerCount $Runner -Failed 1
    }
}

function Format-Seconds([TimeSpan] $Elapsed) { $Elapsed.TotalSeconds.ToString('0.0', $Invariant) + ' s' }

function Write-RunnerCountLine {
    <# The progress line of one test project, Pester file or smoke run. #>
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] $Counts, [TimeSpan] $Elapsed)
    $colour = if ($Counts.Failed) { 'Red' } else { 'Gray' }
    $time = if ($Elapsed) { " ($(Format-Seconds $Elapsed))" } else { '' }
    Write-Host ("    {0}: {1} passed, {2} failed, {3} skipped{4}" -f $Name, $Counts.Passed, $Counts.Failed, $Counts.Skipped, $time) -ForegroundColor $colour
}

function Get-LogCause {
    # The line of a runner's log that best says why it broke, if it has one.
    param([string] $LogPath)
    if (-not (Test-Path -LiteralPath $LogPath)) { return $null }
    $hit = Select-String -LiteralPath $LogPath -Pattern 'The active test run was aborted', 'Test host process crashed', ': error ', 'Unhandled exception' |
        Select-Object -First 1
    if ($hit) { return $hit.Line.Trim() }
}

function Read-XmlFile {
    <# The XML document in a file; when it is not XML, throws the parser's one-line reason (a cast would quote the file). #>
    param([Parameter(Mandatory)] [string] $Path)
    $document = [xml]::new()
    try { $document.Load($Path) }
    catch { throw $(if ($_.Exception.InnerException) { $_.Exception.InnerException.Message } else { $_.Exception.Message }) }
    return $document
}

function Read-TrxResult {
    <#
    .SYNOPSIS
        Counts and failures of a trx file, and the problems that make it untrustworthy: unreadable, partial (fewer
        results than it counts), a run that did not complete, or no test at all.
    #>
    param([Parameter(Mandatory)] [string] $Path)
    $problems = [System.Collections.Generic.List[string]]::new()
    try { $trx = Read-XmlFile $Path }
    catch { return [pscustomobject] @{ Passed = 0; Failed = 0; Skipped = 0; Failures = @(); Problems = @("its trx is not readable XML ($($_.Exception.Message))") } }
    # XPath by local name: a partial trx may lack any element, and strict mode throws on a missing property.
    $summary = $trx.SelectSingleNode("/*[local-name()='TestRun']/*[local-name()='ResultSummary']")
    $results = @($trx.SelectNodes("/*[local-name()='TestRun']/*[local-name()='Results']/*[local-name()='UnitTestResult']"))
    $passed = @($results | Where-Object { $_.GetAttribute('outcome') -eq 'Passed' }).Count
    $failures = @($results | Where-Object { $_.GetAttribute('outcome') -in 'Failed', 'Error', 'Timeout', 'Aborted' })
    if ($null -eq $summary) { $problems.Add('its trx has no ResultSummary (a partial result)') }
    else {
        $outcome = $summary.GetAttribute('outcome')
        if ($outcome -notin 'Completed', 'Passed', 'Failed') { $problems.Add("its run ended '$outcome'") }
        $total = $summary.SelectSingleNode("*[local-name()='Counters']/@total")
        if ($null -eq $total -or [int] $total.Value -ne $results.Count) {
            $problems.Add("its trx counts $(if ($total) { $total.Value } else { 'no' }) tests but holds $($results.Count) results (a partial result)")
        }
    }
    if ($results.Count -eq 0) { $problems.Add('it ran no test') }
    [pscustomobject] @{
        Passed   = $passed
        Failed   = $failures.Count
        Skipped  = $results.Count - $passed - $failures.Count
        Failures = $failures
        Problems = $problems.ToArray()
    }
}

function Get-TrxFailureText {
    <# A failed trx result in full: its name, message and stack trace, as lines for the console. #>
    param([Parameter(Mandatory)] $Result)
    "    [-] $($Result.GetAttribute('testName'))"
    $info = $Result.SelectNodes("*[local-name()='Output']/*[local-name()='ErrorInfo']/*")
    foreach ($text in @($info | ForEach-Object InnerText)) {
        foreach ($line in ([string] $text) -split "`r?`n") { if ($line.Trim()) { "      $line" } }
    }
}

function Invoke-XunitProject {
    <#
    .SYNOPSIS
        Runs one built xunit project with dotnet test: the trx and the full console log (one line per test) go to the
        results directory, the console gets the project's counts and each failure in full.
    #>
    param(
        [Parameter(Mandatory)] [string] $Project,
        [Parameter(Mandatory)] [string] $Configuration,
        [Parameter(Mandatory)] [string] $ResultsDirectory
    )
    $name = [IO.Path]::GetFileNameWithoutExtension($Project)
    $runner = "xunit $name"
    $trxPath = Join-Path $ResultsDirectory "$name.trx"
    $logPath = Join-Path $ResultsDirectory "$name.log"
    Remove-Item -LiteralPath $trxPath, $logPath -Force -ErrorAction Ignore
    Write-Host "==> xunit: $name" -ForegroundColor Cyan
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $arguments = @('test', $Project, '-c', $Configuration, '--no-build', '--nologo', '--results-directory', $ResultsDirectory,
        '--logger', "trx;LogFileName=$name.trx", '--logger', 'console;verbosity=normal')
    Use-TestEnvironment { & dotnet @arguments *> $logPath }
    $exit = $LASTEXITCODE
    $result = if (Test-Path -LiteralPath $trxPath) { Read-TrxResult $trxPath }
    else { [pscustomobject] @{ Passed = 0; Failed = 0; Skipped = 0; Failures = @(); Problems = @("it wrote no trx (exit code $exit)") } }
    $problems = @($result.Problems)
    if ($exit -ne 0 -and $result.Failed -eq 0 -and -not $problems) { $problems += "dotnet test exited with $exit but no test failed" }
    $cause = Get-LogCause $logPath
    foreach ($failure in $result.Failures) { Get-TrxFailureText $failure | Write-Host }
    foreach ($problem in $problems) { Write-RunnerProblem $runner ("$problem" + $(if ($cause) { "; the log says: $cause" }) + "; see $logPath") }
    $counts = New-RunnerCount $runner $result.Passed ($result.Failed + $problems.Count) $result.Skipped
    Write-RunnerCountLine $name $counts $clock.Elapsed
    return $counts
}

function Read-PesterSummary {
    # The child's summary, or the problem that makes it unusable.
    param([string] $Path, [int] $ExitCode)
    if (-not (Test-Path -LiteralPath $Path)) {
        return @{ Problem = "the Pester process ended with exit code $ExitCode and wrote no summary (it crashed, or a test ended it)" }
    }
    try { $summary = Get-Content -Raw -LiteralPath $Path | ConvertFrom-Json }
    catch { return @{ Problem = "its summary is not readable JSON ($($_.Exception.Message))" } }
    if (-not $summary.Complete) { return @{ Summary = $summary; Problem = 'the Pester process stopped before the end of the run (an incomplete summary)' } }
    if ($ExitCode -ne 0 -and $summary.Failed -eq 0) { return @{ Summary = $summary; Problem = "the Pester process exited with $ExitCode but counted no failure" } }
    return @{ Summary = $summary }
}

function Invoke-PesterSuite {
    <#
    .SYNOPSIS
        Runs Pester files in a child pwsh (build/Invoke-PesterSuite.ps1): the module's assemblies load into a fresh
        process and go with it. The child prints a line per file and every failure; its summary gives the counts.
    #>
    param(
        [Parameter(Mandatory)] [string] $RepoRoot,
        [Parameter(Mandatory)] [string[]] $Path,
        [Parameter(Mandatory)] [string] $ResultsDirectory
    )
    Write-Host "==> Pester: $($Path -join ', ')" -ForegroundColor Cyan
    $summaryPath = Join-Path $ResultsDirectory 'pester-summary.json'
    Remove-Item -LiteralPath $summaryPath -Force -ErrorAction Ignore
    # The child writes its console lines to a file shown here as it goes: its standard output and error carry what
    # tests write straight to the host (Out-Host, -WhatIf, error views), which no redirection inside it can catch.
    $consolePath = Join-Path $ResultsDirectory 'pester-console.log'
    $arguments = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Invoke-PesterSuite.ps1'), '-RepoRoot', $RepoRoot,
        '-Path', ($Path -join [IO.Path]::PathSeparator), '-ResultsDirectory', $ResultsDirectory, '-SummaryPath', $summaryPath, '-ConsolePath', $consolePath)
    Set-Content -LiteralPath $consolePath -Value $null
    $child = Start-PwshChild -ArgumentList $arguments -LogPath (Join-Path $ResultsDirectory 'pester-host.log')
    $exit = Wait-ChildProcess $child -ConsolePath $consolePath
    $read = Read-PesterSummary $summaryPath $exit
    $counts = New-RunnerCount 'Pester'
    if ($read.ContainsKey('Summary')) {
        $counts.Passed = [int] $read.Summary.Passed; $counts.Failed = [int] $read.Summary.Failed; $counts.Skipped = [int] $read.Summary.Skipped
    }
    if ($read.ContainsKey('Problem')) {
        Write-RunnerProblem 'Pester' "$($read.Problem); see pester.log and pester-host.log in $ResultsDirectory"
        $counts.Failed++
    }
    Write-RunnerCountLine 'Pester' $counts
    return $counts
}

function Invoke-BenchmarkSmoke {
    <# Not a timed test: runs each benchmark body once so the benchmark code cannot rot. #>
    param([Parameter(Mandatory)] [string] $Project, [Parameter(Mandatory)] [string] $Configuration, [Parameter(Mandatory)] [string] $ResultsDirectory)
    Write-Host '==> Benchmark smoke run' -ForegroundColor Cyan
    $logPath = Join-Path $ResultsDirectory 'benchmark-smoke.log'
    $clock = [Diagnostics.Stopwatch]::StartNew()
    Use-TestEnvironment { & dotnet run --project $Project -c $Configuration --no-build -- --smoke *> $logPath }
    $exit = $LASTEXITCODE
    $counts = New-RunnerCount 'benchmark smoke' ([int] ($exit -eq 0)) ([int] ($exit -ne 0)) 0
    if ($exit -ne 0) {
        # Its output is short: on failure all of it is the failure's text.
        Get-Content -LiteralPath $logPath | ForEach-Object { "      $_" } | Write-Host
        Write-RunnerProblem 'benchmark smoke' "exited with $exit; see $logPath"
    }
    Write-RunnerCountLine 'benchmark smoke' $counts $clock.Elapsed
    return $counts
}

function Write-TestSummary {
    <#
    .SYNOPSIS
        One line per runner, then the closing line "N passed, N failed" (the sum of them all), last and plain.
        Returns the exit code: 1 when anything failed.
    #>
    param([Parameter(Mandatory)] [object[]] $Counts)
    Write-Host '==> Summary' -ForegroundColor Cyan
    foreach ($count in $Counts) { Write-RunnerCountLine $count.Runner $count }
    $passed = ($Counts | Measure-Object -Property Passed -Sum).Sum
    $failed = ($Counts | Measure-Object -Property Failed -Sum).Sum
    $skipped = ($Counts | Measure-Object -Property Skipped -Sum).Sum
    Write-Host "skipped: $skipped"
    Write-Host "$passed passed, $failed failed"
    return [int] ($failed -gt 0)
}

Export-ModuleMember -Function Read-XmlFile, Invoke-GuardedRunner, New-RunnerCount, Read-PesterSummary, Get-TrxFailureText, Write-RunnerProblem, Write-RunnerCountLine, Read-TrxResult,
    Invoke-XunitProject, Invoke-PesterSuite, Invoke-BenchmarkSmoke, Write-TestSummary
