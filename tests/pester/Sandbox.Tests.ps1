#Requires -Version 7.0
# The published sandbox (out/sandbox) driven through build/SandboxHost.psm1 and by other SigV4 implementations:
# the AWS CLI, botocore (Debian's python3-botocore) and curl --aws-sigv4. Each tool's tests are skipped, with
# the reason, where the tool is not installed (apt-get install -y awscli python3-botocore curl).

BeforeAll {
    $script:RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath }
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    $script:SandboxPath = Join-Path $RepoRoot 'out/sandbox'
    $script:Sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath $SandboxPath

    $script:Ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
    $script:NoAssume = @{ AccessKeyId = 'AKIANOASSUME22222222'; SecretAccessKey = 'NoAssumeSecretKeyForAccountB/2222222222' }
    $script:InvokerArn = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'

    function Skip-When([string] $Reason) {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason }
    }

    # Runs a program with exact arguments (no shell, no PowerShell argument rewriting) and extra environment.
    function Invoke-Tool {
        param([string] $FilePath, [string[]] $Arguments, [hashtable] $Environment = @{}, [string] $StdIn)
        $info = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
        foreach ($argument in $Arguments) { $info.ArgumentList.Add($argument) }
        # The tool sees only the AWS settings given here: the caller's AWS_PROFILE, AWS_REGION or AWS_ENDPOINT_URL
        # would change what it does (the AWS CLI stops at a profile it cannot find).
        foreach ($name in @($info.Environment.Keys | Where-Object { $_ -like 'AWS_*' })) { $null = $info.Environment.Remove($name) }
        foreach ($name in $Environment.Keys) { $info.Environment[$name] = [string]$Environment[$name] }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.RedirectStandardInput = $true
        $info.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($info)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if ($StdIn) { $process.StandardInput.Write($StdIn) }
        $process.StandardInput.Close()
        if (-not $process.WaitForExit(60000)) { $process.Kill($true); throw "$FilePath did not finish within 60 s." }
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; StdOut = $stdout.Result; StdErr = $stderr.Result }
    }

    # Each tool's block assumes its own role session with that tool's signer (the AWS CLI, botocore, curl).
}

AfterAll {
    if ($script:Sandbox) { Stop-CrossAcctApiSandbox $script:Sandbox }
}

Describe 'SandboxHost helper' {
    BeforeEach { Reset-CrossAcctApiSandbox $Sandbox }

    It 'starts the published sandbox and reports the port from its first line' {
        $Sandbox.Port | Should -BeGreaterThan 0
        $Sandbox.Url | Should -Be "http://127.0.0.1:$($Sandbox.Port)"
        $Sandbox.StsEndpoint | Should -Be $Sandbox.Url
        $Sandbox.Process.HasExited | Should -BeFalse
    }

    It 'builds API URLs with and without a stage segment' {
        $Sandbox.ApiUrl('prod', '/items') | Should -Be "$($Sandbox.Url)/_aws/execute-api/a1b2c3d4e5/prod/items"
        $Sandbox.ApiUrl('$default', 'items/1') | Should -Be "$($Sandbox.Url)/_aws/execute-api/a1b2c3d4e5/items/1"
    }

    It 'answers an unauthenticated IAM route with Missing Authentication Token and counts it' {
        $response = Invoke-WebRequest -Uri $Sandbox.ApiUrl('prod', '/items') -SkipHttpErrorCheck -NoProxy
        $response.StatusCode | Should -Be 403
        $response.Headers['x-amzn-ErrorType'] | Should -Be 'MissingAuthenticationTokenException'
        ($response.Content | ConvertFrom-Json).message | Should -Be 'Missing Authentication Token'
        (Get-CrossAcctApiSandboxStats $Sandbox).api.byOutcome.MissingAuthenticationToken | Should -Be 1
    }

    It 'arms API faults with Retry-After and disarms them after the count' {
        $armed = Set-CrossAcctApiSandboxFault $Sandbox -ApiErrorCount 1 -ApiErrorStatus 503 -ApiRetryAfterSeconds 4
        $armed.faults.apiErrorRemaining | Should -Be 1
        $failed = Invoke-WebRequest -Uri $Sandbox.ApiUrl('prod', '/health') -SkipHttpErrorCheck -NoProxy
        $failed.StatusCode | Should -Be 503
        $failed.Headers['Retry-After'] | Should -Be '4'
        (Invoke-WebRequest -Uri $Sandbox.ApiUrl('prod', '/health') -NoProxy).StatusCode | Should -Be 200
    }

    It 'sets and clears the clock offset' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ClockOffsetSeconds 120
        (Get-CrossAcctApiSandboxFault $Sandbox).clockOffsetSeconds | Should -Be 120
        $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear
        (Get-CrossAcctApiSandboxFault $Sandbox).clockOffsetSeconds | Should -Be 0
    }

    It 'refuses an empty fault request' {
        { Set-CrossAcctApiSandboxFault $Sandbox } | Should -Throw '*at least one fault*'
    }

    It 'fails clearly when the sandbox is not published' {
        { Start-CrossAcctApiSandbox -SandboxPath (Join-Path $TestDrive 'nowhere') } | Should -Throw '*is not published*dotnet publish*'
    }

    It 'fails clearly when the port is taken' {
        { Start-CrossAcctApiSandbox -Port $Sandbox.Port -SandboxPath $SandboxPath } | Should -Throw '*did not start*cannot listen*'
    }

    It 'serves a scenario file and stops cleanly on SIGTERM' {
        $scenario = Join-Path $TestDrive 'scenario.json'
        @'
{ "accounts": [ { "id": "444444444444" } ],
  "httpApis": [ { "id": "z9y8x7w6v5", "accountId": "444444444444", "region": "eu-central-1", "stages": [ "$default" ],
                  "routes": [ { "routeKey": "GET /ping", "authorizationType": "NONE", "response": { "body": { "pong": true } } } ] } ] }
'@ | Set-Content -LiteralPath $scenario
        $other = Start-CrossAcctApiSandbox -Scenario $scenario -SandboxPath $SandboxPath
        try {
            $other.ApiId | Should -Be 'z9y8x7w6v5'
            $other.Region | Should -Be 'eu-central-1'
            (Invoke-RestMethod -Uri $other.ApiUrl('$default', '/ping') -NoProxy).pong | Should -BeTrue
        }
        finally {
            Stop-CrossAcctApiSandbox $other
        }
        $other.Process.HasExited | Should -BeTrue
        if (-not $IsWindows) { $other.Process.ExitCode | Should -Be 0 }
    }
}

Describe 'AWS CLI against the sandbox' {
    BeforeAll {
        $aws = Get-Command -Name aws -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        $script:AwsMissing = if ($null -eq $aws) { 'the AWS CLI (aws) is not installed; apt-get install -y awscli' } else { $null }
        $script:AwsPath = if ($aws) { $aws.Source } else { $null }

        # Isolate the CLI from any real configuration and credentials on the machine.
        function Invoke-Aws {
            param([hashtable] $Key, [string[]] $Arguments)
            $environment = @{
                AWS_ACCESS_KEY_ID           = $Key.AccessKeyId
                AWS_SECRET_ACCESS_KEY       = $Key.SecretAccessKey
                AWS_SESSION_TOKEN           = if ($Key.ContainsKey('SessionToken')) { $Key.SessionToken } else { '' }
                AWS_DEFAULT_REGION          = 'us-east-1'
                AWS_CONFIG_FILE             = (Join-Path $TestDrive 'no-config')
                AWS_SHARED_CREDENTIALS_FILE = (Join-Path $TestDrive 'no-credentials')
                AWS_EC2_METADATA_DISABLED   = 'true'
                AWS_PAGER                   = ''
                AWS_MAX_ATTEMPTS            = '1'
            }
            Invoke-Tool -FilePath $AwsPath -Arguments (@('--endpoint-url', $Sandbox.Url, '--output', 'json') + $Arguments) -Environment $environment
        }

        function Get-AwsSession([string] $RoleArn, [string[]] $Extra = @()) {
            $result = Invoke-Aws -Key $Ops -Arguments (@('sts', 'assume-role', '--role-arn', $RoleArn, '--role-session-name', 'cli') + $Extra)
            if ($result.ExitCode -ne 0) { throw "assume-role failed: $($result.StdErr)" }
            $credentials = ($result.StdOut | ConvertFrom-Json).Credentials
            @{ AccessKeyId = $credentials.AccessKeyId; SecretAccessKey = $credentials.SecretAccessKey; SessionToken = $credentials.SessionToken }
        }
    }

    BeforeEach { Reset-CrossAcctApiSandbox $Sandbox }

    It 'get-caller-identity reports the IAM user' {
        Skip-When $AwsMissing
        $result = Invoke-Aws -Key $Ops -Arguments @('sts', 'get-caller-identity')
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $identity = $result.StdOut | ConvertFrom-Json
        $identity.Arn | Should -Be 'arn:aws:iam::222222222222:user/ops-engineer'
        $identity.Account | Should -Be '222222222222'
    }

    It 'assume-role returns ASIA credentials that get-caller-identity accepts' {
        Skip-When $AwsMissing
        $result = Invoke-Aws -Key $Ops -Arguments @('sts', 'assume-role', '--role-arn', $InvokerArn, '--role-session-name', 'cli-session', '--duration-seconds', '900')
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $assumed = $result.StdOut | ConvertFrom-Json
        $assumed.Credentials.AccessKeyId | Should -Match '^ASIA[A-Z2-7]{16}$'
        $assumed.AssumedRoleUser.Arn | Should -Be 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/cli-session'

        $session = @{ AccessKeyId = $assumed.Credentials.AccessKeyId; SecretAccessKey = $assumed.Credentials.SecretAccessKey; SessionToken = $assumed.Credentials.SessionToken }
        $identity = (Invoke-Aws -Key $session -Arguments @('sts', 'get-caller-identity')).StdOut | ConvertFrom-Json
        $identity.Arn | Should -Be 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/cli-session'
    }

    It 'assume-role of AuditReader needs the external id' {
        Skip-When $AwsMissing
        $denied = Invoke-Aws -Key $Ops -Arguments @('sts', 'assume-role', '--role-arn', 'arn:aws:iam::111111111111:role/AuditReader', '--role-session-name', 'audit')
        $denied.ExitCode | Should -Not -Be 0
        $denied.StdErr | Should -Match 'AccessDenied'
        $allowed = Invoke-Aws -Key $Ops -Arguments @('sts', 'assume-role', '--role-arn', 'arn:aws:iam::111111111111:role/AuditReader', '--role-session-name', 'audit', '--external-id', 'audit-2026')
        $allowed.ExitCode | Should -Be 0 -Because $allowed.StdErr
    }

    It 'assume-role of MfaOperator needs the MFA device and code' {
        Skip-When $AwsMissing
        $role = 'arn:aws:iam::111111111111:role/MfaOperator'
        (Invoke-Aws -Key $Ops -Arguments @('sts', 'assume-role', '--role-arn', $role, '--role-session-name', 'mfa')).StdErr | Should -Match 'AccessDenied'
        $wrong = Invoke-Aws -Key $Ops -Arguments @('sts', 'assume-role', '--role-arn', $role, '--role-session-name', 'mfa', '--serial-number', 'arn:aws:iam::222222222222:mfa/ops-engineer', '--token-code', '000000')
        $wrong.StdErr | Should -Match 'invalid MFA one time pass code'
        $right = Invoke-Aws -Key $Ops -Arguments @('sts', 'assume-role', '--role-arn', $role, '--role-session-name', 'mfa', '--serial-number', 'arn:aws:iam::222222222222:mfa/ops-engineer', '--token-code', '123456')
        $right.ExitCode | Should -Be 0 -Because $right.StdErr
    }

    It 'a user without an AssumeRole policy is denied' {
        Skip-When $AwsMissing
        $result = Invoke-Aws -Key $NoAssume -Arguments @('sts', 'assume-role', '--role-arn', $InvokerArn, '--role-session-name', 'x1')
        $result.ExitCode | Should -Not -Be 0
        $result.StdErr | Should -Match 'AccessDenied.*User: arn:aws:iam::222222222222:user/no-assume is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/CrossAccountInvoker'
    }

    It 'a bad duration is a ValidationError' {
        Skip-When $AwsMissing
        $result = Invoke-Aws -Key $Ops -Arguments @('sts', 'assume-role', '--role-arn', $InvokerArn, '--role-session-name', 'long', '--duration-seconds', '7200')
        $result.StdErr | Should -Match 'ValidationError.*MaxSessionDuration'
    }

    It 'a wrong secret is refused with SignatureDoesNotMatch' {
        Skip-When $AwsMissing
        $result = Invoke-Aws -Key @{ AccessKeyId = $Ops.AccessKeyId; SecretAccessKey = 'WrongSecretWrongSecretWrongSecretWrong00' } -Arguments @('sts', 'get-caller-identity')
        $result.ExitCode | Should -Not -Be 0
        $result.StdErr | Should -Match 'SignatureDoesNotMatch'
    }

    It 'an expired session is refused with ExpiredToken' {
        Skip-When $AwsMissing
        $session = Get-AwsSession $InvokerArn
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ExpireSessions
        $result = Invoke-Aws -Key $session -Arguments @('sts', 'get-caller-identity')
        $result.ExitCode | Should -Not -Be 0
        $result.StdErr | Should -Match 'ExpiredToken'
    }

    It 'a throttled call is answered with Throttling' {
        Skip-When $AwsMissing
        $null = Set-CrossAcctApiSandboxFault $Sandbox -StsThrottleCount 1
        $result = Invoke-Aws -Key $Ops -Arguments @('sts', 'get-caller-identity')
        $result.StdErr | Should -Match 'Throttling.*Rate exceeded'
    }
}

Describe 'botocore-signed requests against the sandbox' {
    BeforeAll {
        $python = '/usr/bin/python3'
        $script:BotoMissing = if (-not (Test-Path -LiteralPath $python)) {
            '/usr/bin/python3 is not installed; apt-get install -y python3-botocore'
        }
        elseif ((Invoke-Tool -FilePath $python -Arguments @('-c', 'import botocore')).ExitCode -ne 0) {
            'python3-botocore is not installed; apt-get install -y python3-botocore'
        }
        else { $null }

        # Signs with botocore.auth.SigV4Auth (header) or SigV4QueryAuth (presigned), sends with urllib, prints the answer.
        $script:BotoScript = Join-Path $TestDrive 'botocore_call.py'
        @'
import json, sys, urllib.request, urllib.error
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

spec = json.load(sys.stdin)
credentials = Credentials(spec["accessKeyId"], spec["secretAccessKey"], spec.get("sessionToken"))
body = spec.get("body")
request = AWSRequest(method=spec["method"], url=spec["url"], data=body.encode() if body is not None else None, headers=spec.get("headers", {}))
if spec.get("presign"):
    SigV4QueryAuth(credentials, spec["service"], spec["region"], expires=spec.get("expires", 300)).add_auth(request)
else:
    SigV4Auth(credentials, spec["service"], spec["region"]).add_auth(request)
prepared = request.prepare()
headers = dict(prepared.headers)
headers.update(spec.get("tamperHeaders", {}))
sent = urllib.request.Request(prepared.url, data=prepared.body, headers=headers, method=spec["method"])
try:
    with urllib.request.urlopen(sent) as response:
        status, answer_headers, text = response.status, dict(response.headers), response.read().decode()
except urllib.error.HTTPError as error:
    status, answer_headers, text = error.code, dict(error.headers), error.read().decode()
print(json.dumps({"status": status, "errorType": answer_headers.get("x-amzn-ErrorType"), "body": text}))
'@ | Set-Content -LiteralPath $BotoScript

        function Invoke-Boto([hashtable] $Spec) {
            $result = Invoke-Tool -FilePath '/usr/bin/python3' -Arguments @($BotoScript) -StdIn ($Spec | ConvertTo-Json -Compress)
            if ($result.ExitCode -ne 0) { throw "botocore call failed: $($result.StdErr)" }
            $result.StdOut | ConvertFrom-Json
        }

        # A CrossAccountInvoker session, assumed with a botocore-signed STS call.
        function Get-BotoSession {
            $answer = Invoke-Boto @{
                method = 'POST'; url = "$($Sandbox.Url)/"; service = 'sts'; region = 'us-east-1'
                accessKeyId = $Ops.AccessKeyId; secretAccessKey = $Ops.SecretAccessKey
                headers = @{ 'Content-Type' = 'application/x-www-form-urlencoded; charset=utf-8' }
                body = "Action=AssumeRole&Version=2011-06-15&RoleArn=$([uri]::EscapeDataString($InvokerArn))&RoleSessionName=boto"
            }
            if ($answer.status -ne 200) { throw "AssumeRole failed: $($answer.body)" }
            $xml = [xml]$answer.body
            $credentials = $xml.AssumeRoleResponse.AssumeRoleResult.Credentials
            @{ accessKeyId = $credentials.AccessKeyId; secretAccessKey = $credentials.SecretAccessKey; sessionToken = $credentials.SessionToken }
        }

        function New-ApiSpec([hashtable] $Session, [string] $Method, [string] $Url, [hashtable] $More = @{}) {
            $spec = @{ method = $Method; url = $Url; service = 'execute-api'; region = 'us-east-1' } + $Session
            foreach ($key in $More.Keys) { $spec[$key] = $More[$key] }
            $spec
        }

        # One session for the block (python starts in about a second); the expiry test comes last.
        Reset-CrossAcctApiSandbox $Sandbox
        $script:BotoSession = if ($BotoMissing) { $null } else { Get-BotoSession }
    }

    It 'a header-signed GET with an encoded path segment is allowed and echoes the caller' {
        Skip-When $BotoMissing
        $session = $BotoSession.Clone()
        $answer = Invoke-Boto (New-ApiSpec $session 'GET' $Sandbox.ApiUrl('prod', '/items/a%20b'))
        $answer.status | Should -Be 200 -Because $answer.body
        $item = $answer.body | ConvertFrom-Json
        $item.id | Should -Be 'a b'
        $item.caller | Should -Be 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/boto'
    }

    It 'a signed POST with a JSON body is allowed on $default' {
        Skip-When $BotoMissing
        $session = $BotoSession.Clone()
        $answer = Invoke-Boto (New-ApiSpec $session 'POST' ($Sandbox.ApiUrl('$default', '/items') + '?dry=1&tag=a%2Fb') @{ body = '{"name":"boto"}'; headers = @{ 'Content-Type' = 'application/json' } })
        $answer.status | Should -Be 200 -Because $answer.body
        ($answer.body | ConvertFrom-Json).created.name | Should -Be 'boto'
    }

    It 'a presigned URL is allowed' {
        Skip-When $BotoMissing
        $session = $BotoSession.Clone()
        $answer = Invoke-Boto (New-ApiSpec $session 'GET' $Sandbox.ApiUrl('prod', '/items') @{ presign = $true; expires = 120 })
        $answer.status | Should -Be 200 -Because $answer.body
    }

    It 'the admin path is denied with an explicit deny' {
        Skip-When $BotoMissing
        $session = $BotoSession.Clone()
        $answer = Invoke-Boto (New-ApiSpec $session 'GET' $Sandbox.ApiUrl('prod', '/admin/report'))
        $answer.status | Should -Be 403
        $answer.errorType | Should -Be 'AccessDeniedException'
        ($answer.body | ConvertFrom-Json).message | Should -BeLike '*with an explicit deny*'
    }

    It 'a wrong secret is refused' {
        Skip-When $BotoMissing
        $session = $BotoSession.Clone()
        $session.secretAccessKey = 'WrongSecretWrongSecretWrongSecretWrong00'
        $answer = Invoke-Boto (New-ApiSpec $session 'GET' $Sandbox.ApiUrl('prod', '/items'))
        $answer.status | Should -Be 403
        $answer.errorType | Should -Be 'InvalidSignatureException'
        ($answer.body | ConvertFrom-Json).message | Should -BeLike 'The request signature we calculated does not match*The Canonical String for this request should have been*'
    }

    It 'a header changed after signing is refused' {
        Skip-When $BotoMissing
        $session = $BotoSession.Clone()
        $answer = Invoke-Boto (New-ApiSpec $session 'GET' $Sandbox.ApiUrl('prod', '/items') @{ headers = @{ 'X-Team' = 'ops' }; tamperHeaders = @{ 'X-Team' = 'dev' } })
        $answer.status | Should -Be 403
        $answer.errorType | Should -Be 'InvalidSignatureException'
        ($answer.body | ConvertFrom-Json).message | Should -BeLike "*x-team:dev*"
    }

    It 'an expired token is refused' {
        Skip-When $BotoMissing
        $session = $BotoSession.Clone()
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ExpireSessions
        $answer = Invoke-Boto (New-ApiSpec $session 'GET' $Sandbox.ApiUrl('prod', '/items'))
        $answer.status | Should -Be 403
        $answer.errorType | Should -Be 'ExpiredTokenException'
        ($answer.body | ConvertFrom-Json).message | Should -Be 'The security token included in the request is expired'
    }
}

Describe 'curl --aws-sigv4 against the sandbox' {
    BeforeAll {
        $curl = Get-Command -Name curl -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        $script:CurlMissing = if ($null -eq $curl) {
            'curl is not installed; apt-get install -y curl'
        }
        elseif (-not ((Invoke-Tool -FilePath $curl.Source -Arguments @('--help', 'all')).StdOut -match '--aws-sigv4')) {
            'this curl has no --aws-sigv4 (needs curl 7.75 or later)'
        }
        else { $null }
        $script:CurlPath = if ($curl) { $curl.Source } else { $null }

        # Prints the body, then a last line "<status> <x-amzn-ErrorType>".
        function Invoke-Curl([hashtable] $Session, [string] $Method, [string] $Url) {
            $headerFile = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            $arguments = @('-s', '-X', $Method, '--aws-sigv4', 'aws:amz:us-east-1:execute-api', '--user', "$($Session.AccessKeyId):$($Session.SecretAccessKey)",
                '-H', "x-amz-security-token: $($Session.SessionToken)", '-D', $headerFile, '-w', "`n%{http_code}", $Url)
            $result = Invoke-Tool -FilePath $CurlPath -Arguments $arguments
            $lines = $result.StdOut -split "`n"
            $errorType = (Get-Content -LiteralPath $headerFile | Where-Object { $_ -match '^x-amzn-ErrorType:' }) -replace '^x-amzn-ErrorType:\s*', '' -replace '\s+$', ''
            [pscustomobject]@{ Status = [int]$lines[-1]; Body = ($lines[0..($lines.Count - 2)] -join "`n"); ErrorType = $errorType }
        }

        # A session assumed through the sandbox's STS with a request curl signed for service sts.
        function Get-CurlSession {
            $form = "Action=AssumeRole&Version=2011-06-15&RoleArn=$([uri]::EscapeDataString($InvokerArn))&RoleSessionName=curl"
            $result = Invoke-Tool -FilePath $CurlPath -Arguments @('-s', '--aws-sigv4', 'aws:amz:us-east-1:sts', '--user', "$($Ops.AccessKeyId):$($Ops.SecretAccessKey)",
                '-H', 'Content-Type: application/x-www-form-urlencoded', '--data', $form, "$($Sandbox.Url)/")
            $credentials = ([xml]$result.StdOut).AssumeRoleResponse.AssumeRoleResult.Credentials
            if ($null -eq $credentials) { throw "AssumeRole through curl failed: $($result.StdOut)" }
            @{ AccessKeyId = $credentials.AccessKeyId; SecretAccessKey = $credentials.SecretAccessKey; SessionToken = $credentials.SessionToken }
        }

        # One session for the block; the expiry test comes last.
        Reset-CrossAcctApiSandbox $Sandbox
        $script:CurlSession = if ($CurlMissing) { $null } else { Get-CurlSession }
    }

    It 'a curl-signed GET on a simple path is allowed and echoes the caller' {
        Skip-When $CurlMissing
        $session = $CurlSession.Clone()
        $answer = Invoke-Curl $session 'GET' $Sandbox.ApiUrl('prod', '/items')
        $answer.Status | Should -Be 200 -Because $answer.Body
        ($answer.Body | ConvertFrom-Json).caller | Should -Be 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/curl'
    }

    It 'a curl-signed DELETE on the default stage is allowed, on prod it is denied' {
        Skip-When $CurlMissing
        $session = $CurlSession.Clone()
        (Invoke-Curl $session 'DELETE' $Sandbox.ApiUrl('$default', '/items/7')).Status | Should -Be 200
        $denied = Invoke-Curl $session 'DELETE' $Sandbox.ApiUrl('prod', '/items/7')
        $denied.Status | Should -Be 403
        $denied.ErrorType | Should -Be 'AccessDeniedException'
    }

    It 'a wrong secret is refused' {
        Skip-When $CurlMissing
        $session = $CurlSession.Clone()
        $session.SecretAccessKey = 'WrongSecretWrongSecretWrongSecretWrong00'
        $answer = Invoke-Curl $session 'GET' $Sandbox.ApiUrl('prod', '/items')
        $answer.Status | Should -Be 403
        $answer.ErrorType | Should -Be 'InvalidSignatureException'
    }

    It 'an expired token is refused' {
        Skip-When $CurlMissing
        $session = $CurlSession.Clone()
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ExpireSessions
        $answer = Invoke-Curl $session 'GET' $Sandbox.ApiUrl('prod', '/items')
        $answer.Status | Should -Be 403
        $answer.ErrorType | Should -Be 'ExpiredTokenException'
    }
}
