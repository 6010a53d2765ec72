#Requires -Version 7.0
# Results that serialise for CI (issue 16): every output type of the module, found by reflection (the OutputType of
# every exported cmdlet, so that a new type cannot be forgotten), goes through ConvertTo-Json, Export-Csv and Pester's
# JUnit and NUnit reports. Enums come out as their names, lists as JSON arrays and joined CSV cells (never a .NET type
# name), dates as ISO 8601 in JSON and CSV (whatever the machine's culture), and no secret key, session token or
# signature anywhere.
BeforeDiscovery {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    $module = Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force -PassThru
    $script:OutputTypes = @($module.ExportedCmdlets.Values | ForEach-Object { $_.OutputType.Type } |
            Where-Object { $_ -and $_.Assembly.GetName().Name -like 'CrossAcctApi*' } | ForEach-Object FullName | Sort-Object -Unique |
            ForEach-Object { @{ TypeName = $_ } })
}

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force
    $Sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath (Join-Path $RepoRoot 'out/sandbox')
    . (Join-Path $PSScriptRoot 'OutputSamples.ps1')
    $null = Get-Sample 'CrossAcctApi.SignedHttpApiRequest'  # learns the signature, a secret too
    $Iso8601 = '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$'
    $TypeNamePattern = '^(System|CrossAcctApi|Microsoft)\.[\w.`]+(\[.*\])?$'

    function Assert-NoSecret([string] $Text, [string] $Where) {
        foreach ($secret in $script:Secrets | Where-Object { $_ }) {
            $Text.Contains($secret) | Should -BeFalse -Because "$Where must not hold a secret"
            $Text.Contains([uri]::EscapeDataString($secret)) | Should -BeFalse -Because "$Where must not hold a secret, even URL-encoded"
        }
    }

    # Compares an object with its JSON, property by property, down to $Depth: enums as names, dates as ISO 8601
    # text, lists (not dictionaries) as arrays of the same length.
    function Assert-JsonShape($Value, [System.Text.Json.JsonElement] $Json, [string] $Path, [int] $Depth) {
        if ($null -eq $Value -or $Depth -lt 0) { return }
        if ($Value -is [enum]) {
            $Json.ValueKind | Should -Be 'String' -Because "$Path is an enum: its name, not a number"
            $Json.GetString() | Should -Be $Value.ToString()
            return
        }
        if ($Value -is [datetime] -or $Value -is [datetimeoffset]) {
            $Json.ValueKind | Should -Be 'String' -Because "$Path is a date"
            $Json.GetString() | Should -Match $Iso8601 -Because "$Path is a date, in ISO 8601"
            return
        }
        if ($Value -is [string] -or $Value.GetType().IsPrimitive -or $Value -is [uri] -or $Value -is [timespan]) { return }
        if ($Value -is [System.Collections.IDictionary]) { return }
        if ($Value -is [System.Collections.IEnumerable]) {
            if ($Json.ValueKind -eq 'String') { return }  # past ConvertTo-Json's depth
            $Json.ValueKind | Should -Be 'Array' -Because "$Path is a list"
            $items = @($Value)
            $Json.GetArrayLength() | Should -Be $items.Count
            for ($i = 0; $i -lt $items.Count; $i++) { Assert-JsonShape $items[$i] $Json[$i] "$Path[$i]" ($Depth - 1) }
            return
        }
        if ($Json.ValueKind -ne 'Object') { return }  # past ConvertTo-Json's depth: its text
        foreach ($property in $Value.GetType().GetProperties([System.Reflection.BindingFlags] 'Public, Instance')) {
            if ($property.GetIndexParameters().Count) { continue }
            $inner = [System.Text.Json.JsonElement]::new()
            $Json.TryGetProperty($property.Name, [ref] $inner) | Should -BeTrue -Because "$Path.$($property.Name) is a property"
            Assert-JsonShape $property.GetValue($Value) $inner "$Path.$($property.Name)" ($Depth - 1)
        }
    }
}

AfterAll {
    if ($Sandbox) { Stop-CrossAcctApiSandbox $Sandbox }
}

Describe '<TypeName> for CI' -ForEach $OutputTypes {
    BeforeAll {
        $Sample = @(Get-Sample $TypeName)
    }

    It 'has a real sample' {
        $Sample.Count | Should -BeGreaterThan 0
        $Sample[0].GetType().FullName | Should -Be $TypeName
    }

    It 'goes through ConvertTo-Json with enums as names, dates in ISO 8601 and lists as arrays, without a secret' {
        $text = $Sample | ConvertTo-Json -Depth 6 -AsArray -WarningAction SilentlyContinue
        Assert-NoSecret $text "ConvertTo-Json of $TypeName"
        $json = [System.Text.Json.JsonDocument]::Parse($text).RootElement
        $json.GetArrayLength() | Should -Be $Sample.Count
        for ($i = 0; $i -lt $Sample.Count; $i++) { Assert-JsonShape $Sample[$i] $json[$i] "$TypeName[$i]" 5 }
        $text | Should -Not -Match '"(Expected|Outcome|Decision|Effect|Source|Probe|HostKind|StageSource|Kind)":\s*\d' -Because 'no enum is a number'
    }

    It 'goes through Export-Csv with lists joined, dates in ISO 8601 and no .NET type name in a cell, without a secret' {
        $file = Join-Path $TestDrive "$TypeName.csv"
        # A culture whose dates are not ISO 8601 (07.12.2026 01:02:03), as on a CI agent set up in Germany.
        $culture = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            $Sample | Export-Csv -Path $file
        }
        finally {
            [cultureinfo]::CurrentCulture = $culture
        }
        Assert-NoSecret (Get-Content -Raw $file) "Export-Csv of $TypeName"
        $rows = @(Import-Csv -Path $file)
        $rows.Count | Should -Be $Sample.Count
        for ($i = 0; $i -lt $Sample.Count; $i++) {
            foreach ($property in $rows[$i].PSObject.Properties) {
                $property.Value | Should -Not -Match $TypeNamePattern -Because "$TypeName.$($property.Name) must be data in a CSV cell, not a type name"
                $value = $Sample[$i].($property.Name)
                if ($value -is [enum]) { $property.Value | Should -Be $value.ToString() }
                elseif ($value -is [datetime] -or $value -is [datetimeoffset]) {
                    $property.Value | Should -Match $Iso8601 -Because "$TypeName.$($property.Name) is a date: ISO 8601 in any culture"
                    ([datetimeoffset] $property.Value).UtcDateTime | Should -Be ([datetimeoffset] $value).UtcDateTime
                }
                elseif ($value -is [System.Collections.IList] -and $value -isnot [System.Collections.IDictionary]) {
                    $property.Value | Should -Be ((@($value) | ForEach-Object { "$_" }) -join '; ') -Because "$TypeName.$($property.Name) is a list"
                }
            }
        }
    }
}

Describe 'Dates in the output' {
    # ISO 8601 text for Export-Csv must not cost the date its type: what users do with a DateTime still works.
    It 'stay dates: <Name>' -ForEach @(
        @{ Name = 'a credential''s Expiration'; TypeName = 'CrossAcctApi.Core.Credentials.AwsCredential'; Property = 'Expiration' }
        @{ Name = 'a signed request''s SigningTime'; TypeName = 'CrossAcctApi.SignedHttpApiRequest'; Property = 'SigningTime' }
    ) {
        $item = (Get-Sample $TypeName)[0]
        $date = $item.$Property
        $real = $item.psobject.BaseObject.$Property
        $date -is [datetime] -or $date -is [datetimeoffset] | Should -BeTrue
        $date -eq $real | Should -BeTrue
        $date.AddMinutes(1) -gt $real | Should -BeTrue
        $date.ToString('yyyy', [cultureinfo]::InvariantCulture) | Should -Be $real.ToString('yyyy', [cultureinfo]::InvariantCulture)
        @($item, $item | Sort-Object $Property).Count | Should -Be 2
        @($item | Where-Object $Property -le ([datetime]::UtcNow.AddDays(2))).Count | Should -Be 1
        ($item | Select-Object $Property | ConvertTo-Csv)[1].Trim('"') | Should -Match $Iso8601
        $file = Join-Path $TestDrive 'date.clixml'
        $item | Export-Clixml -Path $file
        $back = (Import-Clixml -Path $file).$Property
        # Export-Clixml brings a DateTime back as one; a DateTimeOffset, as always, as a property bag.
        if ($real -is [datetime]) { $back | Should -BeOfType [datetime] } else { $back.UtcDateTime | Should -Be $real.UtcDateTime }
        ($item | Get-Member -Name $Property).Definition | Should -Match ([regex]::Escape($real.GetType().FullName)) -Because 'Get-Member still names the date type'
    }
}

Describe 'Pester reports of tests that use the results' {
    BeforeAll {
        # Pester cannot run inside Pester: a child pwsh runs a test file that asserts on one result of each type
        # (one passing, one failing test per type, whose failure message shows the object), writing JUnit and NUnit
        # reports; then the reports are read here.
        $Out = New-Item -ItemType Directory -Force -Path (Join-Path $TestDrive 'reports')
        $tests = Join-Path $Out 'Results.Tests.ps1'
        $names = ($OutputTypes | ForEach-Object { "'$($_.TypeName)'" }) -join ', '
        Set-Content -Path $tests -Value @"
BeforeDiscovery { `$script:Types = @($names) | ForEach-Object { @{ TypeName = `$_ } } }
BeforeAll {
    Import-Module '$((Join-Path $RepoRoot 'build/SandboxHost.psm1'))'
    Import-Module '$((Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1'))'
    `$Sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath '$((Join-Path $RepoRoot 'out/sandbox'))'
    . '$((Join-Path $PSScriptRoot 'OutputSamples.ps1'))'
    `$null = Get-Sample 'CrossAcctApi.SignedHttpApiRequest'
}
AfterAll {
    Set-Content -Path '$((Join-Path $Out 'secrets.txt'))' -Value (`$script:Secrets | Where-Object { `$_ })
    Stop-CrossAcctApiSandbox `$Sandbox
}
Describe '<TypeName>' -ForEach `$Types {
    It 'is <TypeName>: `$((Get-Sample `$TypeName)[0])' { (Get-Sample `$TypeName)[0].GetType().FullName | Should -Be `$TypeName }
    It 'fails with the result in its message' { (Get-Sample `$TypeName)[0] | Should -BeNullOrEmpty -Because 'the report must show it' }
}
"@
        $runner = @"
Import-Module '$((Get-Module Pester).Path)'
`$c = New-PesterConfiguration
`$c.Run.Path = '$tests'
`$c.Output.Verbosity = 'None'
`$c.TestResult.Enabled = `$true
`$c.TestResult.OutputFormat = 'JUnitXml'
`$c.TestResult.OutputPath = '$((Join-Path $Out 'junit.xml'))'
Invoke-Pester -Configuration `$c
`$c.TestResult.OutputFormat = 'NUnit3'
`$c.TestResult.OutputPath = '$((Join-Path $Out 'nunit.xml'))'
Invoke-Pester -Configuration `$c
"@
        $runnerFile = Join-Path $Out 'run.ps1'
        Set-Content -Path $runnerFile -Value $runner
        $pwsh = Join-Path $PSHOME 'pwsh.dll'
        $output = & dotnet $pwsh -NoProfile -NonInteractive -File $runnerFile 2>&1
        $Reports = @{ JUnit = Join-Path $Out 'junit.xml'; NUnit = Join-Path $Out 'nunit.xml' }
        $ChildSecrets = @(Get-Content -Path (Join-Path $Out 'secrets.txt') -ErrorAction SilentlyContinue)
        $ChildOutput = $output -join "`n"
    }

    It 'writes a <Format> report that names every type, carries the failures, and holds no secret' -ForEach @(@{ Format = 'JUnit' }, @{ Format = 'NUnit' }) {
        $Reports[$Format] | Should -Exist -Because $ChildOutput
        $text = Get-Content -Raw $Reports[$Format]
        $xml = [xml] $text
        $xml | Should -Not -BeNullOrEmpty
        $ChildSecrets.Count | Should -BeGreaterOrEqual 3 -Because 'the secret keys, the session token and a signature are searched for'
        foreach ($secret in @($ChildSecrets) + @($script:Secrets | Where-Object { $_ })) {
            $text.Contains($secret) | Should -BeFalse -Because "the $Format report must not hold a secret"
        }
        foreach ($type in $OutputTypes.TypeName) { $text | Should -Match ([regex]::Escape($type)) }
        $failures = $xml.SelectNodes('//failure')
        @($failures).Count | Should -Be $OutputTypes.Count -Because 'one failing test per type'
        # The failure messages show the results by their words (PASS, Allowed, ExplicitDeny...), never a number
        # where a name belongs.
        $text | Should -Match 'Allowed'
    }
}
