# Every exported cmdlet has complete help, generated at build time from docs/help/<Verb-Noun>.md.
BeforeDiscovery {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    $manifest = Import-PowerShellDataFile (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1')
    $script:Cmdlets = @($manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force
    $Common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
}

Describe 'Help for <Name>' -ForEach $Cmdlets {
    BeforeAll {
        $Help = Get-Help $Name -Full
        $Command = Get-Command $Name
    }

    It 'has a synopsis that is not the generated syntax' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        $Help.Synopsis.Trim() | Should -Not -BeLike "$Name *"
    }

    It 'has a description' {
        ($Help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        foreach ($parameter in $Command.Parameters.Keys | Where-Object { $_ -notin $Common }) {
            $doc = $Help.parameters.parameter | Where-Object name -EQ $parameter
            $doc | Should -Not -BeNullOrEmpty -Because "-$parameter must be in the help"
            ($doc.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }

    It 'has at least three examples, each with code and remarks' {
        @($Help.examples.example).Count | Should -BeGreaterOrEqual 3
        foreach ($example in $Help.examples.example) {
            $example.code | Should -Not -BeNullOrEmpty
            ($example.remarks | Out-String).Trim() | Should -Not -BeNullOrEmpty
        }
    }

    It 'has related links' {
        @($Help.relatedLinks.navigationLink).Count | Should -BeGreaterOrEqual 1
    }
}
