# Small helpers the split Pester files share, dot-sourced by their fixtures (SignedRequestFixture.ps1,
# PolicyToolsFixture.ps1) so that each file still stands alone when Pester runs it by itself.

function Get-ErrorRecord([scriptblock] $Script) {
    # Runs a call that must fail and returns its ErrorRecord (terminating, or non-terminating made so by -ErrorAction Stop).
    try {
        $null = & $Script
    }
    catch {
        return $_
    }
    throw 'Expected an error, but the call succeeded.'
}

function Clear-EnvironmentVariable([string[]] $Name) {
    # Removes each variable and returns what was there, for Restore-EnvironmentVariable in the file's AfterAll.
    $saved = @{}
    foreach ($variable in $Name) {
        $saved[$variable] = [Environment]::GetEnvironmentVariable($variable)
        # Remove-Item, not SetEnvironmentVariable($name, $null): PowerShell would pass '' and leave the name defined.
        Remove-Item "env:$variable" -ErrorAction SilentlyContinue
    }
    $saved
}

function Restore-EnvironmentVariable([hashtable] $Saved) {
    foreach ($name in $Saved.Keys) {
        if ($null -eq $Saved[$name]) { Remove-Item "env:$name" -ErrorAction SilentlyContinue } else { [Environment]::SetEnvironmentVariable($name, $Saved[$name]) }
    }
}
