# Module conventions: the manifest and the built module agree, and the module loads cleanly.
BeforeDiscovery {
    $script:RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
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
            Where-Object { $_.IsSubclassOf([System.Management.Automation.Cmdlet]) } |
            ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" } |
            Sort-Object
        $defined | Should -Be ($Manifest.CmdletsToExport | Sort-Object)
        ($Module.ExportedCmdlets.Keys | Sort-Object) | Should -Be ($Manifest.CmdletsToExport | Sort-Object)
    }

    It 'declares its format file' {
        $Manifest.FormatsToProcess | Should -Contain 'CrossAcctApi.Format.ps1xml'
        Join-Path (Split-Path $ManifestPath) 'CrossAcctApi.Format.ps1xml' | Should -Exist
    }
}
