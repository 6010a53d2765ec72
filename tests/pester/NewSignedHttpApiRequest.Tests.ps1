# New-SignedHttpApiRequest: known signatures (computed outside this module), region inference, the signed request and
# presigning. Bad input and credential shapes: NewSignedHttpApiRequest.Input.Tests.ps1; secrets kept out of every
# stream: NewSignedHttpApiRequest.Secrets.Tests.ps1. Shared setup: NewSignedHttpApiRequest.Fixture.ps1.
BeforeDiscovery {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    $SuiteDir = Join-Path $RepoRoot '../shared/sigv4-test-suite'
    $HasSuite = Test-Path (Join-Path $SuiteDir 'get-vanilla-with-session-token')
    # curl 7.75+ signs with --aws-sigv4: an independent SigV4 implementation to compare with.
    $curl = Get-Command curl -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    $HasCurlSigV4 = [bool] ($curl -and ((& $curl.Source --help all 2>$null) -match '--aws-sigv4'))
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'NewSignedHttpApiRequest.Fixture.ps1')

    function Invoke-CurlSigV4 {
        # Sends the request with curl --aws-sigv4 to a local listener (via --connect-to, so the Host header is the
        # API's) and returns the headers curl sent. curl reads the clock itself; its X-Amz-Date is returned too.
        param([string] $Url, [string] $Method, [string] $Region, [string] $KeyId, [string] $Secret, [string] $Token, [string] $Body, [string] $ContentType)
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $uri = [uri] $Url
            $arguments = @('-s', '-o', '/dev/null', '--max-time', '15', '--aws-sigv4', "aws:amz:${Region}:execute-api", '--user', "${KeyId}:${Secret}",
                '-X', $Method, '--connect-to', "$($uri.Host):$($uri.Port):127.0.0.1:$($listener.LocalEndpoint.Port)")
            if ($Token) { $arguments += @('-H', "x-amz-security-token: $Token") }
            if ($ContentType) { $arguments += @('-H', "Content-Type: $ContentType") }
            if ($Body) { $arguments += @('--data-binary', $Body) }
            $start = [System.Diagnostics.ProcessStartInfo]::new('curl')
            foreach ($a in $arguments + $Url) { $start.ArgumentList.Add($a) }
            $curl = [System.Diagnostics.Process]::Start($start)
            $accept = $listener.AcceptTcpClientAsync()
            if (-not $accept.Wait(15000)) { throw 'curl did not connect.' }
            $client = $accept.Result
            try {
                $stream = $client.GetStream()
                $buffer = [byte[]]::new(65536)
                $received = [System.IO.MemoryStream]::new()
                do {
                    $count = $stream.Read($buffer, 0, $buffer.Length)
                    $received.Write($buffer, 0, $count)
                    $text = [System.Text.Encoding]::ASCII.GetString($received.ToArray())
                } while ($count -gt 0 -and -not $text.Contains("`r`n`r`n"))
                $reply = [System.Text.Encoding]::ASCII.GetBytes("HTTP/1.1 204 No Content`r`nConnection: close`r`n`r`n")
                $stream.Write($reply, 0, $reply.Length)
            }
            finally {
                $client.Close()
            }
            $null = $curl.WaitForExit(15000)
        }
        finally {
            $listener.Stop()
        }
        $headers = @{}
        foreach ($line in ($text.Substring(0, $text.IndexOf("`r`n`r`n")) -split "`r`n" | Select-Object -Skip 1)) {
            $name, $value = $line -split ':\s*', 2
            $headers[$name] = $value
        }
        $headers
    }
}

AfterAll {
    Restore-EnvironmentVariable $SavedEnvironment
}

Describe 'New-SignedHttpApiRequest: signatures computed independently' {
    It 'signs the AWS test-suite case get-vanilla exactly as AWS documents it' {
        # AWS SigV4 test suite, get-vanilla: GET / on example.amazonaws.com, us-east-1/service, 20150830T123600Z.
        $r = New-SignedHttpApiRequest -Uri 'https://example.amazonaws.com/' -Region us-east-1 -Service service `
            -AccessKeyId $DocKeyId -SecretAccessKey $DocSecret -Timestamp $DocTime

        # AWS documents "Credential=..., SignedHeaders=..."; GetHeaders() puts a blank for the comma, which strict header
        # parsers (Invoke-RestMethod -Headers) accept and AWS reads alike. The signature is the documented one.
        $r.GetHeaders()['Authorization'] | Should -BeExactly 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'
        $r.GetHeaders()['X-Amz-Date'] | Should -BeExactly '20150830T123600Z'
        $r.StringToSign | Should -BeExactly "AWS4-HMAC-SHA256`n20150830T123600Z`n20150830/us-east-1/service/aws4_request`nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"
    }

    It 'presigns get-vanilla with the signature the AWS test suite gives' {
        $r = New-SignedHttpApiRequest -Uri 'https://example.amazonaws.com/' -Region us-east-1 -Service service `
            -AccessKeyId $DocKeyId -SecretAccessKey $DocSecret -Timestamp $DocTime -Presign -ExpiresIn 3600

        $r.GetUri().Query | Should -Match '[?&]X-Amz-Signature=e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d$'
        $r.GetUri().Query | Should -Match 'X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request'
    }

    It 'signs the IAM ListUsers example of the AWS documentation (query and content-type header)' {
        # "Create a signed AWS API request": GET https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08.
        $r = New-SignedHttpApiRequest -Uri 'https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08' -Region us-east-1 -Service iam `
            -Header @{ 'Content-Type' = 'application/x-www-form-urlencoded; charset=utf-8' } `
            -AccessKeyId $DocKeyId -SecretAccessKey $DocSecret -Timestamp $DocTime

        Get-SignatureOf $r.GetHeaders()['Authorization'] | Should -BeExactly '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7'
        $r.SignedHeaders | Should -BeExactly 'content-type;host;x-amz-date'
        ($r.StringToSign -split "`n")[-1] | Should -BeExactly 'f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59'
    }

    It 'signs get-vanilla-with-session-token as the shared AWS test suite expects' -Skip:(-not $HasSuite) {
        $case = Join-Path $SuiteDir 'get-vanilla-with-session-token'
        # The timestamp as written: ConvertFrom-Json would make it a DateTime, which Parse then reads in the local time zone.
        $context = Get-Content -Raw (Join-Path $case 'context.json') | ConvertFrom-Json -DateKind String
        $expected = (Get-Content -Raw (Join-Path $case 'header-signature.txt')).Trim()

        $r = New-SignedHttpApiRequest -Uri 'https://example.amazonaws.com/' -Region $context.region -Service $context.service `
            -AccessKeyId $context.credentials.access_key_id -SecretAccessKey $context.credentials.secret_access_key `
            -SessionToken $context.credentials.token -Timestamp ([DateTimeOffset]::Parse($context.timestamp, [cultureinfo]::InvariantCulture))

        Get-SignatureOf $r.GetHeaders()['Authorization'] | Should -BeExactly $expected
        $r.GetHeaders()['X-Amz-Security-Token'] | Should -BeExactly $context.credentials.token
    }

    Context 'against curl --aws-sigv4' -Skip:(-not $HasCurlSigV4) {
        # curl 7.88 signs the path as sent and the query in the order given (it does not sort), so these cases use
        # plain paths and sorted queries, where curl's rules and SigV4's agree.
        It 'gives the same Authorization as curl for <Name>' -ForEach @(
            @{ Name = 'GET'; Url = 'http://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/items'; Method = 'GET' }
            @{ Name = 'GET with a sorted query'; Url = 'http://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/items?a=1&b=x%20y&c='; Method = 'GET' }
            @{ Name = 'POST with JSON body and session token'; Url = 'http://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/orders'; Method = 'POST'; Body = '{"id":42,"note":"caf\u00e9"}'; ContentType = 'application/json'; Token = 'IQoJb3JpZ2luX2VjEXAMPLE/token+value==' }
        ) {
            $sent = Invoke-CurlSigV4 -Url $Url -Method $Method -Region eu-west-1 -KeyId $DocKeyId -Secret $DocSecret -Token $Token -Body $Body -ContentType $ContentType
            $time = [DateTimeOffset]::ParseExact($sent['X-Amz-Date'], 'yyyyMMddTHHmmssZ', [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AssumeUniversal)
            $credential = @{ AccessKeyId = $DocKeyId; SecretAccessKey = $DocSecret; SessionToken = $Token }
            $header = if ($ContentType) { @{ 'Content-Type' = $ContentType } } else { $null }

            # curl talks plain http to a local listener that records its headers; the module refuses plain http to a
            # public host, and the scheme is not part of what SigV4 signs, so it signs the https twin.
            $r = New-SignedHttpApiRequest -Uri ($Url -replace '^http:', 'https:') -Method $Method -Body $Body -Header $header -Credential $credential -Timestamp $time

            $r.GetHeaders()['Authorization'] | Should -BeExactly ($sent['Authorization'] -replace ', SignedHeaders=', ' SignedHeaders=') -Because 'the same parameters, with the blank strict parsers accept'
        }
    }
}

Describe 'New-SignedHttpApiRequest: region and service' {
    BeforeAll {
        $sign = { param($Uri, $Region) New-SignedHttpApiRequest -Uri $Uri -Region $Region -AccessKeyId $DocKeyId -SecretAccessKey $DocSecret -Timestamp $DocTime -ErrorAction Stop }
    }

    It 'reads <Region> from <Uri>' -ForEach @(
        @{ Uri = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/items'; Region = 'eu-west-1' }
        @{ Uri = 'https://A1B2C3D4E5.Execute-Api.AP-Southeast-2.amazonaws.com/'; Region = 'ap-southeast-2' }
        @{ Uri = 'https://a1b2c3d4e5.execute-api.cn-north-1.amazonaws.com.cn/prod'; Region = 'cn-north-1' }
        @{ Uri = 'https://a1b2c3d4e5.execute-api.us-gov-west-1.amazonaws.com/'; Region = 'us-gov-west-1' }
    ) {
        $r = & $sign $Uri $null

        $r.Region | Should -BeExactly $Region
        $r.Service | Should -BeExactly 'execute-api'
        $r.CredentialScope | Should -BeExactly "20150830/$Region/execute-api/aws4_request"
    }

    It 'needs -Region for <Uri>' -ForEach @(
        @{ Uri = 'http://127.0.0.1:5080/prod/items' }
        @{ Uri = 'http://localhost/items' }
        @{ Uri = 'https://api.example.com/orders' }
    ) {
        $e = Get-ErrorRecord { & $sign $Uri $null }

        $e.FullyQualifiedErrorId | Should -BeExactly "RegionRequired,$Cmdlet"
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -Match 'AWS_REGION'
        $e.ErrorDetails.RecommendedAction | Should -Match '-Region'
        $e.TargetObject | Should -BeExactly ([uri] $Uri).Host
    }

    It 'signs a custom domain for -Region' {
        (& $sign 'https://api.example.com/orders' 'eu-central-1').Region | Should -BeExactly 'eu-central-1'
    }

    It 'takes AWS_REGION, then AWS_DEFAULT_REGION, for hosts that name no region' {
        try {
            $env:AWS_DEFAULT_REGION = 'us-west-2'
            (& $sign 'http://127.0.0.1:5080/' $null).Region | Should -BeExactly 'us-west-2'
            $env:AWS_REGION = 'sa-east-1'
            (& $sign 'http://127.0.0.1:5080/' $null).Region | Should -BeExactly 'sa-east-1'
            (& $sign $ApiUrl $null).Region | Should -BeExactly 'eu-west-1' -Because 'the execute-api host wins over the environment'
        }
        finally {
            $env:AWS_REGION = $null
            $env:AWS_DEFAULT_REGION = $null
        }
    }

    It 'warns when -Region contradicts the execute-api host' {
        $r = New-SignedHttpApiRequest -Uri $ApiUrl -Region us-east-1 -AccessKeyId $DocKeyId -SecretAccessKey $DocSecret -WarningVariable warnings -WarningAction SilentlyContinue

        $r.Region | Should -BeExactly 'us-east-1'
        $warnings | Should -HaveCount 1
        "$warnings" | Should -Match 'eu-west-1'
    }

    It 'signs for another service with -Service' {
        (New-SignedHttpApiRequest -Uri $ApiUrl -Service lambda -AccessKeyId $DocKeyId -SecretAccessKey $DocSecret).Service | Should -BeExactly 'lambda'
    }
}

Describe 'New-SignedHttpApiRequest: the signed request' {
    BeforeAll {
        $signed = New-SignedHttpApiRequest -Uri "$ApiUrl`?b=2&a=1" -Credential $LeakCredential -Timestamp $DocTime -Header ([ordered] @{ 'Content-Type' = 'application/json'; 'X-Trace' = @('one', 'two') })
    }

    It 'declares its output type and parameter sets' {
        $command = Get-Command New-SignedHttpApiRequest
        $command.OutputType.Type | Should -Be ([CrossAcctApi.SignedHttpApiRequest])
        $command.ParameterSets.Name | Sort-Object | Should -Be @('Credential', 'Keys', 'Profile')
        $command.DefaultParameterSet | Should -BeExactly 'Credential'
        $command.Parameters['Credential'].ParameterSets['Credential'].ValueFromPipeline | Should -BeTrue
        $command.Parameters['Uri'].ParameterSets['__AllParameterSets'].ValueFromPipelineByPropertyName | Should -BeTrue
        $command.Parameters['SecretAccessKey'].ParameterType | Should -Be ([securestring])
    }

    It 'lists the headers in order: the caller''s, Host, X-Amz-Security-Token, X-Amz-Date, Authorization' {
        @($signed.Headers.Keys) | Should -Be @('Content-Type', 'X-Trace', 'Host', 'X-Amz-Security-Token', 'X-Amz-Date', 'Authorization')
        $signed.Headers['X-Trace'] | Should -BeExactly 'one,two'
        $signed.Headers['X-Amz-Security-Token'] | Should -BeExactly '(redacted)'
        $signed.Headers['Authorization'] | Should -Match 'SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-trace, Signature=\(redacted\)$'
    }

    It 'gives the real headers, ready for Invoke-RestMethod, through GetHeaders()' {
        $headers = $signed.GetHeaders()

        $headers | Should -BeOfType [hashtable]
        $headers.ContainsKey('Host') | Should -BeFalse
        $headers['x-amz-security-token'] | Should -BeExactly $LeakToken
        $headers['Authorization'] | Should -Match 'Signature=[0-9a-f]{64}$'
        $headers['X-Trace'] | Should -BeExactly 'one,two'
        $signed.GetHeaders($true)['Host'] | Should -BeExactly 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com'
    }

    It 'shows the canonical request with the session token redacted, and gives the exact text on request' {
        $signed.CanonicalRequest | Should -Match "`nx-amz-security-token:\(redacted\)`n"
        $signed.CanonicalRequest | Should -Match "^GET`n/prod/items`na=1&b=2`n"
        $signed.GetCanonicalRequestText() | Should -Match ("`nx-amz-security-token:" + [regex]::Escape($LeakToken) + "`n")
        $signed.GetCanonicalRequestText().Replace($LeakToken, '(redacted)') | Should -BeExactly $signed.CanonicalRequest
    }

    It 'upper-cases standard methods, which Invoke-RestMethod sends upper-cased' {
        (New-SignedHttpApiRequest -Uri $ApiUrl -Method post -AccessKeyId $DocKeyId -SecretAccessKey $DocSecret).Method | Should -BeExactly 'POST'
        (New-SignedHttpApiRequest -Uri $ApiUrl -Method PURGE -AccessKeyId $DocKeyId -SecretAccessKey $DocSecret).Method | Should -BeExactly 'PURGE'
    }

    It 'signs a string body as UTF-8' {
        $body = '{"name":"Zoë"}'
        $bytes = [System.Text.UTF8Encoding]::new($false).GetBytes($body)

        $r = New-SignedHttpApiRequest -Uri $ApiUrl -Method POST -Body $body -AccessKeyId $DocKeyId -SecretAccessKey $DocSecret

        $r.BodyLength | Should -Be $bytes.Length
        ($r.CanonicalRequest -split "`n")[-1] | Should -BeExactly (Get-Sha256Hex $bytes)
        [Convert]::ToBase64String($r.GetBody()) | Should -BeExactly ([Convert]::ToBase64String($bytes))
    }

    It 'signs a byte[] body as is' {
        $bytes = [byte[]] (0, 1, 2, 254, 255)

        $r = New-SignedHttpApiRequest -Uri $ApiUrl -Method PUT -Body $bytes -AccessKeyId $DocKeyId -SecretAccessKey $DocSecret

        ($r.CanonicalRequest -split "`n")[-1] | Should -BeExactly (Get-Sha256Hex $bytes)
    }

    It 'sends and signs x-amz-content-sha256 with -PayloadHashHeader' {
        $bytes = [System.Text.Encoding]::UTF8.GetBytes('hello')

        $r = New-SignedHttpApiRequest -Uri $ApiUrl -Method POST -Body 'hello' -PayloadHashHeader -AccessKeyId $DocKeyId -SecretAccessKey $DocSecret

        $r.GetHeaders()['x-amz-content-sha256'] | Should -BeExactly (Get-Sha256Hex $bytes)
        $r.SignedHeaders -split ';' | Should -Contain 'x-amz-content-sha256'
    }

    It 'defaults the signing time to now, in whole seconds' {
        $before = [DateTimeOffset]::UtcNow.AddSeconds(-1)
        $r = New-SignedHttpApiRequest -Uri $ApiUrl -AccessKeyId $DocKeyId -SecretAccessKey $DocSecret
        $after = [DateTimeOffset]::UtcNow

        $r.SigningTime | Should -BeGreaterOrEqual $before
        $r.SigningTime | Should -BeLessOrEqual $after
        $r.SigningTime.Millisecond | Should -Be 0
        $r.GetHeaders()['X-Amz-Date'] | Should -BeExactly $r.SigningTime.UtcDateTime.ToString('yyyyMMddTHHmmssZ')
    }

    It 'formats as a table of Method, Uri and SignedHeaders by default' {
        $text = $signed | Out-String -Width 250

        $text | Should -Match 'Method\s+Uri\s+SignedHeaders'
        $text | Should -Match 'content-type;host;x-amz-date;x-amz-security-token;x-trace'
    }
}

Describe 'New-SignedHttpApiRequest -Presign' {
    BeforeAll {
        $presigned = New-SignedHttpApiRequest -Uri "$ApiUrl`?page=2" -Credential $LeakCredential -Presign -ExpiresIn 120 -Timestamp $DocTime
        $real = $presigned.GetUri()
    }

    It 'puts the SigV4 parameters in the query' {
        $query = $real.Query
        $query | Should -Match '^\?page=2&'
        $query | Should -Match '[?&]X-Amz-Algorithm=AWS4-HMAC-SHA256(&|$)'
        $query | Should -Match ('[?&]X-Amz-Credential=' + $LeakKeyId + '%2F20150830%2Feu-west-1%2Fexecute-api%2Faws4_request(&|$)')
        $query | Should -Match '[?&]X-Amz-Date=20150830T123600Z(&|$)'
        $query | Should -Match '[?&]X-Amz-Expires=120(&|$)'
        $query | Should -Match '[?&]X-Amz-SignedHeaders=host(&|$)'
        $query | Should -Match ('[?&]X-Amz-Security-Token=' + [regex]::Escape([uri]::EscapeDataString($LeakToken)) + '(&|$)')
        $query | Should -Match '[?&]X-Amz-Signature=[0-9a-f]{64}$'
    }

    It 'shows the URL with signature and token redacted' {
        $shown = $presigned.Uri.ToString()

        $shown | Should -Match 'X-Amz-Signature=\(redacted\)'
        $shown | Should -Match 'X-Amz-Security-Token=\(redacted\)'
        $shown | Should -Match 'X-Amz-Algorithm=AWS4-HMAC-SHA256'
        $shown | Should -Not -Match ([regex]::Escape(($real.Query -split 'X-Amz-Signature=')[1]))
    }

    It 'has no Authorization header and expires ExpiresIn seconds after signing' {
        $presigned.Headers.Contains('Authorization') | Should -BeFalse
        $presigned.IsPresigned | Should -BeTrue
        $presigned.ExpiresAt | Should -Be $DocTime.AddSeconds(120)
    }
}
