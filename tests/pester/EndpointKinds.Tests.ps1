#Requires -Version 7.0
# The module against every endpoint kind the sandbox serves (docs/sandbox-endpoints.md): REST APIs (regional, with a
# resource policy), a private REST API through VPC endpoints, Lambda function URLs. For each: the URL read (kind, region,
# service, the ARN it is authorised on), the call allowed, each refusal with its ErrorId and fix, Test-CrossAccountAccess
# over all kinds in one run (one STS call per role, and the direct route), and signing for lambda against botocore.

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath }
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SigningPeers.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force
    $script:Sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath (Join-Path $RepoRoot 'out/sandbox')

    $script:Ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
    $script:OpsArn = 'arn:aws:iam::222222222222:user/ops-engineer'
    $script:Invoker = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
    $script:Report = 'reportgenerator11111111111111111'
    $script:Legacy = 'legacyexport11111111111111111111'
    $script:BEndpoint = 'vpce-0b2b2b2b2b2b2b2b2'
    $script:AEndpoint = 'vpce-0a1a1a1a1a1a1a1a1'
    $PSDefaultParameterValues['Invoke-SignedHttpApi:Region'] = 'us-east-1'
    $PSDefaultParameterValues['Invoke-SignedHttpApi:Credential'] = $Ops
    $PSDefaultParameterValues['Test-CrossAccountAccess:StsEndpoint'] = $Sandbox.StsEndpoint
    $PSDefaultParameterValues['Test-CrossAccountAccess:Region'] = 'us-east-1'

    function Get-CallError([scriptblock] $Call) {
        try { & $Call; throw 'the call succeeded' } catch { $_ }
    }
}

AfterAll {
    foreach ($key in 'Invoke-SignedHttpApi:Region', 'Invoke-SignedHttpApi:Credential', 'Test-CrossAccountAccess:StsEndpoint', 'Test-CrossAccountAccess:Region') {
        $PSDefaultParameterValues.Remove($key)
    }
    if ($script:Sandbox) { Stop-CrossAcctApiSandbox $script:Sandbox }
    Remove-PeerHome
}

Describe 'the one URL reading, per kind' {
    It 'reads <Name>' -ForEach @(
        @{ Name = 'a REST API on AWS (kind given: the first segment is the stage)'; Url = 'https://q1w2e3r4t5.execute-api.us-east-1.amazonaws.com/prod/orders/7'; Kind = 'RestApi'; Service = 'execute-api'
            Expected = 'RestApi'; Scope = 'us-east-1/execute-api' }
        @{ Name = 'a private API''s {api-id}-{vpce-id} alias'; Url = 'https://p9o8i7u6y5-vpce-0b2b2b2b2b2b2b2b2.execute-api.us-east-1.amazonaws.com/prod/balances'; Kind = $null
            Expected = 'PrivateRestApi'; Scope = 'us-east-1/execute-api' }
        @{ Name = 'a VPC endpoint''s own name'; Url = 'https://vpce-0b2b2b2b2b2b2b2b2-abcd1234.execute-api.us-east-1.vpce.amazonaws.com/prod/balances'; Kind = $null
            Expected = 'PrivateRestApi'; Scope = 'us-east-1/execute-api' }
        @{ Name = 'a function URL'; Url = 'https://reportgenerator11111111111111111.lambda-url.eu-west-1.on.aws/monthly'; Kind = $null
            Expected = 'FunctionUrl'; Scope = 'eu-west-1/lambda' }
    ) {
        $signed = New-SignedHttpApiRequest -Uri $Url -Credential $Ops -Header @{ 'x-apigw-api-id' = 'p9o8i7u6y5' } -EndpointKind $Kind -Timestamp '2026-12-06T12:00:00Z'
        $signed.CredentialScope | Should -Be "20261206/$Scope/aws4_request"
        $signed.Service | Should -Be ($Scope -split '/')[1]
    }

    It 'refuses a kind that contradicts the URL, before signing' {
        { New-SignedHttpApiRequest -Uri 'https://reportgenerator11111111111111111.lambda-url.us-east-1.on.aws/' -EndpointKind RestApi -Credential $Ops } |
            Should -Throw -ErrorId 'EndpointKindMismatch,CrossAcctApi.NewSignedHttpApiRequestCommand'
        { New-SignedHttpApiRequest -Uri 'https://q1w2e3r4t5.execute-api.us-east-1.amazonaws.com/prod/x' -EndpointKind PrivateRestApi -Credential $Ops } |
            Should -Throw -ErrorId 'EndpointKindMismatch,CrossAcctApi.NewSignedHttpApiRequestCommand'
        { New-SignedHttpApiRequest -Uri 'https://reportgenerator11111111111111111.lambda-url.us-east-1.on.aws/' -FunctionArn 'not a function!' -Credential $Ops } |
            Should -Throw -ErrorId 'InvalidFunctionArn,CrossAcctApi.NewSignedHttpApiRequestCommand'
    }

    It 'the sandbox''s loopback forms resolve like the AWS names' {
        $furl = New-SignedHttpApiRequest -Uri $Sandbox.FunctionUrl($Report, '/x') -Credential $Ops -Region us-east-1
        $furl.Service | Should -Be 'lambda'
        (New-SignedHttpApiRequest -Uri $Sandbox.VpcEndpointUrl($BEndpoint, 'prod', '/balances') -Credential $Ops -Region us-east-1).Service | Should -Be 'execute-api'
    }
}

Describe 'signing for lambda agrees with botocore' {
    It 'the canonical request and string to sign are botocore''s, byte for byte' {
        $reason = Get-BotocoreMissingReason
        if ($reason) { Set-ItResult -Skipped -Because $reason; return }
        $url = 'https://reportgenerator11111111111111111.lambda-url.us-east-1.on.aws/reports/monthly?year=2026&a=b%20c'
        $ours = New-SignedHttpApiRequest -Uri $url -Method POST -Body '{"x":1}' -ContentType 'application/json' -Credential $Ops -Timestamp '2026-12-06T12:00:00Z'
        $script = @'
import json, sys
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
spec = json.load(sys.stdin)
request = AWSRequest(method="POST", url=spec["url"], data=spec["body"].encode(), headers={"Content-Type": "application/json"})
auth = SigV4Auth(Credentials(spec["key"], spec["secret"]), "lambda", "us-east-1")
request.context["timestamp"] = "20261206T120000Z"
auth._modify_request_before_signing(request)
canonical = auth.canonical_request(request)
print(json.dumps({"canonical": canonical, "sts": auth.string_to_sign(request, canonical)}))
'@
        $path = Join-Path (Get-PeerHome) 'lambda_canonical.py'
        Set-Content -LiteralPath $path -Value $script
        $spec = @{ url = $url; body = '{"x":1}'; key = $Ops.AccessKeyId; secret = $Ops.SecretAccessKey } | ConvertTo-Json -Compress
        $boto = (Invoke-Tool -FilePath '/usr/bin/python3' -Arguments @($path) -StdIn $spec).StdOut | ConvertFrom-Json
        "$($ours.CanonicalRequest)" | Should -Be $boto.canonical
        "$($ours.StringToSign)" | Should -Be $boto.sts
    }

    It 'the sandbox accepts the module''s lambda signature (and refuses the same call signed for execute-api)' {
        $ok = Invoke-SignedHttpApi $Sandbox.FunctionUrl($Report, '/monthly') -FunctionArn report-generator
        $ok.caller | Should -Be $OpsArn
        $wrong = Get-CallError { Invoke-SignedHttpApi $Sandbox.FunctionUrl($Report, '/monthly') -Service execute-api -WarningAction SilentlyContinue }
        $wrong.FullyQualifiedErrorId | Should -Be 'SignatureMismatch,CrossAcctApi.InvokeSignedHttpApiCommand'
    }
}

Describe 'REST APIs end to end' {
    It 'account B''s user calls directly where the resource policy and its own policy allow' {
        $answer = Invoke-SignedHttpApi $Sandbox.RestApiUrl('q1w2e3r4t5', 'prod', '/orders/7') -EndpointKind RestApi
        $answer.stage | Should -Be 'prod'
        $answer.caller | Should -Be $OpsArn
    }

    It 'a Deny in the resource policy: NotAuthorized, with an explicit deny, pointing at the resource policy' {
        $e = Get-CallError { Invoke-SignedHttpApi $Sandbox.RestApiUrl('q1w2e3r4t5', 'prod', '/orders/7') -Method DELETE -EndpointKind RestApi }
        $e.FullyQualifiedErrorId | Should -Be 'NotAuthorized,CrossAcctApi.InvokeSignedHttpApiCommand'
        $e.Exception.Message | Should -BeLike '*with an explicit deny*'
        $e.ErrorDetails.RecommendedAction | Should -BeLike "*resource policy*"
    }

    It 'no statement names the caller on that stage: both policies are printed, with the cross-account rule' {
        $e = Get-CallError { Invoke-SignedHttpApi $Sandbox.RestApiUrl('q1w2e3r4t5', 'test', '/orders/7') -EndpointKind RestApi }
        $e.FullyQualifiedErrorId | Should -Be 'NotAuthorized,CrossAcctApi.InvokeSignedHttpApiCommand'
        $action = $e.ErrorDetails.RecommendedAction
        $action | Should -BeLike '*BOTH must allow*' -Because 'the API is said to be in account A'
        $action | Should -BeLike '*"AWS": "arn:aws:iam::222222222222:user/ops-engineer"*'
        $action | Should -BeLike '*q1w2e3r4t5/test/GET/orders/7*'
    }

    It 'a route without IAM authorization refused to everyone: AnonymousNotAuthorized' {
        # GET /catalog is NONE, and the resource policy has no statement for it: the caller is anonymous.
        $e = Get-CallError { Invoke-SignedHttpApi $Sandbox.RestApiUrl('q1w2e3r4t5', 'prod', '/catalog') -EndpointKind RestApi }
        $e.FullyQualifiedErrorId | Should -Be 'AnonymousNotAuthorized,CrossAcctApi.InvokeSignedHttpApiCommand'
        $e.ErrorDetails.RecommendedAction | Should -BeLike '*"Principal": "*"*'
    }
}

Describe 'private REST APIs end to end' {
    It 'through <Name>' -ForEach @(
        @{ Name = 'the associated endpoint''s alias'; Url = { $Sandbox.RestApiUrl('p9o8i7u6y5', 'prod', '/balances', $BEndpoint) }; Headers = @{ } }
        @{ Name = 'the endpoint''s own name with x-apigw-api-id'; Url = { $Sandbox.VpcEndpointUrl($BEndpoint, 'prod', '/balances') }; Headers = @{ 'x-apigw-api-id' = 'p9o8i7u6y5' } }
    ) {
        $answer = Invoke-SignedHttpApi (& $Url) -Header $Headers
        $answer.balances[0].amount | Should -Be 100
    }

    It 'without a VPC endpoint: PrivateEndpointRefused, before any policy' {
        $e = Get-CallError { Invoke-SignedHttpApi $Sandbox.RestApiUrl('p9o8i7u6y5', 'prod', '/balances') -EndpointKind RestApi }
        $e.FullyQualifiedErrorId | Should -Be 'PrivateEndpointRefused,CrossAcctApi.InvokeSignedHttpApiCommand'
        $e.ErrorDetails.RecommendedAction | Should -BeLike '*VPC endpoint*'
    }

    It 'through another endpoint than the policy''s aws:SourceVpce: NotAuthorized, with an explicit deny' {
        $e = Get-CallError { Invoke-SignedHttpApi $Sandbox.RestApiUrl('p9o8i7u6y5', 'prod', '/balances', $AEndpoint) }
        $e.FullyQualifiedErrorId | Should -Be 'NotAuthorized,CrossAcctApi.InvokeSignedHttpApiCommand'
        $e.Exception.Message | Should -BeLike '*explicit deny*'
    }
}

Describe 'Lambda function URLs end to end' {
    It 'allowed where the function policy has both actions' {
        (Invoke-SignedHttpApi $Sandbox.FunctionUrl($Report, '/monthly')).report | Should -Be 'monthly'
    }

    It 'refused for lack of lambda:InvokeFunction: says so, and prints the missing statement with the function ARN' {
        $e = Get-CallError { Invoke-SignedHttpApi $Sandbox.FunctionUrl($Legacy, '/') -FunctionArn 'arn:aws:lambda:us-east-1:111111111111:function:legacy-export' }
        $e.FullyQualifiedErrorId | Should -Be 'FunctionUrlNotAuthorized,CrossAcctApi.InvokeSignedHttpApiCommand'
        $e.Exception.Message | Should -BeLike '*refused for lack of lambda:InvokeFunction*'
        $statement = $e.ErrorDetails.RecommendedAction
        $statement | Should -BeLike '*"Action": "lambda:InvokeFunction"*'
        $statement | Should -BeLike '*"lambda:InvokedViaFunctionUrl": "true"*'
        $statement | Should -BeLike '*"Resource": "arn:aws:lambda:us-east-1:111111111111:function:legacy-export"*'
        $statement | Should -BeLike '*--invoked-via-function-url*'
    }

    It 'without the function named, the diagnosis says the ARN is unknown and how to give it' {
        $e = Get-CallError { Invoke-SignedHttpApi $Sandbox.FunctionUrl($Legacy, '/') }
        $e.Exception.Message | Should -BeLike '*-FunctionArn*'
    }
}

Describe 'Test-CrossAccountAccess over every kind in one run' {
    It 'one matrix: HTTP, REST (role and direct), private, function URLs; one STS call for the one role' {
        $before = (Get-CrossAcctApiSandboxStats $Sandbox).sts.total
        $rows = @(
            [pscustomobject] @{ RoleArn = $Invoker; Uri = $Sandbox.ApiUrl('$default', '/items'); Expect = 'Allowed' }
            [pscustomobject] @{ RoleArn = $Invoker; Uri = $Sandbox.RestApiUrl('q1w2e3r4t5', 'prod', '/orders'); EndpointKind = 'RestApi'; Expect = 'Allowed' }
            [pscustomobject] @{ Probe = 'Direct'; Uri = $Sandbox.RestApiUrl('q1w2e3r4t5', 'prod', '/orders'); EndpointKind = 'RestApi'; Expect = 'Allowed' }
            [pscustomobject] @{ Probe = 'Direct'; Uri = $Sandbox.RestApiUrl('q1w2e3r4t5', 'prod', '/orders/7'); Method = 'DELETE'; EndpointKind = 'RestApi'; Expect = 'Denied' }
            [pscustomobject] @{ Probe = 'Direct'; Uri = $Sandbox.RestApiUrl('p9o8i7u6y5', 'prod', '/balances', $BEndpoint); Expect = 'Allowed' }
            [pscustomobject] @{ Probe = 'Direct'; Uri = $Sandbox.RestApiUrl('p9o8i7u6y5', 'prod', '/balances'); EndpointKind = 'RestApi'; Expect = 'Denied' }
            [pscustomobject] @{ RoleArn = $Invoker; Uri = $Sandbox.FunctionUrl($Report, '/'); FunctionArn = 'report-generator'; Expect = 'Allowed' }
            [pscustomobject] @{ Probe = 'Direct'; Uri = $Sandbox.FunctionUrl($Report, '/'); Expect = 'Allowed' }
            [pscustomobject] @{ Probe = 'Direct'; Uri = $Sandbox.FunctionUrl($Legacy, '/'); FunctionArn = 'legacy-export'; Expect = 'Denied' }
            [pscustomobject] @{ RoleArn = $Invoker; Uri = $Sandbox.FunctionUrl($Legacy, '/'); FunctionArn = 'legacy-export'; Expect = 'Denied' }
            [pscustomobject] @{ Probe = 'Unsigned'; Uri = $Sandbox.FunctionUrl($Report, '/') }
        )
        $results = $rows | Test-CrossAccountAccess -Credential $Ops -ThrottleLimit 4
        $results.Count | Should -Be $rows.Count
        foreach ($r in $results) { $r.Passed | Should -BeTrue -Because "$($r.Target): $($r.Message)" }
        ((Get-CrossAcctApiSandboxStats $Sandbox).sts.total - $before) | Should -Be 1 -Because 'one role, assumed once for the run'
        @($results | Where-Object { $_.Target -like '*directly' }).Count | Should -Be 6
        ($results | Where-Object Diagnosis -EQ 'FunctionUrlNotAuthorized').Count | Should -Be 2
        ($results | Where-Object Diagnosis -EQ 'PrivateEndpointRefused').Count | Should -Be 1
        $results[6].InvokeArn | Should -Be 'arn:aws:lambda:us-east-1:111111111111:function:report-generator' -Because 'the role names account A for a function given by name'
    }
}
