#Requires -Version 7.0
# Faults the sandbox injects, and what the module promises under each: STS throttling is ridden out with backoff (also
# when a credential renews itself in the middle of a call); 5xx bursts are retried for idempotent methods and never
# for POST/PATCH; Retry-After is waited for (a lower bound is measured, never an upper one); refused connections name
# the endpoint; slow answers end in Timeout, not a hang; sessions that end mid-run are renewed once; a server clock
# ten minutes off is corrected, for STS as for the API; and a stopped pipeline (Ctrl+C) stops at once, leaving no
# request behind. Request counts come from the sandbox's /_sandbox/stats. Complements InvokeSignedHttpApi.Trouble.Tests.ps1
# and GetAssumedRoleCredential.Sources.Tests.ps1 and .Cache.Tests.ps1 (throttling, refresh), which cover the
# single-call cases.

BeforeAll {
    . (Join-Path $PSScriptRoot 'SandboxSession.Fixture.ps1')
    $script:Fqid = ',CrossAcctApi.InvokeSignedHttpApiCommand'
    $PSDefaultParameterValues['Invoke-SignedHttpApi:Region'] = 'us-east-1'

    function script:Url([string] $Stage, [string] $Path) { $Sandbox.ApiUrl($Stage, $Path) }
    function script:Get-Counts {
        $stats = Get-CrossAcctApiSandboxStats $Sandbox
        [pscustomobject] @{ Sts = [long] $stats.sts.total; Api = [long] $stats.api.total; ApiByOutcome = $stats.api.byOutcome }
    }
    function script:New-RoleCredential { Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -NoCache }
    function script:Get-FreePort {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $port
    }
    # The one error of a call expected to fail (its output must be empty).
    function script:Invoke-Failing([scriptblock] $FailingCommand) {
        $ErrorActionPreference = 'Continue'
        $all = @(& $FailingCommand 2>&1)
        $errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }) | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0]
    }

    # A command running in its own runspace, as a script would be when the user presses Ctrl+C: the module is imported
    # first, so that the clock starts with the command itself.
    function script:Start-Background([scriptblock] $Script, [hashtable] $Arguments) {
        $ps = [powershell]::Create()
        $null = $ps.AddCommand('Import-Module').AddArgument($ModuleManifest)
        $ps.Invoke()
        $ps.Commands.Clear()
        $null = $ps.AddScript($Script)
        foreach ($key in $Arguments.Keys) { $null = $ps.AddParameter($key, $Arguments[$key]) }
        [pscustomobject] @{ PowerShell = $ps; Handle = $ps.BeginInvoke() }
    }
}

AfterAll {
    $PSDefaultParameterValues.Remove('Invoke-SignedHttpApi:Region')
    [CrossAcctApi.Core.Http.ClockSkewTracker]::Shared.Reset()
    Stop-SandboxSessionFixture
}

Describe 'STS throttling is ridden out with backoff' {
    BeforeEach { $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear }

    It 'assumes the role through two throttled answers, waiting at least the backoff''s guaranteed half between them' {
        $before = Get-Counts
        $null = Set-CrossAcctApiSandboxFault $Sandbox -StsThrottleCount 2
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $credential = New-RoleCredential
        $watch.Stop()
        $credential.RoleArn | Should -Be $Invoker
        (Get-Counts).Sts - $before.Sts | Should -Be 3
        # Equal jitter from a 200 ms base: at least 100 ms before the first retry and 200 ms before the second.
        $watch.Elapsed.TotalMilliseconds | Should -BeGreaterOrEqual 300
    }

    It 'gives up after five throttled attempts with StsThrottled, having backed off each time, and says what to do' {
        $before = Get-Counts
        $null = Set-CrossAcctApiSandboxFault $Sandbox -StsThrottleCount 10
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $record = Invoke-Failing { Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -NoCache }
        $watch.Stop()
        $record.FullyQualifiedErrorId | Should -BeLike 'StsThrottled,*'
        $record.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $record.ErrorDetails.RecommendedAction | Should -Match 'Lower the call rate'
        (Get-Counts).Sts - $before.Sts | Should -Be 5
        $watch.Elapsed.TotalMilliseconds | Should -BeGreaterOrEqual 1500
    }

    It 'renews a credential through throttling in the middle of Invoke-SignedHttpApi, and the call succeeds' {
        $credential = New-RoleCredential
        $first = $credential.AccessKeyId
        $before = Get-Counts
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ExpireSessions
        $null = Set-CrossAcctApiSandboxFault $Sandbox -StsThrottleCount 2
        $response = Invoke-SignedHttpApi -Uri (Url 'prod' '/items') -Credential $credential -AsResponse
        $response.StatusCode | Should -Be 200
        $response.CredentialRefreshed | Should -BeTrue
        $credential.AccessKeyId | Should -Not -Be $first
        $after = Get-Counts
        $after.Sts - $before.Sts | Should -Be 3 -Because 'two throttled AssumeRole calls, then the one that renewed the session'
        $after.Api - $before.Api | Should -Be 2 -Because 'the refused call and the one signed with the new session'
    }
}

Describe '5xx bursts: idempotent requests are retried, POST and PATCH are not replayed' {
    # A session of its own: earlier tests end every session the sandbox has issued.
    BeforeAll { $script:Role = New-RoleCredential }

    BeforeEach { $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear }

    It '<Method> <Path> through a burst of <Count> x <Status>: <Outcome> after <Calls> call(s)' -ForEach @(
        @{ Method = 'GET'; Path = '/items'; Stage = 'prod'; Status = 502; Count = 3; Calls = 4; Outcome = 200 }
        @{ Method = 'DELETE'; Path = '/items/9'; Stage = '$default'; Status = 503; Count = 2; Calls = 3; Outcome = 200 }
        @{ Method = 'GET'; Path = '/items'; Stage = 'prod'; Status = 503; Count = 5; Calls = 4; Outcome = 'ServerError' }
        @{ Method = 'POST'; Path = '/items'; Stage = '$default'; Status = 502; Count = 3; Calls = 1; Outcome = 'ServerError' }
        @{ Method = 'POST'; Path = '/items'; Stage = '$default'; Status = 503; Count = 1; Calls = 1; Outcome = 'ServerError' }
        @{ Method = 'PATCH'; Path = '/items/9'; Stage = '$default'; Status = 503; Count = 1; Calls = 1; Outcome = 'ServerError' }
    ) {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ApiErrorCount $Count -ApiErrorStatus $Status -ApiRetryAfterSeconds 0
        $before = Get-Counts
        $call = @{ Uri = (Url $Stage $Path); Method = $Method; Credential = $Role; RetryIntervalSec = 0; MaximumRetryCount = 3 }
        if ($Method -in 'POST', 'PATCH') { $call.Body = @{ n = 1 } }
        if ($Outcome -is [int]) {
            (Invoke-SignedHttpApi @call -AsResponse).StatusCode | Should -Be $Outcome
        }
        else {
            $record = Invoke-Failing { Invoke-SignedHttpApi @call }
            $record.FullyQualifiedErrorId | Should -Be "$Outcome$Fqid"
            $record.Exception.Diagnosis.Attempts | Should -Be $Calls
        }
        (Get-Counts).Api - $before.Api | Should -Be $Calls
    }

    It 'retries each of eight concurrent GETs through a shared burst, and keeps their order' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ApiErrorCount 4 -ApiErrorStatus 503 -ApiRetryAfterSeconds 0
        $before = Get-Counts
        $responses = Invoke-SignedHttpApi -Uri (1..8 | ForEach-Object { Url 'prod' "/items/$_" }) -Credential $Role -RetryIntervalSec 0 -ThrottleLimit 8 -AsResponse
        $responses.StatusCode | Should -Be (@(200) * 8)
        $responses.ParsedContent.id | Should -Be @('1', '2', '3', '4', '5', '6', '7', '8')
        ($responses.Attempts | Measure-Object -Sum).Sum | Should -Be 12
        (Get-Counts).Api - $before.Api | Should -Be 12
    }

    It 'sends a POST again when it never reached the server (connection refused)' {
        $port = Get-FreePort
        $record = Invoke-Failing { Invoke-SignedHttpApi -Uri "http://127.0.0.1:$port/_aws/execute-api/a1b2c3d4e5/items" -Method POST -Body @{ n = 1 } -Credential $Role -MaximumRetryCount 2 -RetryIntervalSec 0 }
        $record.FullyQualifiedErrorId | Should -Be "ConnectionFailed$Fqid"
        $record.Exception.Diagnosis.Attempts | Should -Be 3
    }
}

Describe '429 with Retry-After is honoured' {
    # A session of its own: earlier tests end every session the sandbox has issued.
    BeforeAll { $script:Role = New-RoleCredential }

    BeforeEach { $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear }

    It 'waits Retry-After before each retry, even with -RetryIntervalSec 0' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ApiErrorCount 2 -ApiErrorStatus 429 -ApiRetryAfterSeconds 1
        $before = Get-Counts
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $response = Invoke-SignedHttpApi -Uri (Url 'prod' '/items') -Credential $Role -RetryIntervalSec 0 -AsResponse
        $watch.Stop()
        $response.StatusCode | Should -Be 200
        $response.Attempts | Should -Be 3
        (Get-Counts).Api - $before.Api | Should -Be 3
        $watch.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 1.95 -Because 'two waits of one second each were asked for'
    }

    It 'does not wait for a Retry-After longer than it would ever wait: Throttled at once, saying how long the server asked' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ApiErrorCount 1 -ApiErrorStatus 429 -ApiRetryAfterSeconds 3600
        $before = Get-Counts
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $record = Invoke-Failing { Invoke-SignedHttpApi -Uri (Url 'prod' '/items') -Credential $Role }
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 30 -Because 'an hour-long Retry-After is reported, not slept through'
        $record.FullyQualifiedErrorId | Should -Be "Throttled$Fqid"
        $record.Exception.Message + $record.ErrorDetails.Message | Should -Match '3600 s'
        (Get-Counts).Api - $before.Api | Should -Be 1
    }
}

Describe 'Connection refused: a clear error naming the endpoint' {
    # A session of its own: earlier tests end every session the sandbox has issued.
    BeforeAll { $script:Role = New-RoleCredential }

    It 'Invoke-SignedHttpApi: ConnectionFailed with host and port, after its retries' {
        $port = Get-FreePort
        $record = Invoke-Failing { Invoke-SignedHttpApi -Uri "http://127.0.0.1:$port/_aws/execute-api/a1b2c3d4e5/prod/items" -Credential $Role -MaximumRetryCount 1 -RetryIntervalSec 0 }
        $record.FullyQualifiedErrorId | Should -Be "ConnectionFailed$Fqid"
        $record.CategoryInfo.Category | Should -Be 'ConnectionError'
        $record.Exception.Message | Should -Match "127\.0\.0\.1:$port"
        $record.ErrorDetails.RecommendedAction | Should -Match 'host and port'
    }

    It 'a credential that must renew itself when its STS has gone: StsConnectionFailed naming that endpoint' {
        $other = Start-CrossAcctApiSandbox -Port 0 -SandboxPath (Join-Path $RepoRoot 'out/sandbox')
        try {
            $credential = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $other.StsEndpoint -Region us-east-1 -NoCache
        }
        finally { Stop-CrossAcctApiSandbox $other }

        $thrown = { $credential.GetKeys($credential.Expiration.AddMinutes(-1)) } | Should -Throw -PassThru
        $inner = $thrown.Exception
        while ($inner -and $inner -isnot [CrossAcctApi.Core.CrossAcctApiException]) { $inner = $inner.InnerException }
        $inner.ErrorId | Should -Be 'StsConnectionFailed'
        $inner.Message | Should -Match ([regex]::Escape(([uri] $other.StsEndpoint).Authority))
    }
}

Describe 'Slow answers and -TimeoutSec: a Timeout error, never a hang' {
    # A session of its own: earlier tests end every session the sandbox has issued.
    BeforeAll { $script:Role = New-RoleCredential }

    BeforeEach { $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear }
    AfterEach { $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear }

    It 'times out four concurrent calls together, each with its own Timeout error' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -LatencyMilliseconds 4000
        $errors = $null
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $output = Invoke-SignedHttpApi -Uri (1..4 | ForEach-Object { Url 'prod' "/items/$_" }) -Credential $Role -TimeoutSec 1 -ThrottleLimit 4 -ErrorAction SilentlyContinue -ErrorVariable errors
        $watch.Stop()
        $output | Should -BeNullOrEmpty
        @($errors).Count | Should -Be 4
        $errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be "Timeout$Fqid" }
        $errors[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 3.5 -Because 'the four one-second timeouts run side by side, well before the 4-second answers'
    }
}

Describe 'Sessions that end in the middle of a run are renewed, once' {
    BeforeEach { $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear }

    It 'renews once when every session ends halfway through <Count> piped requests, <Parallel> at a time' -ForEach @(
        @{ Count = 12; Parallel = 1 }
        @{ Count = 16; Parallel = 4 }
    ) {
        $credential = New-RoleCredential
        $null = Set-CrossAcctApiSandboxFault $Sandbox -LatencyMilliseconds 20
        $before = Get-Counts
        $half = [int] ($Count / 2)
        $responses = 1..$Count | ForEach-Object {
            if ($_ -eq $half) { $null = Set-CrossAcctApiSandboxFault $Sandbox -ExpireSessions }
            [pscustomobject] @{ Uri = Url 'prod' "/items/$_" }
        } | Invoke-SignedHttpApi -Credential $credential -AsResponse -ThrottleLimit $Parallel
        $after = Get-Counts
        $responses.StatusCode | Should -Be (@(200) * $Count)
        $responses.ParsedContent.id | Should -Be @(1..$Count | ForEach-Object { "$_" })
        @($responses | Where-Object CredentialRefreshed).Count | Should -BeGreaterOrEqual 1
        $after.Sts - $before.Sts | Should -Be 1 -Because 'concurrent refusals share one renewal'
    }
}

Describe 'A server clock ten minutes off is corrected, for STS and for the API' {
    AfterEach {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear
        [CrossAcctApi.Core.Http.ClockSkewTracker]::Shared.Reset()
    }

    It 'assumes the role and calls the API with the server <Minutes> minutes off, and again once it is right' -ForEach @(@{ Minutes = 10 }, @{ Minutes = -10 }) {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ClockOffsetSeconds ($Minutes * 60)
        $credential = New-RoleCredential
        $credential.RoleArn | Should -Be $Invoker
        $response = Invoke-SignedHttpApi -Uri (Url 'prod' '/items') -Credential $credential -AsResponse
        $response.StatusCode | Should -Be 200
        [math]::Abs($response.ClockOffset.TotalMinutes - $Minutes) | Should -BeLessThan 0.2

        # Corrections are kept; when the server's clock is put right they must give way again, not fail.
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ClockOffsetSeconds 0
        (New-RoleCredential).RoleArn | Should -Be $Invoker
        (Invoke-SignedHttpApi -Uri (Url 'prod' '/items') -Credential $credential -AsResponse).StatusCode | Should -Be 200
    }
}

Describe 'Ctrl+C (StopProcessing) mid-request: stops at once, and sends nothing more' {
    # A session of its own: earlier tests end every session the sandbox has issued.
    BeforeAll { $script:Role = New-RoleCredential }

    BeforeEach { $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear }
    AfterEach { $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear }

    It 'stops Invoke-SignedHttpApi with <Name> in flight' -ForEach @(
        @{ Name = 'slow answers (8 URLs, two at a time)'; Fault = @{ LatencyMilliseconds = 2500 } }
        @{ Name = 'a Retry-After wait after a 503'; Fault = @{ ApiErrorCount = 8; ApiErrorStatus = 503; ApiRetryAfterSeconds = 3 } }
    ) {
        $null = Set-CrossAcctApiSandboxFault $Sandbox @Fault
        $before = Get-Counts
        $run = Start-Background -Script {
            param($Uri, $Credential)
            Invoke-SignedHttpApi -Uri $Uri -Credential $Credential -Region us-east-1 -ThrottleLimit 2 -RetryIntervalSec 0
        } -Arguments @{ Uri = @(1..8 | ForEach-Object { Url 'prod' "/items/$_" }); Credential = $Role }
        try {
            Start-Sleep -Milliseconds 800
            $run.Handle.IsCompleted | Should -BeFalse -Because 'the command is still waiting when it is stopped'
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $run.PowerShell.Stop()
            $watch.Stop()
            $run.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 2
            $atStop = Get-Counts
            # Longer than any wait that was in progress: nothing may be sent once the pipeline has stopped.
            Start-Sleep -Milliseconds 3500
            (Get-Counts).Api | Should -Be $atStop.Api -Because 'no request is sent after the stop'
            $atStop.Api - $before.Api | Should -BeLessOrEqual 2 -Because 'at most the two requests in flight reached the sandbox'
        }
        finally { $run.PowerShell.Dispose() }
    }

    It 'stops Get-AssumedRoleCredential waiting on a slow STS' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -LatencyMilliseconds 4000
        $before = Get-Counts
        $run = Start-Background -Script {
            param($RoleArn, $Source, $Endpoint)
            Get-AssumedRoleCredential -RoleArn $RoleArn -Credential $Source -StsEndpoint $Endpoint -Region us-east-1 -NoCache
        } -Arguments @{ RoleArn = $Invoker; Source = $Ops; Endpoint = $Sts }
        try {
            Start-Sleep -Milliseconds 800
            $run.Handle.IsCompleted | Should -BeFalse
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $run.PowerShell.Stop()
            $watch.Stop()
            $run.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 2
            Start-Sleep -Milliseconds 4000
            (Get-Counts).Sts - $before.Sts | Should -Be 0 -Because 'the abandoned AssumeRole was cancelled, and none followed'
        }
        finally { $run.PowerShell.Dispose() }
    }
}
