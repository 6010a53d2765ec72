#Requires -Version 7.0
# Waits before retries show as progress, with the reason and a countdown, written from the pipeline thread (PowerShell
# throws for progress from any other thread), removed when the call ends, and silent under
# $ProgressPreference = 'SilentlyContinue'. Driven by the sandbox's fault injection: 503 with Retry-After on the API,
# Throttling on STS.
BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    $ModuleManifest = Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1'
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    Import-Module $ModuleManifest -Force
    $Sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath (Join-Path $RepoRoot 'out/sandbox')
    $Ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
    $InvokerArn = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
    $Role = Get-AssumedRoleCredential -RoleArn $InvokerArn -Credential $Ops -StsEndpoint $Sandbox.StsEndpoint -Region us-east-1 -NoCache

    # Runs the script in a fresh runspace of this process and returns its output and progress records: the only
    # way to observe the progress stream, which cannot be redirected.
    function Invoke-WithProgress([scriptblock] $Script, [hashtable] $Arguments, [string] $Preference = 'Continue') {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$ModuleManifest'; `$ProgressPreference = '$Preference'").AddStatement()
            $null = $ps.AddScript($Script.ToString())
            foreach ($name in $Arguments.Keys) { $null = $ps.AddParameter($name, $Arguments[$name]) }
            $output = $ps.Invoke()
            [pscustomobject] @{
                Output   = @($output)
                Progress = @($ps.Streams.Progress)
                Errors   = @($ps.Streams.Error)
            }
        }
        finally { $ps.Dispose() }
    }

    $InvokeScript = {
        param($Uri, $Credential)
        Invoke-SignedHttpApi -Uri $Uri -Credential $Credential -Region us-east-1 -AsResponse
    }
}

AfterAll {
    if ($Sandbox) { Stop-CrossAcctApiSandbox $Sandbox }
}

Describe 'Invoke-SignedHttpApi retry progress' {
    BeforeEach { $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear }

    It 'shows each wait with the status, the retry number and the Retry-After countdown, then removes the bar' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ApiErrorCount 2 -ApiErrorStatus 503 -ApiRetryAfterSeconds 1
        $uri = $Sandbox.ApiUrl('prod', '/items')

        $run = Invoke-WithProgress $InvokeScript @{ Uri = $uri; Credential = $Role }

        $run.Errors | Should -BeNullOrEmpty
        $run.Output[0].StatusCode | Should -Be 200
        $run.Output[0].Attempts | Should -Be 3
        $waits = @($run.Progress | Where-Object RecordType -EQ 'Processing')
        $waits.Count | Should -BeGreaterOrEqual 2
        $waits | ForEach-Object { $_.Activity | Should -Be "Retrying GET $uri" }
        $waits[0].StatusDescription | Should -Be '503 Service Unavailable: retry 1 of 3 in 1 s (Retry-After)'
        $waits[0].SecondsRemaining | Should -Be 1
        $waits[0].CurrentOperation | Should -Be 'waiting before retry 1'
        $waits.StatusDescription | Should -Contain '503 Service Unavailable: retry 2 of 3 in 1 s (Retry-After)'
        $run.Progress[-1].RecordType | Should -Be 'Completed'
        @($run.Progress.ActivityId | Sort-Object -Unique).Count | Should -Be 1 -Because 'one call is one bar'
    }

    It 'gives concurrent calls a bar each' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ApiErrorCount 2 -ApiErrorStatus 503 -ApiRetryAfterSeconds 1
        $uris = $Sandbox.ApiUrl('prod', '/items/1'), $Sandbox.ApiUrl('prod', '/items/2')

        $run = Invoke-WithProgress { param($Uri, $Credential) Invoke-SignedHttpApi -Uri $Uri -Credential $Credential -Region us-east-1 } @{ Uri = $uris; Credential = $Role }

        $run.Errors | Should -BeNullOrEmpty
        $run.Output.id | Should -Be @('1', '2')
        $bars = $run.Progress | Group-Object ActivityId
        @($bars).Count | Should -Be 2
        foreach ($bar in $bars) { $bar.Group[-1].RecordType | Should -Be 'Completed' }
    }

    It 'says nothing when no retry was needed' {
        $run = Invoke-WithProgress $InvokeScript @{ Uri = $Sandbox.ApiUrl('prod', '/items'); Credential = $Role }

        $run.Output[0].Attempts | Should -Be 1
        $run.Progress | Should -BeNullOrEmpty
    }

    It 'is silent under $ProgressPreference = SilentlyContinue, and still retries' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ApiErrorCount 1 -ApiErrorStatus 503 -ApiRetryAfterSeconds 1

        $run = Invoke-WithProgress $InvokeScript @{ Uri = $Sandbox.ApiUrl('prod', '/items'); Credential = $Role } -Preference SilentlyContinue

        $run.Output[0].Attempts | Should -Be 2
        $run.Progress | Should -BeNullOrEmpty
    }

    It 'names a connection failure as the reason' {
        # A port nothing listens on: the connection is refused at once, and retried with the client's backoff.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $script = { param($Uri, $Credential) Invoke-SignedHttpApi -Uri $Uri -Credential $Credential -Region us-east-1 -MaximumRetryCount 1 -RetryIntervalSec 1 }

        $run = Invoke-WithProgress $script @{ Uri = "http://127.0.0.1:$port/items"; Credential = $Role }

        $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
        $wait = @($run.Progress | Where-Object RecordType -EQ 'Processing')[0]
        $wait.StatusDescription | Should -Match '^.+: retry 1 of 1 in \d+ ms \(backoff\)$|^.+: retry 1 of 1 in [\d.]+ s \(backoff\)$'
        $wait.StatusDescription | Should -Match 'refused|connect'
    }
}

Describe 'Get-AssumedRoleCredential retry progress' {
    BeforeEach { $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear }

    It 'shows the STS throttling waits, then removes the bar' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -StsThrottleCount 3
        $script = { param($Ops, $Sts, $Arn) Get-AssumedRoleCredential -RoleArn $Arn -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -NoCache }

        $run = Invoke-WithProgress $script @{ Ops = $Ops; Sts = $Sandbox.StsEndpoint; Arn = $InvokerArn }

        $run.Errors | Should -BeNullOrEmpty
        $run.Output[0].RoleArn | Should -Be $InvokerArn
        $waits = @($run.Progress | Where-Object RecordType -EQ 'Processing')
        $waits.Count | Should -BeGreaterOrEqual 1
        $waits[0].Activity | Should -Be "Retrying AssumeRole $InvokerArn"
        $waits[0].StatusDescription | Should -Match '^STS throttled the call: retry [1-3] of 4 in \d+ ms \(backoff\)$'
        $run.Progress[-1].RecordType | Should -Be 'Completed'
    }

    It 'is silent under $ProgressPreference = SilentlyContinue' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -StsThrottleCount 2
        $script = { param($Ops, $Sts, $Arn) Get-AssumedRoleCredential -RoleArn $Arn -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -NoCache }

        $run = Invoke-WithProgress $script @{ Ops = $Ops; Sts = $Sandbox.StsEndpoint; Arn = $InvokerArn } -Preference SilentlyContinue

        $run.Output[0].RoleArn | Should -Be $InvokerArn
        $run.Progress | Should -BeNullOrEmpty
    }

    It 'removes the bar also when STS keeps refusing' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -StsThrottleCount 10
        $script = { param($Ops, $Sts, $Arn) Get-AssumedRoleCredential -RoleArn $Arn -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -NoCache }

        $run = Invoke-WithProgress $script @{ Ops = $Ops; Sts = $Sandbox.StsEndpoint; Arn = $InvokerArn }

        $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'StsThrottled,*'
        @($run.Progress | Where-Object RecordType -EQ 'Processing').Count | Should -BeGreaterOrEqual 1
        $run.Progress[-1].RecordType | Should -Be 'Completed'
    }
}

Describe 'Test-CrossAccountAccess progress' {
    BeforeEach { $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear }

    It 'shows the run, and each retry wait as a child of it' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ApiErrorCount 1 -ApiErrorStatus 503 -ApiRetryAfterSeconds 1
        $script = {
            param($Ops, $Sts, $Arn, $Uris)
            $Uris | ForEach-Object { [pscustomobject] @{ RoleArn = $Arn; Uri = $_ } } | Test-CrossAccountAccess -Credential $Ops -StsEndpoint $Sts -Region us-east-1
        }
        $uris = $Sandbox.ApiUrl('prod', '/items'), $Sandbox.ApiUrl('prod', '/items/1')

        $run = Invoke-WithProgress $script @{ Ops = $Ops; Sts = $Sandbox.StsEndpoint; Arn = $InvokerArn; Uris = $uris }

        $run.Errors | Should -BeNullOrEmpty
        $run.Output.Passed | Should -Be @($true, $true)
        $overall = @($run.Progress | Where-Object Activity -EQ 'Test-CrossAccountAccess')
        $overall[-1].RecordType | Should -Be 'Completed'
        $retry = @($run.Progress | Where-Object { $_.Activity -like 'Retrying GET *' })
        $retry.Count | Should -BeGreaterOrEqual 2 -Because 'one wait shown, then removed'
        $retry[0].StatusDescription | Should -Be '503 Service Unavailable: retry 1 of 3 in 1 s (Retry-After)'
        $retry[0].ParentActivityId | Should -Be $overall[0].ActivityId
        $retry[-1].RecordType | Should -Be 'Completed'
    }
}
