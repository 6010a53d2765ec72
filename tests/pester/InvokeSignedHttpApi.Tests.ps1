#Requires -Version 7.0
# Invoke-SignedHttpApi against the sandbox (a local STS and IAM-authorized HTTP API, build/SandboxHost.psm1): the seed's
# cross-account flow, every 403 variant and its ErrorId, retries under injected faults, refresh, clock skew, -OutFile,
# -AsResponse, ordered concurrency, bad input that sends nothing, and no secret in any stream.

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath }
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force
    $script:Sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath (Join-Path $RepoRoot 'out/sandbox')

    $script:Ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
    $script:InvokerArn = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
    $script:Fqid = ',CrossAcctApi.InvokeSignedHttpApiCommand'

    # The API's URLs; the sandbox is a loopback host, so the region comes from -Region.
    function Url([string] $Stage, [string] $Path) { $Sandbox.ApiUrl($Stage, $Path) }
    $PSDefaultParameterValues['Invoke-SignedHttpApi:Region'] = 'us-east-1'

    # A refreshable credential for the role, as account B's ops-engineer assumes it.
    function New-RoleCredential {
        Get-AssumedRoleCredential -RoleArn $InvokerArn -Credential $Ops -StsEndpoint $Sandbox.StsEndpoint -Region us-east-1 -NoCache
    }

    # The same session as plain keys (what 'aws sts assume-role' prints): it cannot refresh itself.
    function New-StaticCredential {
        $saved = @{}
        foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            New-RoleCredential | Export-AssumedRoleCredential
            @{ AccessKeyId = $env:AWS_ACCESS_KEY_ID; SecretAccessKey = $env:AWS_SECRET_ACCESS_KEY; SessionToken = $env:AWS_SESSION_TOKEN }
        }
        finally {
            # Remove-Item for a variable that was not set: PowerShell would pass '' for $null.
            foreach ($name in $saved.Keys) {
                if ($null -eq $saved[$name]) { Remove-Item "env:$name" -ErrorAction SilentlyContinue } else { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
            }
        }
    }

    function Get-ApiCalls { [long] (Get-CrossAcctApiSandboxStats $Sandbox).api.total }

    # The error record of one call that is expected to fail.
    function Invoke-Failing([hashtable] $Arguments) {
        $errors = $null
        $output = Invoke-SignedHttpApi @Arguments -ErrorAction SilentlyContinue -ErrorVariable errors
        $output | Should -BeNullOrEmpty
        @($errors).Count | Should -Be 1
        $errors[0]
    }

    $script:Role = New-RoleCredential
    $script:Static = New-StaticCredential
}

AfterAll {
    $PSDefaultParameterValues.Remove('Invoke-SignedHttpApi:Region')
    [CrossAcctApi.Core.Http.ClockSkewTracker]::Shared.Reset()
    if ($script:Sandbox) { Stop-CrossAcctApiSandbox $script:Sandbox }
}

Describe 'The seed flow: account B calls account A''s API through CrossAccountInvoker' {
    BeforeEach { $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear }

    It 'GET on the prod stage returns the JSON as objects, signed as the assumed role' {
        $result = Invoke-SignedHttpApi -Uri (Url 'prod' '/items') -Credential $Role
        $result.stage | Should -Be 'prod'
        $result.caller | Should -BeLike 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/*'
        $result.items.name | Should -Be @('widget', 'gadget')
    }

    It 'GET and POST on the $default stage succeed, the hashtable body sent as JSON' {
        (Invoke-SignedHttpApi -Uri (Url '$default' '/items/7') -Credential $Role).id | Should -Be '7'
        $created = Invoke-SignedHttpApi -Uri (Url '$default' '/items') -Method Post -Body @{ name = 'widget'; count = 3 } -Credential $Role
        $created.stage | Should -Be '$default'
        $created.created.name | Should -Be 'widget'
        $created.created.count | Should -Be 3
    }

    It 'takes the credential from the pipeline, and AWS CLI-shaped keys from -Credential' {
        ($Role | Invoke-SignedHttpApi -Uri (Url 'prod' '/items/1')).id | Should -Be '1'
        ($Static | ConvertTo-Json | ConvertFrom-Json | ForEach-Object { Invoke-SignedHttpApi -Uri (Url 'prod' '/items/2') -Credential $_ }).id | Should -Be '2'
    }

    It 'reads the credential from the environment when none is given' {
        $saved = @{ A = $env:AWS_ACCESS_KEY_ID; S = $env:AWS_SECRET_ACCESS_KEY; T = $env:AWS_SESSION_TOKEN }
        try {
            $env:AWS_ACCESS_KEY_ID = $Static.AccessKeyId; $env:AWS_SECRET_ACCESS_KEY = $Static.SecretAccessKey; $env:AWS_SESSION_TOKEN = $Static.SessionToken
            (Invoke-SignedHttpApi -Uri (Url 'prod' '/items/3')).id | Should -Be '3'
        }
        finally { $env:AWS_ACCESS_KEY_ID = $saved.A; $env:AWS_SECRET_ACCESS_KEY = $saved.S; $env:AWS_SESSION_TOKEN = $saved.T }
    }

    It 'signs with the keys of a profile given by -ProfileName' {
        $saved = @{}
        foreach ($name in 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            $env:AWS_CONFIG_FILE = Join-Path $TestDrive 'config'
            $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $TestDrive 'credentials'
            $env:AWS_EC2_METADATA_DISABLED = 'true'
            Set-Content -Path $env:AWS_CONFIG_FILE -Value "[profile invoke-static]`nregion = us-east-1"
            Set-Content -Path $env:AWS_SHARED_CREDENTIALS_FILE -Value "[invoke-static]`naws_access_key_id = $($Static.AccessKeyId)`naws_secret_access_key = $($Static.SecretAccessKey)`naws_session_token = $($Static.SessionToken)"
            (Invoke-SignedHttpApi -Uri (Url 'prod' '/items/4') -ProfileName invoke-static).id | Should -Be '4'
        }
        finally {
            foreach ($name in $saved.Keys) {
                if ($null -eq $saved[$name]) { Remove-Item "env:$name" -ErrorAction SilentlyContinue } else { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
            }
        }
    }

    It '-AsResponse returns status, headers, content, parsed content, request id, timing and the invoke ARN' {
        $response = Invoke-SignedHttpApi -Uri (Url 'prod' '/items') -Credential $Role -Stage prod -AsResponse
        $response | Should -BeOfType ([CrossAcctApi.SignedHttpApiResponse])
        $response.StatusCode | Should -Be 200
        $response.Headers['apigw-requestid'] | Should -Not -BeNullOrEmpty
        $response.RequestId | Should -Be $response.Headers['apigw-requestid'][0]
        $response.Content | Should -BeLike '{"items":*'
        $response.ParsedContent.items.Count | Should -Be 2
        $response.Attempts | Should -Be 1
        $response.Elapsed | Should -BeGreaterThan ([TimeSpan]::Zero)
        $response.Method | Should -Be 'GET'
        $response.InvokeArn | Should -Be 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items'
        ($response | Format-Table | Out-String) | Should -Match 'RequestId'
    }

    It 'sets -StatusCodeVariable and -ResponseHeadersVariable in the caller''s scope' {
        $null = Invoke-SignedHttpApi -Uri (Url 'prod' '/items') -Credential $Role -StatusCodeVariable code -ResponseHeadersVariable headers
        $code | Should -Be 200
        $headers['Content-Type'] | Should -Be 'application/json'
    }

    It 'streams the body to -OutFile and writes nothing to the pipeline' {
        $path = Join-Path $TestDrive 'items.json'
        $output = Invoke-SignedHttpApi -Uri (Url 'prod' '/items') -Credential $Role -OutFile $path
        $output | Should -BeNullOrEmpty
        (Get-Content -Raw $path | ConvertFrom-Json).items.Count | Should -Be 2
        $response = Invoke-SignedHttpApi -Uri (Url 'prod' '/items/5') -Credential $Role -OutFile $path -AsResponse
        $response.OutFile | Should -Be $path
        $response.ContentLength | Should -Be (Get-Item $path).Length
        (Get-Content -Raw $path | ConvertFrom-Json).id | Should -Be '5'
    }

    It 'sends -InFile streamed from disk' {
        $path = Join-Path $TestDrive 'body.json'
        Set-Content -Path $path -Value '{"name":"from-file"}' -NoNewline
        (Invoke-SignedHttpApi -Uri (Url '$default' '/items') -Method Post -InFile $path -ContentType application/json -Credential $Role).created.name | Should -Be 'from-file'
    }

    It 'runs many URLs concurrently and keeps their order' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -LatencyMilliseconds 150
        $uris = 1..16 | ForEach-Object { Url 'prod' "/items/$_" }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $results = Invoke-SignedHttpApi -Uri $uris -Credential $Role -ThrottleLimit 8
        $watch.Stop()
        $results.id | Should -Be @(1..16 | ForEach-Object { "$_" })
        # One at a time would take 16 x 150 ms; eight at a time about a quarter of that.
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 1.8
    }

    It 'takes a CSV of routes from the pipeline, and reports each failure in its place' {
        $csv = @"
Uri,Method
$(Url 'prod' '/items/1'),GET
$(Url 'prod' '/admin/report'),GET
$(Url '$default' '/items/9'),DELETE
"@ | ConvertFrom-Csv
        $responses = $csv | Invoke-SignedHttpApi -Credential $Role -AsResponse -SkipHttpErrorCheck
        $responses.StatusCode | Should -Be @(200, 403, 200)
        $responses[1].ErrorId | Should -Be 'NotAuthorized'
        $responses[2].ParsedContent.deleted | Should -Be '9'
    }

    It 'returns error answers with -SkipHttpErrorCheck instead of writing errors' {
        $errors = $null
        $result = Invoke-SignedHttpApi -Uri (Url 'prod' '/nothing-here') -Credential $Role -SkipHttpErrorCheck -ErrorVariable errors
        $errors | Should -BeNullOrEmpty
        $result.message | Should -Be 'Not Found'
    }
}

Describe 'Every refusal gets its ErrorId, a recommended action and the response body' {
    BeforeAll {
        # A stand-in for what the sandbox cannot produce: a proxy that lost the Authorization header, a server whose
        # clock cannot be corrected, a 504. It answers by path, and counts.
        $script:Stub = [System.Net.HttpListener]::new()
        $port = Get-Random -Minimum 20000 -Maximum 60000
        $Stub.Prefixes.Add("http://127.0.0.1:$port/")
        $Stub.Start()
        $script:StubUrl = "http://127.0.0.1:$port"
        $script:StubRunspace = [powershell]::Create()
        $null = $StubRunspace.AddScript({
            param($listener)
            while ($listener.IsListening) {
                try { $context = $listener.GetContext() } catch { break }
                $path = $context.Request.Url.AbsolutePath
                $answer = switch -Wildcard ($path) {
                    '*/missing' { 403, 'MissingAuthenticationTokenException', '{"message":"Missing Authentication Token"}', 'application/json' }
                    '*/skew' { 403, 'InvalidSignatureException', '{"message":"Signature expired: 20200101T000000Z is now earlier than 20200101T000500Z (20200101T001000Z - 5 min.)"}', 'application/json' }
                    '*/gateway-timeout' { 504, $null, '{"message":"Endpoint request timed out"}', 'application/json' }
                    '*/array' { 200, $null, '[{"id":1},{"id":2},{"id":3}]', 'application/json; charset=utf-8' }
                    '*/text' { 200, $null, 'plain text, not {json}', 'text/plain; charset=utf-8' }
                    '*/bytes' { 200, $null, "`u{1}`u{2}`u{3}", 'application/octet-stream' }
                    default { 404, $null, '{"message":"Not Found"}', 'application/json' }
                }
                $context.Response.StatusCode = $answer[0]
                if ($answer[1]) { $context.Response.Headers.Add('x-amzn-ErrorType', $answer[1]) }
                $context.Response.ContentType = $answer[3]
                $bytes = [Text.Encoding]::UTF8.GetBytes($answer[2])
                $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                $context.Response.Close()
            }
        }).AddArgument($Stub)
        $null = $StubRunspace.BeginInvoke()
    }

    AfterAll {
        $Stub.Stop()
        $StubRunspace.Dispose()
    }

    BeforeEach { $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear }

    It 'writes a JSON array item by item, text as text and binary content as bytes, like Invoke-RestMethod' {
        $items = Invoke-SignedHttpApi -Uri "$StubUrl/_aws/execute-api/a1b2c3d4e5/prod/array" -Credential $Role
        @($items).Count | Should -Be 3
        $items[2].id | Should -Be 3
        (Invoke-SignedHttpApi -Uri "$StubUrl/_aws/execute-api/a1b2c3d4e5/prod/array" -Credential $Role -AsResponse).ParsedContent.Count | Should -Be 3
        Invoke-SignedHttpApi -Uri "$StubUrl/_aws/execute-api/a1b2c3d4e5/prod/text" -Credential $Role | Should -BeExactly 'plain text, not {json}'
        $bytes = Invoke-SignedHttpApi -Uri "$StubUrl/_aws/execute-api/a1b2c3d4e5/prod/bytes" -Credential $Role -AsResponse
        $bytes.Content | Should -BeOfType ([byte])
        @($bytes.Content) | Should -Be @(1, 2, 3)
    }

    It 'MissingAuthenticationToken explains that no signature arrived or the route is not IAM' {
        $record = Invoke-Failing @{ Uri = "$StubUrl/_aws/execute-api/a1b2c3d4e5/prod/missing"; Credential = $Role; MaximumRetryCount = 0 }
        $record.FullyQualifiedErrorId | Should -Be "MissingAuthenticationToken$Fqid"
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $record.ErrorDetails.RecommendedAction | Should -Match 'IAM authorization'
        $record.ErrorDetails.Message | Should -Match 'Missing Authentication Token'
    }

    It 'InvalidToken for keys the server does not know' {
        $unknown = @{ AccessKeyId = 'AKIAUNKNOWNKEY000000'; SecretAccessKey = 'UnknownSecretKey/0000000000000000000000' }
        $record = Invoke-Failing @{ Uri = (Url 'prod' '/items'); Credential = $unknown }
        $record.FullyQualifiedErrorId | Should -Be "InvalidToken$Fqid"
        $record.Exception.Diagnosis.ErrorType | Should -Be 'UnrecognizedClientException'
    }

    It 'SignatureMismatch for a wrong secret, with the canonical requests compared line by line' {
        $wrong = @{ AccessKeyId = $Static.AccessKeyId; SecretAccessKey = 'NotTheSecret/000000000000000000000000000'; SessionToken = $Static.SessionToken }
        $record = Invoke-Failing @{ Uri = (Url 'prod' '/items?b=2&a=1'); Credential = $wrong }
        $record.FullyQualifiedErrorId | Should -Be "SignatureMismatch$Fqid"
        $report = $record.Exception.Diagnosis.SignatureMismatch
        $report.HasServerCanonicalRequest | Should -BeTrue
        $report.DifferingParts | Should -BeNullOrEmpty
        $record.Exception.Message | Should -Match 'secret access key is not the one that belongs to access key'
        $record.Exception.Message | Should -Match 'x-amz-security-token:\(redacted\)'
        ($report.CanonicalRequestLines | Format-Table | Out-String) | Should -Match 'CanonicalQueryString'
    }

    It 'SignatureMismatch for the wrong region says to pass -Region' {
        $record = Invoke-Failing @{ Uri = (Url 'prod' '/items'); Credential = $Role; Region = 'eu-west-1' }
        $record.FullyQualifiedErrorId | Should -Be "SignatureMismatch$Fqid"
        $record.ErrorDetails.RecommendedAction | Should -Match 'eu-west-1 \(from -Region\).*pass -Region'
    }

    It 'SignatureExpired when the server still refuses the time after the correction' {
        $record = Invoke-Failing @{ Uri = "$StubUrl/_aws/execute-api/a1b2c3d4e5/prod/skew"; Credential = $Role }
        $record.FullyQualifiedErrorId | Should -Be "SignatureExpired$Fqid"
        $record.Exception.Message | Should -Match "signed again with the server's time"
        $record.ErrorDetails.RecommendedAction | Should -Match 'NTP'
    }

    It 'ExpiredToken for an expired session that cannot refresh itself' {
        $static = New-StaticCredential
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ExpireSessions
        $record = Invoke-Failing @{ Uri = (Url 'prod' '/items'); Credential = $static }
        $record.FullyQualifiedErrorId | Should -Be "ExpiredToken$Fqid"
        $record.ErrorDetails.RecommendedAction | Should -Match 'Get-AssumedRoleCredential'
        $script:Role = New-RoleCredential
    }

    It 'NotAuthorized by an explicit deny names the invoke ARN and the Deny' {
        $record = Invoke-Failing @{ Uri = (Url 'prod' '/admin/report'); Credential = $Role }
        $record.FullyQualifiedErrorId | Should -Be "NotAuthorized$Fqid"
        $record.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $record.Exception.Diagnosis.InvokeArn | Should -Be 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/admin/report'
        $record.Exception.Diagnosis.DenialReason | Should -Be 'ExplicitDeny'
        $record.ErrorDetails.RecommendedAction | Should -Match 'Deny statement matches arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/admin/report'
        $record.Exception.ResponseBody | Should -Match 'with an explicit deny'
    }

    It 'NotAuthorized without an allowing statement names the ARN the role''s policy must allow' {
        $record = Invoke-Failing @{ Uri = (Url 'prod' '/items'); Method = 'POST'; Body = '{}'; Credential = $Role }
        $record.FullyQualifiedErrorId | Should -Be "NotAuthorized$Fqid"
        $record.Exception.Diagnosis.DenialReason | Should -Be 'NoIdentityPolicy'
        $record.ErrorDetails.RecommendedAction | Should -Match ([regex]::Escape('Allow execute-api:Invoke on arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/POST/items in the policy of role CrossAccountInvoker'))
    }

    It 'NotAuthorized for account B''s own keys says to assume a role in the API''s account' {
        $record = Invoke-Failing @{ Uri = (Url 'prod' '/items'); Credential = $Ops }
        $record.FullyQualifiedErrorId | Should -Be "NotAuthorized$Fqid"
        $record.Exception.Diagnosis.DenialReason | Should -Be 'NoResourcePolicy'
        $record.ErrorDetails.RecommendedAction | Should -Match 'assume a role in the API''s account'
    }

    It 'NotFound for an unknown route, with what to check' {
        $record = Invoke-Failing @{ Uri = (Url 'prod' '/nothing-here'); Credential = $Role }
        $record.FullyQualifiedErrorId | Should -Be "NotFound$Fqid"
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $record.ErrorDetails.RecommendedAction | Should -Match 'stage'
    }

    It 'ServerError for a 504 from the gateway' {
        $record = Invoke-Failing @{ Uri = "$StubUrl/_aws/execute-api/a1b2c3d4e5/prod/gateway-timeout"; Credential = $Role; MaximumRetryCount = 1; RetryIntervalSec = 0 }
        $record.FullyQualifiedErrorId | Should -Be "ServerError$Fqid"
        $record.Exception.Diagnosis.Attempts | Should -Be 2
        $record.ErrorDetails.RecommendedAction | Should -Match '30-second'
    }
}

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

Describe 'Bad input is refused with a stable ErrorId and sends nothing' {
    BeforeAll { $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear }

    It '<Name>' -ForEach @(
        @{ Name = 'GET with a body'; Arguments = @{ Body = 'x' }; Id = 'BodyNotAllowed' }
        @{ Name = 'a caller-supplied Authorization header'; Arguments = @{ Header = @{ Authorization = 'AWS4-HMAC-SHA256 x' } }; Id = 'ReservedHeader' }
        @{ Name = 'a caller-supplied X-Amz-Security-Token'; Arguments = @{ Header = @{ 'X-Amz-Security-Token' = 'x' } }; Id = 'ReservedHeader' }
        @{ Name = 'header injection with CR/LF'; Arguments = @{ Header = @{ 'X-Note' = "a`r`nX-Injected: 1" } }; Id = 'InvalidHeader' }
        @{ Name = 'headers over 10 KB'; Arguments = @{ Header = @{ 'X-Big' = 'a' * 10240 } }; Id = 'HeadersTooLarge' }
        @{ Name = 'a body over 10 MB'; Arguments = @{ Method = 'POST'; Body = [byte[]]::new(10MB + 1) }; Id = 'BodyTooLarge' }
        @{ Name = 'a URL with user info'; Arguments = @{ Uri = 'http://user:pw@127.0.0.1:1/x' }; Id = 'UriUserInfoNotAllowed' }
        @{ Name = 'a non-http URL'; Arguments = @{ Uri = 'ftp://127.0.0.1/x' }; Id = 'InvalidUri' }
        @{ Name = 'an invalid region'; Arguments = @{ Region = 'moon-base-1x' }; Id = 'InvalidRegion' }
        @{ Name = 'a missing -InFile'; Arguments = @{ Method = 'PUT'; InFile = '/no/such/file.bin' }; Id = 'InFileNotReadable' }
        @{ Name = '-OutFile in a missing folder'; Arguments = @{ OutFile = '/no/such/folder/out.json' }; Id = 'OutFileNotWritable' }
        @{ Name = 'an expired credential'; Arguments = @{ Credential = @{ AccessKeyId = 'ASIAEXPIRED000000001'; SecretAccessKey = 'ExpiredSecret/000000000000000000000000'; SessionToken = 'tok'; Expiration = '2020-01-01T00:00:00Z' } }; Id = 'ExpiredCredential' }
        @{ Name = 'an empty secret'; Arguments = @{ Credential = @{ AccessKeyId = 'AKIAEMPTYSECRET00001'; SecretAccessKey = '' } }; Id = 'InvalidCredential' }
    ) {
        $before = Get-ApiCalls
        $call = @{ Uri = (Url 'prod' '/items'); Credential = $Role } + @{}
        foreach ($key in $Arguments.Keys) { $call[$key] = $Arguments[$key] }
        $errors = $null
        try { Invoke-SignedHttpApi @call -ErrorAction SilentlyContinue -ErrorVariable errors } catch { $errors = @($_) }
        @($errors).Count | Should -BeGreaterOrEqual 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $errors[0].CategoryInfo.Category | Should -BeIn @('InvalidArgument', 'LimitsExceeded', 'AuthenticationError')
        (Get-ApiCalls) - $before | Should -Be 0
    }
}

Describe 'No secret in any stream' {
    It 'leaves no secret key, session token or signature in verbose, debug, errors, objects or the transcript' {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear
        $static = New-StaticCredential
        $wrong = @{ AccessKeyId = $static.AccessKeyId; SecretAccessKey = 'NotTheSecret/111111111111111111111111111'; SessionToken = $static.SessionToken }
        $transcript = Join-Path $TestDrive 'transcript.txt'
        $Error.Clear()
        Start-Transcript -Path $transcript -Force | Out-Null
        try {
            $DebugPreference = 'Continue'
            $PSDefaultParameterValues['Invoke-SignedHttpApi:WarningAction'] = 'Continue'
            $out = & {
                Invoke-SignedHttpApi -Uri (Url 'prod' '/items') -Credential $static -Verbose -Debug -AsResponse
                Invoke-SignedHttpApi -Uri (Url '$default' '/items') -Method POST -Body @{ a = 1 } -Credential $static -Verbose -Debug
                Invoke-SignedHttpApi -Uri (Url 'prod' '/items') -Credential $wrong -Verbose -Debug -ErrorAction Continue
                Invoke-SignedHttpApi -Uri (Url 'prod' '/admin/report') -Credential $static -Verbose -Debug -ErrorAction Continue
                Invoke-SignedHttpApi -Uri (Url 'prod' '/items') -Credential $wrong -Verbose -Debug -AsResponse -SkipHttpErrorCheck
            } *>&1
            # What a runbook log would show: the streams as the host displays them, and the errors in full.
            $out | Out-Host
        }
        finally {
            Stop-Transcript | Out-Null
            $DebugPreference = 'SilentlyContinue'
            $PSDefaultParameterValues.Remove('Invoke-SignedHttpApi:WarningAction')
        }

        $text = @(
            ($out | Out-String -Width 400)
            ($out | Where-Object { $_ -is [CrossAcctApi.SignedHttpApiResponse] } | ConvertTo-Json -Depth 6)
            ($Error | Format-List * -Force | Out-String -Width 400)
            ($Error | ForEach-Object { $_.Exception | Format-List * -Force | Out-String -Width 400; $_.Exception.Diagnosis | ConvertTo-Json -Depth 6 })
            (Get-Content -Raw $transcript)
        ) -join "`n"
        $text | Should -Match 'Canonical request \(session token redacted\)'
        $text | Should -Match 'SignatureMismatch'
        foreach ($secret in $static.SecretAccessKey, $static.SessionToken, $wrong.SecretAccessKey) {
            foreach ($form in $secret, [uri]::EscapeDataString($secret), [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($secret))) {
                $text.Contains($form) | Should -BeFalse -Because 'no form of a secret may appear'
            }
        }
        $text | Should -Not -Match 'Signature=[0-9a-f]{64}'
    }
}

Describe 'Help' {
    It 'documents every parameter and has examples, one piping a CSV of routes' {
        $help = Get-Help Invoke-SignedHttpApi -Full
        @($help.examples.example).Count | Should -BeGreaterOrEqual 4
        ($help.examples.example.code -join "`n") | Should -Match 'Import-Csv'
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        foreach ($name in (Get-Command Invoke-SignedHttpApi).Parameters.Keys | Where-Object { $_ -notin $common }) {
            ($help.parameters.parameter | Where-Object name -EQ $name).description | Should -Not -BeNullOrEmpty -Because "-$name needs help"
        }
    }
}
