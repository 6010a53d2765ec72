#Requires -Version 7.0
# Where Invoke-RestMethod users already are: New-SignedHttpApiRequest output that Invoke-RestMethod, HttpClient and
# curl accept as its help documents (the help examples run here against the sandbox), what is sent is what is signed
# ('+' is a literal plus; botocore signs what the module sends to the same signature), and Invoke-RestMethod's
# parameters on Invoke-SignedHttpApi with its meaning, including a proxy (a small counting forward proxy in Python).

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath }
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SigningPeers.psm1') -Force
    $script:Sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath (Join-Path $RepoRoot 'out/sandbox')

    $script:Ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
    $script:InvokerArn = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
    $script:InvokerSession = 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/'
    $script:Fqid = ',CrossAcctApi.InvokeSignedHttpApiCommand'
    $script:Echo = $Sandbox.ApiUrl('$default', '/echo')
    $script:Role = Get-AssumedRoleCredential -RoleArn $InvokerArn -Credential $Ops -StsEndpoint $Sandbox.StsEndpoint -Region us-east-1 -NoCache
    $script:SavedRegion = $env:AWS_REGION
    $env:AWS_REGION = 'us-east-1'

    function Skip-When([string] $Reason) { if ($Reason) { Set-ItResult -Skipped -Because $Reason } }
    $script:BotoMissing = Get-BotocoreMissingReason
    $script:CurlMissing = Get-CurlMissingReason

    # The PowerShell block under "### <Title>" in a help topic.
    function Get-HelpExample([string] $Topic, [string] $Title) {
        $text = Get-Content -Raw (Join-Path $RepoRoot "docs/help/$Topic.md")
        if ($text -notmatch "(?s)### $([regex]::Escape($Title))\s*``````powershell\r?\n(?<code>.*?)``````") { throw "No example '$Title' in $Topic.md." }
        $Matches['code']
    }

    # A forward proxy that counts what it forwards and, with -User, asks for Basic credentials (407) first.
    function Start-CountingProxy([string] $User, [string] $Password) {
        $script:ProxyScript = Join-Path $TestDrive 'proxy.py'
        @'
import base64, http.client, http.server, socketserver, sys, threading, urllib.parse
expected = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None
count = {"forwarded": 0, "refused": 0}
lock = threading.Lock()
class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args): pass
    def relay(self):
        if self.path == "/__count":
            body = ("%d %d" % (count["forwarded"], count["refused"])).encode()
            self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body); return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        if expected and self.headers.get("Proxy-Authorization") != "Basic " + base64.b64encode(expected.encode()).decode():
            with lock: count["refused"] += 1
            self.send_response(407); self.send_header("Proxy-Authenticate", 'Basic realm="test"'); self.send_header("Content-Length", "0"); self.end_headers(); return
        target = urllib.parse.urlsplit(self.path)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("proxy-authorization", "proxy-connection", "connection")}
        upstream = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=30)
        # The raw path and query, byte for byte: a proxy that re-encodes would break the signature.
        upstream.request(self.command, target.path + ("?" + target.query if target.query else ""), body=body, headers=headers)
        answer = upstream.getresponse()
        data = answer.read()
        with lock: count["forwarded"] += 1
        self.send_response(answer.status)
        for k, v in answer.getheaders():
            if k.lower() not in ("transfer-encoding", "connection", "content-length"): self.send_header(k, v)
        self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = relay
server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Proxy)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
'@ | Set-Content -LiteralPath $ProxyScript
        $info = [System.Diagnostics.ProcessStartInfo]::new('/usr/bin/python3')
        foreach ($a in @($ProxyScript, $(if ($User) { "${User}:$Password" } else { '' }))) { $info.ArgumentList.Add($a) }
        $info.RedirectStandardOutput = $true
        $info.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($info)
        $port = $process.StandardOutput.ReadLine()
        [pscustomobject] @{ Process = $process; Url = "http://127.0.0.1:$port" }
    }

    function Get-ProxyCount($Proxy) {
        # Asked directly (not through a proxy), as an origin-form request.
        $client = [System.Net.Http.HttpClient]::new([System.Net.Http.HttpClientHandler] @{ UseProxy = $false })
        try { $forwarded, $refused = $client.GetStringAsync("$($Proxy.Url)/__count").GetAwaiter().GetResult() -split ' '; [pscustomobject] @{ Forwarded = [int] $forwarded; Refused = [int] $refused } }
        finally { $client.Dispose() }
    }
}

AfterAll {
    if ($null -eq $script:SavedRegion) { Remove-Item env:AWS_REGION -ErrorAction SilentlyContinue } else { $env:AWS_REGION = $script:SavedRegion }
    if ($script:Sandbox) { Stop-CrossAcctApiSandbox $script:Sandbox }
    Remove-PeerHome
}

Describe 'New-SignedHttpApiRequest output in other tools' {
    BeforeAll {
        # The help's `aws sts assume-role ...` line, answered by the AWS CLI against the sandbox's STS as account B's user.
        function aws {
            $arguments = @($args | ForEach-Object { "$_" }) + @('--endpoint-url', $Sandbox.StsEndpoint, '--region', 'us-east-1', '--output', 'json')
            $result = Invoke-Tool -FilePath 'aws' -Arguments $arguments -Environment @{ AWS_ACCESS_KEY_ID = $Ops.AccessKeyId; AWS_SECRET_ACCESS_KEY = $Ops.SecretAccessKey }
            if ($result.ExitCode -ne 0) { throw "aws failed: $($result.StdErr)" }
            $result.StdOut
        }
        $script:AwsMissing = if (Get-Command aws -CommandType Application -ErrorAction SilentlyContinue) { $null } else { 'the AWS CLI is not installed' }

        function ConvertTo-SandboxExample([string] $Code) {
            $Code.Replace('https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/orders', $Echo).Replace('111122223333', '111111111111')
        }
    }

    It 'help example 1 works as written: Invoke-RestMethod -Headers $request.GetHeaders(), without -SkipHeaderValidation' {
        Skip-When $AwsMissing
        $Error.Clear()
        $answer = . ([scriptblock]::Create((ConvertTo-SandboxExample (Get-HelpExample 'New-SignedHttpApiRequest' 'Example 1: Sign with assumed-role credentials and send the request'))))
        $answer.caller | Should -BeLike "$InvokerSession*"
        $answer.method | Should -Be 'GET'
        $Error.Count | Should -Be 0
    }

    It 'help example 2 works as written: a signed POST with the exact body bytes' {
        Skip-When $AwsMissing
        $credential = aws sts assume-role --role-arn $InvokerArn --role-session-name ops | ConvertFrom-Json
        $answer = . ([scriptblock]::Create((ConvertTo-SandboxExample (Get-HelpExample 'New-SignedHttpApiRequest' 'Example 2: Sign a POST with a JSON body'))))
        $answer.method | Should -Be 'POST'
        ($answer.body | ConvertFrom-Json).item | Should -Be 'book'
        $answer.contentType | Should -Be 'application/json'
    }

    It 'Invoke-WebRequest and HttpClient.Headers.Add take every header GetHeaders() gives' {
        $request = New-SignedHttpApiRequest -Uri "$Echo`?x=1+2" -Credential $Role
        (Invoke-WebRequest -Uri $request.GetUri() -Method $request.Method -Headers $request.GetHeaders()).StatusCode | Should -Be 200
        $message = [System.Net.Http.HttpRequestMessage]::new('GET', $request.GetUri())
        foreach ($entry in $request.GetHeaders().GetEnumerator()) { $message.Headers.Add($entry.Key, [string] $entry.Value) }
        $client = [System.Net.Http.HttpClient]::new()
        try { [int] $client.SendAsync($message).GetAwaiter().GetResult().StatusCode | Should -Be 200 } finally { $client.Dispose(); $message.Dispose() }
    }

    It 'curl sends GetUri() and GetHeaders() as they are' {
        Skip-When $CurlMissing
        $request = New-SignedHttpApiRequest -Uri $Echo -Credential $Role
        $headers = foreach ($entry in $request.GetHeaders().GetEnumerator()) { "$($entry.Key): $($entry.Value)" }
        $answer = Invoke-CurlSigV4 -Url $request.GetUri().AbsoluteUri -Header $headers
        $answer.Status | Should -Be 200 -Because $answer.Body
    }

    It 'a header another tool refuses puts no secret into the error record' {
        $request = New-SignedHttpApiRequest -Uri $Echo -Credential $Role
        $headers = $request.GetHeaders()
        $headers['If-Match'] = 'not a "valid entity tag'
        $record = $null
        try { $null = Invoke-RestMethod -Uri $request.GetUri() -Headers $headers } catch { $record = $_ }
        $record | Should -Not -BeNullOrEmpty
        $text = ($record | Out-String) + $record.Exception.ToString() + $record.ErrorDetails
        $text | Should -Not -Match ([regex]::Escape(($headers['Authorization'] -split 'Signature=')[1]))
        $text | Should -Not -Match ([regex]::Escape($headers['X-Amz-Security-Token']))
    }
}

Describe 'what is sent is what is signed' {
    It '?x=1+2 is sent as x=1%2B2 and accepted (SignatureMismatch on the old build)' {
        $answer = Invoke-SignedHttpApi -Uri "$Echo`?x=1+2&q=a b" -Credential $Role
        $answer.rawQuery | Should -BeExactly 'x=1%2B2&q=a%20b'
    }

    It 'generated URLs with every reserved character are accepted, sent as signed, and signed as botocore signs them' {
        $reserved = ':/?#[]@!$&()*+,;= %~' + "'" + [char] 0xe9
        $random = [System.Random]::new(16)
        $time = [DateTimeOffset]::UtcNow
        foreach ($i in 1..12) {
            $chars = -join (1..6 | ForEach-Object { $reserved[$random.Next($reserved.Length)] })
            $segment = [uri]::EscapeDataString("p$chars")
            # Query: reserved characters raw where a URL keeps them (a raw '+', ':', '/', '?', '@', ...), '&', '#', '=' and '%' escaped.
            $value = $chars.Replace('%', '%25').Replace('&', '%26').Replace('#', '%23').Replace('=', '%3D')
            $url = $Sandbox.ApiUrl('$default', "/echo/$segment") + "?k=$value&$value=v"
            $answer = Invoke-SignedHttpApi -Uri $url -Credential $Role -ErrorAction Stop
            $signed = New-SignedHttpApiRequest -Uri $url -Credential $Ops -Timestamp $time
            $answer.rawQuery | Should -BeExactly $signed.GetUri().Query.TrimStart('?') -Because $url
            $answer.path | Should -BeExactly ('/echo/' + [uri]::UnescapeDataString($segment)) -Because $url
            if (-not $BotoMissing) {
                $spec = @{ url = $signed.GetUri().AbsoluteUri; accessKeyId = $Ops.AccessKeyId; secretAccessKey = $Ops.SecretAccessKey; sessionToken = $null; timestamp = $time.UtcDateTime.ToString('yyyyMMddTHHmmssZ') }
                $script = 'import json,sys; from botocore.auth import SigV4Auth; from botocore.awsrequest import AWSRequest; from botocore.credentials import Credentials
s=json.load(sys.stdin); r=AWSRequest(method="GET", url=s["url"]); r.context["timestamp"]=s["timestamp"]
a=SigV4Auth(Credentials(s["accessKeyId"], s["secretAccessKey"], s["sessionToken"]), "execute-api", "us-east-1"); a._modify_request_before_signing(r)
print(a.signature(a.string_to_sign(r, a.canonical_request(r)), r))'
                $boto = Invoke-Tool -FilePath '/usr/bin/python3' -Arguments @('-c', $script) -StdIn ($spec | ConvertTo-Json -Compress)
                $boto.ExitCode | Should -Be 0 -Because $boto.StdErr
                ($signed.GetHeaders()['Authorization'] -split 'Signature=')[1] | Should -BeExactly $boto.StdOut.Trim() -Because "botocore signs $($spec.url) the same"
            }
        }
    }
}

Describe 'Invoke-RestMethod parameters on Invoke-SignedHttpApi' {
    It '-Method GET -Body @{...} becomes the query string, encoded as signed' {
        $answer = Invoke-SignedHttpApi -Uri "$Echo`?a=1" -Method GET -Body ([ordered] @{ limit = 10; q = 'a b+c'; id = @('x', 'y') }) -Credential $Role
        $answer.rawQuery | Should -BeExactly 'a=1&limit=10&q=a%20b%2Bc&id=x&id=y'
        $answer.limit | Should -Be '10'
        $answer.body | Should -BeNullOrEmpty
    }

    It '-UserAgent, -CustomMethod, -ConnectionTimeoutSeconds, -OperationTimeoutSeconds and -HttpVersion' {
        $answer = Invoke-SignedHttpApi -Uri $Echo -CustomMethod PATCH -Body '{}' -UserAgent 'ops-tool/2.1' -ConnectionTimeoutSeconds 20 -OperationTimeoutSeconds 20 -HttpVersion 1.1 -Credential $Role
        $answer.method | Should -Be 'PATCH'
        $answer.userAgent | Should -Be 'ops-tool/2.1'
        (Invoke-SignedHttpApi -Uri $Echo -HttpVersion 2.0 -Credential $Role).method | Should -Be 'GET'
    }

    It '-PassThru with -OutFile writes the file and returns the answer' {
        $path = Join-Path $TestDrive 'echo.json'
        $answer = Invoke-SignedHttpApi -Uri $Echo -OutFile $path -PassThru -Credential $Role
        $answer.caller | Should -BeLike "$InvokerSession*"
        (Get-Content -Raw $path | ConvertFrom-Json).caller | Should -Be $answer.caller
    }

    It '-ResponseHeadersVariable holds what Invoke-RestMethod''s does: a case-insensitive dictionary of string lists' {
        $null = Invoke-SignedHttpApi -Uri $Echo -Credential $Role -ResponseHeadersVariable headers
        $null = Invoke-RestMethod -Uri $Echo -ResponseHeadersVariable irmHeaders -SkipHttpErrorCheck
        $headers.GetType() | Should -Be $irmHeaders.GetType()
        $headers['content-type'][0] | Should -BeLike 'application/json*'
    }

    It '-Form sends multipart/form-data signed over the exact bytes sent' {
        $file = Join-Path $TestDrive 'note.txt'
        Set-Content -LiteralPath $file -Value 'file content 42' -NoNewline
        $answer = Invoke-SignedHttpApi -Uri $Echo -Method POST -Form @{ name = 'widget'; tags = @('a', 'b'); upload = Get-Item $file } -Credential $Role
        $answer.contentType | Should -Match '^multipart/form-data; boundary='
        $answer.body | Should -Match 'name="name"\s+widget'
        $answer.body | Should -Match 'filename="?note.txt"?'
        $answer.body | Should -Match 'file content 42'
        ([regex]::Matches($answer.body, 'name="tags"')).Count | Should -Be 2
    }

    Context 'through a proxy' {
        BeforeAll { $script:Proxy = Start-CountingProxy }
        AfterAll { if ($script:Proxy) { $script:Proxy.Process.Kill($true); $script:Proxy.Process.Dispose() } }

        It '-Proxy sends every call through the proxy on one shared client, not one client per call' {
            $before = (Get-ProxyCount $Proxy).Forwarded
            $clients = [CrossAcctApi.Core.Http.HttpClientPool]::Count
            foreach ($i in 1..3) { (Invoke-SignedHttpApi -Uri "$Echo`?x=1+$i" -Proxy $Proxy.Url -Credential $Role).rawQuery | Should -BeExactly "x=1%2B$i" }
            (Get-ProxyCount $Proxy).Forwarded - $before | Should -Be 3
            [CrossAcctApi.Core.Http.HttpClientPool]::Count - $clients | Should -Be 1 -Because 'three calls through one proxy share one client'
        }

        It '-NoProxy connects directly' {
            $before = (Get-ProxyCount $Proxy).Forwarded
            (Invoke-SignedHttpApi -Uri $Echo -NoProxy -Credential $Role).method | Should -Be 'GET'
            (Get-ProxyCount $Proxy).Forwarded | Should -Be $before
        }
    }

    Context 'through a proxy that asks for credentials' {
        BeforeAll { $script:AuthProxy = Start-CountingProxy -User 'proxy-user' -Password 'proxy-pass' }
        AfterAll { if ($script:AuthProxy) { $script:AuthProxy.Process.Kill($true); $script:AuthProxy.Process.Dispose() } }

        It '-ProxyCredential answers the proxy''s 407' {
            $credential = [pscredential]::new('proxy-user', (ConvertTo-SecureString 'proxy-pass' -AsPlainText -Force))
            (Invoke-SignedHttpApi -Uri $Echo -Proxy $AuthProxy.Url -ProxyCredential $credential -Credential $Role).method | Should -Be 'GET'
            $count = Get-ProxyCount $AuthProxy
            $count.Forwarded | Should -Be 1
            $count.Refused | Should -BeGreaterOrEqual 1 -Because 'the handler answers the challenge'
        }
    }
}
