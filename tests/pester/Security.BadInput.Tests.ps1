#Requires -Version 7.0
# Bad input, across every cmdlet, is refused cleanly: one error with a stable FullyQualifiedErrorId, the right
# ErrorCategory, a message that says what to fix, and not a single STS or API request reaching the sandbox (its
# /_sandbox/stats counters are the oracle). The cases are data: tests/pester/data/bad-input.psd1.

BeforeDiscovery {
    $script:Data = Import-PowerShellDataFile (Join-Path $PSScriptRoot 'data/bad-input.psd1')
    $script:CaseData = foreach ($case in $Data.Cases) {
        @{
            Cmdlet     = $case.Cmdlet
            Name       = $case.Name
            Parameters = if ($case.ContainsKey('Parameters')) { $case.Parameters } else { @{} }
            Remove     = if ($case.ContainsKey('Remove')) { @($case.Remove) } else { @() }
            ErrorId    = $case.ErrorId
            Category   = $case.Category
            Fix        = $case.Fix
        }
    }
    $script:BaseData = foreach ($name in $Data.Bases.Keys | Sort-Object) { @{ Cmdlet = $name; Sends = $Data.Bases[$name].Sends } }
}

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath }
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force
    $script:Data = Import-PowerShellDataFile (Join-Path $PSScriptRoot 'data/bad-input.psd1')

    # Nothing from the machine's own AWS set-up may take part: no profile files, no keys, no region, no metadata service.
    $script:SavedEnvironment = @{}
    foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION',
        'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_STS', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED', 'CROSSACCTAPI_CACHE_DIR') {
        $SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
        Remove-Item "env:$name" -ErrorAction SilentlyContinue
    }
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    $env:AWS_CONFIG_FILE = Join-Path $TestDrive 'config'
    $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $TestDrive 'credentials'
    $env:CROSSACCTAPI_CACHE_DIR = Join-Path $TestDrive 'cache'
    Set-Content -Path $env:AWS_CONFIG_FILE -Value "[profile unrelated]`nregion = us-east-1"
    Set-Content -Path $env:AWS_SHARED_CREDENTIALS_FILE -Value "[unrelated]`naws_access_key_id = AKIAUNRELATED0000001`naws_secret_access_key = Unrelated/000000000000000000000000000000"

    $script:Sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath (Join-Path $RepoRoot 'out/sandbox')
    $script:Ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
    $invoker = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
    $script:Role = Get-AssumedRoleCredential -RoleArn $invoker -Credential $Ops -StsEndpoint $Sandbox.StsEndpoint -Region us-east-1 -NoCache
    # Renews itself (one STS AssumeRole) whenever keys are asked for at <<near-expiry>>: New-SignedHttpApiRequest reads
    # keys only once everything else is valid, so any STS call during a bad-input case means keys were read too early.
    $script:Tripwire = Get-AssumedRoleCredential -RoleArn $invoker -Credential $Ops -StsEndpoint $Sandbox.StsEndpoint -Region us-east-1 -NoCache -DurationSeconds 3600

    function script:Get-SandboxCounts {
        $stats = Get-CrossAcctApiSandboxStats $Sandbox
        [pscustomobject] @{ Sts = [long] $stats.sts.total; Api = [long] $stats.api.total }
    }

    # Makes the value a placeholder of the data file names (see its header); other values are returned as they are.
    function script:Resolve-Value($Value) {
        if ($Value -is [hashtable]) {
            $copy = @{}
            foreach ($key in $Value.Keys) { $copy[(Resolve-Value $key)] = Resolve-Value $Value[$key] }
            return $copy
        }
        if ($Value -is [array]) { return , @($Value | ForEach-Object { Resolve-Value $_ }) }
        if ($Value -isnot [string]) { return $Value }
        $text = $Value
        while ($text -match '<<([^<>]*)>>') {
            $whole = $Matches[0]
            $made = New-Placeholder $Matches[1]
            # The comma keeps an array (bytes, policy ARNs) one value instead of enumerating it into the pipeline.
            if ($whole -eq $text) { return , $made }
            $text = $text.Replace($whole, [string] $made)
        }
        $text
    }

    function script:New-Placeholder([string] $Spec) {
        $name, $rest = $Spec -split ':', 2
        # @(...) around the whole: an if statement's one-element array would otherwise become its element.
        $parts = @(if ($null -ne $rest) { $rest -split ':', 2 })
        switch ($name) {
            'api' { return $Sandbox.ApiUrl($parts[0], $parts[1]) }
            'api-userinfo' { return $Sandbox.ApiUrl($parts[0], $parts[1]).Replace('http://', 'http://ops:hunter2@') }
            'sts' { return $Sandbox.StsEndpoint }
            'role' { return $Role }
            'tripwire' { return $Tripwire }
            'ops' { return $Ops.Clone() }
            'expired' { return @{ AccessKeyId = 'ASIAEXPIRED000000001'; SecretAccessKey = 'ExpiredSecret/00000000000000000000000000'; SessionToken = 'expired-session-token'; Expiration = '2020-01-01T00:00:00Z' } }
            'near-expiry' { return [DateTimeOffset]::UtcNow.AddMinutes(57) }
            'pscredential' { return [pscredential]::new('proxy-user', (ConvertTo-SecureString 'proxy-password' -AsPlainText -Force)) }
            'min-time' { return [DateTimeOffset]::MinValue }
            'e-acute' { return [string] [char] 0xE9 }
            'bytes' { return , [byte[]]::new([int] $parts[0]) }
            'text' { return 'a' * [int] $parts[0] }
            'headers' {
                $headers = [ordered] @{}
                foreach ($i in 1..[int] $parts[0]) { $headers["X-Filler-$i"] = 'h' * [int] $parts[1] }
                return $headers
            }
            'tags' { $tags = @{}; foreach ($i in 1..[int] $parts[0]) { $tags["k$i"] = 'v' }; return $tags }
            'policy-arns' { return , @(1..[int] $parts[0] | ForEach-Object { "arn:aws:iam::aws:policy/Policy$_" }) }
            'nested-json' { return ('[' * [int] $parts[0]) + (']' * [int] $parts[0]) }
            'missing-file' { return Join-Path $TestDrive 'no-such-file.bin' }
            'missing-folder-file' { return Join-Path $TestDrive 'no/such/folder/out.json' }
            default { throw "Unknown placeholder '<<$Spec>>' in data/bad-input.psd1." }
        }
    }

    function script:New-Arguments([string] $Cmdlet, [hashtable] $Parameters, [string[]] $Remove) {
        $arguments = @{}
        $base = $Data.Bases[$Cmdlet].Parameters
        foreach ($key in $base.Keys) { if ($key -notin $Remove) { $arguments[$key] = Resolve-Value $base[$key] } }
        foreach ($key in $Parameters.Keys) { $arguments[$key] = Resolve-Value $Parameters[$key] }
        $arguments
    }

    # Runs the call and returns its output, its error records (non-terminating and terminating alike) and the requests
    # that reached the sandbox meanwhile.
    function script:Invoke-Case([string] $Cmdlet, [hashtable] $Arguments) {
        $before = Get-SandboxCounts
        $records = $null
        $output = $null
        try {
            $output = & $Cmdlet @Arguments -ErrorAction SilentlyContinue -ErrorVariable records -WarningAction SilentlyContinue 6>$null
        }
        catch {
            $records = @($_)
        }
        $after = Get-SandboxCounts
        [pscustomobject] @{
            Output  = @($output)
            Errors  = @($records)
            StsSent = $after.Sts - $before.Sts
            ApiSent = $after.Api - $before.Api
        }
    }
}

AfterAll {
    if ($script:Sandbox) { Stop-CrossAcctApiSandbox $script:Sandbox }
    foreach ($entry in $script:SavedEnvironment.GetEnumerator()) {
        if ($null -eq $entry.Value) { Remove-Item "env:$($entry.Key)" -ErrorAction SilentlyContinue } else { [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value) }
    }
}

Describe 'The bad-input data' {
    It 'has at least 40 cases, covering every exported cmdlet it has a base call for' {
        $CaseData.Count | Should -BeGreaterOrEqual 40
        foreach ($cmdlet in $Data.Bases.Keys) {
            @($CaseData | Where-Object Cmdlet -EQ $cmdlet).Count | Should -BeGreaterOrEqual 4 -Because "$cmdlet needs its own bad-input cases"
        }
        $exported = (Get-Module CrossAcctApi).ExportedCmdlets.Keys
        foreach ($cmdlet in $exported) { $Data.Bases.Keys | Should -Contain $cmdlet -Because "every exported cmdlet ($cmdlet) is in the suite" }
    }

    It 'makes each placeholder the value it stands for' {
        (Resolve-Value '<<bytes:3>>').GetType() | Should -Be ([byte[]])
        (Resolve-Value '<<bytes:3>>').Length | Should -Be 3
        (Resolve-Value '<<text:65>>').Length | Should -Be 65
        (Resolve-Value '<<api:prod:/items?q=<<text:3>>>>') | Should -BeExactly ($Sandbox.ApiUrl('prod', '/items') + '?q=aaa')
        (Resolve-Value '<<policy-arns:11>>').Count | Should -Be 11
        (Resolve-Value '<<headers:12:900>>').Count | Should -Be 12
        (Resolve-Value @{ Credential = '<<role>>' }).Credential | Should -Be $Role
    }

    # Without this the zero-requests assertions below could pass because nothing is ever sent.
    It 'the base call of <Cmdlet> succeeds, and reaches the sandbox when it sends (<Sends>)' -ForEach $BaseData {
        $result = Invoke-Case $Cmdlet (New-Arguments $Cmdlet @{} @())
        $result.Errors | Should -BeNullOrEmpty
        switch ($Sends) {
            'api' { $result.ApiSent | Should -BeGreaterOrEqual 1 }
            'sts' { $result.StsSent | Should -BeGreaterOrEqual 1 }
            'none' { $result.StsSent + $result.ApiSent | Should -Be 0 }
        }
    }
}

Describe 'Bad input is refused before any request' {
    It '<Cmdlet>: <Name> -> <ErrorId> (<Category>)' -ForEach $CaseData {
        $arguments = New-Arguments $Cmdlet $Parameters $Remove
        $result = Invoke-Case $Cmdlet $arguments

        $result.StsSent | Should -Be 0 -Because 'bad input must not reach STS'
        $result.ApiSent | Should -Be 0 -Because 'bad input must not reach the API'
        $result.Output | Should -BeNullOrEmpty
        $result.Errors | Should -HaveCount 1
        $record = $result.Errors[0]
        $class = (Get-Command $Cmdlet).ImplementingType.FullName
        $record.FullyQualifiedErrorId | Should -BeExactly "$ErrorId,$class"
        $record.CategoryInfo.Category | Should -Be $Category
        $says = @($record.Exception.Message, $record.ErrorDetails.Message, $record.ErrorDetails.RecommendedAction) -join "`n"
        $says | Should -Match $Fix -Because 'the error says what to fix'
        # A refusal quotes what is wrong, never a password from the input.
        $says | Should -Not -Match 'hunter2'
    }
}
