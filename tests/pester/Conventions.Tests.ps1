# Module conventions a PowerShell user relies on without thinking: approved verbs, singular nouns, declared output
# types, explicit exports, help for every parameter, one sealed <Verb><Noun>Command class per file, completion on the
# parameters people type most, and an about topic. Checked against the built module and the sources.
BeforeDiscovery {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    $manifest = Import-PowerShellDataFile (Join-Path $RepoRoot 'CrossAcctApi.psd1')
    $script:Cmdlets = @($manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    $SourceManifest = Import-PowerShellDataFile (Join-Path $RepoRoot 'CrossAcctApi.psd1')
    $BuiltManifestPath = Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1'
    $Module = Import-Module $BuiltManifestPath -Force -PassThru
    $Assembly = [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'CrossAcctApi' } | Select-Object -First 1
    $CmdletTypes = @($Assembly.GetTypes() | Where-Object { $_.IsSubclassOf([System.Management.Automation.Cmdlet]) -and -not $_.IsAbstract })
    $Common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    $ApprovedVerbs = @(Get-Verb | ForEach-Object Verb)
    $SourceDir = Join-Path $RepoRoot 'src/CrossAcctApi'

    function Get-CmdletAttribute([type] $Type) { $Type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) | Select-Object -First 1 }

    # The parameters people type by hand, and the completer each must offer.
    $ExpectedCompleters = @{
        ProfileName = 'CrossAcctApi.Completion.ProfileNameCompleter'
        Region      = 'CrossAcctApi.Completion.RegionCompleter'
        Method      = 'CrossAcctApi.Completion.HttpMethodCompleter'
        RoleArn     = 'CrossAcctApi.Completion.RoleArnCompleter'
    }
}

Describe 'Names' {
    It '<Name> uses an approved verb' -ForEach $Cmdlets {
        $verb = $Name.Split('-')[0]
        $ApprovedVerbs | Should -Contain $verb -Because 'Get-Verb lists the verbs users (and Import-Module) expect'
    }

    It '<Name> has a singular noun' -ForEach $Cmdlets {
        $noun = $Name.Split('-', 2)[1]
        # A noun ending in a single s reads as a plural (Credentials); -ss (Access) and -us, -is are singular.
        $noun | Should -Not -Match '(?<![sui])s$' -Because 'PowerShell nouns are singular'
    }

    It 'every cmdlet class is public, sealed and named <Verb><Noun>Command' {
        $CmdletTypes | Should -Not -BeNullOrEmpty
        foreach ($type in $CmdletTypes) {
            $attribute = Get-CmdletAttribute $type
            $attribute | Should -Not -BeNullOrEmpty -Because "$($type.FullName) must declare [Cmdlet]"
            $type.IsPublic | Should -BeTrue -Because "$($type.Name) must be public"
            $type.IsSealed | Should -BeTrue -Because "$($type.Name) must be sealed"
            $type.Name | Should -BeExactly ($attribute.VerbName + $attribute.NounName + 'Command')
        }
    }

    It 'every cmdlet class lives alone in its own Commands/<Verb><Noun>Command.cs' {
        foreach ($type in $CmdletTypes) {
            $file = Join-Path $SourceDir ('Commands/' + $type.Name + '.cs')
            $file | Should -Exist -Because "$($type.Name) belongs in a file of its own name"
            $text = Get-Content -Raw $file
            ([regex]::Matches($text, '\[Cmdlet\(')).Count | Should -Be 1 -Because "$file must declare exactly one cmdlet"
        }
        $declaring = Get-ChildItem $SourceDir -Recurse -Filter '*.cs' | Where-Object { (Get-Content -Raw $_.FullName) -match '\[Cmdlet\(' }
        @($declaring).Count | Should -Be $CmdletTypes.Count -Because 'no file other than the cmdlets'' own declares a cmdlet'
    }
}

Describe 'Exports' {
    It 'CmdletsToExport lists exactly the cmdlet classes, sorted' {
        $defined = $CmdletTypes | ForEach-Object { $a = Get-CmdletAttribute $_; "$($a.VerbName)-$($a.NounName)" } | Sort-Object
        @($SourceManifest.CmdletsToExport) | Should -Be @($defined)
        @($SourceManifest.CmdletsToExport) | Should -Be @($SourceManifest.CmdletsToExport | Sort-Object) -Because 'the list is kept sorted'
        @($Module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($defined)
    }

    It 'exports no functions, aliases or variables, and nothing by wildcard' {
        foreach ($key in 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
            $SourceManifest.ContainsKey($key) | Should -BeTrue -Because "an absent $key means 'everything'"
            @($SourceManifest[$key]).Count | Should -Be 0 -Because "$key must be an explicit empty list"
        }
        @($SourceManifest.CmdletsToExport) -join ',' | Should -Not -Match '\*'
        $Module.ExportedFunctions.Count | Should -Be 0
        $Module.ExportedAliases.Count | Should -Be 0
        $Module.ExportedVariables.Count | Should -Be 0
    }

    It 'ships every format file of src/CrossAcctApi/Formats (its first command registers what it finds)' {
        $moduleDir = Split-Path $BuiltManifestPath
        $shipped = @(Get-ChildItem $moduleDir -Filter '*.Format.ps1xml' | ForEach-Object Name | Sort-Object)
        $source = @(Get-ChildItem (Join-Path $RepoRoot 'src/CrossAcctApi/Formats') -Filter '*.Format.ps1xml' | ForEach-Object Name) +
            @(Get-ChildItem (Join-Path $RepoRoot 'src/CrossAcctApi') -Filter '*.Format.ps1xml' | ForEach-Object Name)
        $shipped | Should -Be @($source | Sort-Object)
        $shipped.Count | Should -BeGreaterThan 0
    }
}

Describe '<Name> metadata' -ForEach $Cmdlets {
    BeforeAll {
        $Command = Get-Command $Name -Module CrossAcctApi
        $Help = Get-Help $Name -Full
    }

    It 'declares its output type' {
        $Command.ImplementingType.GetCustomAttributes([System.Management.Automation.OutputTypeAttribute], $true) | Should -Not -BeNullOrEmpty
        @($Command.OutputType).Count | Should -BeGreaterThan 0
        foreach ($output in $Command.OutputType) {
            $output.Type | Should -Not -BeNullOrEmpty -Because "[OutputType] names a loadable type ($($output.Name))"
        }
    }

    It 'has help for every parameter' {
        foreach ($parameter in $Command.Parameters.Keys | Where-Object { $_ -notin $Common }) {
            $doc = @($Help.parameters.parameter | Where-Object name -EQ $parameter)
            $doc.Count | Should -Be 1 -Because "-$parameter must be documented once"
            ($doc[0].description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }

    It 'names parameter sets only where it has several' {
        if (@($Command.ParameterSets).Count -gt 1) {
            $Command.DefaultParameterSet | Should -Not -BeNullOrEmpty -Because 'several sets need a default, or a bare call is ambiguous'
        }
    }

    It 'completes -ProfileName, -Region, -Method and -RoleArn where it has them' {
        foreach ($parameter in $ExpectedCompleters.Keys) {
            if (-not $Command.Parameters.ContainsKey($parameter)) { continue }
            $completer = $Command.Parameters[$parameter].Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }
            $completer | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name should complete"
            $completer.Type.FullName | Should -Be $ExpectedCompleters[$parameter]
        }
    }
}

Describe 'The about topic' {
    BeforeAll {
        $TopicPath = Join-Path (Split-Path $BuiltManifestPath) 'en-US/about_CrossAcctApi.help.txt'
    }

    It 'is shipped and found by Get-Help about_CrossAcctApi' {
        $TopicPath | Should -Exist
        $text = Get-Help about_CrossAcctApi | Out-String
        $text | Should -Match 'TOPIC\s+about_CrossAcctApi'
        $text | Should -Match 'SHORT DESCRIPTION'
    }

    It 'explains the cross-account model: <Subject>' -ForEach @(
        @{ Subject = 'roles and trust'; Pattern = 'trust policy' }
        @{ Subject = 'sts:AssumeRole'; Pattern = 'sts:AssumeRole' }
        @{ Subject = 'invoke ARNs'; Pattern = 'arn:aws:execute-api:<region>:<account>:<api-id>/<stage>/<METHOD>/<path>' }
        @{ Subject = 'the $default stage'; Pattern = '<api-id>/$default/GET/items' }
        @{ Subject = 'that HTTP APIs have no resource policy'; Pattern = 'accept no resource policy' }
        @{ Subject = 'MissingAuthenticationToken'; Pattern = 'MissingAuthenticationToken' }
        @{ Subject = 'SignatureMismatch'; Pattern = 'SignatureMismatch' }
        @{ Subject = 'NotAuthorized'; Pattern = 'NotAuthorized' }
        @{ Subject = 'ExpiredToken'; Pattern = 'ExpiredToken' }
        @{ Subject = 'AssumeRoleAccessDenied'; Pattern = 'AssumeRoleAccessDenied' }
    ) {
        $text = (Get-Content -Raw $TopicPath) -replace '\s+', ' '
        $text.Contains($Pattern) | Should -BeTrue -Because "about_CrossAcctApi should explain $Subject"
    }

    It 'names every exported cmdlet' {
        $text = Get-Content -Raw $TopicPath
        foreach ($name in $SourceManifest.CmdletsToExport) {
            $text | Should -Match ([regex]::Escape($name))
        }
    }

    It 'keeps prose within 80 columns, as Get-Help shows it' {
        # Code (indented by eight) is kept as written; everything else is reflowed by the help generator.
        $long = Get-Content $TopicPath | Where-Object { $_.Length -gt 80 -and $_ -notmatch '^ {8}' }
        $long | Should -BeNullOrEmpty
    }
}

Describe 'Input markers' {
    # The engine names inputs as {@Name} markers and the cmdlet layer renders them ("-Region"); a marker that is no
    # parameter of any cmdlet (a typo such as {@Regoin}, a parameter since renamed) would reach users as a wrong name.
    BeforeAll {
        function Get-UserString([string] $Path) {
            $stream = [IO.File]::OpenRead($Path)
            try {
                $metadata = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader([System.Reflection.PortableExecutable.PEReader]::new($stream))
                $handle = [System.Reflection.Metadata.Ecma335.MetadataTokens]::UserStringHandle(1)
                while (-not $handle.IsNil) {
                    $metadata.GetUserString($handle)
                    $handle = [System.Reflection.Metadata.Ecma335.MetadataReaderExtensions]::GetNextHandle($metadata, $handle)
                }
            } finally { $stream.Dispose() }
        }

        # What PowerShell users read for each marker: an exported cmdlet, or "-Name" for a parameter some cmdlet has.
        $Phrasing = $Assembly.GetType('CrossAcctApi.ParameterPhrasing', $true)
        $Instance = $Phrasing.GetField('Instance').GetValue($null)
        $Parameters = @($Module.ExportedCmdlets.Values | ForEach-Object { $_.Parameters.Keys } | Where-Object { $_ -notin $Common } | Sort-Object -Unique)
        function Test-Marker([string] $Name) {
            $words = $Instance.Name($Name)
            if ($words -eq "-$Name") { return $Name -in $Parameters }
            return $words -in $Module.ExportedCmdlets.Keys
        }

        $ModuleDir = Split-Path $BuiltManifestPath
        $Texts = @('CrossAcctApi.Core.dll', 'CrossAcctApi.dll', 'Dependencies/CrossAcctApi.Sts.dll') | ForEach-Object { Get-UserString (Join-Path $ModuleDir $_) }
        $Markers = @($Texts | ForEach-Object { [regex]::Matches($_, '\{@([A-Za-z0-9]+)\}') } | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
    }

    It 'the module''s texts use markers, and the check knows a wrong one' {
        $Markers.Count | Should -BeGreaterThan 20
        Test-Marker 'Region' | Should -BeTrue
        Test-Marker 'Regoin' | Should -BeFalse -Because 'a typo names no parameter'
        Test-Marker 'AssumeRoleCommand' | Should -BeTrue
    }

    It 'every marker is a parameter of some cmdlet or a command the module exports' {
        $unknown = @($Markers | Where-Object { -not (Test-Marker $_) })
        $unknown | Should -BeNullOrEmpty -Because 'each {@Name} in the engine and the cmdlets must render as a real parameter or cmdlet'
    }

    It 'every command marker renders as an exported cmdlet' {
        foreach ($entry in $Phrasing.GetField('Commands', [Reflection.BindingFlags]'NonPublic, Static').GetValue($null).GetEnumerator()) {
            $Module.ExportedCmdlets.Keys | Should -Contain $entry.Value -Because "{@$($entry.Key)} names a command"
        }
    }
}
