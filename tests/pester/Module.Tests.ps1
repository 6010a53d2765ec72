# Module conventions: the manifest and the built module agree, and the module loads cleanly.
BeforeDiscovery {
    $script:RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    # The source manifest lists the same cmdlets as the built one (the build only stamps the version).
    $script:ExportedCmdlets = @((Import-PowerShellDataFile (Join-Path $script:RepoRoot 'CrossAcctApi.psd1')).CmdletsToExport)
}

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    $ManifestPath = Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1'
    $Manifest = Import-PowerShellDataFile $ManifestPath
    [xml] $Props = Get-Content -Raw (Join-Path $RepoRoot 'Directory.Build.props')
    $Module = Import-Module $ManifestPath -Force -PassThru
}

Describe 'CrossAcctApi manifest' {
    It 'takes its version from Directory.Build.props' {
        $expected = @($Props.Project.PropertyGroup.CrossAcctApiVersion | Where-Object { $_ })[0]
        $Manifest.ModuleVersion | Should -Be $expected
        $Module.Version.ToString() | Should -Be $expected
    }

    It 'is compatible with both PowerShell editions from 5.1 on' {
        $Manifest.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        $Manifest.PowerShellVersion | Should -Be '5.1'
    }

    It 'exports cmdlets explicitly, and nothing by wildcard' {
        $Manifest.CmdletsToExport | Should -Not -BeNullOrEmpty
        foreach ($key in 'CmdletsToExport', 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
            @($Manifest[$key]) -join ',' | Should -Not -Match '\*' -Because "$key must list names explicitly"
        }
    }

    It 'exports exactly the cmdlet classes the assembly defines' {
        $assembly = [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'CrossAcctApi' } | Select-Object -First 1
        $defined = $assembly.GetExportedTypes() |
            Where-Object { $_.IsSubclassOf([System.Management.Automation.Cmdlet]) -and -not $_.IsAbstract } |
            ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" } |
            Sort-Object
        $defined | Should -Be ($Manifest.CmdletsToExport | Sort-Object)
        ($Module.ExportedCmdlets.Keys | Sort-Object) | Should -Be ($Manifest.CmdletsToExport | Sort-Object)
    }

    It 'ships its format views beside the manifest, for its first command to register' {
        $Manifest.Keys | Should -Not -Contain 'FormatsToProcess' -Because 'Import-Module would rebuild the session''s format table'
        Join-Path (Split-Path $ManifestPath) 'CrossAcctApi.Format.ps1xml' | Should -Exist
    }
}

Describe 'CrossAcctApi format views' {
    BeforeAll {
        # The views come with the module's first command in the session.
        $null = Get-ExecuteApiArn -Uri 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/items' -Stage '$default'
    }

    It 'has a table and a list view for <TypeName>' -ForEach @(
        @{ TypeName = 'CrossAcctApi.SignedHttpApiRequest' }
        @{ TypeName = 'CrossAcctApi.Core.Credentials.AwsCredential' }
    ) {
        $views = (Get-FormatData -TypeName $TypeName -PowerShellVersion $PSVersionTable.PSVersion).FormatViewDefinition

        $views | ForEach-Object { $_.Control.GetType().Name } | Sort-Object | Should -Be @('ListControl', 'TableControl')
        $views[0].Control | Should -BeOfType [System.Management.Automation.TableControl] -Because 'the first view is the default'
    }

    It 'names only types the module defines' {
        [xml] $format = Get-Content -Raw (Join-Path (Split-Path $ManifestPath) 'CrossAcctApi.Format.ps1xml')
        Add-Type -Path (Join-Path (Split-Path $ManifestPath) 'CrossAcctApi.Core.dll')
        foreach ($name in $format.Configuration.ViewDefinitions.View.ViewSelectedBy.TypeName | Sort-Object -Unique) {
            $name -as [type] | Should -Not -BeNullOrEmpty -Because "$name is selected by a view"
        }
    }
}

Describe 'CrossAcctApi help' {
    It 'documents <_> with a synopsis, every parameter and at least three examples' -ForEach $ExportedCmdlets {
        $help = Get-Help $_ -Full
        $command = Get-Command $_

        $help.Synopsis | Should -Not -Match "^\s*$_\s*$" -Because 'a generated synopsis only repeats the name'
        $help.Synopsis | Should -Not -BeNullOrEmpty
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 3
        $documented = @($help.Parameters.Parameter | Where-Object { $_.Description.Text } | ForEach-Object Name)
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        foreach ($name in $command.Parameters.Keys | Where-Object { $_ -notin $common }) {
            $documented | Should -Contain $name -Because "-$name needs a description"
        }
    }
}
