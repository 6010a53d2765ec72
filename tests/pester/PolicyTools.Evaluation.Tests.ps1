# Test-ExecuteApiPolicy: the seed scenario's policies evaluated offline, IAM semantics through the cmdlet, pipeline
# binding and every ErrorId; then the views of the policy tools (the module registers its formats on the first
# command it runs, so they come after the calls). Shared setup: PolicyTools.Fixture.ps1.
BeforeAll {
    . (Join-Path $PSScriptRoot 'PolicyTools.Fixture.ps1')
}

AfterAll {
    Restore-EnvironmentVariable $SavedRegion
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
