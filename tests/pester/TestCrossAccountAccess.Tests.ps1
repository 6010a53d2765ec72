#Requires -Version 7.0
# Test-CrossAccountAccess against the sandbox (a local STS and IAM-authorized HTTP API, build/SandboxHost.psm1): every
# diagnosis path (allowed, explicit and implicit NotAuthorized, unsigned probes, NotFound, AssumeRole refusals, expired
# sessions, faults, clock skew, closed ports, timeouts). Many targets, pipeline input from CSV and bad input:
# TestCrossAccountAccess.Inputs.Tests.ps1; -Quiet, progress, the views, Pester-friendly messages and no secret anywhere:
# TestCrossAccountAccess.Results.Tests.ps1. The shared setup is TestCrossAccountAccess.Fixture.ps1.

BeforeAll { . (Join-Path $PSScriptRoot 'TestCrossAccountAccess.Fixture.ps1') }

AfterAll { Stop-TestCrossAccountAccessFixture }

Describe 'Every diagnosis path' {
    BeforeEach { Reset-World }

    It 'Allowed: the seed flow as CrossAccountInvoker, on prod and $default' {
        $r = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items'), (Url '$default' '/items/7'); Stage = 'prod' }
        $r.Count | Should -Be 2
        $r[0].Outcome | Should -Be 'Allowed'
        $r[0].Passed | Should -BeTrue
        $r[0].StatusCode | Should -Be 200
        $r[0].FailedAt | Should -BeNullOrEmpty
        $r[0].Diagnosis | Should -BeNullOrEmpty
        $r[0].InvokeArn | Should -Be 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items'
        $r[0].CallerArn | Should -BeLike 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/*'
        $r[0].RequestId | Should -Not -BeNullOrEmpty
        $r[0].Elapsed | Should -BeOfType [timespan]
        $r[0].Target | Should -Be 'GET /prod/items as CrossAccountInvoker'
        $r[1].Passed | Should -BeTrue
    }

    It 'NotAuthorized by the explicit deny on /admin/report: Denied at Invoke, ExplicitDeny' {
        $r = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/admin/report'); Expect = 'Denied' }
        $r.Outcome | Should -Be 'Denied'
        $r.Passed | Should -BeTrue
        $r.FailedAt | Should -Be 'Invoke'
        $r.StatusCode | Should -Be 403
        $r.Diagnosis | Should -Be 'NotAuthorized'
        $r.DenialReason | Should -Be 'ExplicitDeny'
        $r.InvokeArn | Should -Be 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/admin/report'
    }

    It 'NotAuthorized implicitly for POST on prod: NoIdentityPolicy, and a FAIL when Allowed was expected' {
        $r = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items'); Method = 'POST' }
        $r.Outcome | Should -Be 'Denied'
        $r.Passed | Should -BeFalse
        $r.Diagnosis | Should -Be 'NotAuthorized'
        $r.DenialReason | Should -Be 'NoIdentityPolicy'
        $r.RecommendedAction | Should -Match ([regex]::Escape('a1b2c3d4e5/prod/POST/items'))
        $r.Message | Should -BeLike 'POST /prod/items as CrossAccountInvoker was expected to be Allowed, but was Denied at Invoke (403 NotAuthorized): *'
    }

    It 'MissingAuthenticationToken for an unsigned probe of an IAM route: a PASS, and no role assumed' {
        $before = (Get-Stats).sts.total
        $r = Test-CrossAccountAccess -Uri (Url '$default' '/items') -Probe Unsigned
        $r.Outcome | Should -Be 'Denied'
        $r.Expected | Should -Be 'Denied'
        $r.Passed | Should -BeTrue
        $r.StatusCode | Should -Be 403
        $r.Diagnosis | Should -Be 'MissingAuthenticationToken'
        $r.Probe | Should -Be 'Unsigned'
        $r.RoleArn | Should -BeNullOrEmpty
        (Get-Stats).sts.total | Should -Be $before
    }

    It 'an unsigned probe of /health (no authorization) is a FAIL: the route is not protected' {
        $r = Test-CrossAccountAccess -Uri (Url '$default' '/health') -Probe Unsigned
        $r.Outcome | Should -Be 'Allowed'
        $r.StatusCode | Should -Be 200
        $r.Passed | Should -BeFalse
        $r.RecommendedAction | Should -Match 'AWS_IAM'
        (Test-CrossAccountAccess -Uri (Url '$default' '/health') -Probe Unsigned -Expect Allowed).Passed | Should -BeTrue
    }

    It 'NotFound is an Error that passes neither expectation' {
        foreach ($expect in 'Allowed', 'Denied') {
            $r = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/no/such/route'); Expect = $expect }
            $r.Outcome | Should -Be 'Error'
            $r.Diagnosis | Should -Be 'NotFound'
            $r.StatusCode | Should -Be 404
            $r.Passed | Should -BeFalse
        }
    }

    It 'InvalidToken when the server no longer knows the cached session (revoked): an Error, not a denial' {
        $null = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items') }
        Reset-CrossAcctApiSandbox $Sandbox -Confirm:$false
        $r = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items'); Expect = 'Denied' }
        $r.Outcome | Should -Be 'Error'
        $r.FailedAt | Should -Be 'Invoke'
        $r.Diagnosis | Should -Be 'InvalidToken'
        $r.Passed | Should -BeFalse
    }

    It 'SignatureMismatch when the call is signed for another region' {
        $r = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items'); Region = 'eu-west-1' }
        $r.Outcome | Should -Be 'Error'
        $r.Diagnosis | Should -Be 'SignatureMismatch'
        $r.Detail | Should -Match "eu-west-1"
    }

    It 'AssumeRole refused for <Who>: Denied at AssumeRole, <Reason>' -ForEach @(
        @{ Who = 'outsider'; Key = 'Outsider'; Reason = 'NotTrustedByRole'; Caller = 'arn:aws:iam::333333333333:user/outsider' }
        @{ Who = 'no-assume'; Key = 'NoAssume'; Reason = 'CallerLacksAssumeRole'; Caller = 'arn:aws:iam::222222222222:user/no-assume' }
    ) {
        # The ranking uses what this process saw succeed for the role from the caller's account: ops-engineer's session,
        # whose source keys the session cache keeps alive (the history holds them weakly, so BeforeEach's cache clear
        # would otherwise leave the outcome to the garbage collector).
        $null = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items') }
        $apiBefore = (Get-Stats).api.total
        $r = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items'); Credential = (Get-Variable $Key -ValueOnly) }
        $r.Outcome | Should -Be 'Denied'
        $r.FailedAt | Should -Be 'AssumeRole'
        $r.Diagnosis | Should -Be 'AssumeRoleAccessDenied'
        $r.DenialReason | Should -Be $Reason
        $r.CallerArn | Should -Be $Caller
        $r.StatusCode | Should -BeNullOrEmpty
        $r.Passed | Should -BeFalse
        (Get-Stats).api.total | Should -Be $apiBefore -Because 'a role that cannot be assumed is not called'
        (Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items'); Credential = (Get-Variable $Key -ValueOnly); Expect = 'Denied' }).Passed | Should -BeTrue
    }

    It 'AuditReader with its external id is allowed; without it, refused at AssumeRole (ExternalIdRequired)' {
        $with = Check @{ RoleArn = $Auditor; Uri = (Url 'prod' '/items'); ExternalId = 'audit-2026' }
        $with.Passed | Should -BeTrue
        $with.CallerArn | Should -BeLike '*:assumed-role/AuditReader/*'
        # The STS component ranks the likely causes with what this process has seen: the role was assumed with an external id.
        $without = Check @{ RoleArn = $Auditor; Uri = (Url 'prod' '/items') }
        $without.Outcome | Should -Be 'Denied'
        $without.FailedAt | Should -Be 'AssumeRole'
        $without.Diagnosis | Should -Be 'AssumeRoleAccessDenied'
        $without.DenialReason | Should -Be 'ExternalIdRequired'
        ($without, $with | Out-String) + ($without.Message + $with.Message) | Should -Not -Match 'audit-2026'
    }

    It 'ExpiredToken after the sandbox expires every session: the session is renewed and the check still passes' {
        $null = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items') }
        $assumed = (Get-Stats).sts.byOperation.AssumeRole
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ExpireSessions
        $r = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items') }
        $r.Passed | Should -BeTrue
        $r.Detail | Should -Match 'renewed'
        (Get-Stats).sts.byOperation.AssumeRole | Should -Be ($assumed + 1)
    }

    It 'ExpiredToken is reported when the session cannot be renewed (STS throttles the renewal)' {
        $null = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items') }
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ExpireSessions -StsThrottleCount 50
        $r = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items') }
        $r.Outcome | Should -Be 'Error'
        $r.FailedAt | Should -Be 'AssumeRole'
        $r.Diagnosis | Should -Be 'StsThrottled'
        $r.Passed | Should -BeFalse
    }

    It '<Diagnosis> when the API keeps answering <Status>' -ForEach @(
        @{ Status = 429; Diagnosis = 'Throttled' }
        @{ Status = 500; Diagnosis = 'ServerError' }
        @{ Status = 503; Diagnosis = 'ServerError' }
    ) {
        $null = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items') }
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ApiErrorCount 5 -ApiErrorStatus $Status -ApiRetryAfterSeconds 0
        $r = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items'); MaximumRetryCount = 0 }
        $r.Outcome | Should -Be 'Error'
        $r.FailedAt | Should -Be 'Invoke'
        $r.StatusCode | Should -Be $Status
        $r.Diagnosis | Should -Be $Diagnosis
    }

    It 'a fault the retries outlast is no failure' {
        $null = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items') }
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ApiErrorCount 1 -ApiErrorStatus 503 -ApiRetryAfterSeconds 0
        $r = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items') }
        $r.Passed | Should -BeTrue
        $r.Detail | Should -Match '2 attempts'
    }

    It 'SignatureExpired is avoided: a server clock 10 minutes ahead is corrected and the check passes' {
        $null = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items') }
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ClockOffsetSeconds 600
        $r = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items') }
        $r.Passed | Should -BeTrue
        $r.Detail | Should -Match '2 attempts'
        (Get-Stats).api.byOutcome.SignatureExpired | Should -BeGreaterOrEqual 1
    }

    It 'ConnectionFailed when nothing listens on the port' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $r = Check @{ RoleArn = $Invoker; Uri = "http://127.0.0.1:$port/_aws/execute-api/a1b2c3d4e5/prod/items"; MaximumRetryCount = 0 }
        $r.Outcome | Should -Be 'Error'
        $r.FailedAt | Should -Be 'Invoke'
        $r.Diagnosis | Should -Be 'ConnectionFailed'
        $r.Detail | Should -Match "127\.0\.0\.1:$port"
        (Test-CrossAccountAccess -Uri "http://127.0.0.1:$port/items" -Probe Unsigned).Diagnosis | Should -Be 'ConnectionFailed'
    }

    It 'Timeout when the API answers too slowly' {
        $null = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items') }
        $null = Set-CrossAcctApiSandboxFault $Sandbox -LatencyMilliseconds 2500
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $r = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items'); TimeoutSec = 1; MaximumRetryCount = 0 }
        $watch.Stop()
        $r.Outcome | Should -Be 'Error'
        $r.Diagnosis | Should -Be 'Timeout'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 2.4
    }
}
