# Reads the README's fenced blocks for Readme.Tests.ps1 (dot-sourced in Pester's discovery and run phases, which
# share no variables). Not a test file itself.

# Fenced blocks of the README, each with the HTML comment (if any) on the nearest non-blank line above it.
function Get-ReadmeBlocks([string] $Path) {
    $lines = Get-Content -LiteralPath $Path
    $blocks = [System.Collections.Generic.List[object]]::new()
    $i = 0
    while ($i -lt $lines.Count) {
        if ($lines[$i] -match '^```(\w*)\s*$') {
            $language = $Matches[1]
            $start = $i
            $marker = ''
            for ($j = $i - 1; $j -ge 0; $j--) {
                if ($lines[$j].Trim()) {
                    if ($lines[$j] -match '^<!--\s*(readme-[^>]*?)\s*-->$') { $marker = $Matches[1] }
                    break
                }
            }
            $body = [System.Collections.Generic.List[string]]::new()
            $i++
            while ($i -lt $lines.Count -and $lines[$i] -notmatch '^```\s*$') { $body.Add($lines[$i]); $i++ }
            $blocks.Add([pscustomobject] @{ Language = $language; Marker = $marker; Line = $start + 1; Code = ($body -join "`n") })
        }
        $i++
    }
    $blocks
}

# The blocks marked <!-- readme-test [expect-errors: Id, Id] -->, in order, each with the ```text block marked
# <!-- readme-output --> that follows it (if any).
function Get-RunnableReadmeBlocks([string] $Path) {
    $runnable = [System.Collections.Generic.List[hashtable]]::new()
    foreach ($block in Get-ReadmeBlocks $Path) {
        if ($block.Marker -match '^readme-test(\s+expect-errors:\s*(?<errors>.+))?$') {
            $errors = if ($Matches['errors']) { @($Matches['errors'] -split '[,\s]+' | Where-Object { $_ }) } else { @() }
            $runnable.Add(@{ Index = $runnable.Count; Line = $block.Line; Code = $block.Code; ExpectedErrors = $errors; Output = $null; Title = ($block.Code -split "`n")[0] })
        }
        elseif ($block.Marker -eq 'readme-output' -and $runnable.Count -gt 0) {
            $runnable[$runnable.Count - 1].Output = $block.Code
        }
    }
    , $runnable.ToArray()
}
