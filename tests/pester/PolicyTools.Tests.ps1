# Policy tools: Get-ExecuteApiArn and New-CrossAccountPolicy (pipeline binding, every ErrorId) and the help of all three.
# Test-ExecuteApiPolicy and the views: PolicyTools.Evaluation.Tests.ps1. Shared setup: PolicyTools.Fixture.ps1.
BeforeDiscovery {
    # Test cases (-ForEach data) are built during discovery, before BeforeAll runs.
    $Host1 = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com'
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'PolicyTools.Fixture.ps1')
}

AfterAll {
    Restore-EnvironmentVariable $SavedRegion
}

Describe 'Get-ExecuteApiArn' {
    It 'gives the exact ARN of a call on a named stage' {
        $arn = Get-ExecuteApiArn -Uri "$Host1/prod/items/42" -Stage prod -AccountId 111111111111 -Method post

        $arn.Arn | Should -BeExactly "$ArnPrefix/prod/POST/items/42"
        $arn.ToString() | Should -BeExactly $arn.Arn
        "$arn" | Should -BeExactly $arn.Arn
        $arn.Region | Should -Be 'us-east-1'
        $arn.AccountId | Should -Be '111111111111'
        $arn.ApiId | Should -Be 'a1b2c3d4e5'
        $arn.Stage | Should -Be 'prod'
        $arn.Method | Should -BeExactly 'POST'
        $arn.Path | Should -Be 'items/42'
        $arn | Should -BeOfType ([CrossAcctApi.Core.Requests.ResolvedInvokeArn])
    }

    It 'assumes $default (with a warning) and a wildcard account (in the verbose stream) without -Stage and -AccountId' {
        $out = Get-ExecuteApiArn "$Host1/prod/items" -Verbose 4>&1 3>&1
        $arn = $out | Where-Object { $_ -is [CrossAcctApi.Core.Requests.ResolvedInvokeArn] }
        $verbose = ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $warning = ($out | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Message -join "`n"

        $arn.Arn | Should -BeExactly 'arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/$default/GET/prod/items'
        $arn.StageSource | Should -Be 'AssumedDefault'
        $warning | Should -Match 'assumed the \$default stage'
        $warning | Should -Match '-Stage prod'
        $verbose | Should -Match "account part of the ARN is '\*'"
    }

    It 'writes nothing to the verbose stream about assumptions when everything is given' {
        $verbose = Get-ExecuteApiArn "$Host1/prod/items" -Stage prod -AccountId 111111111111 -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }

        ($verbose.Message -join "`n") | Should -Not -Match 'assumed|No -AccountId'
    }

    It 'takes an explicit $default stage as the whole path' {
        (Get-ExecuteApiArn "$Host1/prod/items" -Stage '$default' -AccountId 111111111111).Arn | Should -BeExactly "$ArnPrefix/`$default/GET/prod/items"
    }

    It 'drops the query string and decodes the path' {
        (Get-ExecuteApiArn "$Host1/items/a%20b?x=1&y=2").Path | Should -BeExactly 'items/a b'
    }

    It 'gives a wildcard method for ANY' {
        (Get-ExecuteApiArn "$Host1/prod/reports" -Stage prod -Method ANY -AccountId 111111111111).Arn | Should -BeExactly "$ArnPrefix/prod/*/reports"
    }

    It 'binds URL strings from the pipeline by value' {
        $arns = "$Host1/a", "$Host1/b" | Get-ExecuteApiArn

        $arns.Path | Should -Be @('a', 'b')
    }

    It 'binds Uri, Method and Stage by property name' {
        $rows = @(
            [pscustomobject]@{ Uri = "$Host1/prod/items/1"; Method = 'DELETE'; Stage = 'prod' }
            [pscustomobject]@{ Url = "$Host1/orders"; Method = 'post' }
        )

        $arns = $rows | Get-ExecuteApiArn -AccountId 111111111111

        $arns.Arn | Should -Be @("$ArnPrefix/prod/DELETE/items/1", "$ArnPrefix/`$default/POST/orders")
    }

    It 'takes several URLs and goes on after a bad one' {
        $arns = Get-ExecuteApiArn -Uri "$Host1/prod/a", "$Host1/b", "$Host1/prod/c" -Stage prod -ErrorVariable errs -ErrorAction SilentlyContinue

        $arns.Path | Should -Be @('a', 'c')
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeExactly 'StageNotInPath,CrossAcctApi.GetExecuteApiArnCommand'
        $errs[0].Exception.Message | Should -Match "'/b'"
    }

    It 'reads a custom domain with -ApiId, -Region, -Stage and -BasePath' {
        $arn = Get-ExecuteApiArn https://api.example.com/orders/items -BasePath orders -Stage prod -ApiId a1b2c3d4e5 -Region eu-west-1

        $arn.Arn | Should -BeExactly 'arn:aws:execute-api:eu-west-1:*:a1b2c3d4e5/prod/GET/items'
        $arn.HostKind | Should -Be 'CustomDomain'
    }

    It 'reads the API id from a local stand-in''s /_aws/execute-api/ path' {
        $arn = Get-ExecuteApiArn http://127.0.0.1:4566/_aws/execute-api/a1b2c3d4e5/prod/items -Stage prod -Region us-east-1 -AccountId 111111111111

        $arn.Arn | Should -BeExactly "$ArnPrefix/prod/GET/items"
    }

    It 'uses AWS_REGION for a host that names no region, and says so' {
        try {
            $env:AWS_REGION = 'eu-central-1'
            $out = Get-ExecuteApiArn http://localhost:5080/x -ApiId a1b2c3d4e5 -Verbose 4>&1
        }
        finally {
            $env:AWS_REGION = $null
        }

        ($out | Where-Object { $_ -is [CrossAcctApi.Core.Requests.ResolvedInvokeArn] }).Region | Should -Be 'eu-central-1'
        (($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") | Should -Match 'AWS_REGION'
    }

    It 'warns when -Region contradicts the host' {
        $warnings = Get-ExecuteApiArn "$Host1/x" -Region us-west-2 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }

        @($warnings.Message) -match 'us-west-2.*us-east-1' | Should -HaveCount 1
    }

    It 'refuses <ErrorId> (<Case>)' -ForEach @(
        @{ Case = 'named stage not first in the path'; ErrorId = 'StageNotInPath'; Arguments = @{ Uri = "$Host1/items"; Stage = 'prod' } }
        @{ Case = 'relative URL'; ErrorId = 'InvalidUri'; Arguments = @{ Uri = 'items/42' } }
        @{ Case = 'user info in the URL'; ErrorId = 'UriUserInfoNotAllowed'; Arguments = @{ Uri = 'https://u:p@a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/x' } }
        @{ Case = 'custom domain without -ApiId'; ErrorId = 'ApiIdRequired'; Arguments = @{ Uri = 'https://api.example.com/x'; Region = 'us-east-1' } }
        @{ Case = 'loopback without -ApiId'; ErrorId = 'ApiIdRequired'; Arguments = @{ Uri = 'http://127.0.0.1:5080/x'; Region = 'us-east-1' } }
        @{ Case = 'custom domain without a region'; ErrorId = 'RegionRequired'; Arguments = @{ Uri = 'https://api.example.com/x'; ApiId = 'a1b2c3d4e5' } }
        @{ Case = 'bad region'; ErrorId = 'InvalidRegion'; Arguments = @{ Uri = "$Host1/x"; Region = 'useast1' } }
        @{ Case = 'bad api id'; ErrorId = 'InvalidApiId'; Arguments = @{ Uri = 'https://api.example.com/x'; ApiId = 'a1b2'; Region = 'us-east-1' } }
        @{ Case = 'bad account'; ErrorId = 'InvalidAccountId'; Arguments = @{ Uri = "$Host1/x"; AccountId = '11111111111' } }
        @{ Case = 'empty stage ("$default" in double quotes)'; ErrorId = 'InvalidStage'; Arguments = @{ Uri = "$Host1/x"; Stage = '' } }
        @{ Case = 'wildcard stage'; ErrorId = 'InvalidStage'; Arguments = @{ Uri = "$Host1/x"; Stage = '*' } }
        @{ Case = 'bad method'; ErrorId = 'InvalidMethod'; Arguments = @{ Uri = "$Host1/x"; Method = 'GE T' } }
        @{ Case = 'base path on an execute-api host'; ErrorId = 'InvalidBasePath'; Arguments = @{ Uri = "$Host1/orders/x"; BasePath = 'orders' } }
        @{ Case = 'base path not in the URL'; ErrorId = 'BasePathNotInPath'; Arguments = @{ Uri = 'https://api.example.com/x'; BasePath = 'orders'; ApiId = 'a1b2c3d4e5'; Region = 'us-east-1' } }
    ) {
        $e = Get-ErrorRecord { Get-ExecuteApiArn @Arguments -ErrorAction Stop }

        $e.FullyQualifiedErrorId | Should -BeExactly "$ErrorId,CrossAcctApi.GetExecuteApiArnCommand"
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}

Describe 'New-CrossAccountPolicy' {
    BeforeAll {
        $Set = New-CrossAccountPolicy @PolicyArgs -Route 'GET /items/*', 'post /orders'
    }

    It 'returns the three documents as JSON that parses, and the parsed documents' {
        $Set | Should -BeOfType ([CrossAcctApi.Core.Policy.Generator.CrossAccountPolicySet])
        foreach ($json in $Set.InvokePolicy, $Set.TrustPolicy, $Set.CallerPolicy) {
            $json | Should -BeOfType ([string])
            { [CrossAcctApi.Core.Policy.PolicyDocument]::Parse($json) } | Should -Not -Throw
            ($json | ConvertFrom-Json).Version | Should -Be '2012-10-17'
        }
        $Set.InvokePolicyDocument | Should -BeOfType ([CrossAcctApi.Core.Policy.PolicyDocument])
        $Set.TrustPolicyDocument.Statements[0].Principal.Values['AWS'] | Should -Be 'arn:aws:iam::222222222222:root'
        $Set.CallerPolicyDocument.Statements[0].Resources | Should -Be 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
        $Set.RoleArn | Should -BeExactly 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
    }

    It 'allows one resource per route, methods upper-cased' {
        $Set.InvokeResources | Should -Be @("$ArnPrefix/`$default/GET/items/*", "$ArnPrefix/`$default/POST/orders")
        $Set.Routes | Should -Be @('GET /items/*', 'POST /orders')
        ($Set.InvokePolicy | ConvertFrom-Json).Statement[0].Resource | Should -Be $Set.InvokeResources
    }

    It 'writes the elements in the order Sid, Effect, Principal, Action, Resource, Condition' {
        $p = New-CrossAccountPolicy @PolicyArgs -Route 'GET /x' -ExternalId audit-2026 -RequireMfa
        $trust = ($p.TrustPolicy | ConvertFrom-Json).Statement[0]
        $invoke = ($p.InvokePolicy | ConvertFrom-Json).Statement[0]

        $trust.PSObject.Properties.Name | Should -Be @('Sid', 'Effect', 'Principal', 'Action', 'Condition')
        $invoke.PSObject.Properties.Name | Should -Be @('Sid', 'Effect', 'Action', 'Resource')
        ($p.TrustPolicy | ConvertFrom-Json).PSObject.Properties.Name | Should -Be @('Version', 'Statement')
        $p.TrustPolicy | Should -Not -Match "`r"
        $p.TrustPolicy | Should -Match '\n  "Statement": \['
    }

    It 'grants exactly the routes asked for (checked with Test-ExecuteApiPolicy)' {
        $p = New-CrossAccountPolicy @PolicyArgs -Route 'GET /items/*'

        ($p | Test-ExecuteApiPolicy -Uri "$Host1/items/42").Decision | Should -Be 'Allowed'
        ($p | Test-ExecuteApiPolicy -Uri "$Host1/items/42" -Method POST).Decision | Should -Be 'ImplicitDeny'
        ($p | Test-ExecuteApiPolicy -Uri "$Host1/admin/report").Decision | Should -Be 'ImplicitDeny'
        ($p | Test-ExecuteApiPolicy -Uri "$Host1/prod/items/42" -Stage prod).Decision | Should -Be 'ImplicitDeny'
    }

    It 'writes ANY as one resource per method, so that it cannot reach into other paths' {
        $p = New-CrossAccountPolicy @PolicyArgs -Route 'ANY /items'

        $p.InvokeResources | Should -HaveCount 7
        ($p | Test-ExecuteApiPolicy -Uri "$Host1/items" -Method PATCH).Decision | Should -Be 'Allowed'
        ($p | Test-ExecuteApiPolicy -Uri "$Host1/admin/items").Decision | Should -Be 'ImplicitDeny'
    }

    It 'turns path parameters into wildcards and warns that {id} widens the route' {
        $out = New-CrossAccountPolicy @PolicyArgs -Route 'GET /items/{id}', 'GET /files/{proxy+}' 3>&1
        $p = $out | Where-Object { $_ -is [CrossAcctApi.Core.Policy.Generator.CrossAccountPolicySet] }
        $warnings = $out | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }

        $p.InvokeResources | Should -Be @("$ArnPrefix/`$default/GET/items/*", "$ArnPrefix/`$default/GET/files/*")
        $warnings | Should -HaveCount 1
        $warnings[0].Message | Should -Match 'GET /items/\{id\}'
    }

    It 'allows the whole stage without -Route, with a warning' {
        $out = New-CrossAccountPolicy @PolicyArgs -Stage prod 3>&1
        $p = $out | Where-Object { $_ -is [CrossAcctApi.Core.Policy.Generator.CrossAccountPolicySet] }

        $p.InvokeResources | Should -Be "$ArnPrefix/prod/*/*"
        ($out | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Message | Should -Match 'No route was given \(-Route\)'
        $p.Warnings | Should -Match 'Pass each route with -Route' -Because 'the output object names inputs as parameters too'
    }

    It 'names the role -RoleName' {
        $p = New-CrossAccountPolicy @PolicyArgs -Route 'GET /x' -RoleName ApiReader

        $p.RoleArn | Should -BeExactly 'arn:aws:iam::111111111111:role/ApiReader'
        ($p.CallerPolicy | ConvertFrom-Json).Statement[0].Resource | Should -BeExactly $p.RoleArn
    }

    It 'trusts only -CallerPrincipalArn when given' {
        $p = New-CrossAccountPolicy @PolicyArgs -Route 'GET /x' -CallerPrincipalArn arn:aws:iam::222222222222:role/ops-engineer

        ($p.TrustPolicy | ConvertFrom-Json).Statement[0].Principal.AWS | Should -BeExactly 'arn:aws:iam::222222222222:role/ops-engineer'
        $p.TrustedPrincipal | Should -BeExactly 'arn:aws:iam::222222222222:role/ops-engineer'
    }

    It 'adds the external id and MFA conditions, and nothing without them' {
        $plain = (New-CrossAccountPolicy @PolicyArgs -Route 'GET /x').TrustPolicy | ConvertFrom-Json
        $withBoth = (New-CrossAccountPolicy @PolicyArgs -Route 'GET /x' -ExternalId audit-2026 -RequireMfa).TrustPolicy | ConvertFrom-Json

        $plain.Statement[0].PSObject.Properties.Name | Should -Not -Contain 'Condition'
        $withBoth.Statement[0].Condition.StringEquals.'sts:ExternalId' | Should -BeExactly 'audit-2026'
        $withBoth.Statement[0].Condition.Bool.'aws:MultiFactorAuthPresent' | Should -BeExactly 'true'
    }

    It 'carries -MaxSessionDuration as a role property and explains it in the verbose stream' {
        $out = New-CrossAccountPolicy @PolicyArgs -Route 'GET /x' -MaxSessionDuration 7200 -Verbose 4>&1
        $p = $out | Where-Object { $_ -is [CrossAcctApi.Core.Policy.Generator.CrossAccountPolicySet] }

        $p.MaxSessionDuration | Should -Be 7200
        (New-CrossAccountPolicy @PolicyArgs -Route 'GET /x').MaxSessionDuration | Should -BeNullOrEmpty
        (($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") | Should -Match 'max-session-duration 7200'
    }

    It 'keeps the leading zeros of account ids typed as bare numbers' {
        $p = New-CrossAccountPolicy -ApiAccountId 011111111111 -CallerAccountId 022222222222 -ApiId a1b2c3d4e5 -Region us-east-1 -Route 'GET /x'

        $p.RoleArn | Should -BeExactly 'arn:aws:iam::011111111111:role/CrossAccountInvoker'
    }

    It 'binds rows by property name and goes on after a bad row' {
        $rows = @(
            [pscustomobject]@{ ApiAccountId = '111111111111'; CallerAccountId = '222222222222'; ApiId = 'a1b2c3d4e5'; Region = 'us-east-1'; Route = 'GET /items/*'; RoleName = 'First' }
            [pscustomobject]@{ ApiAccountId = '1111'; CallerAccountId = '222222222222'; ApiId = 'a1b2c3d4e5'; Region = 'us-east-1' }
            [pscustomobject]@{ ApiAccountId = '333333333333'; CallerAccountId = '222222222222'; ApiId = 'zzzzzzzzzz'; Region = 'eu-west-1'; Stage = 'prod' }
        )

        $sets = $rows | New-CrossAccountPolicy -ErrorVariable errs -ErrorAction SilentlyContinue 3>$null

        $sets | Should -HaveCount 2
        $sets[0].RoleArn | Should -BeExactly 'arn:aws:iam::111111111111:role/First'
        $sets[1].RoleArn | Should -BeExactly 'arn:aws:iam::333333333333:role/CrossAccountInvoker'
        $sets[1].InvokeResources | Should -Be 'arn:aws:execute-api:eu-west-1:333333333333:zzzzzzzzzz/prod/*/*'
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidAccountId,CrossAcctApi.NewCrossAccountPolicyCommand'
    }

    It 'refuses <ErrorId> (<Case>)' -ForEach @(
        @{ Case = '11-digit API account'; ErrorId = 'InvalidAccountId'; Arguments = @{ ApiAccountId = '11111111111' } }
        @{ Case = 'caller account with letters'; ErrorId = 'InvalidAccountId'; Arguments = @{ CallerAccountId = '22222222222x' } }
        @{ Case = 'short API id'; ErrorId = 'InvalidApiId'; Arguments = @{ ApiId = 'abc' } }
        @{ Case = 'region'; ErrorId = 'InvalidRegion'; Arguments = @{ Region = 'us_east_1' } }
        @{ Case = 'empty stage'; ErrorId = 'InvalidStage'; Arguments = @{ Stage = '' } }
        @{ Case = 'wildcard stage'; ErrorId = 'InvalidStage'; Arguments = @{ Stage = '*' } }
        @{ Case = 'route without a path'; ErrorId = 'InvalidRoute'; Arguments = @{ Route = 'GET' } }
        @{ Case = 'route with an unknown method'; ErrorId = 'InvalidRoute'; Arguments = @{ Route = 'FETCH /items' } }
        @{ Case = 'route path without a slash'; ErrorId = 'InvalidRoute'; Arguments = @{ Route = 'GET items' } }
        @{ Case = 'greedy parameter not last'; ErrorId = 'InvalidRoute'; Arguments = @{ Route = 'GET /{proxy+}/x' } }
        @{ Case = 'role name with a slash'; ErrorId = 'InvalidRoleName'; Arguments = @{ RoleName = 'a/b' } }
        @{ Case = 'principal in another account'; ErrorId = 'InvalidPrincipalArn'; Arguments = @{ CallerPrincipalArn = 'arn:aws:iam::333333333333:role/ops' } }
        @{ Case = 'principal that is no ARN'; ErrorId = 'InvalidPrincipalArn'; Arguments = @{ CallerPrincipalArn = 'ops-engineer' } }
        @{ Case = 'external id with a space'; ErrorId = 'InvalidExternalId'; Arguments = @{ ExternalId = 'audit 2026' } }
        @{ Case = 'session duration too short'; ErrorId = 'InvalidMaxSessionDuration'; Arguments = @{ MaxSessionDuration = 900 } }
        @{ Case = 'session duration too long'; ErrorId = 'InvalidMaxSessionDuration'; Arguments = @{ MaxSessionDuration = 43201 } }
    ) {
        $all = $PolicyArgs.Clone()
        foreach ($key in $Arguments.Keys) { $all[$key] = $Arguments[$key] }

        $e = Get-ErrorRecord { New-CrossAccountPolicy @all -ErrorAction Stop }

        $e.FullyQualifiedErrorId | Should -BeExactly "$ErrorId,CrossAcctApi.NewCrossAccountPolicyCommand"
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }
}

Describe 'Policy tool help' {
    BeforeDiscovery {
        $Commands = 'Get-ExecuteApiArn', 'New-CrossAccountPolicy', 'Test-ExecuteApiPolicy'
    }

    It 'Get-Help <_> shows a synopsis and at least three examples' -ForEach $Commands {
        $help = Get-Help $_ -Full

        $help.Synopsis | Should -Not -Match "^\s*$_\s*$"
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 3
        foreach ($example in $help.Examples.Example) {
            $example.Code | Should -Match $_ -Because 'each example uses the command'
        }
    }

    It 'docs/help/<_>.md and Get-Help agree on the examples and parameters' -ForEach $Commands {
        $markdown = Get-Content -Raw (Join-Path $RepoRoot "docs/help/$_.md")
        $help = Get-Help $_ -Full
        $command = Get-Command $_
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

        $mdTitles = [regex]::Matches($markdown, '(?m)^### (Example \d+: .+?)\s*$') | ForEach-Object { $_.Groups[1].Value }
        $helpTitles = $help.Examples.Example | ForEach-Object { $_.Title.Trim('- ') }
        $helpTitles | Should -Be $mdTitles
        $mdParameters = [regex]::Matches($markdown, '(?m)^### -(\w+)\s*$') | ForEach-Object { $_.Groups[1].Value }
        ($mdParameters | Sort-Object) | Should -Be ($command.Parameters.Keys | Where-Object { $_ -notin $common } | Sort-Object)
        foreach ($section in 'SYNOPSIS', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS') {
            $markdown | Should -Match "(?m)^## $section\s*$"
        }
    }
}
