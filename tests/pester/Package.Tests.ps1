#Requires -Version 7.0
# The release as users get it (issue 16): the package build.ps1 -Task Package makes (build/Package.psm1, made here
# from the built module the same way) is PowerShell Gallery-ready, publishes to a repository with
# Publish-PSResource, installs with Install-PSResource into an empty module path in a fresh pwsh (its own HOME, so
# that neither the machine's modules nor its PSResourceGet repositories are seen or touched), and the README's tour
# runs against the sandbox from the installed copy.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'ReadmeBlocks.ps1')
    $root = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    $script:ReadmeTour = Get-RunnableReadmeBlocks (Join-Path $root 'README.md')
}

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    Import-Module (Join-Path $RepoRoot 'build/Package.psm1') -Force
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $ModuleOut = Join-Path $RepoRoot 'out/CrossAcctApi'
    $Manifest = Import-PowerShellDataFile (Join-Path $ModuleOut 'CrossAcctApi.psd1')
    $Package = New-ModulePackage -ModuleFolder $ModuleOut -DestinationPath (Join-Path $TestDrive 'package')

    $zip = [System.IO.Compression.ZipFile]::OpenRead($Package.FullName)
    try {
        $Entries = @($zip.Entries | ForEach-Object FullName)
        $nuspecEntry = $zip.Entries | Where-Object FullName -Like '*.nuspec' | Select-Object -First 1
        $reader = [System.IO.StreamReader]::new($nuspecEntry.Open())
        try { $Nuspec = ([xml] $reader.ReadToEnd()).package.metadata } finally { $reader.Dispose() }
    }
    finally { $zip.Dispose() }
}

Describe 'The package' {
    It 'is CrossAcctApi.<version>.nupkg, named and versioned as the manifest' {
        $Package.Name | Should -Be "CrossAcctApi.$($Manifest.ModuleVersion).nupkg"
        $Nuspec.id | Should -Be 'CrossAcctApi'
        $Nuspec.version | Should -Be $Manifest.ModuleVersion
    }

    It 'says what the Gallery shows: authors, description, project, licence, tags, release notes from CHANGELOG.md' {
        $Nuspec.authors | Should -Be $Manifest.Author
        $Nuspec.description | Should -Be $Manifest.Description
        $Nuspec.projectUrl | Should -Be $Manifest.PrivateData.PSData.ProjectUri
        $Nuspec.licenseUrl | Should -Be $Manifest.PrivateData.PSData.LicenseUri
        $tags = $Nuspec.tags -split '\s+'
        foreach ($tag in @($Manifest.PrivateData.PSData.Tags) + 'PSModule') { $tags | Should -Contain $tag }
        $notes = Get-ReleaseNotes -ChangelogPath (Join-Path $RepoRoot 'CHANGELOG.md') -Version $Manifest.ModuleVersion
        $Nuspec.releaseNotes.Trim() | Should -Be $notes
    }

    It 'holds the module, its help, its isolated dependencies and the LICENSE' {
        foreach ($file in 'CrossAcctApi.psd1', 'CrossAcctApi.dll', 'CrossAcctApi.Core.dll', 'LICENSE', 'en-US/CrossAcctApi.dll-Help.xml', 'Dependencies/CrossAcctApi.Sts.dll') {
            $Entries | Should -Contain $file
        }
        foreach ($format in (Get-ChildItem (Join-Path $RepoRoot 'out/CrossAcctApi') -Filter '*.Format.ps1xml').Name) { $Entries | Should -Contain $format }
        (Get-Content -Raw (Join-Path $RepoRoot 'LICENSE')) | Should -Match 'MIT License'
        $Manifest.Copyright | Should -Match 'MIT'
    }
}

Describe 'Installed from a repository in a fresh pwsh' {
    BeforeAll {
        $Home2 = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'home')
        $Repository = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'repository')
        $Report = Join-Path $TestDrive 'installed.json'
        # Published and installed in the child, as a user would; the child's HOME holds its PSResourceGet settings
        # and its CurrentUser module path, both empty at the start.
        $prelude = @"
`$ProgressPreference = 'SilentlyContinue'
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name CrossAcctApiTest -Uri '$Repository' -Trusted
Publish-PSResource -NupkgPath '$($Package.FullName)' -Repository CrossAcctApiTest
`$before = @(Get-Module -ListAvailable CrossAcctApi)
Install-PSResource -Name CrossAcctApi -Repository CrossAcctApiTest -Scope CurrentUser
`$installed = Get-InstalledPSResource -Name CrossAcctApi
`$ErrorActionPreference = 'Continue'
[pscustomobject] @{ Before = `$before.Count; Version = [string] `$installed.Version; Path = `$installed.InstalledLocation; ModulePath = `$env:PSModulePath } | ConvertTo-Json | Set-Content '$Report'
"@
        # The tour imports the installed module by name, not the build output.
        . (Join-Path $PSScriptRoot 'ReadmeBlocks.ps1')
        $readmeBlocks = Get-RunnableReadmeBlocks (Join-Path $RepoRoot 'README.md')
        $Blocks = @(foreach ($readmeBlock in $readmeBlocks) {
                $block = $readmeBlock.Clone()
                $block.Code = $block.Code -replace 'Import-Module \./out/CrossAcctApi/CrossAcctApi\.psd1', 'Import-Module CrossAcctApi; "from: $((Get-Module CrossAcctApi).ModuleBase)"'
                $block
            })
        $environment = @{ HOME = $Home2.FullName; XDG_DATA_HOME = $null; XDG_CONFIG_HOME = $null; XDG_CACHE_HOME = $null; PSModulePath = $null }
        $Results = Invoke-ReadmeBlocks -Blocks $Blocks -WorkDir $TestDrive -RepoRoot $RepoRoot -Prelude $prelude -Environment $environment -Pwsh @('dotnet', (Join-Path $PSHOME 'pwsh.dll'))
        $Installed = Get-Content -Raw $Report -ErrorAction SilentlyContinue | ConvertFrom-Json
    }

    It 'installs into an empty module path with Install-PSResource' {
        $Installed | Should -Not -BeNullOrEmpty
        $Installed.Before | Should -Be 0 -Because 'the fresh pwsh must not see another copy'
        $Installed.Version | Should -Be $Manifest.ModuleVersion
        $Installed.Path | Should -BeLike "$($Home2.FullName)*"
    }

    It 'runs the README tour from the installed copy' {
        $Results.Count | Should -Be $Blocks.Count
        $Results[0].Output | Should -Match ([regex]::Escape("from: $($Home2.FullName)")) -Because 'the tour must use the installed module'
    }

    It 'runs README block at line <Line> as the README says (<Title>)' -ForEach $ReadmeTour {
        $result = $Results[$Index]
        $result.Terminating | Should -BeNullOrEmpty
        @($result.Errors) | Should -Be @($ExpectedErrors) -Because $result.Output
    }
}
