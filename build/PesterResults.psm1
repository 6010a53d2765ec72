# What the Pester child (build/Invoke-PesterSuite.ps1) does with Pester's in-memory results: count them, show their
# failures in full, join the per-file runs into one and write the NUnit and JUnit reports from it. Counts come from the
# result objects, never from a report file; a report that cannot be written is a failure of the run, not a lost run.
Set-StrictMode -Version 3.0

# XML 1.0 cannot carry these characters even escaped, and Pester's XmlWriter throws on the first one. ANSI sequences
# go whole (their parameters mean nothing in a report); any other control character becomes visible text.
# The forms: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), and the two-character ones (ESC = , ESC 7, ESC M...).
$AnsiSequence = [regex] '\x1B(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1B]*(?:\x07|\x1B\\)|[ -/]*[0-~])'
$XmlInvalidCharacter = [regex] '[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]'

function ConvertTo-XmlSafeText {
    <# The text without ANSI escape sequences, and with every other character XML cannot hold written as \xNN. #>
    [OutputType([string])]
    param([AllowNull()] [AllowEmptyString()] [string] $Text)
    if ([string]::IsNullOrEmpty($Text)) { return $Text }
    $plain = $AnsiSequence.Replace($Text, '')
    return $XmlInvalidCharacter.Replace($plain, { param($m) '\x{0:X2}' -f [int] $m.Value[0] })
}

function Repair-ErrorRecordText {
    # Pester's report writers read DisplayErrorMessage and DisplayStackTrace, note properties it adds to each record.
    param($ErrorRecords)
    foreach ($record in @($ErrorRecords)) {
        if ($null -eq $record) { continue }
        foreach ($name in 'DisplayErrorMessage', 'DisplayStackTrace') {
            $property = $record.PSObject.Properties[$name]
            if ($property) { $property.Value = ConvertTo-XmlSafeText ([string] $property.Value) }
        }
    }
}

function Repair-PesterNodeText {
    # Names come from test titles and data: a title may carry a control character as easily as a message.
    param($Node)
    foreach ($name in 'Name', 'ExpandedName', 'ExpandedPath') {
        $property = $Node.PSObject.Properties[$name]
        if ($property -and $property.Value -is [string]) { $property.Value = ConvertTo-XmlSafeText $property.Value }
    }
    if ($Node.PSObject.Properties['Path'] -and $Node.Path -is [System.Collections.IList]) {
        for ($i = 0; $i -lt $Node.Path.Count; $i++) { $Node.Path[$i] = ConvertTo-XmlSafeText ([string] $Node.Path[$i]) }
    }
    Repair-ErrorRecordText $Node.ErrorRecord
}

function Repair-PesterRunText {
    <# Makes every text of a run that a report writer reads safe for XML, in place: containers, blocks and tests. #>
    param([Parameter(Mandatory)] $Run)
    foreach ($container in $Run.Containers) {
        Repair-ErrorRecordText $container.ErrorRecord
        $blocks = [System.Collections.Generic.Queue[object]]::new()
        foreach ($block in $container.Blocks) { $blocks.Enqueue($block) }
        while ($blocks.Count -gt 0) {
            $block = $blocks.Dequeue()
            Repair-PesterNodeText $block
            foreach ($test in $block.Tests) { Repair-PesterNodeText $test }
            foreach ($child in $block.Blocks) { $blocks.Enqueue($child) }
        }
    }
}

function Test-BlockHasFailedTest {
    # A BeforeAll that throws fails the block and every test in it: its tests already count the failure.
    param($Block)
    foreach ($test in $Block.Tests) { if ($test.Result -eq 'Failed') { return $true } }
    foreach ($child in $Block.Blocks) { if (Test-BlockHasFailedTest $child) { return $true } }
    return $false
}

function Get-PesterRunCount {
    <#
    .SYNOPSIS
        Passed, failed and skipped of a run, from the run object. A failed test counts once; a failed block (an
        AfterAll that threw after its tests passed) or a container that did not run (a file that does not parse)
        counts once when no failed test already stands for it.
    #>
    param([Parameter(Mandatory)] $Run)
    $hiddenFailures = @($Run.FailedBlocks | Where-Object { -not (Test-BlockHasFailedTest $_) }).Count +
        @($Run.FailedContainers | Where-Object { -not (@($_.Blocks | Where-Object { Test-BlockHasFailedTest $_ }).Count) }).Count
    [pscustomobject] @{
        Passed  = [int] $Run.PassedCount
        Failed  = [int] $Run.FailedCount + $hiddenFailures
        Skipped = [int] ($Run.SkippedCount + $Run.NotRunCount + $Run.InconclusiveCount)
    }
}

function Format-ErrorRecordText {
    param($ErrorRecords)
    foreach ($record in @($ErrorRecords)) {
        if ($null -eq $record) { continue }
        $message = if ($record.PSObject.Properties['DisplayErrorMessage']) { $record.DisplayErrorMessage } else { [string] $record }
        $trace = if ($record.PSObject.Properties['DisplayStackTrace']) { $record.DisplayStackTrace } else { $record.ScriptStackTrace }
        foreach ($line in (@($message) + @($trace)) -split "`r?`n") { if ($line) { "      $line" } }
    }
}

function Get-PesterFailureText {
    <# Every failure of a run in full (what failed, the message, where), as lines for the console. #>
    [OutputType([string])]
    param([Parameter(Mandatory)] $Run)
    foreach ($container in $Run.FailedContainers) {
        "    [-] $($container.Item) could not run"
        Format-ErrorRecordText $container.ErrorRecord
    }
    foreach ($block in $Run.FailedBlocks) {
        "    [-] $($block.ExpandedPath) (a BeforeAll, AfterAll or block body failed)"
        Format-ErrorRecordText $block.ErrorRecord
    }
    foreach ($test in $Run.Failed) {
        "    [-] $($test.ExpandedPath)"
        if (@($test.ErrorRecord).Count) { Format-ErrorRecordText $test.ErrorRecord }
        else { '      did not run: a setup in an enclosing block failed (above)' }
    }
}

function Join-PesterRun {
    <# One run made of per-file runs, so that one NUnit and one JUnit report hold the whole suite. #>
    param([Parameter(Mandatory)] [object[]] $Runs)
    $joined = [Pester.Run]::Create()
    $joined.Executed = $true
    $joined.ExecutedAt = $Runs[0].ExecutedAt
    $joined.Configuration = $Runs[0].Configuration
    $joined.Version = $Runs[0].Version
    $joined.PSVersion = $Runs[0].PSVersion
    foreach ($run in $Runs) {
        foreach ($list in 'Containers', 'Tests', 'Passed', 'Failed', 'Skipped', 'NotRun', 'Inconclusive', 'FailedBlocks', 'FailedContainers') {
            foreach ($item in $run.$list) { $null = $joined.$list.Add($item) }
        }
        foreach ($time in 'Duration', 'UserDuration', 'FrameworkDuration', 'DiscoveryDuration') { $joined.$time += $run.$time }
    }
    foreach ($list in 'Passed', 'Failed', 'Skipped', 'NotRun', 'Inconclusive', 'FailedBlocks', 'FailedContainers') {
        $joined."$($list)Count" = $joined.$list.Count
    }
    $joined.TotalCount = $joined.Tests.Count
    $joined.Result = if ($joined.FailedCount + $joined.FailedBlocksCount + $joined.FailedContainersCount) { 'Failed' } else { 'Passed' }
    return $joined
}

function Export-PesterReport {
    <#
    .SYNOPSIS
        Writes the NUnit 2.5 and JUnit reports of a run after making its text safe for XML. Returns one problem line
        per report that could still not be written (the run's counts stand; the missing report is a failure).
    #>
    [OutputType([string])]
    param([Parameter(Mandatory)] $Run, [Parameter(Mandatory)] [string] $NUnitPath, [Parameter(Mandatory)] [string] $JUnitPath)
    Repair-PesterRunText $Run
    $reports = @(
        @{ Path = $NUnitPath; Write = { param($r, $p) Export-NUnitReport -Result $r -Path $p } }
        @{ Path = $JUnitPath; Write = { param($r, $p) Export-JUnitReport -Result $r -Path $p } }
    )
    foreach ($report in $reports) {
        try { & $report.Write $Run $report.Path }
        catch { "the report $(Split-Path -Leaf $report.Path) could not be written: $(($_.Exception.Message -split "`r?`n")[0])" }
    }
}

Export-ModuleMember -Function ConvertTo-XmlSafeText, Repair-PesterRunText, Get-PesterRunCount, Get-PesterFailureText, Join-PesterRun, Export-PesterReport
