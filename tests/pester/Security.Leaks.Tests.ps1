#Requires -Version 7.0
# Secrets leave the process only where the user sent them (issue 14, items 2, 7 and 8):
# - every cmdlet that takes credentials, given them in every shape PowerShell users have (hashtable, AWS CLI JSON text,
#   PSCredential, the module's credential, PSCustomObject, -SecretAccessKey/-SessionToken), with -Verbose -Debug and every
#   preference on Continue: every record it writes (output, error, warning, verbose, debug, information), with its
#   InvocationInfo.BoundParameters, serialised with ConvertTo-Json -Depth 10 and Export-Clixml, holds no secret form;
# - Export-AssumedRoleCredential -Format CredentialProcess in Start-Job, ForEach-Object -Parallel, Start-ThreadJob and a
#   child pwsh: nothing in $Error, job states, streams or the console; the child pwsh's stdout is still the AWS CLI's
#   credential_process channel (the AWS CLI itself uses it against the sandbox);
# - the help says that Trace-Command ParameterBinding shows arguments as given.

BeforeAll {
    . (Join-Path $PSScriptRoot 'SandboxSession.Fixture.ps1')
    Import-Module (Join-Path $PSScriptRoot 'SigningPeers.psm1') -Force
    $script:Api = $Sandbox.ApiUrl('prod', '/items')

    # Tests only: the module keeps a session's secret internal; reflection reaches it, nothing public does.
    function script:Get-SessionSecret($Credential) {
        $keys = $Credential.GetKeys([DateTimeOffset]::UtcNow)
        $flags = [Reflection.BindingFlags] 'NonPublic,Instance'
        $type = [CrossAcctApi.Core.Credentials.CredentialKeys]
        @($type.GetProperty('SecretAccessKey', $flags).GetValue($keys), $type.GetProperty('SessionToken', $flags).GetValue($keys)) | Where-Object { $_ }
    }

    # Each record as ConvertTo-Json -Depth 10 and Export-Clixml write it, with its InvocationInfo (BoundParameters
    # included) and its exceptions. Left out of the depth-10 JSON: InvocationInfo.MyCommand and Exception.TargetSite,
    # reflection objects (the cmdlet's type, its assembly) through which any record - PowerShell's own as much as this
    # module's - grows without bound (45 MB for one error record at depth 6); Export-Clixml writes an ErrorRecord at
    # its own default depth, which still includes the bound parameters.
    function script:ConvertTo-RecordText([object[]] $Records) {
        $clixml = Join-Path $TestDrive 'record.xml'
        $texts = [System.Collections.Generic.List[string]]::new()
        foreach ($record in $Records) {
            $isError = $record -is [System.Management.Automation.ErrorRecord]
            $texts.Add(($record | Select-Object * -ExcludeProperty InvocationInfo, Exception | ConvertTo-Json -Depth 10 -WarningAction SilentlyContinue))
            if ($isError) { $record | Export-Clixml -Path $clixml } else { $record | Export-Clixml -Path $clixml -Depth 10 }
            $texts.Add((Get-Content -Raw $clixml))
            $texts.Add(($record | Format-List * -Force | Out-String -Width 4096))
            $invocation = $record.PSObject.Properties['InvocationInfo']
            if ($invocation -and $invocation.Value) {
                $texts.Add(($invocation.Value | Select-Object * -ExcludeProperty MyCommand | ConvertTo-Json -Depth 10 -WarningAction SilentlyContinue))
                $invocation.Value.BoundParameters | Export-Clixml -Path $clixml -Depth 10
                $texts.Add((Get-Content -Raw $clixml))
            }
            for ($exception = $(if ($isError) { $record.Exception }); $exception; $exception = $exception.InnerException) {
                $texts.Add(($exception | Select-Object * -ExcludeProperty TargetSite, InnerException | ConvertTo-Json -Depth 10 -WarningAction SilentlyContinue))
            }
        }
        $texts -join "`n"
    }

    # Runs a command with every stream on (-Debug asks before each warning of a compiled cmdlet: -WarningAction Continue
    # says go on) and returns every record it wrote, a terminating error included.
    function script:Invoke-Recorded([scriptblock] $Command) {
        $DebugPreference = 'Continue'
        $records = [System.Collections.Generic.List[object]]::new()
        try {
            foreach ($record in (& $Command *>&1)) { $records.Add($record) }
        }
        catch { $records.Add($_) }
        $records.ToArray()
    }
}

AfterAll {
    Stop-SandboxSessionFixture
}

Describe 'No readable secret in the records a cmdlet writes, whatever shape the credential was given in' {
    BeforeAll {
        $script:Role = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -NoCache
        $session = Get-SessionSecret $Role
        $script:Secret = 'BoundParameterSecretKey/' + [guid]::NewGuid().ToString('N')
        $script:Token = 'BoundParameterSessionToken/' + [guid]::NewGuid().ToString('N') + [guid]::NewGuid().ToString('N')
        $script:Forms = Get-SecretTextForm @($Secret, $Token, $session[0], $session[1], $Ops.SecretAccessKey)
        $keys = @{ AccessKeyId = 'ASIABOUNDPARAMETERS1'; SecretAccessKey = $Secret; SessionToken = $Token }
        $expiredKeys = $keys + @{ Expiration = '2020-01-01T00:00:00Z' }
        $json = @{ Credentials = $keys + @{ Expiration = [DateTime]::UtcNow.AddHours(1).ToString('o') } } | ConvertTo-Json
        $expiredJson = @{ Credentials = $expiredKeys } | ConvertTo-Json
        $script:Shapes = [ordered] @{
            'a hashtable'                 = @{ Live = $keys; Expired = $expiredKeys }
            'AWS CLI JSON text'           = @{ Live = $json; Expired = $expiredJson }
            'a PSCustomObject'            = @{ Live = [pscustomobject] $keys; Expired = [pscustomobject] $expiredKeys }
            'a PSCredential'              = @{ Live = [pscredential]::new('AKIABOUNDPARAMETERS1', (ConvertTo-SecureString $Secret -AsPlainText -Force)); Expired = $null }
            'the module''s credential'    = @{ Live = $Role; Expired = $null }
        }
        # Every cmdlet with a -Credential, and how to make it run (Export sets this process's environment: put back after each case).
        $script:Calls = [ordered] @{
            'Invoke-SignedHttpApi'         = @{ Uri = $Api; Region = 'us-east-1'; MaximumRetryCount = 0 }
            'New-SignedHttpApiRequest'     = @{ Uri = $Api; Region = 'us-east-1' }
            'Get-AssumedRoleCredential'    = @{ RoleArn = $Invoker; StsEndpoint = $Sts; Region = 'us-east-1'; NoCache = $true }
            'Export-AssumedRoleCredential' = @{ PassThru = $true }
            'Test-CrossAccountAccess'      = @{ RoleArn = $Invoker; Uri = $Api; Stage = 'prod'; Region = 'us-east-1'; StsEndpoint = $Sts }
        }
    }

    It 'covers every cmdlet that takes -Credential or -SecretAccessKey' {
        $takers = Get-Command -Module CrossAcctApi | Where-Object { $_.Parameters.ContainsKey('Credential') -or $_.Parameters.ContainsKey('SecretAccessKey') }
        @($takers.Name | Sort-Object) | Should -Be @($Calls.Keys | Sort-Object)
    }

    It 'the search finds a secret where one is (planted in a record''s bound parameters)' {
        $planted = Invoke-Recorded { Write-Error -Message 'planted' -TargetObject $Secret -ErrorAction Continue }
        $planted[0].InvocationInfo.BoundParameters['Secret'] = ConvertTo-SecureString $Token -AsPlainText -Force
        $Error.Clear()
        @(Find-SecretForm ([ordered] @{ planted = ConvertTo-RecordText $planted }) $Forms) | Should -Not -BeNullOrEmpty
    }

    It '<Cmdlet> -Credential as <Shape> (<Variant>)' -ForEach @(
        foreach ($cmdlet in 'Invoke-SignedHttpApi', 'New-SignedHttpApiRequest', 'Get-AssumedRoleCredential', 'Export-AssumedRoleCredential', 'Test-CrossAccountAccess') {
            foreach ($shape in 'a hashtable', 'AWS CLI JSON text', 'a PSCustomObject', 'a PSCredential', 'the module''s credential') {
                @{ Cmdlet = $cmdlet; Shape = $shape; Variant = 'Live' }
                if ($shape -notin 'a PSCredential', 'the module''s credential') { @{ Cmdlet = $cmdlet; Shape = $shape; Variant = 'Expired' } }
            }
        }
    ) {
        $arguments = $Calls[$Cmdlet].Clone()
        $arguments.Credential = $Shapes[$Shape][$Variant]
        $exported = @{}
        foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE') { $exported[$name] = [Environment]::GetEnvironmentVariable($name) }
        try { $records = Invoke-Recorded { & $Cmdlet @arguments -Verbose -Debug -WarningAction Continue -InformationAction Continue -ErrorAction Continue } }
        finally { foreach ($name in $exported.Keys) { [Environment]::SetEnvironmentVariable($name, $exported[$name]) } }
        $records | Should -Not -BeNullOrEmpty
        if ($Variant -eq 'Live') {
            @($records | Where-Object { $_.PSObject.Properties['InvocationInfo'] -and $_.InvocationInfo.BoundParameters.ContainsKey('Credential') }) |
                Should -Not -BeNullOrEmpty -Because 'some record carries the bound parameters the search is about'
        }
        $leaks = @(Find-SecretForm ([ordered] @{ records = ConvertTo-RecordText $records; '$Error' = ConvertTo-RecordText @($Error | Select-Object -First 2) }) $Forms)
        $leaks | Should -BeNullOrEmpty
    }

    It '<_> -AccessKeyId -SecretAccessKey -SessionToken (as text and as SecureStrings)' -ForEach @('Invoke-SignedHttpApi', 'New-SignedHttpApiRequest', 'Get-AssumedRoleCredential', 'Test-CrossAccountAccess') {
        $cmdlet = $_
        $arguments = $Calls[$cmdlet].Clone()
        foreach ($asSecure in $false, $true) {
            $secret = if ($asSecure) { ConvertTo-SecureString $Secret -AsPlainText -Force } else { $Secret }
            $token = if ($asSecure) { ConvertTo-SecureString $Token -AsPlainText -Force } else { $Token }
            $records = Invoke-Recorded { & $cmdlet @arguments -AccessKeyId 'ASIABOUNDPARAMETERS1' -SecretAccessKey $secret -SessionToken $token -Verbose -Debug -WarningAction Continue -InformationAction Continue -ErrorAction Continue }
            @($records | Where-Object { $_.PSObject.Properties['InvocationInfo'] -and $_.InvocationInfo.BoundParameters.ContainsKey('SecretAccessKey') }) | Should -Not -BeNullOrEmpty
            $leaks = @(Find-SecretForm ([ordered] @{ "records (SecureString: $asSecure)" = ConvertTo-RecordText $records }) $Forms)
            $leaks | Should -BeNullOrEmpty
        }
    }
}

Describe 'credential_process output: only the standard output of a process the AWS CLI started' {
    BeforeAll {
        $script:CpWork = Join-Path $TestDrive 'credential-process'
        $null = New-Item -ItemType Directory -Path $CpWork -Force
        $script:CpSecret = 'CredentialProcessSecret/' + [guid]::NewGuid().ToString('N')
        $script:CpToken = 'CredentialProcessToken/' + [guid]::NewGuid().ToString('N') + [guid]::NewGuid().ToString('N')
        $script:CpForms = Get-SecretTextForm @($CpSecret, $CpToken)
        $script:ThreadJobReason = if (Get-Command Start-ThreadJob -ErrorAction SilentlyContinue) { $null } else { 'Start-ThreadJob (module ThreadJob / Microsoft.PowerShell.ThreadJob) is not available' }

        # Runs in a child pwsh so that its console (where ForEach-Object -Parallel and thread jobs write) is captured too.
        $script:Contexts = Join-Path $CpWork 'contexts.ps1'
        Set-Content -Path $Contexts -Value @'
param($Module, $Context, $Report)
$ErrorActionPreference = 'Continue'
Import-Module $Module
$export = {
    param($Module)
    Import-Module $Module
    $credential = @{ AccessKeyId = 'ASIACREDPROCESS00001'; SecretAccessKey = $env:CP_SECRET; SessionToken = $env:CP_TOKEN; Expiration = [DateTime]::UtcNow.AddHours(1).ToString('o') }
    Export-AssumedRoleCredential -Credential $credential -Format CredentialProcess -Verbose
}
$records = switch ($Context) {
    'Start-Job' {
        $job = Start-Job -ScriptBlock $export -ArgumentList $Module
        $null = Wait-Job $job -Timeout 120
        Receive-Job $job -Keep *>&1
        $job.State; $job.JobStateInfo; $job.ChildJobs[0].JobStateInfo.Reason
        $job.ChildJobs[0].Error; $job.ChildJobs[0].Output; $job.ChildJobs[0].Verbose; $job.ChildJobs[0].Warning; $job.ChildJobs[0].Information
        Remove-Job $job -Force
    }
    'Start-ThreadJob' {
        $job = Start-ThreadJob -ScriptBlock $export -ArgumentList $Module
        $null = Wait-Job $job -Timeout 120
        Receive-Job $job -Keep *>&1
        $job.State; $job.JobStateInfo.Reason; $job.Error; $job.Output; $job.Verbose
        Remove-Job $job -Force
    }
    'ForEach-Object -Parallel' {
        # A script block cannot be a $using: value of ForEach-Object -Parallel; its text can.
        $exportText = $export.ToString()
        1 | ForEach-Object -Parallel { & ([scriptblock]::Create($using:exportText)) $using:Module } *>&1
    }
}
$all = @($records) + @($Error)
$all | Export-Clixml -Path "$Report.xml"
($all | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue) | Set-Content -Path "$Report.json"
$all | Format-List * -Force | Out-String -Width 4096 | Set-Content -Path "$Report.txt"
'unsafe refusals: ' + @($all | Where-Object { "$_" -match 'CredentialProcessOutputUnsafe' -or ($_ -is [System.Management.Automation.ErrorRecord] -and $_.FullyQualifiedErrorId -match 'CredentialProcessOutputUnsafe') }).Count
'@
        function script:Invoke-Context([string] $Context) {
            $report = Join-Path $CpWork ($Context -replace '\W', '')
            $result = Invoke-Tool -FilePath $Pwsh[0] -Arguments (@($Pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $Contexts, '-Module', $ModuleManifest, '-Context', $Context, '-Report', $report)) `
                -Environment @{ CP_SECRET = $CpSecret; CP_TOKEN = $CpToken; HOME = $CpWork } -TimeoutSeconds 180
            $files = foreach ($extension in 'xml', 'json', 'txt') { if (Test-Path "$report.$extension") { Get-Content -Raw "$report.$extension" } }
            [pscustomobject] @{ Result = $result; Channels = [ordered] @{ 'console (stdout)' = $result.StdOut; 'console (stderr)' = $result.StdErr; 'records, $Error and job state' = $files -join "`n" } }
        }
    }

    It 'in <_>: refused, and no secret form in $Error, the job state, any stream or the console' -ForEach @('Start-Job', 'ForEach-Object -Parallel', 'Start-ThreadJob') {
        if ($_ -eq 'Start-ThreadJob' -and $ThreadJobReason) { Set-ItResult -Skipped -Because $ThreadJobReason; return }
        $run = Invoke-Context $_
        $run.Result.ExitCode | Should -Be 0 -Because $run.Result.StdErr
        $run.Channels['records, $Error and job state'] | Should -Not -BeNullOrEmpty
        $run.Result.StdOut | Should -Match 'unsafe refusals: [1-9]' -Because 'the export is refused with CredentialProcessOutputUnsafe'
        @(Find-SecretForm $run.Channels $CpForms) | Should -BeNullOrEmpty
    }

    It 'in a child pwsh -Command (the AWS CLI''s contract): the JSON on stdout, once, and nowhere else' {
        $command = "Import-Module '$ModuleManifest'; `$c = @{ AccessKeyId = 'ASIACREDPROCESS00001'; SecretAccessKey = `$env:CP_SECRET; SessionToken = `$env:CP_TOKEN; Expiration = [DateTime]::UtcNow.AddHours(1).ToString('o') }; " +
            "`$out = Export-AssumedRoleCredential -Credential `$c -Format CredentialProcess -Verbose; Write-Host ('pipeline items: ' + @(`$out).Count); `$Error | Format-List * -Force"
        $result = Invoke-Tool -FilePath $Pwsh[0] -Arguments (@($Pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $command)) -Environment @{ CP_SECRET = $CpSecret; CP_TOKEN = $CpToken; HOME = $CpWork }
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $line = @($result.StdOut -split "`n" | Where-Object { $_ -match '^\{"Version":1' })
        $line | Should -HaveCount 1
        $json = $line[0] | ConvertFrom-Json
        $json.SecretAccessKey | Should -BeExactly $CpSecret
        $json.SessionToken | Should -BeExactly $CpToken
        $result.StdOut | Should -Match 'pipeline items: 0'
        ([regex]::Matches($result.StdOut, [regex]::Escape($CpSecret))).Count | Should -Be 1
        @(Find-SecretForm ([ordered] @{ stderr = $result.StdErr; 'stdout without the JSON line' = $result.StdOut.Replace($line[0], '') }) $CpForms) | Should -BeNullOrEmpty
    }

    It 'the AWS CLI uses a profile whose credential_process runs the module (aws sts get-caller-identity against the sandbox)' {
        $aws = Get-Command aws -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if (-not $aws) { Set-ItResult -Skipped -Because 'the AWS CLI (aws) is not installed'; return }
        $script = Join-Path $CpWork 'role-session.ps1'
        Set-Content -Path $script -Value ("Import-Module '$ModuleManifest'; " +
            "Get-AssumedRoleCredential -RoleArn '$Invoker' -Credential @{ AccessKeyId = `$env:CP_KEY; SecretAccessKey = `$env:CP_SOURCE } -StsEndpoint '$Sts' -Region us-east-1 -NoCache | Export-AssumedRoleCredential -Format CredentialProcess")
        $config = Join-Path $CpWork 'aws-config'
        Set-Content -Path $config -Value "[profile frommodule]`nregion = us-east-1`ncredential_process = $($Pwsh -join ' ') -NoProfile -NonInteractive -File $script"
        $result = Invoke-Tool -FilePath $aws.Source -Arguments @('sts', 'get-caller-identity', '--profile', 'frommodule', '--endpoint-url', $Sts, '--output', 'json') `
            -Environment @{ AWS_CONFIG_FILE = $config; CP_KEY = $Ops.AccessKeyId; CP_SOURCE = $Ops.SecretAccessKey; HOME = $CpWork } -TimeoutSeconds 180
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        ($result.StdOut | ConvertFrom-Json).Arn | Should -Match '^arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/'
    }
}

Describe 'The help says what Trace-Command shows' {
    It 'about_CrossAcctApi says Trace-Command ParameterBinding prints bound arguments, so credentials are best passed as objects' {
        $text = (Get-Help about_CrossAcctApi | Out-String) -replace '\s+', ' '
        $text | Should -Match 'Trace-Command ParameterBinding prints arguments'
        $text | Should -Match 'pass credentials as objects, not as JSON text'
    }
}
