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

    It 'shows the real default of every parameter that has one' {
        # The value the cmdlet starts with (what it uses when the parameter is left out) must be what Get-Help says.
        $fresh = [Activator]::CreateInstance($Command.ImplementingType)
        foreach ($parameter in $Command.Parameters.Values | Where-Object { $_.Name -notin $Common }) {
            $doc = $Help.parameters.parameter | Where-Object name -EQ $parameter.Name
            $shown = [string] $doc.defaultValue
            $start = $Command.ImplementingType.GetProperty($parameter.Name).GetValue($fresh)
            $mandatory = [bool] ($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.Mandatory })
            if ($parameter.SwitchParameter) { $shown | Should -Be 'False' -Because "-$($parameter.Name) is a switch" }
            elseif (($start -is [string] -and $start) -or ($start -is [int] -and $start -gt 0) -or $start -is [enum]) {
                $shown | Should -BeLike "$start*" -Because "-$($parameter.Name) starts as $start"
            }
            # A description that says the parameter has a default must show it.
            $text = ($doc.description | Out-String)
            if (-not $mandatory -and $text -match '(^|[.;(]\s*)Default\b|\bby default\b|\bthe default\)|, the default,') {
                $shown | Should -Not -Be 'None' -Because "the help of -$($parameter.Name) says it has a default: $($text.Trim())"
            }
        }
    }

    It 'has a HelpUri under the manifest''s ProjectUri, to its page in docs/help, that Get-Help -Online opens' {
        $projectUri = (Import-PowerShellDataFile (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1')).PrivateData.PSData.ProjectUri
        $page = "$projectUri/blob/main/docs/help/$Name.md"
        # The page is the help's first link: Get-Help -Online opens it, and CommandInfo.HelpUri reads it from there
        # (the cmdlet attribute carries no HelpUri, which would cost every Import-Module a reflection stub).
        $Help.relatedLinks.navigationLink[0].uri | Should -Be $page -Because 'Get-Help -Online opens the first link with an address'
        $Command.HelpUri | Should -Be $page
        Join-Path $RepoRoot "docs/help/$Name.md" | Should -Exist
    }

    It 'opens the HelpUri with Get-Help -Online' -Skip:(-not $IsLinux) {
        # .NET opens a URL on Linux with the first of xdg-open, gnome-open or kfmclient on PATH: a stand-in records it.
        $bin = New-Item -ItemType Directory -Force -Path (Join-Path $TestDrive 'bin')
        $record = Join-Path $TestDrive "opened-$Name.txt"
        Set-Content -Path (Join-Path $bin 'xdg-open') -Value "#!/bin/sh`nprintf '%s' `"`$1`" > '$record'"
        chmod +x (Join-Path $bin 'xdg-open')
        $savedPath = $env:PATH
        try {
            $env:PATH = "$bin$([IO.Path]::PathSeparator)$savedPath"
            Get-Help $Name -Online -ErrorAction Stop
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (-not (Test-Path $record) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        }
        finally { $env:PATH = $savedPath }
        Get-Content -Raw $record | Should -Be $Command.HelpUri
    }
}
