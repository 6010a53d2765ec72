# Policy tools: Get-ExecuteApiArn, New-CrossAccountPolicy and Test-ExecuteApiPolicy. The seed scenario's policies
# evaluated offline, IAM semantics through the cmdlets, pipeline binding, every ErrorId, views and help.
BeforeDiscovery {
    # Test cases (-ForEach data) are built during discovery, before BeforeAll runs.
    $Host1 = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com'
}

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force

    # No test may depend on the machine's region settings.
    $SavedRegion = @{}
    foreach ($name in 'AWS_REGION', 'AWS_DEFAULT_REGION') {
        $SavedRegion[$name] = [Environment]::GetEnvironmentVariable($name)
        # Remove-Item, not SetEnvironmentVariable($name, $null): PowerShell would pass '' and leave the name defined.
        Remove-Item "env:$name" -ErrorAction SilentlyContinue
    }

    $Host1 = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com'
    $ArnPrefix = 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5'

    # The seed scenario's CrossAccountInvoker permissions, as the sandbox loads them.
    $SeedPolicy = @'
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "InvokeDefaultAndProdReads",
      "Effect": "Allow",
      "Action": "execute-api:Invoke",
      "Resource": [
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/*/*",
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/*"
      ]
    },
    {
      "Sid": "NeverAdmin",
      "Effect": "Deny",
      "Action": "execute-api:Invoke",
      "Resource": "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*/*/admin/*"
    }
  ]
}
'@

    # The seed's own example, with its stray comma.
    $SeedWithTrailingComma = @'
{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "execute-api:Invoke",
  "Resource": [ "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/*/*", ] } ] }
'@

    $PolicyArgs = @{ ApiAccountId = '111111111111'; CallerAccountId = '222222222222'; ApiId = 'a1b2c3d4e5'; Region = 'us-east-1' }

    function Get-ErrorRecord([scriptblock] $Script) {
        # Runs a call that must fail and returns its ErrorRecord (terminating, or non-terminating made so by -ErrorAction Stop).
        try {
            $null = & $Script
        }
        catch {
            return $_
        }
        throw 'Expected an error, but the call succeeded.'
    }

    function New-Statement([string] $Body) { "{`"Version`":`"2012-10-17`",`"Statement`":[$Body]}" }
}

AfterAll {
    foreach ($name in $SavedRegion.Keys) {
        if ($null -eq $SavedRegion[$name]) { Remove-Item "env:$name" -ErrorAction SilentlyContinue } else { [Environment]::SetEnvironmentVariable($name, $SavedRegion[$name]) }
    }
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
        ($out | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Message | Should -Match 'No -Route'
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

Describe 'Test-ExecuteApiPolicy on the seed scenario''s CrossAccountInvoker policy' {
    It '<Method> <Path> on <Stage> is <Decision>' -ForEach @(
        @{ Stage = '$default'; Method = 'GET'; Path = 'items/42'; Decision = 'Allowed'; Sids = @('InvokeDefaultAndProdReads') }
        @{ Stage = '$default'; Method = 'DELETE'; Path = 'items/42'; Decision = 'Allowed'; Sids = @('InvokeDefaultAndProdReads') }
        @{ Stage = 'prod'; Method = 'GET'; Path = 'items'; Decision = 'Allowed'; Sids = @('InvokeDefaultAndProdReads') }
        @{ Stage = 'prod'; Method = 'POST'; Path = 'items'; Decision = 'ImplicitDeny'; Sids = @() }
        @{ Stage = 'dev'; Method = 'GET'; Path = 'items'; Decision = 'ImplicitDeny'; Sids = @() }
        @{ Stage = '$default'; Method = 'GET'; Path = 'v1/admin/users'; Decision = 'ExplicitDeny'; Sids = @('InvokeDefaultAndProdReads', 'NeverAdmin') }
        @{ Stage = 'prod'; Method = 'GET'; Path = 'x/admin/y'; Decision = 'ExplicitDeny'; Sids = @('InvokeDefaultAndProdReads', 'NeverAdmin') }
        @{ Stage = 'prod'; Method = 'POST'; Path = 'admin/x'; Decision = 'ExplicitDeny'; Sids = @('NeverAdmin') }
    ) {
        $byArn = Test-ExecuteApiPolicy -PolicyDocument $SeedPolicy -Arn "$ArnPrefix/$Stage/$Method/$Path"
        $uri = if ($Stage -eq '$default') { "$Host1/$Path" } else { "$Host1/$Stage/$Path" }
        $byUri = Test-ExecuteApiPolicy -PolicyDocument $SeedPolicy -Uri $uri -Method $Method -Stage $Stage -AccountId 111111111111

        foreach ($r in $byArn, $byUri) {
            $r.Decision | Should -Be $Decision
            $r.IsAllowed | Should -Be ($Decision -eq 'Allowed')
            $r.IsConclusive | Should -BeTrue
            @($r.MatchingStatements.Sid) | Should -Be $Sids
            $r.MatchingStatements | ForEach-Object { $_.DocumentIndex | Should -Be 0 }
            $r.Arn | Should -BeExactly "$ArnPrefix/$Stage/$Method/$Path"
        }
    }

    It 'names the effect of each matching statement' {
        $r = Test-ExecuteApiPolicy -PolicyDocument $SeedPolicy -Arn "$ArnPrefix/`$default/GET/admin/x"

        ($r.MatchingStatements | Where-Object Sid -eq NeverAdmin).Effect | Should -Be 'Deny'
        ($r.MatchingStatements | Where-Object Sid -eq InvokeDefaultAndProdReads).Effect | Should -Be 'Allow'
        ($r.MatchingStatements | Where-Object Sid -eq NeverAdmin).StatementIndex | Should -Be 1
        $r.Reason | Should -Match 'Explicitly denied by NeverAdmin \(policy #0\)'
    }

    It 'takes the API account from the policy when the URL does not say it, and says so' {
        $out = Test-ExecuteApiPolicy -PolicyDocument $SeedPolicy -Uri "$Host1/prod/items" -Stage prod -Verbose 4>&1
        $r = $out | Where-Object { $_ -is [CrossAcctApi.Core.Policy.Generator.ExecuteApiPolicyTestResult] }

        $r.Decision | Should -Be 'Allowed'
        $r.AccountId | Should -Be '111111111111'
        $r.Assumptions -join "`n" | Should -Match 'used 111111111111'
        (($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") | Should -Match 'used 111111111111'
    }

    It 'reads /prod/items without -Stage as the $default stage, where the policy allows everything' {
        $r = Test-ExecuteApiPolicy -PolicyDocument $SeedPolicy -Uri "$Host1/prod/items" -Method POST

        $r.Stage | Should -Be '$default'
        $r.Path | Should -Be 'prod/items'
        $r.Decision | Should -Be 'Allowed'
        $r.Assumptions -join "`n" | Should -Match '-Stage prod'
    }

    It 'refuses the seed''s own example, which has a stray comma, as InvalidPolicyDocument' {
        $e = Get-ErrorRecord { Test-ExecuteApiPolicy -PolicyDocument $SeedWithTrailingComma -Arn "$ArnPrefix/`$default/GET/x" -ErrorAction Stop }

        $e.FullyQualifiedErrorId | Should -BeExactly 'InvalidPolicyDocument,CrossAcctApi.TestExecuteApiPolicyCommand'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}

Describe 'Test-ExecuteApiPolicy semantics' {
    It 'applies NotAction: an Allow of everything but Invoke does not allow Invoke' {
        $doc = New-Statement '{"Effect":"Allow","NotAction":"execute-api:Invoke","Resource":"*"}'

        (Test-ExecuteApiPolicy -PolicyDocument $doc -Arn "$ArnPrefix/prod/GET/items").Decision | Should -Be 'ImplicitDeny'
    }

    It 'applies NotAction in a Deny: denying everything but s3 denies Invoke' {
        $doc = New-Statement '{"Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"OnlyS3","Effect":"Deny","NotAction":"s3:*","Resource":"*"}'

        $r = Test-ExecuteApiPolicy -PolicyDocument $doc -Arn "$ArnPrefix/prod/GET/items"

        $r.Decision | Should -Be 'ExplicitDeny'
        $r.MatchingStatements.Sid | Should -Contain 'OnlyS3'
    }

    It 'applies NotResource: a Deny of everything but prod denies other stages only' {
        $doc = New-Statement ('{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"},' +
            '{"Sid":"ProdOnly","Effect":"Deny","Action":"execute-api:Invoke","NotResource":"' + $ArnPrefix + '/prod/*"}')

        (Test-ExecuteApiPolicy -PolicyDocument $doc -Arn "$ArnPrefix/prod/GET/items").Decision | Should -Be 'Allowed'
        (Test-ExecuteApiPolicy -PolicyDocument $doc -Arn "$ArnPrefix/dev/GET/items").Decision | Should -Be 'ExplicitDeny'
    }

    It 'matches ? as exactly one character' {
        $doc = New-Statement ('{"Effect":"Allow","Action":"execute-api:Inv?ke","Resource":"' + $ArnPrefix + '/prod/GET/items/?"}')

        (Test-ExecuteApiPolicy -PolicyDocument $doc -Arn "$ArnPrefix/prod/GET/items/7").Decision | Should -Be 'Allowed'
        (Test-ExecuteApiPolicy -PolicyDocument $doc -Arn "$ArnPrefix/prod/GET/items/42").Decision | Should -Be 'ImplicitDeny'
        (Test-ExecuteApiPolicy -PolicyDocument $doc -Arn "$ArnPrefix/prod/GET/items/").Decision | Should -Be 'ImplicitDeny'
    }

    It 'matches each ARN part separately: a wildcard region does not reach into the account' {
        $doc = New-Statement '{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-*:111111111111:a1b2c3d4e5/*"}'

        (Test-ExecuteApiPolicy -PolicyDocument $doc -Arn 'arn:aws:execute-api:us-west-2:111111111111:a1b2c3d4e5/prod/GET/x').Decision | Should -Be 'Allowed'
        (Test-ExecuteApiPolicy -PolicyDocument $doc -Arn 'arn:aws:execute-api:eu-west-1:111111111111:a1b2c3d4e5/prod/GET/x').Decision | Should -Be 'ImplicitDeny'
    }

    It 'lets a Deny in a second document win, and says which document' {
        $allow = New-Statement ('{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"' + $ArnPrefix + '/*"}')
        $deny = New-Statement ('{"Sid":"NoDeletes","Effect":"Deny","Action":"execute-api:*","Resource":"' + $ArnPrefix + '/*/DELETE/*"}')

        $r = Test-ExecuteApiPolicy -PolicyDocument $allow, $deny -Arn "$ArnPrefix/prod/DELETE/items/1"

        $r.Decision | Should -Be 'ExplicitDeny'
        ($r.MatchingStatements | Where-Object Sid -eq NoDeletes).DocumentIndex | Should -Be 1
        $r.PolicyCount | Should -Be 2
    }

    It 'reports conditions it cannot evaluate, never treating them as true' {
        $doc = New-Statement ('{"Sid":"OfficeOnly","Effect":"Allow","Action":"execute-api:Invoke","Resource":"' + $ArnPrefix + '/*",' +
            '"Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}')

        $out = Test-ExecuteApiPolicy -PolicyDocument $doc -Arn "$ArnPrefix/prod/GET/items" 3>&1
        $r = $out | Where-Object { $_ -is [CrossAcctApi.Core.Policy.Generator.ExecuteApiPolicyTestResult] }
        $warning = $out | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }

        $r.Decision | Should -Be 'ImplicitDeny'
        $r.IsConclusive | Should -BeFalse
        $r.UnevaluatedConditions | Should -HaveCount 1
        $r.UnevaluatedConditions[0].Key | Should -Be 'aws:SourceIp'
        $r.UnevaluatedConditions[0].Operator | Should -Be 'IpAddress'
        $r.UnevaluatedConditions[0].Sid | Should -Be 'OfficeOnly'
        $r.UnevaluatedConditions[0].Effect | Should -Be 'Allow'
        $r.Reason | Should -Match 'Not conclusive'
        $warning.Message | Should -Match 'aws:SourceIp'
    }

    It 'reports an unevaluated condition on a Deny: the Allow stands, but not conclusively' {
        $doc = New-Statement ('{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"},' +
            '{"Sid":"MfaOrNothing","Effect":"Deny","Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}')

        $r = Test-ExecuteApiPolicy -PolicyDocument $doc -Arn "$ArnPrefix/prod/GET/items" -WarningAction SilentlyContinue

        $r.Decision | Should -Be 'Allowed'
        $r.IsConclusive | Should -BeFalse
        $r.UnevaluatedConditions[0].Effect | Should -Be 'Deny'
    }

    It 'evaluates conditions with -ConditionKey values' -ForEach @(
        @{ Keys = @{ 'aws:SourceIp' = '203.0.113.9' }; Decision = 'Allowed' }
        @{ Keys = @{ 'aws:SourceIp' = '198.51.100.1' }; Decision = 'ImplicitDeny' }
        @{ Keys = @{ 'aws:SourceIp' = $null }; Decision = 'ImplicitDeny' }
        @{ Keys = @{ 'AWS:SOURCEIP' = @('198.51.100.1') }; Decision = 'ImplicitDeny' }
    ) {
        $doc = New-Statement ('{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"' + $ArnPrefix + '/*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}')

        $r = Test-ExecuteApiPolicy -PolicyDocument $doc -Arn "$ArnPrefix/prod/GET/items" -ConditionKey $Keys

        $r.Decision | Should -Be $Decision
        $r.IsConclusive | Should -BeTrue
    }

    It 'turns booleans, numbers and dates into IAM''s text forms' {
        $doc = New-Statement ('{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*","Condition":{' +
            '"Bool":{"aws:MultiFactorAuthPresent":"true"},"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"},' +
            '"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}')
        $keys = @{ 'aws:MultiFactorAuthPresent' = $true; 'aws:MultiFactorAuthAge' = 120; 'aws:CurrentTime' = [datetime]::new(2026, 5, 1, 0, 0, 0, [DateTimeKind]::Utc) }

        $r = Test-ExecuteApiPolicy -PolicyDocument $doc -Arn "$ArnPrefix/prod/GET/items" -ConditionKey $keys

        $r.Decision | Should -Be 'Allowed'
        $r.IsConclusive | Should -BeTrue
    }
}

Describe 'Test-ExecuteApiPolicy pipeline binding' {
    It 'binds New-CrossAccountPolicy output (its InvokePolicy) to -PolicyDocument' {
        $r = New-CrossAccountPolicy @PolicyArgs -Route 'GET /items/*' | Test-ExecuteApiPolicy -Uri "$Host1/items/42"

        $r.Decision | Should -Be 'Allowed'
        $r.MatchingStatements[0].Sid | Should -Be 'InvokeApiRoutes'
    }

    It 'takes New-CrossAccountPolicy output and parsed documents as arguments too' {
        $p = New-CrossAccountPolicy @PolicyArgs -Route 'GET /items/*'

        (Test-ExecuteApiPolicy -PolicyDocument $p -Uri "$Host1/items/1").Decision | Should -Be 'Allowed'
        (Test-ExecuteApiPolicy -PolicyDocument $p.InvokePolicyDocument -Uri "$Host1/items/1" -Method PUT).Decision | Should -Be 'ImplicitDeny'
    }

    It 'binds Get-ExecuteApiArn output (Arn and Method) by property name' {
        $results = "$Host1/prod/items", "$Host1/prod/admin/x" | Get-ExecuteApiArn -Stage prod -AccountId 111111111111 | Test-ExecuteApiPolicy -PolicyDocument $SeedPolicy

        $results.Decision | Should -Be @('Allowed', 'ExplicitDeny')
    }

    It 'binds Uri and Method rows by property name, and goes on after a bad row' {
        $rows = @(
            [pscustomobject]@{ Uri = "$Host1/items/1"; Method = 'GET' }
            [pscustomobject]@{ Uri = 'not a url'; Method = 'GET' }
            [pscustomobject]@{ Uri = "$Host1/admin/x"; Method = 'POST' }
        )

        $results = $rows | Test-ExecuteApiPolicy -PolicyDocument $SeedPolicy -AccountId 111111111111 -ErrorVariable errs -ErrorAction SilentlyContinue

        $results.Decision | Should -Be @('Allowed', 'ExplicitDeny')
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidUri,CrossAcctApi.TestExecuteApiPolicyCommand'
    }
}

Describe 'Test-ExecuteApiPolicy errors' {
    It 'refuses <ErrorId> (<Case>)' -ForEach @(
        @{ Case = 'garbage JSON'; ErrorId = 'InvalidPolicyDocument'; Arguments = @{ PolicyDocument = 'not json'; Arn = 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/x' } }
        @{ Case = 'a file name instead of its text'; ErrorId = 'InvalidPolicyDocument'; Arguments = @{ PolicyDocument = './policy.json'; Arn = 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/x' } }
        @{ Case = 'an unknown element'; ErrorId = 'InvalidPolicyDocument'; Arguments = @{ PolicyDocument = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Extra":1}]}'; Arn = 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/x' } }
        @{ Case = 'not an execute-api ARN'; ErrorId = 'InvalidExecuteApiArn'; Arguments = @{ PolicyDocument = '{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}'; Arn = 'arn:aws:s3:::bucket/key' } }
        @{ Case = 'a wildcard method'; ErrorId = 'ArnIsPattern'; Arguments = @{ PolicyDocument = '{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}'; Arn = 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/*/x' } }
        @{ Case = 'ANY as the method of a URL'; ErrorId = 'ArnIsPattern'; Arguments = @{ PolicyDocument = '{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}'; Uri = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/x'; Method = 'ANY' } }
        @{ Case = '-Method contradicting the ARN'; ErrorId = 'InvalidMethod'; Arguments = @{ PolicyDocument = '{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}'; Arn = 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/x'; Method = 'POST' } }
        @{ Case = 'policies naming two accounts'; ErrorId = 'AccountIdRequired'; Arguments = @{ PolicyDocument = '{"Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":["arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*","arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/*"]}}'; Uri = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/x' } }
        @{ Case = 'a named stage not in the URL'; ErrorId = 'StageNotInPath'; Arguments = @{ PolicyDocument = '{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}'; Uri = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/x'; Stage = 'prod' } }
        @{ Case = 'a condition value that is a hashtable'; ErrorId = 'InvalidConditionKey'; Arguments = @{ PolicyDocument = '{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}'; Arn = 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/x'; ConditionKey = @{ 'aws:SourceIp' = @{ nested = 1 } } } }
    ) {
        $e = Get-ErrorRecord { Test-ExecuteApiPolicy @Arguments -ErrorAction Stop }

        $e.FullyQualifiedErrorId | Should -BeExactly "$ErrorId,CrossAcctApi.TestExecuteApiPolicyCommand"
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'says which of several documents is invalid' {
        $e = Get-ErrorRecord { Test-ExecuteApiPolicy -PolicyDocument $SeedPolicy, $SeedWithTrailingComma -Arn "$ArnPrefix/prod/GET/x" -ErrorAction Stop }

        $e.Exception.Message | Should -Match '^Policy document #1 \(of 2'
    }
}

Describe 'Policy tool views' {
    It 'has a table and a list view for <TypeName>' -ForEach @(
        @{ TypeName = 'CrossAcctApi.Core.Requests.ResolvedInvokeArn'; Default = 'TableControl' }
        @{ TypeName = 'CrossAcctApi.Core.Policy.Generator.ExecuteApiPolicyTestResult'; Default = 'TableControl' }
        @{ TypeName = 'CrossAcctApi.Core.Policy.Generator.CrossAccountPolicySet'; Default = 'ListControl' }
    ) {
        $views = (Get-FormatData -TypeName $TypeName -PowerShellVersion $PSVersionTable.PSVersion).FormatViewDefinition

        $views | ForEach-Object { $_.Control.GetType().Name } | Sort-Object | Should -Be @('ListControl', 'TableControl')
        $views[0].Control.GetType().Name | Should -Be $Default -Because 'the first view is the default'
    }

    It 'shows the decision and what decided it in the default table' {
        $text = Test-ExecuteApiPolicy -PolicyDocument $SeedPolicy -Arn "$ArnPrefix/prod/GET/admin/x" | Out-String -Width 200

        $text | Should -Match 'ExplicitDeny'
        $text | Should -Match 'NeverAdmin \(policy #0\)'
    }

    It 'shows the three documents in the default view of a policy set' {
        $text = New-CrossAccountPolicy @PolicyArgs -Route 'GET /x' | Out-String -Width 200

        $text | Should -Match 'InvokePolicy'
        $text | Should -Match 'TrustPolicy'
        $text | Should -Match 'CallerPolicy'
        $text | Should -Match 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
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
