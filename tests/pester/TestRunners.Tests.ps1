# The test command's runners (build/TestRunners.psm1, TestEnvironment.psm1, PesterResults.psm1): a result that is missing, partial or
# unreadable is a counted failure, text is made safe for XML reports, and a test file's leaked settings are found and
# put back. The self-test (build/SelfTest.psm1) runs whole failing suites through the command; these are the cases it
# cannot stage cheaply.
BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    # Neither -Force nor Remove-Module: under the test command, the Pester process running this file uses these very
    # modules between files.
    Import-Module (Join-Path $RepoRoot 'build/TestRunners.psm1')
    Import-Module (Join-Path $RepoRoot 'build/TestEnvironment.psm1')
    Import-Module (Join-Path $RepoRoot 'build/PesterResults.psm1')
    $Escape = [char] 27

    function New-Trx([string] $Outcome = 'Completed', [int] $Total = 2, [string[]] $Results = @('Passed', 'Failed')) {
        $items = foreach ($r in $Results) {
            "<UnitTestResult testName='T.$r' outcome='$r'><Output><ErrorInfo><Message>m-$r</Message><StackTrace>at T.$r() in T.cs:line 3</StackTrace></ErrorInfo></Output></UnitTestResult>"
        }
        $path = Join-Path $TestDrive "$([guid]::NewGuid()).trx"
        Set-Content -LiteralPath $path -Value @"
<?xml version="1.0" encoding="utf-8"?>
<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <Results>$($items -join '')</Results>
  <ResultSummary outcome="$Outcome"><Counters total="$Total" executed="$Total" passed="1" failed="1" /></ResultSummary>
</TestRun>
"@
        return $path
    }
}

Describe 'ConvertTo-XmlSafeText' {
    It 'removes ANSI colour, cursor and title sequences whole' {
        ConvertTo-XmlSafeText "$Escape[32mPASS$Escape[0m $Escape[1;31mFAIL$Escape[m$Escape=$Escape]0;title$([char] 7)." | Should -BeExactly 'PASS FAIL.'
    }

    It 'writes every other character XML cannot hold as visible text, and keeps tabs and new lines' {
        ConvertTo-XmlSafeText "a$([char] 0)b$([char] 8)c`td`r`ne$([char] 0xFFFF)f$([char] 0xD800)g" | Should -BeExactly "a\x00b\x08c`td`r`ne\xFFFFf\xD800g"
    }

    It 'gives text that an XmlWriter accepts, from any character below 0x20 or an escape sequence' {
        $text = -join (0..31 | ForEach-Object { [char] $_ }) + "$Escape[31mred"
        $writer = [Xml.XmlWriter]::Create([IO.StringWriter]::new())
        { $writer.WriteElementString('message', (ConvertTo-XmlSafeText $text)); $writer.Flush() } | Should -Not -Throw
        { $writer.WriteElementString('message', $text) } | Should -Throw -Because 'the raw text is what made the NUnit export throw'
    }
}

Describe 'Read-TrxResult' {
    It 'counts a complete trx and keeps its failures with message and stack trace' {
        $result = Read-TrxResult (New-Trx)
        $result.Passed | Should -Be 1
        $result.Failed | Should -Be 1
        $result.Problems | Should -BeNullOrEmpty
        Get-TrxFailureText $result.Failures[0] | Should -Be @('    [-] T.Failed', '      m-Failed', '      at T.Failed() in T.cs:line 3')
    }

    It 'calls a trx that counts more tests than it holds results a partial result' {
        (Read-TrxResult (New-Trx -Total 5)).Problems | Should -Match 'partial'
    }

    It 'calls a run that did not complete a problem' {
        (Read-TrxResult (New-Trx -Outcome 'Aborted')).Problems | Should -Match "ended 'Aborted'"
    }

    It 'calls a trx without a ResultSummary a partial result' {
        $path = Join-Path $TestDrive 'no-summary.trx'
        Set-Content -LiteralPath $path -Value "<TestRun><Results><UnitTestResult testName='T' outcome='Passed' /></Results></TestRun>"
        (Read-TrxResult $path).Problems | Should -Match 'no ResultSummary'
    }

    It 'calls a project that ran no test a problem' {
        (Read-TrxResult (New-Trx -Total 0 -Results @())).Problems | Should -Match 'ran no test'
    }

    It 'calls a trx that is not XML a problem instead of throwing' {
        $path = Join-Path $TestDrive 'cut.trx'
        Set-Content -LiteralPath $path -Value '<TestRun><Results><UnitTestRes'
        (Read-TrxResult $path).Problems | Should -Match 'not readable XML'
    }
}

Describe 'Read-PesterSummary' {
    It 'calls a missing summary a crash of the Pester process' {
        (Read-PesterSummary (Join-Path $TestDrive 'none.json') 0).Problem | Should -Match 'wrote no summary'
    }

    It 'calls a summary not marked complete a stopped run, and keeps its counts' {
        $path = Join-Path $TestDrive 'incomplete.json'
        Set-Content -LiteralPath $path -Value '{ "Passed": 3, "Failed": 0, "Skipped": 0, "Complete": false }'
        $read = Read-PesterSummary $path 1
        $read.Problem | Should -Match 'stopped before the end'
        $read.Summary.Passed | Should -Be 3
    }

    It 'calls a non-zero exit with no failure counted a problem' {
        $path = Join-Path $TestDrive 'odd.json'
        Set-Content -LiteralPath $path -Value '{ "Passed": 3, "Failed": 0, "Skipped": 0, "Complete": true }'
        (Read-PesterSummary $path 1).Problem | Should -Match 'exited with 1'
    }

    It 'takes a complete summary as it is' {
        $path = Join-Path $TestDrive 'good.json'
        Set-Content -LiteralPath $path -Value '{ "Passed": 3, "Failed": 2, "Skipped": 1, "Complete": true }'
        $read = Read-PesterSummary $path 1
        $read.ContainsKey('Problem') | Should -BeFalse
        $read.Summary.Failed | Should -Be 2
    }
}

Describe 'Invoke-GuardedRunner and Write-TestSummary' {
    It 'counts a runner that throws as one failure, with a line naming it and the cause' {
        $output = Invoke-GuardedRunner 'xunit Broken' { throw 'the host died' } 6>&1
        $count = $output | Where-Object { $_.PSObject.TypeNames -contains 'CrossAcctApi.RunnerCount' }
        $count.Failed | Should -Be 1
        ($output | Where-Object { $_ -is [Management.Automation.InformationRecord] }) -join "`n" | Should -Match 'xunit Broken: the runner broke: the host died; counted as 1 failed'
    }

    It 'counts a runner that returns no count as one failure' {
        (Invoke-GuardedRunner 'Pester' { $null } 6>$null).Failed | Should -Be 1
    }

    It 'ends with the sum of every runner as the plain last line, and returns 1 when anything failed' {
        $counts = @((New-RunnerCount 'a' 5 0 1), (New-RunnerCount 'b' 2 1 0))
        $lines = @(Write-TestSummary $counts 6>&1)
        $lines[-1] | Should -Be 1
        [string] $lines[-2] | Should -BeExactly '7 passed, 1 failed'
    }

    It 'returns 0 when nothing failed' {
        Write-TestSummary @(New-RunnerCount 'a' 5 0 0) 6>$null | Should -Be 0
    }
}

Describe 'Restore-ProcessState' {
    It 'finds, names and puts back an environment variable, the location and the culture a test file left changed' {
        $before = Get-ProcessState
        $env:CROSSACCTAPI_LEAK_CHECK = 'left behind'
        Push-Location $TestDrive
        $culture = [cultureinfo]::CurrentCulture
        $other = if ($culture.Name -eq 'fr-FR') { 'ja-JP' } else { 'fr-FR' }
        [cultureinfo]::CurrentCulture = $other
        try {
            $problems = @(Restore-ProcessState $before)
        }
        finally {
            [cultureinfo]::CurrentCulture = $culture
            Pop-Location
            Remove-Item env:CROSSACCTAPI_LEAK_CHECK -ErrorAction SilentlyContinue
        }
        $problems -join "`n" | Should -Match 'CROSSACCTAPI_LEAK_CHECK'
        $problems -join "`n" | Should -Match 'location'
        $problems -join "`n" | Should -Match "culture at '$other'"
    }

    It 'removes a variable that was not there before, rather than leaving it defined and empty' {
        $before = Get-ProcessState
        $env:CROSSACCTAPI_LEAK_CHECK = 'x'
        $null = Restore-ProcessState $before
        [Environment]::GetEnvironmentVariables().Contains('CROSSACCTAPI_LEAK_CHECK') | Should -BeFalse
    }

    It 'finds nothing when nothing changed' {
        Restore-ProcessState (Get-ProcessState) | Should -BeNullOrEmpty
    }
}

Describe 'Get-PesterRunCount' {
    BeforeAll {
        function New-Run([int] $Passed, [int] $Failed, [object[]] $FailedBlocks = @(), [object[]] $FailedContainers = @()) {
            [pscustomobject] @{ PassedCount = $Passed; FailedCount = $Failed; SkippedCount = 0; NotRunCount = 0; InconclusiveCount = 0
                FailedBlocks = $FailedBlocks; FailedContainers = $FailedContainers }
        }
        function New-Block([string[]] $TestResults) {
            [pscustomobject] @{ Tests = @($TestResults | ForEach-Object { [pscustomobject] @{ Result = $_ } }); Blocks = @() }
        }
    }

    It 'counts a BeforeAll that threw once: through the test it failed, not again for its block' {
        (Get-PesterRunCount (New-Run 0 1 -FailedBlocks (New-Block 'Failed'))).Failed | Should -Be 1
    }

    It 'counts an AfterAll that threw after its tests passed as one failure' {
        $count = Get-PesterRunCount (New-Run 2 0 -FailedBlocks (New-Block 'Passed', 'Passed'))
        $count.Failed | Should -Be 1
        $count.Passed | Should -Be 2
    }

    It 'counts a file that did not parse as one failure' {
        (Get-PesterRunCount (New-Run 0 0 -FailedContainers ([pscustomobject] @{ Blocks = @() }))).Failed | Should -Be 1
    }
}
