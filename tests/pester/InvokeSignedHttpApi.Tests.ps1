#Requires -Version 7.0
# Invoke-SignedHttpApi against the sandbox (a local STS and IAM-authorized HTTP API, build/SandboxHost.psm1): the seed's
# cross-account flow, -OutFile, -AsResponse, ordered concurrency, bad input that sends nothing, no secret in any stream
# and the help. Every 403 variant and its ErrorId: InvokeSignedHttpApi.Refusals.Tests.ps1; retries under injected
# faults, refresh, clock skew and timeouts: InvokeSignedHttpApi.Trouble.Tests.ps1.

BeforeAll { . (Join-Path $PSScriptRoot 'InvokeSignedHttpApi.Fixture.ps1') }

AfterAll { Stop-InvokeSignedHttpApiFixture }

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
