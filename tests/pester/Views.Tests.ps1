#Requires -Version 7.0
# The default display of every output type: the few columns a person wants, first; no secret (secret key, session
# token, signature) in the default or list view; no ANSI escape in plain-text rendering or in output written to a
# file. Real objects from the cmdlets, against the sandbox. A type that gains a view must be added here (the last
# test fails until it is).
BeforeDiscovery {
    # Type, how the default view must look, and the labels in order (table headers, or the list's first labels).
    $script:Views = @(
        @{ TypeName = 'CrossAcctApi.Core.Credentials.AwsCredential'; Shape = 'Table'; Labels = @('Who', 'AccountId', 'Role', 'ExpiresIn') }
        @{ TypeName = 'CrossAcctApi.SignedHttpApiRequest'; Shape = 'Table'; Labels = @('Method', 'Uri', 'SignedHeaders') }
        @{ TypeName = 'CrossAcctApi.SignedHttpApiResponse'; Shape = 'Table'; Labels = @('StatusCode', 'Method', 'Uri', 'ms', 'Attempts', 'RequestId', 'ErrorId') }
        @{ TypeName = 'CrossAcctApi.Core.Http.ApiErrorDiagnosis'; Shape = 'List'; Labels = @('ErrorId', 'StatusCode', 'ErrorType', 'Summary', 'RecommendedAction', 'InvokeArn') }
        @{ TypeName = 'CrossAcctApi.Core.Http.CanonicalLine'; Shape = 'Table'; Labels = @('Part', 'Same', 'Ours', 'Server') }
        @{ TypeName = 'CrossAcctApi.Core.Requests.ResolvedInvokeArn'; Shape = 'Table'; Labels = @('Method', 'Stage', 'Arn') }
        @{ TypeName = 'CrossAcctApi.Core.Policy.Generator.CrossAccountPolicySet'; Shape = 'List'; Labels = @('RoleArn', 'TrustedPrincipal', 'Routes', 'InvokePolicy', 'TrustPolicy', 'CallerPolicy') }
        @{ TypeName = 'CrossAcctApi.Core.Policy.Generator.ExecuteApiPolicyTestResult'; Shape = 'Table'; Labels = @('Decision', 'IsConclusive', 'Method', 'Stage', 'Path', 'DecidedBy') }
        @{ TypeName = 'CrossAcctApi.Core.Access.CrossAccountAccessResult'; Shape = 'Table'; Labels = @('Result', 'Expected', 'Outcome', 'StatusCode', 'Diagnosis', 'Target') }
    )
}

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    $ModuleDir = Join-Path $RepoRoot 'out/CrossAcctApi'
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    Import-Module (Join-Path $ModuleDir 'CrossAcctApi.psd1') -Force
    $Sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath (Join-Path $RepoRoot 'out/sandbox')
    # $Role, $Ops, $Api, $script:Secrets and Get-Sample: one real object of each output type (shared with
    # Serialization.Tests.ps1).
    . (Join-Path $PSScriptRoot 'OutputSamples.ps1')
    $SavedRendering = $PSStyle.OutputRendering

    # The labels of the default view, in order: a table's header line, or the labels of a list's first entry.
    function Get-DefaultLabels($Objects, [string] $Shape) {
        $lines = ($Objects | Out-String -Width 250) -split "`r?`n" | Where-Object { $_.Trim() }
        if ($Shape -eq 'Table') { return @($lines[0].Trim() -split '\s+') }
        $labels = [System.Collections.Generic.List[string]]::new()
        foreach ($line in $lines) {
            if ($line -match '^(\w+)\s*:') {
                if ($labels.Contains($Matches[1])) { break }
                $labels.Add($Matches[1])
            }
        }
        return @($labels)
    }

    function Get-Renderings($Objects) {
        [ordered] @{
            'default'     = $Objects | Out-String -Width 300
            'Format-List' = $Objects | Format-List | Out-String -Width 300
            'Format-Table' = $Objects | Format-Table | Out-String -Width 300
        }
    }
}

AfterAll {
    $PSStyle.OutputRendering = $SavedRendering
    if ($Sandbox) { Stop-CrossAcctApiSandbox $Sandbox }
}

Describe '<TypeName>' -ForEach $Views {
    BeforeAll {
        $Sample = Get-Sample $TypeName
    }
    AfterEach { $PSStyle.OutputRendering = $SavedRendering }

    It 'is a real <TypeName>' {
        $Sample | Should -Not -BeNullOrEmpty
        $Sample[0].GetType().FullName | Should -Be $TypeName
    }

    It 'shows <Labels> by default, as a <Shape>' {
        $views = @((Get-FormatData -TypeName $TypeName -PowerShellVersion $PSVersionTable.PSVersion).FormatViewDefinition)
        $views[0].Control.GetType().Name | Should -Be "$($Shape)Control" -Because 'the first view is the default'

        $actual = Get-DefaultLabels $Sample $Shape
        if ($Shape -eq 'Table') { $actual | Should -Be $Labels }
        else { $actual[0..($Labels.Count - 1)] | Should -Be $Labels }
    }

    It 'names only columns that are properties of <TypeName>, or documented calculated ones' {
        # What a view shows as a column must filter by the same name: $r | Where-Object <Label> -eq <what is shown>.
        # A column that shows a calculation (a count, a role name cut from an ARN) says so in a comment in its
        # header: <!-- Calculated: ... -->.
        $properties = @($Sample[0].PSObject.Properties.Name)
        $checked = 0
        foreach ($file in Get-ChildItem (Join-Path $RepoRoot 'out/CrossAcctApi') -Filter '*.Format.ps1xml') {
            $xml = [xml] (Get-Content -Raw $file.FullName)
            foreach ($view in $xml.SelectNodes('//View') | Where-Object { $_.ViewSelectedBy.TypeName -eq $TypeName }) {
                $headers = @($view.SelectNodes('.//TableHeaders/TableColumnHeader'))
                $items = @($view.SelectNodes('.//TableColumnItems/TableColumnItem'))
                for ($i = 0; $i -lt $headers.Count; $i++) {
                    $label = if ($headers[$i].Label) { $headers[$i].Label } else { $items[$i].PropertyName }
                    $note = $headers[$i].SelectSingleNode('comment()')
                    $documented = $note -and $note.Value.Trim() -like 'Calculated:*'
                    if (-not $documented) { $properties | Should -Contain $label -Because "the $($view.Name) table of $($file.Name) shows a $label column" }
                    $checked++
                }
                foreach ($item in $view.SelectNodes('.//ListItems/ListItem')) {
                    $label = if ($item.Label) { $item.Label } else { $item.PropertyName }
                    $properties | Should -Contain $label -Because "the $($view.Name) list of $($file.Name) shows a $label line"
                    $checked++
                }
            }
        }
        $checked | Should -BeGreaterThan 0 -Because "$TypeName has views"
    }

    It 'shows no secret key, session token or signature' {
        $null = Get-Sample 'CrossAcctApi.SignedHttpApiRequest'  # learns the signature
        @($script:Secrets | Where-Object { $_ }).Count | Should -Be 5 -Because 'the secret keys of both identities, the token and the signatures of a header-signed and a presigned request are searched for'
        $renderings = Get-Renderings $Sample
        foreach ($name in $renderings.Keys) {
            foreach ($secret in $script:Secrets | Where-Object { $_ }) {
                $renderings[$name].Contains($secret) | Should -BeFalse -Because "the $name view must not show a secret"
                $renderings[$name].Contains([uri]::EscapeDataString($secret)) | Should -BeFalse -Because "the $name view must not show a secret, even URL-encoded"
            }
        }
    }

    It 'writes no ANSI escape when rendering is PlainText' {
        $PSStyle.OutputRendering = 'PlainText'
        $renderings = Get-Renderings $Sample
        foreach ($name in $renderings.Keys) {
            $renderings[$name].Contains([char]27) | Should -BeFalse -Because "$name output must be plain"
        }
    }

    It 'writes no ANSI escape to a file' {
        $file = Join-Path $TestDrive "$TypeName.txt"
        $Sample | Out-File -FilePath $file -Width 300
        $Sample | Format-List | Out-File -FilePath $file -Append -Width 300
        (Get-Content -Raw $file).Contains([char]27) | Should -BeFalse
    }
}

Describe 'Filtering by what the table shows' {
    It 'finds the failed access checks with Where-Object Result -eq FAIL' {
        $results = Get-Sample 'CrossAcctApi.Core.Access.CrossAccountAccessResult'
        $failed = @($results | Where-Object { -not $_.Passed })
        $failed.Count | Should -BeGreaterThan 0 -Because 'the sample expects /admin/report to be allowed, and it is not'
        @($results | Where-Object Result -EQ FAIL).Count | Should -Be $failed.Count
        @($results | Where-Object Result -EQ PASS).Count | Should -Be ($results.Count - $failed.Count)
    }

    It 'finds the conclusive policy decisions and the statements that decided by the table''s names' {
        $result = Get-Sample 'CrossAcctApi.Core.Policy.Generator.ExecuteApiPolicyTestResult'
        @($result | Where-Object IsConclusive -EQ $true).Count | Should -Be 1
        $result.Decision | Should -Be 'Allowed'
        @($result.DecidedBy).Count | Should -BeGreaterThan 0
        @($result.DecidedBy | Where-Object Effect -NE 'Allow').Count | Should -Be 0
    }
}

Describe 'Colour in the access results' {
    BeforeAll {
        # A child pwsh renders unsigned probes (no credential needed): /prod/items refuses them (PASS), /health is
        # public, so expecting Denied there FAILs.
        $Render = @"
Import-Module '$((Join-Path $ModuleDir 'CrossAcctApi.psd1'))'
`$ProgressPreference = 'SilentlyContinue'  # a terminal without a reader answers no cursor-position query: no bar
@([pscustomobject] @{ Probe = 'Unsigned'; Uri = '$($Sandbox.ApiUrl('prod', '/items'))' },
  [pscustomobject] @{ Probe = 'Unsigned'; Uri = '$($Sandbox.ApiUrl('`$default', '/health'))'; Expect = 'Denied' }) |
    Test-CrossAccountAccess -Region us-east-1
"@
        $ScriptFile = Join-Path $TestDrive 'render.ps1'
        Set-Content -Path $ScriptFile -Value $Render
        $Pwsh = (Get-Process -Id $PID).Path
        $PwshArguments = if ((Split-Path -Leaf $Pwsh) -like 'dotnet*') { @('pwsh', '-NoProfile', '-NonInteractive', '-File', $ScriptFile) } else { @('-NoProfile', '-NonInteractive', '-File', $ScriptFile) }
        $Escape = [string] [char] 27
    }

    It 'writes PASS and FAIL without escapes when the output is redirected' {
        $text = (& $Pwsh @PwshArguments 2>&1) -join "`n"

        $rows = $text -split "`n" | Where-Object { $_ -match '(PASS|FAIL)' }
        @($rows).Count | Should -Be 2
        foreach ($row in $rows) { $row.Contains($Escape) | Should -BeFalse -Because "a redirected row must be plain: $row" }
        $rows[0] | Should -Match '^PASS\s'
        $rows[1] | Should -Match '^FAIL\s'
    }

    It 'colours PASS green and FAIL red on a terminal' -Skip:(-not $IsLinux -or -not (Get-Command script -CommandType Application -ErrorAction Ignore)) {
        # util-linux script(1) gives the child a pseudo-terminal: a host that supports colour, output not redirected.
        $command = (@($Pwsh) + $PwshArguments | ForEach-Object { "'" + ($_ -replace "'", "'\''") + "'" }) -join ' '
        # A colour terminal whatever the caller's environment says: NO_COLOR (any value) or TERM=dumb would make the
        # child write plain text, rightly. Set for this test only, and put back after it.
        $saved = @{ NO_COLOR = $env:NO_COLOR; TERM = $env:TERM }
        try {
            $env:NO_COLOR = $null
            $env:TERM = 'xterm-256color'
            $text = (& script -qec $command /dev/null) -join "`n"
        }
        finally {
            $env:NO_COLOR = $saved.NO_COLOR
            $env:TERM = $saved.TERM
        }

        $text | Should -Match ([regex]::Escape("$Escape[32mPASS$Escape[0m"))
        $text | Should -Match ([regex]::Escape("$Escape[31mFAIL$Escape[0m"))
    }
}

Describe 'Coverage of the format files' {
    It 'tests every type that a shipped format file gives a view' {
        $covered = $Views | ForEach-Object { $_.TypeName }
        $selected = Get-ChildItem (Join-Path $RepoRoot 'out/CrossAcctApi') -Filter '*.Format.ps1xml' | ForEach-Object {
            ([xml] (Get-Content -Raw $_.FullName)).Configuration.ViewDefinitions.View.ViewSelectedBy.TypeName
        } | Sort-Object -Unique
        foreach ($type in $selected) { $covered | Should -Contain $type -Because "$type has a view, so its default display is tested here" }
    }

    It 'gives every type both a table and a list view, the default first' {
        foreach ($view in $Views) {
            $controls = @((Get-FormatData -TypeName $view.TypeName -PowerShellVersion $PSVersionTable.PSVersion).FormatViewDefinition | ForEach-Object { $_.Control.GetType().Name })
            if ($view.TypeName -in 'CrossAcctApi.Core.Http.ApiErrorDiagnosis', 'CrossAcctApi.Core.Http.CanonicalLine') {
                # A diagnosis is read top to bottom, canonical lines side by side: one shape each is the right one.
                $controls.Count | Should -Be 1
                continue
            }
            $controls | Sort-Object | Should -Be @('ListControl', 'TableControl') -Because "$($view.TypeName) should offer Format-Table and Format-List"
        }
    }
}
