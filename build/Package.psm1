# The release side of build.ps1: what goes into the module folder besides the build output (LICENSE, release notes
# from CHANGELOG.md), and the PowerShell Gallery package made from that folder.
Set-StrictMode -Version 3.0

function Get-ReleaseNotes {
    <#
    .SYNOPSIS
        The CHANGELOG.md section of one version (the lines under "## [<version>]" up to the next "## "), trimmed.
        Throws when the changelog has no section for it: a release always says what it brings.
    #>
    param([Parameter(Mandatory)] [string] $ChangelogPath, [Parameter(Mandatory)] [string] $Version)
    $lines = Get-Content -LiteralPath $ChangelogPath
    $start = -1
    for ($i = 0; $i -lt $lines.Count; $i++) {
        if ($lines[$i] -match "^##\s+\[$([regex]::Escape($Version))\]") { $start = $i + 1; break }
    }
    if ($start -lt 0) { throw "$ChangelogPath has no section '## [$Version]': add the release notes of $Version." }
    $end = $start
    while ($end -lt $lines.Count -and $lines[$end] -notmatch '^##\s') { $end++ }
    $notes = ($lines[$start..($end - 1)] -join "`n").Trim()
    if (-not $notes) { throw "The section '## [$Version]' of $ChangelogPath is empty." }
    return $notes
}

function Set-ManifestReleaseNotes {
    <# Writes the release notes into the manifest text's PSData (ReleaseNotes = '...'), replacing any there. #>
    param([Parameter(Mandatory)] [string] $Manifest, [Parameter(Mandatory)] [string] $Notes)
    $quoted = "'" + ($Notes -replace "'", "''") + "'"
    $withoutOld = [regex]::Replace($Manifest, "(?ms)^\s*ReleaseNotes\s*=\s*'(?:[^']|'')*'\s*\r?\n", '')
    $stamped = [regex]::Replace($withoutOld, '(?m)^(\s*)(LicenseUri\s*=.*)$', { param($m) $m.Value + "`n" + $m.Groups[1].Value + 'ReleaseNotes = ' + $quoted }, 1)
    if ($stamped -eq $withoutOld) { throw 'The manifest has no LicenseUri line in PSData to put ReleaseNotes after.' }
    return $stamped
}

function New-ModulePackage {
    <#
    .SYNOPSIS
        Makes the PowerShell Gallery package (.nupkg) of the module folder in DestinationPath and returns it:
        the same package Publish-PSResource would upload (manifest validated, tags and release notes from the
        manifest, LICENSE inside).
    #>
    param([Parameter(Mandatory)] [string] $ModuleFolder, [Parameter(Mandatory)] [string] $DestinationPath)
    Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    if (Test-Path $DestinationPath) { Remove-Item -Recurse -Force $DestinationPath }
    New-Item -ItemType Directory -Force -Path $DestinationPath | Out-Null
    Compress-PSResource -Path $ModuleFolder -DestinationPath $DestinationPath
    $package = @(Get-ChildItem -Path $DestinationPath -Filter '*.nupkg')
    if ($package.Count -ne 1) { throw "Compress-PSResource wrote $($package.Count) packages to $DestinationPath, not one." }
    return $package[0]
}

Export-ModuleMember -Function Get-ReleaseNotes, Set-ManifestReleaseNotes, New-ModulePackage
