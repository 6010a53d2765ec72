#Requires -Version 7.0
# The published sandbox's REST APIs, private REST API and Lambda function URLs, called by other SigV4 implementations:
# botocore's SigV4Auth / SigV4QueryAuth (python3-botocore) and curl --aws-sigv4, for services execute-api and lambda.
# The peers run with no AWS_* variable of this machine and HOME, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE in an
# empty folder (SigningPeers.psm1); each tool's tests are skipped, with the reason, where the tool is missing.

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath }
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SigningPeers.psm1') -Force
    $script:Sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath (Join-Path $RepoRoot 'out/sandbox')

    $script:Ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
    $script:OpsArn = 'arn:aws:iam::222222222222:user/ops-engineer'
    $script:NoAssume = @{ AccessKeyId = 'AKIANOASSUME22222222'; SecretAccessKey = 'NoAssumeSecretKeyForAccountB/2222222222' }
    $script:Forbidden = '{"Message":"Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"}'
    $script:ReportUrlId = 'reportgenerator11111111111111111'
    $script:LegacyUrlId = 'legacyexport11111111111111111111'
    $script:PublicUrlId = 'publicstatus11111111111111111111'
    $script:BEndpoint = 'vpce-0b2b2b2b2b2b2b2b2'
    $script:AEndpoint = 'vpce-0a1a1a1a1a1a1a1a1'

    function Skip-When([string] $Reason) { if ($Reason) { Set-ItResult -Skipped -Because $Reason } }

    function Get-Denial([string] $Who, [string] $ApiId, [string] $Stage, [string] $Method, [string] $Path, [switch] $Explicit) {
        "User: $Who is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********1111:$ApiId/$Stage/$Method/$($Path.TrimStart('/'))" +
        $(if ($Explicit) { ' with an explicit deny' } else { '' })
    }

    # A botocore spec for a caller: header-signed unless -More says presign.
    function New-Spec([hashtable] $Key, [string] $Method, [string] $Url, [string] $Service, [hashtable] $More = @{}) {
        $spec = @{ method = $Method; url = $Url; service = $Service; region = 'us-east-1'; accessKeyId = $Key.AccessKeyId; secretAccessKey = $Key.SecretAccessKey }
        if ($Key.ContainsKey('SessionToken')) { $spec.sessionToken = $Key.SessionToken }
        foreach ($name in $More.Keys) { $spec[$name] = $More[$name] }
        $spec
    }

    $script:BotoMissing = Get-BotocoreMissingReason
    $script:CurlMissing = Get-CurlMissingReason
}

AfterAll {
    if ($script:Sandbox) { Stop-CrossAcctApiSandbox $script:Sandbox }
    Remove-PeerHome
}

Describe 'the peers are isolated from this machine''s AWS configuration' {
    It 'a child sees only the AWS variables it is given, and an empty home' {
        Skip-When $BotoMissing
        $env:AWS_PROFILE = 'someone-elses-profile'
        try {
            $probe = 'import os, json; print(json.dumps({k: v for k, v in os.environ.items() if k.startswith("AWS_") or k == "HOME"}))'
            $seen = (Invoke-Tool -FilePath '/usr/bin/python3' -Arguments @('-c', $probe) -Environment @{ AWS_REGION = 'us-east-1' }).StdOut | ConvertFrom-Json -AsHashtable
        }
        finally { Remove-Item env:AWS_PROFILE }
        $seen.Keys | Sort-Object | Should -Be @('AWS_CONFIG_FILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_REGION', 'AWS_SHARED_CREDENTIALS_FILE', 'HOME')
        $seen.HOME | Should -Be (Get-PeerHome)
        @(Get-ChildItem -LiteralPath (Get-PeerHome) -Filter '.aws*' -Force).Count | Should -Be 0
    }
}

Describe 'REST APIs signed by botocore' {
    BeforeEach { Reset-CrossAcctApiSandbox $Sandbox }

    It 'account B''s user calls the REST API directly where both policies allow' {
        Skip-When $BotoMissing
        $answer = Invoke-Botocore (New-Spec $Ops 'GET' $Sandbox.RestApiUrl('q1w2e3r4t5', 'prod', '/orders/7') 'execute-api')
        $answer.status | Should -Be 200 -Because $answer.body
        ($answer.body | ConvertFrom-Json).caller | Should -Be $OpsArn
        $answer.headers.'x-amzn-RequestId' | Should -Match '^[0-9a-f]{8}-[0-9a-f]{4}-'
    }

    It 'a POST with a JSON body and a presigned GET are accepted' {
        Skip-When $BotoMissing
        $post = Invoke-Botocore (New-Spec $Ops 'POST' $Sandbox.RestApiUrl('q1w2e3r4t5', 'prod', '/orders') 'execute-api' @{ body = '{"item":"boto"}'; headers = @{ 'Content-Type' = 'application/json' } })
        $post.status | Should -Be 201 -Because $post.body
        ($post.body | ConvertFrom-Json).created.item | Should -Be 'boto'
        $presigned = Invoke-Botocore (New-Spec $Ops 'GET' $Sandbox.RestApiUrl('q1w2e3r4t5', 'prod', '/orders') 'execute-api' @{ presign = $true; expires = 120 })
        $presigned.status | Should -Be 200 -Because $presigned.body
    }

    It 'the resource policy''s explicit deny, and the caller''s own missing allow, are refused with API Gateway''s texts' {
        Skip-When $BotoMissing
        $delete = Invoke-Botocore (New-Spec $Ops 'DELETE' $Sandbox.RestApiUrl('q1w2e3r4t5', 'prod', '/orders/7') 'execute-api')
        $delete.status | Should -Be 403
        $delete.errorType | Should -Be 'AccessDeniedException'
        ($delete.body | ConvertFrom-Json).Message | Should -BeExactly (Get-Denial $OpsArn 'q1w2e3r4t5' 'prod' 'DELETE' '/orders/7' -Explicit)

        $noAssume = Invoke-Botocore (New-Spec $NoAssume 'GET' $Sandbox.RestApiUrl('q1w2e3r4t5', 'prod', '/orders') 'execute-api')
        ($noAssume.body | ConvertFrom-Json).Message | Should -BeExactly (Get-Denial 'arn:aws:iam::222222222222:user/no-assume' 'q1w2e3r4t5' 'prod' 'GET' '/orders')
    }

    It 'a signed call to a route the API does not have is IncompleteSignatureException, not 404' {
        Skip-When $BotoMissing
        $answer = Invoke-Botocore (New-Spec $Ops 'GET' $Sandbox.RestApiUrl('q1w2e3r4t5', 'prod', '/no-such-route') 'execute-api')
        $answer.status | Should -Be 403
        $answer.errorType | Should -Be 'IncompleteSignatureException'
        ($answer.body | ConvertFrom-Json).message | Should -BeLike "Authorization header requires 'Credential' parameter.*Authorization=AWS4-HMAC-SHA256"
    }

    It 'the private API answers through account B''s endpoint, denies through account A''s, and is Forbidden without one' {
        Skip-When $BotoMissing
        $through = Invoke-Botocore (New-Spec $Ops 'GET' $Sandbox.RestApiUrl('p9o8i7u6y5', 'prod', '/balances', $BEndpoint) 'execute-api')
        $through.status | Should -Be 200 -Because $through.body
        $other = Invoke-Botocore (New-Spec $Ops 'GET' $Sandbox.RestApiUrl('p9o8i7u6y5', 'prod', '/balances', $AEndpoint) 'execute-api')
        ($other.body | ConvertFrom-Json).Message | Should -BeExactly (Get-Denial $OpsArn 'p9o8i7u6y5' 'prod' 'GET' '/balances' -Explicit)
        $none = Invoke-Botocore (New-Spec $Ops 'GET' $Sandbox.RestApiUrl('p9o8i7u6y5', 'prod', '/balances') 'execute-api')
        $none.status | Should -Be 403
        $none.errorType | Should -Be 'ForbiddenException'
        $none.body | Should -BeExactly '{"message":"Forbidden"}'
    }

    It 'the endpoint''s own host name takes the API from a signed x-apigw-api-id header' {
        Skip-When $BotoMissing
        $answer = Invoke-Botocore (New-Spec $Ops 'GET' $Sandbox.VpcEndpointUrl($BEndpoint, 'prod', '/balances') 'execute-api' @{ headers = @{ 'x-apigw-api-id' = 'p9o8i7u6y5' } })
        $answer.status | Should -Be 200 -Because $answer.body
        (Get-CrossAcctApiSandboxStats $Sandbox).api.byKind.PRIVATE.'200' | Should -Be 1
    }
}

Describe 'function URLs signed by botocore for service lambda' {
    BeforeAll {
        # A CrossAccountInvoker session, assumed with a botocore-signed STS call.
        Reset-CrossAcctApiSandbox $Sandbox
        $script:Session = $null
        if (-not $BotoMissing) {
            $form = "Action=AssumeRole&Version=2011-06-15&RoleArn=$([uri]::EscapeDataString('arn:aws:iam::111111111111:role/CrossAccountInvoker'))&RoleSessionName=boto-lambda"
            $assumed = Invoke-Botocore (New-Spec $Ops 'POST' "$($Sandbox.Url)/" 'sts' @{ body = $form; headers = @{ 'Content-Type' = 'application/x-www-form-urlencoded; charset=utf-8' } })
            $credentials = ([xml]$assumed.body).AssumeRoleResponse.AssumeRoleResult.Credentials
            $script:Session = @{ AccessKeyId = $credentials.AccessKeyId; SecretAccessKey = $credentials.SecretAccessKey; SessionToken = $credentials.SessionToken }
        }
    }

    It 'account B''s user and account A''s role session both get the function''s answer' {
        Skip-When $BotoMissing
        $user = Invoke-Botocore (New-Spec $Ops 'GET' $Sandbox.FunctionUrl($ReportUrlId, '/monthly') 'lambda')
        $user.status | Should -Be 200 -Because $user.body
        ($user.body | ConvertFrom-Json).caller | Should -Be $OpsArn
        $user.headers.'X-Amzn-Trace-Id' | Should -Match '^Root=1-'
        $role = Invoke-Botocore (New-Spec $Session 'POST' $Sandbox.FunctionUrl($ReportUrlId, '/run') 'lambda' @{ body = '{"month":"2026-11"}'; headers = @{ 'Content-Type' = 'application/json' } })
        $role.status | Should -Be 200 -Because $role.body
        ($role.body | ConvertFrom-Json).caller | Should -Be 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/boto-lambda'
    }

    It 'a function policy without lambda:InvokeFunction is Forbidden for both' {
        Skip-When $BotoMissing
        foreach ($key in $Ops, $Session) {
            $answer = Invoke-Botocore (New-Spec $key 'GET' $Sandbox.FunctionUrl($LegacyUrlId, '/') 'lambda')
            $answer.status | Should -Be 403
            $answer.errorType | Should -Be 'AccessDeniedException'
            $answer.body | Should -BeExactly $Forbidden
        }
        (Get-CrossAcctApiSandboxStats $Sandbox).lambda.byOutcome.AccessDeniedInvokeFunction | Should -Be 2
    }

    It 'signed for execute-api instead of lambda, and with a wrong secret, SigV4 refuses in Lambda''s words' {
        Skip-When $BotoMissing
        $scope = Invoke-Botocore (New-Spec $Ops 'GET' $Sandbox.FunctionUrl($ReportUrlId, '/') 'execute-api')
        $scope.errorType | Should -Be 'InvalidSignatureException'
        ($scope.body | ConvertFrom-Json).message | Should -BeExactly "Credential should be scoped to correct service: 'lambda'. "
        $wrong = Invoke-Botocore (New-Spec @{ AccessKeyId = $Ops.AccessKeyId; SecretAccessKey = 'WrongSecretWrongSecretWrongSecretWrong00' } 'GET' $Sandbox.FunctionUrl($ReportUrlId, '/') 'lambda')
        $wrong.errorType | Should -Be 'InvalidSignatureException'
        $wrong.body | Should -Not -Match 'Canonical String'
    }
}

Describe 'curl --aws-sigv4 against REST APIs and function URLs' {
    BeforeEach { Reset-CrossAcctApiSandbox $Sandbox }

    It 'calls the REST API as account B''s user and is refused the explicit deny' {
        Skip-When $CurlMissing
        $answer = Invoke-CurlSigV4 -Url $Sandbox.RestApiUrl('q1w2e3r4t5', 'prod', '/orders') -Key $Ops
        $answer.Status | Should -Be 200 -Because $answer.Body
        $answer.Headers['x-amz-apigw-id'] | Should -Not -BeNullOrEmpty
        $denied = Invoke-CurlSigV4 -Url $Sandbox.RestApiUrl('q1w2e3r4t5', 'prod', '/orders/7') -Method DELETE -Key $Ops
        $denied.Status | Should -Be 403
        ($denied.Body | ConvertFrom-Json).Message | Should -BeExactly (Get-Denial $OpsArn 'q1w2e3r4t5' 'prod' 'DELETE' '/orders/7' -Explicit)
    }

    It 'an unsigned call is Missing Authentication Token on an IAM route and anonymous on an unauthenticated one' {
        Skip-When $CurlMissing
        $token = Invoke-CurlSigV4 -Url $Sandbox.RestApiUrl('q1w2e3r4t5', 'prod', '/orders')
        $token.ErrorType | Should -Be 'MissingAuthenticationTokenException'
        $anonymous = Invoke-CurlSigV4 -Url $Sandbox.RestApiUrl('q1w2e3r4t5', 'prod', '/catalog')
        ($anonymous.Body | ConvertFrom-Json).Message | Should -BeExactly (Get-Denial 'anonymous' 'q1w2e3r4t5' 'prod' 'GET' '/catalog')
        (Invoke-CurlSigV4 -Url $Sandbox.RestApiUrl('q1w2e3r4t5', 'prod', '/status')).Status | Should -Be 200
    }

    It 'reaches the private API with x-apigw-api-id through account B''s endpoint' {
        Skip-When $CurlMissing
        $answer = Invoke-CurlSigV4 -Url $Sandbox.VpcEndpointUrl($BEndpoint, 'prod', '/balances') -Key $Ops -Header 'x-apigw-api-id: p9o8i7u6y5'
        $answer.Status | Should -Be 200 -Because $answer.Body
        (Invoke-CurlSigV4 -Url $Sandbox.VpcEndpointUrl($BEndpoint, 'prod', '/balances') -Key $Ops).ErrorType | Should -Be 'ForbiddenException'
    }

    It 'calls function URLs signed for aws:amz:us-east-1:lambda' {
        Skip-When $CurlMissing
        $answer = Invoke-CurlSigV4 -Url $Sandbox.FunctionUrl($ReportUrlId, '/monthly') -Service lambda -Key $Ops
        $answer.Status | Should -Be 200 -Because $answer.Body
        $answer.Headers['x-amzn-requestid'] | Should -Match '^[0-9a-f-]{36}$'
        $legacy = Invoke-CurlSigV4 -Url $Sandbox.FunctionUrl($LegacyUrlId) -Service lambda -Key $Ops
        $legacy.Status | Should -Be 403
        $legacy.ErrorType | Should -Be 'AccessDeniedException'
        $legacy.Body | Should -BeExactly $Forbidden
        $posted = Invoke-CurlSigV4 -Url $Sandbox.FunctionUrl($ReportUrlId, '/run') -Method POST -Service lambda -Key $Ops -Body '{"month":"2026-11"}'
        $posted.Status | Should -Be 200 -Because $posted.Body
    }

    It 'an unsigned call is Forbidden on an AWS_IAM URL and answered on a NONE URL' {
        Skip-When $CurlMissing
        $unsigned = Invoke-CurlSigV4 -Url $Sandbox.FunctionUrl($ReportUrlId)
        $unsigned.Status | Should -Be 403
        $unsigned.Body | Should -BeExactly $Forbidden
        (Invoke-CurlSigV4 -Url $Sandbox.FunctionUrl($PublicUrlId)).Status | Should -Be 200
        $stats = Get-CrossAcctApiSandboxStats $Sandbox
        $stats.lambda.byStatus.'403' | Should -Be 1
        $stats.lambda.byStatus.'200' | Should -Be 1
    }
}
