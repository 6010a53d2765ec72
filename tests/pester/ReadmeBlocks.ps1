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

# Runs every runnable block, in order, in one fresh pwsh at the repository root; returns one result per block.
# -Prelude runs first in that pwsh (Package.Tests.ps1 installs the module there), -Environment adds variables to the
# newcomer's clean environment, -Pwsh is how to start PowerShell (the repository's local tool by default).
function Invoke-ReadmeBlocks {
    param(
        [object[]] $Blocks,
        [string] $WorkDir,
        [string] $RepoRoot,
        [string] $Prelude = '',
        [hashtable] $Environment = @{},
        [string[]] $Pwsh = @('dotnet', 'pwsh')
    )
    $blocksFile = Join-Path $WorkDir 'blocks.json'
    $resultFile = Join-Path $WorkDir 'results.json'
    $driver = Join-Path $WorkDir 'run-readme.ps1'
    ConvertTo-Json -InputObject @($Blocks | ForEach-Object { $_.Code }) | Set-Content -LiteralPath $blocksFile -Encoding utf8
    @'
param([string] $BlocksFile, [string] $ResultFile)
. ([scriptblock]::Create($env:CROSSACCTAPI_README_PRELUDE))
# Each block is dot-sourced, so that its variables stay for the next one, as in an interactive session; everything it
# writes (output, errors, warnings, host text) is rendered as a 120-column terminal would show it.
$__blocks = Get-Content -Raw -LiteralPath $BlocksFile | ConvertFrom-Json
$__results = foreach ($__code in $__blocks) {
    $__errors = [System.Collections.Generic.List[string]]::new()
    $__terminating = $null
    $__text = ''
    try {
        $__items = @(. ([scriptblock]::Create($__code)) *>&1)
        foreach ($__item in $__items) { if ($__item -is [System.Management.Automation.ErrorRecord]) { $__errors.Add(($__item.FullyQualifiedErrorId -split ',')[0]) } }
        $__text = $__items | Out-String -Width 120
    }
    catch {
        $__terminating = "$($_.FullyQualifiedErrorId): $($_.Exception.Message)"
    }
    [pscustomobject] @{ Output = $__text; Errors = @($__errors); Terminating = $__terminating }
}
ConvertTo-Json -InputObject @($__results) -Depth 4 | Set-Content -LiteralPath $ResultFile -Encoding utf8
'@ | Set-Content -LiteralPath $driver -Encoding utf8

    $info = [System.Diagnostics.ProcessStartInfo]::new($Pwsh[0])
    foreach ($argument in @($Pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $driver, '-BlocksFile', $blocksFile, '-ResultFile', $resultFile)) { $info.ArgumentList.Add($argument) }
    $info.WorkingDirectory = $RepoRoot
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    # A newcomer's fresh session: none of this machine's AWS settings, none of the test run's.
    foreach ($name in @($info.Environment.Keys)) {
        if ($name -like 'AWS_*' -or $name -like 'CROSSACCT_*') { $null = $info.Environment.Remove($name) }
    }
    $info.Environment['AWS_CONFIG_FILE'] = Join-Path $WorkDir 'no-config'
    $info.Environment['AWS_SHARED_CREDENTIALS_FILE'] = Join-Path $WorkDir 'no-credentials'
    $info.Environment['AWS_EC2_METADATA_DISABLED'] = 'true'
    $info.Environment['CROSSACCTAPI_README_PRELUDE'] = $Prelude
    foreach ($name in $Environment.Keys) {
        if ($null -eq $Environment[$name]) { $null = $info.Environment.Remove($name) } else { $info.Environment[$name] = $Environment[$name] }
    }
    $process = [System.Diagnostics.Process]::Start($info)
    $stderr = $process.StandardError.ReadToEndAsync()
    $stdout = $process.StandardOutput.ReadToEndAsync()
    if (-not $process.WaitForExit(300000)) { $process.Kill($true); throw 'The README blocks did not finish within 5 minutes.' }
    if (-not (Test-Path $resultFile)) { throw "The README runner wrote no results (exit code $($process.ExitCode)): $($stderr.Result) $($stdout.Result)" }
    @(Get-Content -Raw $resultFile | ConvertFrom-Json)
}
