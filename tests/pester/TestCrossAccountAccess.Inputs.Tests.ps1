#Requires -Version 7.0
# Test-CrossAccountAccess against the sandbox, with what it is given: many targets with one AssumeRole per distinct
# role, Import-Csv rows and its own results from the pipeline, and bad input refused with a stable ErrorId before
# anything is sent. The shared setup is TestCrossAccountAccess.Fixture.ps1.

BeforeAll { . (Join-Path $PSScriptRoot 'TestCrossAccountAccess.Fixture.ps1') }

AfterAll { Stop-TestCrossAccountAccessFixture }

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
