# The self-test of the test command: fixture suites that fail on purpose (tests/selftest/fixtures, outside the real
# suite), each run by the test command itself (build.ps1 -Task Test -SkipBuild narrowed to the fixture), so through
# the same runners as the real suite. A fixture passes when its run ends "0 passed, 1 failed", exits non-zero and
# shows the failure; the self-test's count joins the closing line of the real run. tests/selftest/README.md lists them.
Set-StrictMode -Version 3.0

Import-Module (Join-Path $PSScriptRoot 'TestRunners.psm1')
Import-Module (Join-Path $PSScriptRoot 'TestEnvironment.psm1')

function Get-SelfTestCase {
    param([Parameter(Mandatory)] [string] $RepoRoot)
    $fixtures = Join-Path $RepoRoot 'tests/selftest/fixtures'
    @(
        @{
            Name = 'ansi-failure'; Title = 'a failing assertion whose message holds ANSI colour'
            Arguments = @('-SkipXunit', '-PesterPath', (Join-Path $fixtures 'pester/AnsiFailure.Tests.ps1'))
            # The message and the file:line of the failed assertion, on the console.
            Expect = @('the self-test expects this assertion to fail', 'AnsiFailure.Tests.ps1:7'); Reports = @('pester.nunit.xml', 'pester.junit.xml')
        }
        @{
            Name = 'throwing-beforeall'; Title = 'a BeforeAll that throws'
            Arguments = @('-SkipXunit', '-PesterPath', (Join-Path $fixtures 'pester/ThrowingBeforeAll.Tests.ps1'))
            Expect = @('this BeforeAll throws on purpose', 'ThrowingBeforeAll.Tests.ps1:5'); Reports = @('pester.nunit.xml', 'pester.junit.xml')
        }
        @{
            Name = 'does-not-parse'; Title = 'a Pester file that does not parse'
            Arguments = @('-SkipXunit', '-PesterPath', (Join-Path $fixtures 'pester/DoesNotParse.Tests.ps1'))
            Expect = @('DoesNotParse.Tests.ps1 could not run', 'Missing closing'); Reports = @()
        }
        @{
            Name = 'xunit-failure'; Title = 'a failing xunit test'; NeedsXunitFixture = $true
            Arguments = @('-SkipPester', '-XunitProject', (Join-Path $fixtures 'xunit/FailingXunitFixture.csproj'))
            Expect = @('Fails_on_purpose_so_the_self_test_can_see_it_counted', 'this failure is expected and must be counted', 'FailingTest.cs:line 11')
            Reports = @('FailingXunitFixture.trx')
        }
    )
}

function Start-SelfTestRun {
    <# Starts one fixture's run of the test command; its console output goes to <ResultsDirectory>/<name>.log. #>
    param([Parameter(Mandatory)] [string] $RepoRoot, [Parameter(Mandatory)] [string] $Configuration, [Parameter(Mandatory)] [hashtable] $Case,
        [Parameter(Mandatory)] [string] $ResultsDirectory)
    $caseResults = Join-Path $ResultsDirectory $Case.Name
    Remove-Item -LiteralPath $caseResults -Recurse -Force -ErrorAction Ignore
    $Case.ResultsDirectory = $caseResults
    $Case.Log = Join-Path $ResultsDirectory "$($Case.Name).log"
    $arguments = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $RepoRoot 'build.ps1'), '-Task', 'Test', '-SkipBuild',
        '-Configuration', $Configuration, '-ResultsPath', $caseResults) + $Case.Arguments
    $Case.Process = Start-PwshChild -ArgumentList $arguments -LogPath $Case.Log -WorkingDirectory $RepoRoot
}

function Test-SelfTestReport {
    # A report the run must have written, readable as XML and free of what XML cannot hold.
    param([string] $Path)
    if (-not (Test-Path -LiteralPath $Path)) { return "it wrote no $(Split-Path -Leaf $Path)" }
    try { $null = Read-XmlFile $Path } catch { return "$(Split-Path -Leaf $Path) is not readable XML: $($_.Exception.Message)" }
    if ((Get-Content -Raw -LiteralPath $Path).Contains([char] 27)) { return "$(Split-Path -Leaf $Path) holds an escape character" }
}

function Get-SelfTestVerdict {
    <# What is wrong with one finished fixture run (nothing when it was counted and shown as it must be). #>
    param([Parameter(Mandatory)] [hashtable] $Case)
    $exit = Wait-ChildProcess $Case.Process
    $output = @(Get-Content -LiteralPath $Case.Log, "$($Case.Log).stderr" -ErrorAction Ignore)
    $closing = @(Get-Content -LiteralPath $Case.Log -ErrorAction Ignore | Where-Object { $_.Trim() }) | Select-Object -Last 1
    if ($closing -ne '0 passed, 1 failed') { "its run ended '$closing' instead of '0 passed, 1 failed'" }
    if ($exit -eq 0) { 'its run exited with 0' }
    $text = $output -join "`n"
    foreach ($expected in $Case.Expect) { if (-not $text.Contains($expected)) { "its console output does not show '$expected'" } }
    if ($text.Contains([char] 27)) { 'its console output holds an escape character' }
    foreach ($report in $Case.Reports) { Test-SelfTestReport (Join-Path $Case.ResultsDirectory $report) }
}

function Build-XunitFixture {
    # The fixture project is outside the solution: built here, and only when its sources are newer than its build.
    param([string] $RepoRoot, [string] $Configuration, [string] $ResultsDirectory)
    $fixture = Join-Path $RepoRoot 'tests/selftest/fixtures/xunit'
    $project = Join-Path $fixture 'FailingXunitFixture.csproj'
    $built = Get-Item -LiteralPath (Join-Path $fixture "bin/$Configuration/net10.0/FailingXunitFixture.dll") -ErrorAction Ignore
    $newest = Get-ChildItem -LiteralPath $fixture -File | Sort-Object LastWriteTimeUtc | Select-Object -Last 1
    if ($built -and $built.LastWriteTimeUtc -gt $newest.LastWriteTimeUtc) { return }
    $log = Join-Path $ResultsDirectory 'xunit-fixture-build.log'
    Use-TestEnvironment { & dotnet build $project -c $Configuration --nologo -v quiet *> $log }
    if ($LASTEXITCODE -ne 0) { return "the xunit fixture did not build (exit code $LASTEXITCODE); see $log" }
}

function Invoke-TestCommandSelfTest {
    <#
    .SYNOPSIS
        Runs every fixture through the test command (in parallel: each is a few seconds of process start-up) and
        returns one count: a pass per fixture whose failure was counted and shown, a failure per one that was not.
    #>
    param([Parameter(Mandatory)] [string] $RepoRoot, [Parameter(Mandatory)] [string] $Configuration, [Parameter(Mandatory)] [string] $ResultsDirectory)
    Write-Host '==> Self-test of the test command (fixtures that must be counted as failed)' -ForegroundColor Cyan
    New-Item -ItemType Directory -Force -Path $ResultsDirectory | Out-Null
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $cases = Get-SelfTestCase $RepoRoot
    foreach ($case in $cases | Where-Object { -not $_['NeedsXunitFixture'] }) { Start-SelfTestRun $RepoRoot $Configuration $case $ResultsDirectory }
    $buildProblem = Build-XunitFixture $RepoRoot $Configuration $ResultsDirectory
    foreach ($case in $cases | Where-Object { $_['NeedsXunitFixture'] }) {
        if ($buildProblem) { $case.Problems = @($buildProblem) } else { Start-SelfTestRun $RepoRoot $Configuration $case $ResultsDirectory }
    }
    $counts = New-RunnerCount 'self-test'
    foreach ($case in $cases) {
        $problems = if ($case['Problems']) { $case.Problems } else { @(Get-SelfTestVerdict $case) }
        if (-not $problems) {
            Write-Host "    [+] $($case.Title): counted as 0 passed, 1 failed, exit code $($case.Process.ExitCode)"
            $counts.Passed++
            continue
        }
        $counts.Failed++
        Write-RunnerProblem "self-test $($case.Name)" ($problems -join '; ')
        if ($case['Log'] -and (Test-Path -LiteralPath $case.Log)) { Get-Content -LiteralPath $case.Log | ForEach-Object { "      $_" } | Write-Host }
    }
    Write-RunnerCountLine 'self-test' $counts $clock.Elapsed
    return $counts
}

Export-ModuleMember -Function Invoke-TestCommandSelfTest
