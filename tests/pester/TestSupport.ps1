# Small helpers the split Pester files share, dot-sourced by their fixtures (NewSignedHttpApiRequest.Fixture.ps1,
# PolicyTools.Fixture.ps1) so that each file still stands alone when Pester runs it by itself. Clearing and restoring
# environment variables comes from SecurityProbes.psm1 (Clear-EnvironmentVariable, Restore-EnvironmentVariable).
Import-Module (Join-Path $PSScriptRoot 'SecurityProbes.psm1') -Force

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
