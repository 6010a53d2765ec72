#Requires -Version 7.0
# The module's format views come with its first command in a session, not with Import-Module (issue 13: Import-Module
# at most 3x an empty module; a format file makes PowerShell rebuild the session's whole format table). Each case runs
# in a fresh pwsh, since a session that has run a command already has them.
BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    $Manifest = Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1'
    $Url = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/items/42'

    # Runs $Script in a fresh pwsh with the module imported; its last line of output is JSON.
    function Invoke-FreshSession([string] $Script) {
        $text = "`$ErrorActionPreference = 'Stop'; Import-Module '$Manifest'; $Script"
        $lines = @(& dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -Command $text 2>&1)
        $LASTEXITCODE | Should -Be 0 -Because ($lines -join "`n")
        $lines[-1] | ConvertFrom-Json
    }

    $ViewCount = 'function ViewCount { @(Get-FormatData -TypeName ''CrossAcctApi.*'' -PowerShellVersion $PSVersionTable.PSVersion | ForEach-Object FormatViewDefinition).Count }'
}

Describe 'Format views registered by the first command' {
    It 'are not part of Import-Module, come with the first command, and are registered once' {
        $result = Invoke-FreshSession @"
$ViewCount
`$afterImport = ViewCount
`$table = Get-ExecuteApiArn -Uri '$Url' -Stage '`$default' | Out-String
`$afterFirst = ViewCount
`$null = Get-ExecuteApiArn -Uri '$Url' -Stage '`$default'
[pscustomobject] @{ AfterImport = `$afterImport; AfterFirst = `$afterFirst; AfterSecond = (ViewCount); Table = `$table } | ConvertTo-Json -Compress
"@
        $result.AfterImport | Should -Be 0 -Because 'Import-Module leaves the session''s format table alone'
        $result.AfterFirst | Should -BeGreaterThan 10 -Because 'every output type has its views after the first command'
        $result.AfterSecond | Should -Be $result.AfterFirst -Because 'the views are registered once per session'
        $result.Table | Should -Match '(?m)^Method\s+Stage\s+Arn\s*$' -Because 'the first command''s own output already uses its view'
    }

    It 'are registered in each runspace that runs a command (a thread job)' {
        $result = Invoke-FreshSession @"
$ViewCount
`$null = Get-ExecuteApiArn -Uri '$Url' -Stage '`$default'
`$job = Start-ThreadJob { Import-Module '$Manifest'; Get-ExecuteApiArn -Uri '$Url' -Stage '`$default' | Out-String }
[pscustomobject] @{ Table = (`$job | Receive-Job -Wait -AutoRemoveJob) } | ConvertTo-Json -Compress
"@
        $result.Table | Should -Match '(?m)^Method\s+Stage\s+Arn\s*$'
    }

    It 'leave the views a user registered for the same types in charge' {
        $custom = Join-Path $TestDrive 'Mine.Format.ps1xml'
        Set-Content -Path $custom -Value @'
<?xml version="1.0" encoding="utf-8"?>
<Configuration><ViewDefinitions><View><Name>Mine</Name>
<ViewSelectedBy><TypeName>CrossAcctApi.Core.Requests.ResolvedInvokeArn</TypeName></ViewSelectedBy>
<ListControl><ListEntries><ListEntry><ListItems><ListItem><Label>MyArn</Label><PropertyName>Arn</PropertyName></ListItem></ListItems></ListEntry></ListEntries></ListControl>
</View></ViewDefinitions></Configuration>
'@
        $result = Invoke-FreshSession @"
Update-FormatData -PrependPath '$custom'
[pscustomobject] @{ Text = (Get-ExecuteApiArn -Uri '$Url' -Stage '`$default' | Out-String) } | ConvertTo-Json -Compress
"@
        $result.Text | Should -Match 'MyArn\s*:'
    }
}
