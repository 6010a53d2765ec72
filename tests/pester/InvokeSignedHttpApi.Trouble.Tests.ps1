#Requires -Version 7.0
# Invoke-SignedHttpApi against the sandbox (a local STS and IAM-authorized HTTP API, build/SandboxHost.psm1) under
# trouble: retries under injected faults, throttling, credential refresh, clock skew, timeouts, connection failures
# and a stopped pipeline. The shared setup is InvokeSignedHttpApi.Fixture.ps1.

BeforeAll { . (Join-Path $PSScriptRoot 'InvokeSignedHttpApi.Fixture.ps1') }

AfterAll { Stop-InvokeSignedHttpApiFixture }

Describe 'Trouble: retries, throttling, refresh, clock skew, timeouts' {
    BeforeEach { $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear }
    AfterEach {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear
        [CrossAcctApi.Core.Http.ClockSkewTracker]::Shared.Reset()
    }

    It 'retries a GET through two injected <Status>s and succeeds' -ForEach @(@{ Status = 429 }, @{ Status = 502 }, @{ Status = 503 }) {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ApiErrorCount 2 -ApiErrorStatus $Status -ApiRetryAfterSeconds 0
        $before = Get-ApiCalls
        $response = Invoke-SignedHttpApi -Uri (Url 'prod' '/items') -Credential $Role -RetryIntervalSec 0 -AsResponse
        $response.StatusCode | Should -Be 200
        $response.Attempts | Should -Be 3
        (Get-ApiCalls) - $before | Should -Be 3
    }

    It 'does not replay a POST after an injected <Status>' -ForEach @(@{ Status = 502; Id = 'ServerError' }, @{ Status = 503; Id = 'ServerError' }) {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ApiErrorCount 2 -ApiErrorStatus $Status -ApiRetryAfterSeconds 0
        $before = Get-ApiCalls
        $record = Invoke-Failing @{ Uri = (Url '$default' '/items'); Method = 'POST'; Body = @{ n = 1 }; Credential = $Role; RetryIntervalSec = 0 }
        $record.FullyQualifiedErrorId | Should -Be "$Id$Fqid"
        (Get-ApiCalls) - $before | Should -Be 1
        $record.ErrorDetails.RecommendedAction | Should -Match '-RetryNonIdempotent|ThrottleLimit'
        $record.Exception.Diagnosis.RecommendedAction | Should -Be $record.Exception.RecommendedAction -Because 'the diagnosis is phrased as its error is'
    }

    It 'replays a POST after a 429, which says the request was not processed (as Invoke-RestMethod -MaximumRetryCount does)' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ApiErrorCount 2 -ApiErrorStatus 429 -ApiRetryAfterSeconds 0
        $before = Get-ApiCalls
        (Invoke-SignedHttpApi -Uri (Url '$default' '/items') -Method POST -Body @{ n = 3 } -Credential $Role -RetryIntervalSec 0).created.n | Should -Be 3
        (Get-ApiCalls) - $before | Should -Be 3
    }

    It 'stops replaying a POST after 429s when -MaximumRetryCount is used up' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ApiErrorCount 2 -ApiErrorStatus 429 -ApiRetryAfterSeconds 0
        $record = Invoke-Failing @{ Uri = (Url '$default' '/items'); Method = 'POST'; Body = @{ n = 1 }; Credential = $Role; RetryIntervalSec = 0; MaximumRetryCount = 1 }
        $record.FullyQualifiedErrorId | Should -Be "Throttled$Fqid"
        $record.Exception.Diagnosis.Attempts | Should -Be 2
    }

    It 'replays a POST when -RetryNonIdempotent is given' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ApiErrorCount 1 -ApiErrorStatus 503 -ApiRetryAfterSeconds 0
        (Invoke-SignedHttpApi -Uri (Url '$default' '/items') -Method POST -Body @{ n = 2 } -Credential $Role -RetryIntervalSec 0 -RetryNonIdempotent).created.n | Should -Be 2
    }

    It 'does not retry a 500, which is the integration''s own failure' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ApiErrorCount 1 -ApiErrorStatus 500 -ApiRetryAfterSeconds 0
        $record = Invoke-Failing @{ Uri = (Url 'prod' '/items'); Credential = $Role; RetryIntervalSec = 0 }
        $record.FullyQualifiedErrorId | Should -Be "ServerError$Fqid"
        $record.Exception.Diagnosis.Attempts | Should -Be 1
    }

    It 'honours Retry-After on throttling' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ApiErrorCount 1 -ApiErrorStatus 429 -ApiRetryAfterSeconds 1
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $all = Invoke-SignedHttpApi -Uri (Url 'prod' '/items') -Credential $Role -RetryIntervalSec 0 -AsResponse -Verbose 4>&1
        $watch.Stop()
        $response = $all | Where-Object { $_ -is [CrossAcctApi.SignedHttpApiResponse] }
        $response.Attempts | Should -Be 2
        $watch.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.95
        ($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match 'Retrying after 429 in 1 s \(Retry-After\)'
    }

    It 'gives Throttled when the throttling outlasts the retries' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ApiErrorCount 5 -ApiErrorStatus 429 -ApiRetryAfterSeconds 0
        $record = Invoke-Failing @{ Uri = (Url 'prod' '/items'); Credential = $Role; RetryIntervalSec = 0; MaximumRetryCount = 2 }
        $record.FullyQualifiedErrorId | Should -Be "Throttled$Fqid"
        $record.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $record.Exception.Diagnosis.Attempts | Should -Be 3
    }

    It 'refreshes the role credential once when the sandbox expires every session' {
        $credential = New-RoleCredential
        $null = Invoke-SignedHttpApi -Uri (Url 'prod' '/items') -Credential $credential
        $firstKey = $credential.AccessKeyId
        $assumed = (Get-CrossAcctApiSandboxStats $Sandbox).sts.total
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ExpireSessions

        $response = Invoke-SignedHttpApi -Uri (Url 'prod' '/items') -Credential $credential -AsResponse
        $response.StatusCode | Should -Be 200
        $response.CredentialRefreshed | Should -BeTrue
        $response.Attempts | Should -Be 2
        $credential.AccessKeyId | Should -Not -Be $firstKey
        (Get-CrossAcctApiSandboxStats $Sandbox).sts.total - $assumed | Should -Be 1
        $script:Role = New-RoleCredential
    }

    It 'corrects a server clock <Minutes> minutes off and keeps the offset for the session' -ForEach @(@{ Minutes = 10 }, @{ Minutes = -10 }) {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ClockOffsetSeconds ($Minutes * 60)
        $first = Invoke-SignedHttpApi -Uri (Url 'prod' '/items') -Credential $Role -AsResponse
        $first.StatusCode | Should -Be 200
        $first.Attempts | Should -Be 2
        [math]::Abs($first.ClockOffset.TotalSeconds - $Minutes * 60) | Should -BeLessThan 5
        $second = Invoke-SignedHttpApi -Uri (Url 'prod' '/items/1') -Credential $Role -AsResponse
        $second.Attempts | Should -Be 1
    }

    It 'gives Timeout for a slow answer, without hanging' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -LatencyMilliseconds 2000
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $record = Invoke-Failing @{ Uri = (Url 'prod' '/items'); Credential = $Role; TimeoutSec = 1 }
        $watch.Stop()
        $record.FullyQualifiedErrorId | Should -Be "Timeout$Fqid"
        $record.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 1.9
    }

    It 'gives ConnectionFailed naming the endpoint when nothing listens' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $record = Invoke-Failing @{ Uri = "http://127.0.0.1:$port/_aws/execute-api/a1b2c3d4e5/prod/items"; Credential = $Role; MaximumRetryCount = 1; RetryIntervalSec = 0 }
        $record.FullyQualifiedErrorId | Should -Be "ConnectionFailed$Fqid"
        $record.Exception.Message | Should -Match "127\.0\.0\.1:$port"
        $record.Exception.Message | Should -Match 'connection refused|no connection'
    }

    It 'stops promptly when the pipeline is stopped mid-request' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -LatencyMilliseconds 8000
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument((Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1'))
            $ps.Invoke()
            $ps.Commands.Clear()
            $null = $ps.AddCommand('Invoke-SignedHttpApi').AddParameter('Uri', (Url 'prod' '/items')).AddParameter('Credential', $Role).AddParameter('Region', 'us-east-1')
            $handle = $ps.BeginInvoke()
            Start-Sleep -Milliseconds 700
            $handle.IsCompleted | Should -BeFalse
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            # The invocation is marked complete on another thread just after Stop() returns: wait for it, bounded.
            $handle.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(2)) | Should -BeTrue
            $watch.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 2
        }
        finally { $ps.Dispose() }
    }
}
