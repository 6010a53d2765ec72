# Part of build/New-MamlHelp.ps1 (dot-sourced): the about topics, in the layout of PowerShell's own.
# Uses Remove-MarkdownInline from New-MamlHelp.ps1.

function Format-Wrapped {
    # Wraps text at $Width columns: the first line starts with $FirstIndent, the others with $Indent.
    param([string] $Text, [string] $FirstIndent, [string] $Indent, [int] $Width = 80)
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = $FirstIndent
    $empty = $true
    foreach ($word in $Text -split '\s+' | Where-Object { $_ }) {
        if (-not $empty -and ($line.Length + 1 + $word.Length) -gt $Width) {
            $lines.Add($line)
            $line = $Indent + $word
        }
        else {
            $line = if ($empty) { $line + $word } else { $line + ' ' + $word }
        }
        $empty = $false
    }
    if (-not $empty) { $lines.Add($line) }
    return , $lines.ToArray()
}

function ConvertTo-AboutTopic {
    # about_*.md -> about_*.help.txt in the layout of PowerShell's own about topics: "TOPIC", then each heading in
    # capitals at the margin, prose reflowed to 80 columns and indented by four, list items with a hanging indent,
    # code indented by eight and kept as written. Get-Help reads the line after SHORT DESCRIPTION as the synopsis.
    param([string] $MarkdownFile, [string] $Destination)
    $out = [System.Collections.Generic.List[string]]::new()
    $paragraph = [System.Collections.Generic.List[string]]::new()
    $listMarker = $null
    $inFence = $false
    $flush = {
        if ($paragraph.Count -gt 0) {
            $text = Remove-MarkdownInline (($paragraph | ForEach-Object { $_.Trim() }) -join ' ')
            if ($null -ne $listMarker) {
                $hanging = ' ' * (4 + $listMarker.Length + 1)
                $out.AddRange((Format-Wrapped $text ('    ' + $listMarker + ' ') $hanging))
            }
            else {
                $out.AddRange((Format-Wrapped $text '    ' '    '))
            }
            $paragraph.Clear()
        }
        Set-Variable -Name listMarker -Value $null -Scope 1
    }
    foreach ($line in Get-Content -LiteralPath $MarkdownFile) {
        if ($line -match '^\s*```') {
            & $flush
            $inFence = -not $inFence
            continue
        }
        if ($inFence) { $out.Add(('        ' + $line).TrimEnd()); continue }
        if ($line -match '^#\s+(.+)$') { & $flush; $out.Add('TOPIC'); $out.Add('    ' + $Matches[1].Trim()); continue }
        if ($line -match '^#{2,}\s+(.+)$') {
            & $flush
            if ($out.Count -gt 0 -and $out[$out.Count - 1] -ne '') { $out.Add('') }
            $out.Add($Matches[1].Trim().ToUpperInvariant())
            continue
        }
        if ([string]::IsNullOrWhiteSpace($line)) {
            & $flush
            if ($out.Count -gt 0 -and $out[$out.Count - 1] -ne '') { $out.Add('') }
            continue
        }
        if ($line -match '^\s*([-*]|\d+\.)\s+(.*)$') {
            & $flush
            $listMarker = if ($Matches[1] -eq '*') { '-' } else { $Matches[1] }
            $paragraph.Add($Matches[2])
            continue
        }
        $paragraph.Add($line)
    }
    & $flush
    while ($out.Count -gt 0 -and $out[$out.Count - 1] -eq '') { $out.RemoveAt($out.Count - 1) }
    Set-Content -LiteralPath $Destination -Value $out -Encoding utf8
}
