#Requires -Version 7.0
# Test-CrossAccountAccess against the sandbox (a local STS and IAM-authorized HTTP API, build/SandboxHost.psm1): every
# diagnosis path (allowed, explicit and implicit NotAuthorized, unsigned probes, NotFound, AssumeRole refusals, expired
# sessions, faults, clock skew, closed ports, timeouts), one AssumeRole per distinct role, pipeline input from CSV, bad
# input refused before anything is sent, -Quiet, progress, the views, Pester-friendly messages, and no secret anywhere.

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath }
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    $script:ModulePath = Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1'
    Import-Module $ModulePath -Force
    $script:Sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath (Join-Path $RepoRoot 'out/sandbox')

    $script:Ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
    $script:NoAssume = @{ AccessKeyId = 'AKIANOASSUME22222222'; SecretAccessKey = 'NoAssumeSecretKeyForAccountB/2222222222' }
    $script:Outsider = @{ AccessKeyId = 'AKIAOUTSIDER33333333'; SecretAccessKey = 'OutsiderSecretKeyForAccountC/3333333333' }
    $script:Invoker = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
    $script:Auditor = 'arn:aws:iam::111111111111:role/AuditReader'
    $script:MfaOperator = 'arn:aws:iam::111111111111:role/MfaOperator'
    $script:Fqid = ',CrossAcctApi.TestCrossAccountAccessCommand'

    function Url([string] $Stage, [string] $Path) { $Sandbox.ApiUrl($Stage, $Path) }

    # Every call here goes to the sandbox: its STS, as account B's ops-engineer, in us-east-1 (a loopback host has no region).
    $PSDefaultParameterValues['Test-CrossAccountAccess:StsEndpoint'] = $Sandbox.StsEndpoint
    $PSDefaultParameterValues['Test-CrossAccountAccess:Region'] = 'us-east-1'

    function Check([hashtable] $Arguments) {
        if (-not $Arguments.ContainsKey('Credential')) { $Arguments.Credential = $Ops }
        Test-CrossAccountAccess @Arguments
    }

    function Get-Stats { Get-CrossAcctApiSandboxStats $Sandbox }

    # A fresh start: no cached session, no fault, no clock offset on either side.
    function Reset-World {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear
        [CrossAcctApi.Core.Sts.AssumedRoleCache]::Shared.Clear()
        [CrossAcctApi.Core.Http.ClockSkewTracker]::Shared.Reset()
    }

    # Warm up: loads the AWS SDK and lets the STS component learn who ops-engineer is (one GetCallerIdentity per key and
    # process), so that the STS counts below are AssumeRole calls only.
    $null = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items') }
}

AfterAll {
    $PSDefaultParameterValues.Remove('Test-CrossAccountAccess:StsEndpoint')
    $PSDefaultParameterValues.Remove('Test-CrossAccountAccess:Region')
    [CrossAcctApi.Core.Http.ClockSkewTracker]::Shared.Reset()
    [CrossAcctApi.Core.Sts.AssumedRoleCache]::Shared.Clear()
    if ($script:Sandbox) { Stop-CrossAcctApiSandbox $script:Sandbox }
}

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

Describe 'A matrix: many targets, one AssumeRole per distinct role' {
    BeforeEach { Reset-World }

    It 'makes exactly as many STS calls as there are distinct roles (60 targets, 3 roles), results in input order' {
        $routes = '/items', '/items/1', '/items/2', '/admin/report', '/items'
        $targets = foreach ($i in 0..59) {
            $route = $routes[$i % $routes.Count]
            switch ($i % 3) {
                0 { [pscustomobject] @{ RoleArn = $Invoker; Uri = (Url 'prod' $route); Expect = if ($route -like '/admin/*') { 'Denied' } else { 'Allowed' }; Stage = 'prod'; Tag = $i } }
                1 { [pscustomobject] @{ RoleArn = $Auditor; ExternalId = 'audit-2026'; Uri = (Url 'prod' $route); Expect = 'Allowed'; Stage = 'prod'; Tag = $i } }
                2 { [pscustomobject] @{ RoleArn = $MfaOperator; Uri = (Url 'prod' $route); Expect = 'Denied'; Stage = 'prod'; Tag = $i } }
            }
        }
        Reset-CrossAcctApiSandbox $Sandbox -Confirm:$false

        $results = $targets | Test-CrossAccountAccess -Credential $Ops -ThrottleLimit 8

        $stats = Get-Stats
        $stats.sts.total | Should -Be 3
        $stats.sts.byOperation.AssumeRole | Should -Be 3
        $results.Count | Should -Be 60
        foreach ($i in 0..59) {
            $results[$i].Uri.AbsoluteUri | Should -Be $targets[$i].Uri
            $results[$i].RoleArn | Should -Be $targets[$i].RoleArn
            $results[$i].Passed | Should -BeTrue -Because $results[$i].Message
        }
        @($results | Where-Object FailedAt -EQ 'AssumeRole').Count | Should -Be 20
        $refused = $results | Where-Object RoleArn -EQ $MfaOperator | Select-Object -First 1
        $refused.Diagnosis | Should -Be 'AssumeRoleAccessDenied'
        $refused.Detail | Should -Match 'MFA'

        # The sessions stay cached for the session: the same matrix again assumes nothing.
        $null = $targets | Test-CrossAccountAccess -Credential $Ops
        (Get-Stats).sts.byOperation.AssumeRole | Should -Be 4 -Because 'only the refused MfaOperator is asked again'
    }

    It 'reads Import-Csv rows by property name; empty cells count as not given' {
        $csv = Join-Path $TestDrive 'access.csv'
        @(
            [pscustomobject] @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items'); Method = ''; Expect = 'Allowed'; ExternalId = ''; Stage = 'prod'; Probe = '' }
            [pscustomobject] @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items'); Method = 'POST'; Expect = 'Denied'; ExternalId = ''; Stage = 'prod'; Probe = '' }
            [pscustomobject] @{ RoleArn = $Auditor; Uri = (Url 'prod' '/items/3'); Method = 'GET'; Expect = ''; ExternalId = 'audit-2026'; Stage = 'prod'; Probe = '' }
            [pscustomobject] @{ RoleArn = ''; Uri = (Url '$default' '/items'); Method = 'GET'; Expect = ''; ExternalId = ''; Stage = '$default'; Probe = 'Unsigned' }
        ) | Export-Csv -Path $csv -NoTypeInformation

        $results = Import-Csv $csv | Test-CrossAccountAccess -Credential $Ops

        $results.Target | Should -Be @(
            'GET /prod/items as CrossAccountInvoker'
            'POST /prod/items as CrossAccountInvoker'
            'GET /prod/items/3 as AuditReader with external id'
            'GET /items unsigned')
        $results.Passed | Should -Be @($true, $true, $true, $true)
        $results[3].Expected | Should -Be 'Denied'
    }

    It 'takes results back from the pipeline (Expected binds to -Expect) to run the failed ones again' {
        $first = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items'), (Url 'prod' '/nothing'); Stage = 'prod' }
        $again = $first | Where-Object { -not $_.Passed } | Test-CrossAccountAccess -Credential $Ops
        $again.Target | Should -Be 'GET /prod/nothing as CrossAccountInvoker'
        $again.Expected | Should -Be 'Allowed'
        $again.Diagnosis | Should -Be 'NotFound'
    }
}

Describe 'Bad input is an error record with a stable ErrorId, before anything is sent' {
    BeforeEach { Reset-World }

    It '<Name>: <ErrorId>' -ForEach @(
        @{ Name = 'not a role ARN'; ErrorId = 'InvalidRoleArn'; Row = @{ RoleArn = 'CrossAccountInvoker' } }
        @{ Name = 'a user ARN'; ErrorId = 'InvalidRoleArn'; Row = @{ RoleArn = 'arn:aws:iam::111111111111:user/bob' } }
        @{ Name = 'not a URL'; ErrorId = 'InvalidUri'; Row = @{ Uri = 'items' } }
        @{ Name = 'an empty URL'; ErrorId = 'InvalidUri'; Row = @{ Uri = '' } }
        @{ Name = 'a bad expectation'; ErrorId = 'InvalidExpectation'; Row = @{ Expect = 'Maybe' } }
        @{ Name = 'a bad probe'; ErrorId = 'InvalidProbe'; Row = @{ Probe = 'Anonymous' } }
        @{ Name = 'a signed check without a role'; ErrorId = 'RoleArnRequired'; Row = @{ RoleArn = '' } }
        @{ Name = 'a bad external id'; ErrorId = 'InvalidExternalId'; Row = @{ ExternalId = 'audit 2026' } }
        @{ Name = 'a bad method'; ErrorId = 'InvalidMethod'; Row = @{ Method = 'GE T' } }
    ) {
        $good = [pscustomobject] @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items') }
        $bad = @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items') }
        foreach ($key in $Row.Keys) { $bad[$key] = $Row[$key] }
        $stats = Get-Stats
        $errors = $null

        # The bad row comes after a good one, and still nothing is sent before it has been refused.
        $results = $good, [pscustomobject] $bad, $good | Test-CrossAccountAccess -Credential $Ops -ErrorAction SilentlyContinue -ErrorVariable errors

        @($errors).Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be "$ErrorId$Fqid"
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errors[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        @($results).Count | Should -Be 2
        $errors[0].ToString() | Should -Not -Match 'audit 2026'
        $after = Get-Stats
        $after.api.total - $stats.api.total | Should -Be 2
    }

    It 'sends nothing at all when the only target is bad' {
        $stats = Get-Stats
        $errors = $null
        $out = Test-CrossAccountAccess -RoleArn $Invoker -Uri (Url 'prod' '/items') -Expect Sometimes -Credential $Ops -ErrorAction SilentlyContinue -ErrorVariable errors
        $out | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be "InvalidExpectation$Fqid"
        $after = Get-Stats
        $after.api.total | Should -Be $stats.api.total
        $after.sts.total | Should -Be $stats.sts.total
    }

    It 'RegionRequired for a loopback URL without -Region or AWS_REGION' {
        $saved = $env:AWS_REGION, $env:AWS_DEFAULT_REGION
        try {
            Remove-Item env:AWS_REGION, env:AWS_DEFAULT_REGION -ErrorAction SilentlyContinue
            $errors = $null
            $null = Test-CrossAccountAccess -RoleArn $Invoker -Uri (Url 'prod' '/items') -Region $null -Credential $Ops -ErrorAction SilentlyContinue -ErrorVariable errors
            $errors[0].FullyQualifiedErrorId | Should -Be "RegionRequired$Fqid"
        }
        finally {
            if ($saved[0]) { $env:AWS_REGION = $saved[0] }
            if ($saved[1]) { $env:AWS_DEFAULT_REGION = $saved[1] }
        }
    }

    It 'a null -Credential is a CredentialRequired error, and nothing is checked' {
        { Test-CrossAccountAccess -RoleArn $Invoker -Uri (Url 'prod' '/items') -Credential $null -ErrorAction Stop } |
            Should -Throw -ErrorId "CredentialRequired$Fqid"
    }
}

Describe '-Quiet, progress and cancellation' {
    BeforeEach { Reset-World }

    It '-Quiet writes a single $true when every check passes' {
        $out = @(Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items'), (Url 'prod' '/items/1'); Quiet = $true })
        $out.Count | Should -Be 1
        $out[0] | Should -BeOfType [bool]
        $out[0] | Should -BeTrue
    }

    It '-Quiet writes a single $false when one check fails, or a target is bad' {
        $out = @(Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items'), (Url 'prod' '/admin/report'); Quiet = $true })
        $out | Should -Be @($false)
        $bad = @(Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items'), 'nonsense'; Quiet = $true; ErrorAction = 'SilentlyContinue' })
        $bad | Should -Be @($false)
    }

    It 'writes progress for more than one target from the pipeline thread, and none when silenced or for one target' {
        $state = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
        $state.ImportPSModule($ModulePath)
        $runspace = [runspacefactory]::CreateRunspace($state)
        $runspace.Open()
        try {
            $script = {
                param($Preference, $Uris, $Sts, $Ops, $Role)
                $ProgressPreference = $Preference
                Test-CrossAccountAccess -RoleArn $Role -Uri $Uris -Credential $Ops -StsEndpoint $Sts -Region us-east-1
            }
            $run = {
                param($Preference, $Uris)
                $ps = [powershell]::Create()
                $ps.Runspace = $runspace
                $null = $ps.AddScript($script).AddArgument($Preference).AddArgument($Uris).AddArgument($Sandbox.StsEndpoint).AddArgument($Ops).AddArgument($Invoker)
                $output = $ps.Invoke()
                [pscustomobject] @{ Output = $output; Progress = @($ps.Streams.Progress); Errors = @($ps.Streams.Error) }
                $ps.Dispose()
            }
            $uris = 1..6 | ForEach-Object { Url 'prod' "/items/$_" }

            $shown = & $run 'Continue' $uris
            $shown.Errors | Should -BeNullOrEmpty
            $shown.Output.Count | Should -Be 6
            $shown.Progress.Count | Should -BeGreaterThan 1
            $shown.Progress[0].Activity | Should -Be 'Test-CrossAccountAccess'
            $shown.Progress[-1].RecordType | Should -Be 'Completed'
            ($shown.Progress | Where-Object StatusDescription -Match '^6 of 6 checked') | Should -Not -BeNullOrEmpty

            (& $run 'SilentlyContinue' $uris).Progress.Count | Should -Be 0
            (& $run 'Continue' @($uris[0])).Progress.Count | Should -Be 0
        }
        finally {
            $runspace.Dispose()
        }
    }

    It 'stops promptly when the pipeline is stopped mid-run' {
        $null = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items') }
        $null = Set-CrossAcctApiSandboxFault $Sandbox -LatencyMilliseconds 8000
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($ModulePath).AddStatement()
            $null = $ps.AddCommand('Test-CrossAccountAccess').AddParameter('RoleArn', $Invoker).AddParameter('Uri', @(1..4 | ForEach-Object { Url 'prod' "/items/$_" })).AddParameter('Credential', $Ops).AddParameter('StsEndpoint', $Sandbox.StsEndpoint).AddParameter('Region', 'us-east-1')
            $async = $ps.BeginInvoke()
            Start-Sleep -Milliseconds 600
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            # The invocation is marked complete on another thread just after Stop() returns: wait for it, bounded.
            $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(3)) | Should -BeTrue
            $watch.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 3
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Reading the results' {
    BeforeAll {
        Reset-World
        $script:Results = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items'), (Url 'prod' '/admin/report'); Stage = 'prod' }
    }

    It 'reads naturally in Pester: the failure message names the target, the outcome and the diagnosis' {
        $failed = $Results[1]
        { $failed.Passed | Should -BeTrue -Because $failed.Message } |
            Should -Throw -ExpectedMessage '*because GET /prod/admin/report as CrossAccountInvoker was expected to be Allowed, but was Denied at Invoke (403 NotAuthorized): *'
        $Results[0].Passed | Should -BeTrue -Because $Results[0].Message
    }

    It 'has a one-line ToString with the verdict' {
        $Results[0].ToString() | Should -Be 'PASS GET /prod/items as CrossAccountInvoker: Allowed (200)'
        $Results[1].ToString() | Should -Be 'FAIL GET /prod/admin/report as CrossAccountInvoker: Denied (403 NotAuthorized), expected Allowed'
    }

    It 'has a table view (the default) and a list view' {
        $views = (Get-FormatData -TypeName 'CrossAcctApi.Core.Access.CrossAccountAccessResult' -PowerShellVersion $PSVersionTable.PSVersion).FormatViewDefinition
        $views | ForEach-Object { $_.Control.GetType().Name } | Sort-Object | Should -Be @('ListControl', 'TableControl')
        $views[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
    }

    It 'shows PASS and FAIL first in the table, without colour codes when the output is not a terminal' {
        $table = $Results | Out-String -Width 200
        $lines = $table -split "`n" | Where-Object { $_ -match '^\S' }
        $lines[0] | Should -Match '^Result\s+Expected\s+Outcome\s+StatusCode\s+Diagnosis\s+Target'
        $table | Should -Match '(?m)^PASS\s+Allowed\s+Allowed\s+200\s+GET /prod/items as CrossAccountInvoker'
        $table | Should -Match '(?m)^FAIL\s+Allowed\s+Denied\s+403 NotAuthorized\s+GET /prod/admin/report'
        $list = $Results[1] | Format-List | Out-String -Width 200
        $list | Should -Match 'Result\s+: FAIL'
        $list | Should -Match 'DenialReason\s+: ExplicitDeny'
        $table | Should -Not -Match ([regex]::Escape([string][char]27))
        $saved = $PSStyle.OutputRendering
        try {
            $PSStyle.OutputRendering = 'PlainText'
            $Results | Out-String | Should -Not -Match ([regex]::Escape([string][char]27))
        }
        finally { $PSStyle.OutputRendering = $saved }
    }

    It 'puts no secret in any stream or view' {
        Reset-World
        # The same session name, so Test-CrossAccountAccess signs with the very session whose token is checked below.
        $credential = Get-AssumedRoleCredential -RoleArn $Invoker -RoleSessionName secret-check -Credential $Ops -StsEndpoint $Sandbox.StsEndpoint -Region us-east-1
        $saved = @{}
        foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            $credential | Export-AssumedRoleCredential
            $token = $env:AWS_SESSION_TOKEN
            $secret = $env:AWS_SECRET_ACCESS_KEY
        }
        finally {
            foreach ($name in $saved.Keys) {
                if ($null -eq $saved[$name]) { Remove-Item "env:$name" -ErrorAction SilentlyContinue } else { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
            }
        }
        $all = @(
            Check @{ RoleArn = $Invoker; RoleSessionName = 'secret-check'; Uri = (Url 'prod' '/items'), (Url 'prod' '/admin/report'), (Url 'prod' '/nothing'); Verbose = $true; Debug = $true; WarningAction = 'Continue' } 3>&1 4>&1 5>&1 6>&1
            Check @{ RoleArn = $Auditor; ExternalId = 'audit-2026'; Uri = (Url 'prod' '/items'), (Url 'prod' '/items/9'); Verbose = $true } 4>&1
        )
        $results = $all | Where-Object { $_ -is [CrossAcctApi.Core.Access.CrossAccountAccessResult] }
        $results.Count | Should -Be 5
        $results[0].CallerArn | Should -BeLike '*/secret-check'
        # Verbose records carry the command's own arguments in their InvocationInfo, so only the results are serialised.
        $text = ($all | Out-String -Width 400) + ($results | Format-List * | Out-String -Width 400) + ($results | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue)
        $text | Should -Not -BeNullOrEmpty
        foreach ($secretText in $Ops.SecretAccessKey, 'audit-2026', $token, $secret) {
            $text | Should -Not -Match ([regex]::Escape($secretText))
        }
        $text | Should -Not -Match 'Signature='
    }
}
