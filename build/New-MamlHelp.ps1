<#
.SYNOPSIS
    Generates the module's MAML help (en-US/CrossAcctApi.dll-Help.xml) from docs/help/*.md.

.DESCRIPTION
    Binary cmdlets get their Get-Help text from MAML. The prose lives in one markdown file per cmdlet
    (platyPS-style headings: SYNOPSIS, DESCRIPTION, EXAMPLES, PARAMETERS, INPUTS, OUTPUTS, NOTES, RELATED LINKS);
    everything that the cmdlet itself knows (parameter sets, types, mandatory, position, pipeline input, aliases)
    comes from the built module, so the help can never disagree with the code.
    about_*.md files become about_*.help.txt topics.

    Runs in its own process (build.ps1 calls it) because it imports the freshly built module.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $MarkdownPath,
    [Parameter(Mandatory)] [string] $OutputPath
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# PowerShell passes $null to a string parameter as '', so the namespaces are named outright.
$NsMaml = 'http://schemas.microsoft.com/maml/2004/10'
$NsCommand = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$NsDev = 'http://schemas.microsoft.com/maml/dev/2004/10'
$CommonParameters = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

function Split-MarkdownSections {
    # Returns an ordered map: level-2 heading -> the lines under it (until the next level-2 heading).
    param([string[]] $Lines)
    $sections = [ordered] @{}
    $current = $null
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^##\s+(.+?)\s*$' -and $line -notmatch '^###') {
            $current = $Matches[1].Trim().ToUpperInvariant()
            $sections[$current] = [System.Collections.Generic.List[string]]::new()
            continue
        }
        if ($null -ne $current) { $sections[$current].Add($line) }
    }
    return $sections
}

function Split-Subsections {
    # Splits a section's lines at level-3 headings: returns a list of @{ Title; Lines }.
    param([System.Collections.Generic.List[string]] $Lines)
    $items = [System.Collections.Generic.List[object]]::new()
    $current = $null
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^###\s+(.+?)\s*$') {
            $current = [pscustomobject] @{ Title = $Matches[1].Trim(); Lines = [System.Collections.Generic.List[string]]::new() }
            $items.Add($current)
            continue
        }
        if ($null -ne $current) { $current.Lines.Add($line) }
    }
    return $items
}

function ConvertTo-Paragraphs {
    # Markdown prose -> paragraphs (blank-line separated); list items and code fences keep their own lines.
    param([string[]] $Lines)
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $buffer = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    $flush = {
        if ($buffer.Count -gt 0) { $paragraphs.Add(($buffer -join ' ').Trim()); $buffer.Clear() }
    }
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') { & $flush; $inFence = -not $inFence; continue }
        if ($inFence) { $paragraphs.Add('    ' + $line); continue }
        if ([string]::IsNullOrWhiteSpace($line)) { & $flush; continue }
        if ($line -match '^\s*([-*]|\d+\.)\s+') { & $flush; $buffer.Add($line.Trim()); continue }
        $buffer.Add($line.Trim())
    }
    & $flush
    return , $paragraphs.ToArray()
}

function Add-Paragraphs {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    foreach ($p in $Paragraphs) {
        $Writer.WriteElementString('maml', 'para', $NsMaml, (Remove-MarkdownInline $p))
    }
}

function Remove-MarkdownInline([string] $Text) {
    # Get-Help prints plain text: keep the words, drop the markup. Code spans are set aside first, so that
    # wildcards such as `*/*/admin/*` are never mistaken for emphasis.
    $spans = [System.Collections.Generic.List[string]]::new()
    $t = [regex]::Replace($Text, '`([^`]+)`', { param($m) $spans.Add($m.Groups[1].Value); "`0$($spans.Count - 1)`0" })
    $t = $t -replace '\[([^\]]+)\]\([^)]+\)', '$1'
    $t = $t -replace '\*\*(\S[^*]*?\S|\S)\*\*', '$1'
    $t = $t -replace '(?<![\w*])\*(\w[^*]*?\w|\w)\*(?![\w*])', '$1'
    return [regex]::Replace($t, "`0(\d+)`0", { param($m) $spans[[int] $m.Groups[1].Value] })
}

function Get-PipelineInputText($ParameterMetadata) {
    $attributes = $ParameterMetadata.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }
    $byValue = [bool] ($attributes | Where-Object ValueFromPipeline)
    $byName = [bool] ($attributes | Where-Object ValueFromPipelineByPropertyName)
    if ($byValue -and $byName) { return 'True (ByValue, ByPropertyName)' }
    if ($byValue) { return 'True (ByValue)' }
    if ($byName) { return 'True (ByPropertyName)' }
    return 'False'
}

function Get-DefaultValue {
    <#
        The text of a parameter's default for Get-Help: the markdown's "Default value:" line when there is one (for
        defaults decided at run time: an environment variable, what STS decides), else the value the cmdlet's
        property starts with, else None. A switch is False by default; a mandatory parameter has none; an empty
        string, a zero date or an empty list is the placeholder of "not given", not a default.
    #>
    param([System.Management.Automation.CommandInfo] $Command, $ParameterMetadata, [string] $Documented, [bool] $Required)
    if ($Documented) { return $Documented }
    if ($Required) { return 'None' }
    if ($ParameterMetadata.ParameterType -eq [System.Management.Automation.SwitchParameter]) { return 'False' }
    $property = $Command.ImplementingType.GetProperty($ParameterMetadata.Name)
    if (-not $property) { return 'None' }
    $value = $property.GetValue($script:CmdletInstances[$Command.Name])
    if ($null -eq $value -or ($value -is [string] -and $value -eq '')) { return 'None' }
    if ($value -is [System.Collections.IEnumerable] -and $value -isnot [string]) {
        $items = @($value | ForEach-Object { [string] $_ })
        if ($items.Count -eq 0) { return 'None' }
        return $items -join ', '
    }
    $type = $value.GetType()
    if ($type.IsValueType -and -not $type.IsPrimitive -and -not $type.IsEnum -and $value -eq [Activator]::CreateInstance($type)) { return 'None' }
    if ($value -is [IFormattable]) { return $value.ToString($null, [cultureinfo]::InvariantCulture) }
    return [string] $value
}

function Split-DefaultValue {
    # A parameter's markdown lines -> @{ Lines = the description; Default = the text of its "Default value:" line }.
    param([System.Collections.Generic.List[string]] $Lines)
    $default = $null
    $kept = [System.Collections.Generic.List[string]]::new()
    foreach ($line in $Lines) {
        if ($line -match '^\s*Default value:\s*(.+?)\s*$') { $default = $Matches[1] } else { $kept.Add($line) }
    }
    return @{ Lines = $kept; Default = $default }
}

function Write-Parameter {
    param(
        [System.Xml.XmlWriter] $Writer,
        [System.Management.Automation.CommandParameterInfo] $SetParameter,
        $ParameterMetadata,
        [string[]] $Description,
        [bool] $Required,
        [string] $DefaultValue
    )
    $Writer.WriteStartElement('command', 'parameter', $NsCommand)
    $Writer.WriteAttributeString('required', $Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'true')
    $Writer.WriteAttributeString('globbing', 'false')
    $Writer.WriteAttributeString('pipelineInput', (Get-PipelineInputText $ParameterMetadata))
    $position = if ($SetParameter -and $SetParameter.Position -ge 0) { [string] $SetParameter.Position } else { 'named' }
    $Writer.WriteAttributeString('position', $position)
    $aliases = if ($ParameterMetadata.Aliases.Count) { $ParameterMetadata.Aliases -join ', ' } else { 'none' }
    $Writer.WriteAttributeString('aliases', $aliases)
    $Writer.WriteElementString('maml', 'name', $NsMaml, $ParameterMetadata.Name)
    $Writer.WriteStartElement('maml', 'description', $NsMaml)
    Add-Paragraphs $Writer $Description
    $Writer.WriteEndElement()
    $type = $ParameterMetadata.ParameterType
    if ($type -ne [System.Management.Automation.SwitchParameter]) {
        $Writer.WriteStartElement('command', 'parameterValue', $NsCommand)
        $Writer.WriteAttributeString('required', 'true')
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($type.Name)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $NsDev)
    $Writer.WriteElementString('maml', 'name', $NsMaml, $type.FullName)
    $Writer.WriteEndElement()
    $validateSet = $ParameterMetadata.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
    if ($validateSet) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $NsCommand)
        foreach ($v in $validateSet.ValidValues) {
            $Writer.WriteStartElement('command', 'parameterValue', $NsCommand)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('variableLength', 'false')
            $Writer.WriteString($v)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteElementString('dev', 'defaultValue', $NsDev, $DefaultValue)
    $Writer.WriteEndElement()
}

function Write-CommandHelp {
    param([System.Xml.XmlWriter] $Writer, [System.Management.Automation.CommandInfo] $Command, [string] $MarkdownFile)

    $sections = Split-MarkdownSections (Get-Content -LiteralPath $MarkdownFile)
    $get = { param($name) if ($sections.Contains($name)) { $sections[$name] } else { [System.Collections.Generic.List[string]]::new() } }

    $parameterDocs = @{}
    $documentedDefaults = @{}
    foreach ($item in Split-Subsections (& $get 'PARAMETERS')) {
        $split = Split-DefaultValue $item.Lines
        $parameterDocs[$item.Title.TrimStart('-')] = ConvertTo-Paragraphs $split.Lines
        $documentedDefaults[$item.Title.TrimStart('-')] = $split.Default
    }
    $script:CmdletInstances[$Command.Name] = [Activator]::CreateInstance($Command.ImplementingType)

    $Writer.WriteStartElement('command', 'command', $NsCommand)
    $Writer.WriteAttributeString('xmlns', 'maml', 'http://www.w3.org/2000/xmlns/', $NsMaml)
    $Writer.WriteAttributeString('xmlns', 'dev', 'http://www.w3.org/2000/xmlns/', $NsDev)

    $Writer.WriteStartElement('command', 'details', $NsCommand)
    $Writer.WriteElementString('command', 'name', $NsCommand, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $NsCommand, $Command.Verb)
    $Writer.WriteElementString('command', 'noun', $NsCommand, $Command.Noun)
    $Writer.WriteStartElement('maml', 'description', $NsMaml)
    Add-Paragraphs $Writer (ConvertTo-Paragraphs (& $get 'SYNOPSIS'))
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('maml', 'description', $NsMaml)
    Add-Paragraphs $Writer (ConvertTo-Paragraphs (& $get 'DESCRIPTION'))
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'syntax', $NsCommand)
    foreach ($set in $Command.ParameterSets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $NsCommand)
        $Writer.WriteElementString('maml', 'name', $NsMaml, $Command.Name)
        foreach ($p in $set.Parameters | Where-Object { $_.Name -notin $CommonParameters }) {
            $default = Get-DefaultValue $Command $Command.Parameters[$p.Name] $documentedDefaults[$p.Name] $p.IsMandatory
            Write-Parameter $Writer $p $Command.Parameters[$p.Name] @($parameterDocs[$p.Name]) $p.IsMandatory $default
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $NsCommand)
    foreach ($name in $Command.Parameters.Keys | Where-Object { $_ -notin $CommonParameters } | Sort-Object) {
        $inSets = foreach ($set in $Command.ParameterSets) { $set.Parameters | Where-Object Name -EQ $name }
        $first = $inSets | Select-Object -First 1
        $required = [bool] ($inSets | Where-Object IsMandatory)
        $default = Get-DefaultValue $Command $Command.Parameters[$name] $documentedDefaults[$name] $required
        Write-Parameter $Writer $first $Command.Parameters[$name] @($parameterDocs[$name]) $required $default
    }
    $Writer.WriteEndElement()

    foreach ($kind in @(@{ Section = 'INPUTS'; Outer = 'inputTypes'; Inner = 'inputType' }, @{ Section = 'OUTPUTS'; Outer = 'returnValues'; Inner = 'returnValue' })) {
        $Writer.WriteStartElement('command', $kind.Outer, $NsCommand)
        foreach ($item in Split-Subsections (& $get $kind.Section)) {
            $Writer.WriteStartElement('command', $kind.Inner, $NsCommand)
            $Writer.WriteStartElement('dev', 'type', $NsDev)
            $Writer.WriteElementString('maml', 'name', $NsMaml, $item.Title)
            $Writer.WriteEndElement()
            $Writer.WriteStartElement('maml', 'description', $NsMaml)
            Add-Paragraphs $Writer (ConvertTo-Paragraphs $item.Lines)
            $Writer.WriteEndElement()
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('maml', 'alertSet', $NsMaml)
    $Writer.WriteStartElement('maml', 'alert', $NsMaml)
    Add-Paragraphs $Writer (ConvertTo-Paragraphs (& $get 'NOTES'))
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $NsCommand)
    foreach ($example in Split-Subsections (& $get 'EXAMPLES')) {
        $code = [System.Collections.Generic.List[string]]::new()
        $remarks = [System.Collections.Generic.List[string]]::new()
        $inFence = $false; $seenFence = $false
        foreach ($line in $example.Lines) {
            if ($line -match '^\s*```') { $inFence = -not $inFence; $seenFence = $true; continue }
            if ($inFence) { $code.Add($line) } elseif ($seenFence) { $remarks.Add($line) }
        }
        $Writer.WriteStartElement('command', 'example', $NsCommand)
        $Writer.WriteElementString('maml', 'title', $NsMaml, "-------------------------- $($example.Title) --------------------------")
        $Writer.WriteElementString('dev', 'code', $NsDev, ($code -join "`n"))
        $Writer.WriteStartElement('dev', 'remarks', $NsDev)
        Add-Paragraphs $Writer (ConvertTo-Paragraphs $remarks)
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $NsCommand)
    # The cmdlet's page under the project first, as "Online Version:": the link Get-Help -Online opens, and the one
    # CommandInfo.HelpUri reads (the cmdlets carry no HelpUri attribute: it would cost every import a reflection stub).
    $links = @("[Online Version:]($OnlineHelpRoot$($Command.Name).md)") + @(& $get 'RELATED LINKS')
    foreach ($line in $links) {
        if ($line -match '^\s*\[([^\]]+)\]\(([^)]*)\)') {
            # Read both groups before the next -match replaces $Matches.
            $text, $target = $Matches[1], $Matches[2]
            $uri = if ($target -match '^https?://') { $target } else { '' }
            $Writer.WriteStartElement('maml', 'navigationLink', $NsMaml)
            $Writer.WriteElementString('maml', 'linkText', $NsMaml, $text)
            $Writer.WriteElementString('maml', 'uri', $NsMaml, $uri)
            $Writer.WriteEndElement()
        }
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

# about_*.md -> about_*.help.txt (Format-Wrapped, ConvertTo-AboutTopic).
. (Join-Path $PSScriptRoot 'AboutTopic.ps1')

$module = Import-Module (Resolve-Path -LiteralPath $ModuleManifest).Path -Force -PassThru
if (-not $module.ProjectUri) { throw "$ModuleManifest has no PrivateData.PSData.ProjectUri: the online help pages live under it." }
$OnlineHelpRoot = "$($module.ProjectUri.AbsoluteUri.TrimEnd('/'))/blob/main/docs/help/"
# One fresh instance of each cmdlet: its properties' starting values are the parameters' defaults.
$script:CmdletInstances = @{}
New-Item -ItemType Directory -Force -Path $OutputPath | Out-Null

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$helpFile = Join-Path $OutputPath "$($module.Name).dll-Help.xml"
$writer = [System.Xml.XmlWriter]::Create($helpFile, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($command in $module.ExportedCmdlets.Values | Sort-Object Name) {
        $md = Join-Path $MarkdownPath "$($command.Name).md"
        if (-not (Test-Path -LiteralPath $md)) {
            Write-Warning "No help source for $($command.Name) ($md)."
            continue
        }
        Write-CommandHelp $writer $command $md
    }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally {
    $writer.Dispose()
}

foreach ($about in Get-ChildItem -Path $MarkdownPath -Filter 'about_*.md' -ErrorAction SilentlyContinue) {
    ConvertTo-AboutTopic $about.FullName (Join-Path $OutputPath ($about.BaseName + '.help.txt'))
}
Write-Host "    help: $helpFile"
