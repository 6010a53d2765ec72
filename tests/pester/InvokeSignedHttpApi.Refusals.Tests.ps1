#Requires -Version 7.0
# Invoke-SignedHttpApi against the sandbox (a local STS and IAM-authorized HTTP API, build/SandboxHost.psm1) and a stub
# server: every 403 variant and its ErrorId, recommended action and response body, and how content is written out.
# The shared setup is InvokeSignedHttpApi.Fixture.ps1.

BeforeAll { . (Join-Path $PSScriptRoot 'InvokeSignedHttpApi.Fixture.ps1') }

AfterAll { Stop-InvokeSignedHttpApiFixture }

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
