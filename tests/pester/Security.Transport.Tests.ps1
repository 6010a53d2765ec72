#Requires -Version 7.0
# HTTPS only, except loopback (issue 14, item 1): a plain-http URL to any host that is not this machine - API URLs,
# presigned URLs, and STS endpoints from every source (-StsEndpoint, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, a profile's
# [services] section or endpoint_url) - is refused with InsecureEndpoint (SecurityError) before a byte is sent. The
# oracles: the sandbox's /_sandbox/stats counters, and a logging proxy on 127.0.0.1 (HTTP_PROXY of a child pwsh) that
# records every byte it is sent, so that "nothing was sent" is observed, not assumed.

BeforeDiscovery {
    # The profiles work (config-file STS endpoints) adds StsEndpointSettings to the engine; before it, no profile gives an
    # STS endpoint, and the profile cases are skipped (named) rather than passing for the wrong reason.
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath }
    $script:ProfileEndpointsMissing = -not (Select-String -Path (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.Core.dll') -Pattern 'StsEndpointSettings' -SimpleMatch -Quiet)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'SandboxSession.Fixture.ps1')
    Import-Module (Join-Path $PSScriptRoot 'SigningPeers.psm1') -Force
    $script:PublicApi = 'http://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items'

    function script:Get-SandboxCounts {
        $stats = Get-CrossAcctApiSandboxStats $Sandbox
        [pscustomobject] @{ Sts = [long] $stats.sts.total; Api = [long] $stats.api.total }
    }

    # Runs the call; returns its error records and what reached the sandbox meanwhile.
    function script:Invoke-Counted([scriptblock] $Call) {
        $before = Get-SandboxCounts
        $ErrorActionPreference = 'Continue'
        $errors = @(try { & $Call 2>&1 6>$null | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } } catch { $_ })
        $after = Get-SandboxCounts
        [pscustomobject] @{ Errors = @($errors); Sent = ($after.Sts - $before.Sts) + ($after.Api - $before.Api) }
    }

    function script:Assert-Refused($Result, [string] $Says) {
        $Result.Sent | Should -Be 0 -Because 'nothing may reach any server'
        $Result.Errors | Should -HaveCount 1
        $Result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'InsecureEndpoint,*'
        $Result.Errors[0].CategoryInfo.Category | Should -Be 'SecurityError'
        if ($Says) { "$($Result.Errors[0].Exception.Message)" | Should -Match $Says }
    }

    # The sandbox's own STS endpoint, as any other loopback name: positive controls that do reach it.
    $script:StsPort = ([uri] $Sts).Port
}

AfterAll {
    Stop-SandboxSessionFixture
}

Describe 'An STS endpoint over plain http to another host is refused, whatever its source' {
    AfterEach {
        Remove-Item env:AWS_ENDPOINT_URL_STS, env:AWS_ENDPOINT_URL -ErrorAction SilentlyContinue
        Set-Content -Path $env:AWS_CONFIG_FILE -Value ''
    }

    It 'reaches the sandbox over http by a loopback name (<_>): the counters can move' -ForEach @('127.0.0.1', 'localhost') {
        $endpoint = "http://$($_):$StsPort/"
        $result = Invoke-Counted { Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $endpoint -Region us-east-1 -NoCache }
        $result.Errors | Should -BeNullOrEmpty
        $result.Sent | Should -Be 1
    }

    It '-StsEndpoint <_>' -ForEach @('http://sts.amazonaws.com', 'http://sts.us-east-1.amazonaws.com/', 'http://10.0.0.5:8080/', 'http://127.0.0.1.nip.io/', 'http://localhost.example.com/', 'http://0.0.0.0/') {
        $endpoint = $_
        Assert-Refused (Invoke-Counted { Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $endpoint -Region us-east-1 -NoCache }) 'plain http'
    }

    It '<Variable>=http://sts.us-east-1.amazonaws.com, for <Cmdlet>' -ForEach @(
        foreach ($variable in 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL') {
            foreach ($cmdlet in 'Get-AssumedRoleCredential', 'Invoke-SignedHttpApi', 'Test-CrossAccountAccess') { @{ Variable = $variable; Cmdlet = $cmdlet } }
        }
    ) {
        [Environment]::SetEnvironmentVariable($Variable, 'http://sts.us-east-1.amazonaws.com')
        $call = switch ($Cmdlet) {
            'Get-AssumedRoleCredential' { { Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -Region us-east-1 -NoCache } }
            'Invoke-SignedHttpApi' { { Invoke-SignedHttpApi -Uri $Sandbox.ApiUrl('prod', '/items') -RoleArn $Invoker -Credential $Ops -Region us-east-1 } }
            'Test-CrossAccountAccess' { { Test-CrossAccountAccess -RoleArn $Invoker -Uri $Sandbox.ApiUrl('prod', '/items') -Stage prod -Region us-east-1 -Credential $Ops } }
        }
        $result = Invoke-Counted $call
        Assert-Refused $result $Variable
    }

    It 'a profile''s <Where> (http to an AWS host)' -Skip:$ProfileEndpointsMissing -ForEach @(
        @{ Where = 'endpoint_url'; Settings = "endpoint_url = http://sts.us-east-1.amazonaws.com" }
        @{ Where = '[services] sts endpoint_url'; Settings = "services = plain`n`n[services plain]`nsts =`n  endpoint_url = http://sts.us-east-1.amazonaws.com" }
    ) {
        # The role profile's own settings decide its STS endpoint; the source profile holds the keys.
        $config = "[profile source]`nregion = us-east-1`n`n[profile hop]`nrole_arn = $Invoker`nsource_profile = source`nregion = us-east-1`n$Settings"
        Set-Content -Path $env:AWS_CONFIG_FILE -Value $config
        Set-Content -Path $env:AWS_SHARED_CREDENTIALS_FILE -Value "[source]`naws_access_key_id = $($Ops.AccessKeyId)`naws_secret_access_key = $($Ops.SecretAccessKey)"
        try {
            $result = Invoke-Counted { Invoke-SignedHttpApi -Uri $Sandbox.ApiUrl('prod', '/items') -ProfileName hop -Region us-east-1 }
            Assert-Refused $result 'plain http'
        }
        finally { Set-Content -Path $env:AWS_SHARED_CREDENTIALS_FILE -Value '' }
    }
}

Describe 'An API URL or presigned URL over plain http to another host is refused' {
    BeforeAll {
        $script:Session = @{ AccessKeyId = 'ASIATRANSPORT0000001'; SecretAccessKey = 'TransportSecretKey/000000000000000000000'; SessionToken = 'TransportSessionToken/0000000000000000000000000000' }
    }

    It '<Cmdlet> <Url>' -ForEach @(
        foreach ($url in 'http://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items', 'http://abcdefghij.lambda-url.us-east-1.on.aws/', 'http://192.168.1.10/prod/items') {
            @{ Cmdlet = 'Invoke-SignedHttpApi'; Url = $url; Extra = @{} }
            @{ Cmdlet = 'New-SignedHttpApiRequest'; Url = $url; Extra = @{ Presign = $true } }
            @{ Cmdlet = 'New-SignedHttpApiRequest'; Url = $url; Extra = @{} }
            @{ Cmdlet = 'Test-CrossAccountAccess'; Url = $url; Extra = @{ RoleArn = 'arn:aws:iam::111111111111:role/CrossAccountInvoker' } }
        }
    ) {
        $arguments = @{ Uri = $Url; Region = 'us-east-1'; Credential = $Session } + $Extra
        if ($Cmdlet -eq 'Test-CrossAccountAccess') { $arguments.Credential = $Ops; $arguments.StsEndpoint = $Sts }
        Assert-Refused (Invoke-Counted { & $Cmdlet @arguments }) 'plain http'
    }

    It 'signs and sends over http to loopback (the sandbox), presigned too' {
        $result = Invoke-Counted { Invoke-SignedHttpApi -Uri $Sandbox.ApiUrl('prod', '/items') -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 }
        $result.Errors | Should -BeNullOrEmpty
        $result.Sent | Should -BeGreaterOrEqual 1
        (New-SignedHttpApiRequest -Uri $Sandbox.ApiUrl('prod', '/items').Replace('127.0.0.1', 'localhost') -Credential $Session -Region us-east-1 -Presign).Uri | Should -Match '^http://localhost'
    }
}

Describe 'Through a logging proxy on 127.0.0.1 (HTTP_PROXY), nothing signed travels in clear' {
    BeforeAll {
        $script:Proxy = Start-RecordingProxy
        $work = Join-Path $TestDrive 'proxy'
        $null = New-Item -ItemType Directory -Path $work -Force
        $script:ProxySecret = 'ProxySecretKey/' + [guid]::NewGuid().ToString('N')
        $script:ProxyToken = 'ProxySessionToken/' + [guid]::NewGuid().ToString('N')
        $script:ProxyScript = Join-Path $work 'through-proxy.ps1'
        Set-Content -Path $ProxyScript -Value @'
param($Module, $Scenario, $Invoker, $PublicApi)
Import-Module $Module
$session = @{ AccessKeyId = 'ASIAPROXY00000000001'; SecretAccessKey = $env:PX_SECRET; SessionToken = $env:PX_TOKEN }
$ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = $env:PX_SECRET }
$e = $null
switch ($Scenario) {
    'api' { Invoke-SignedHttpApi -Uri $PublicApi -Credential $session -MaximumRetryCount 0 -ErrorVariable e -ErrorAction SilentlyContinue }
    'presigned' { New-SignedHttpApiRequest -Uri $PublicApi -Credential $session -Presign -ErrorVariable e -ErrorAction SilentlyContinue | ForEach-Object { Invoke-WebRequest -Uri $_.Uri -SkipHttpErrorCheck } }
    'sts-parameter' { Get-AssumedRoleCredential -RoleArn $Invoker -Credential $ops -StsEndpoint 'http://sts.amazonaws.com' -Region us-east-1 -NoCache -ErrorVariable e -ErrorAction SilentlyContinue }
    'sts-environment' { $env:AWS_ENDPOINT_URL_STS = 'http://sts.us-east-1.amazonaws.com'; Get-AssumedRoleCredential -RoleArn $Invoker -Credential $ops -Region us-east-1 -NoCache -ErrorVariable e -ErrorAction SilentlyContinue }
    # Positive controls: https through the same proxy is a CONNECT (host and port only, then TLS), which the proxy refuses.
    'api-https' { Invoke-SignedHttpApi -Uri $PublicApi.Replace('http://', 'https://') -Credential $session -MaximumRetryCount 0 -ErrorVariable e -ErrorAction SilentlyContinue }
    'unsigned-http' { try { Invoke-WebRequest -Uri $PublicApi -SkipHttpErrorCheck -MaximumRetryCount 0 | Out-Null } catch { } }
}
'ERRORID=' + (@($e | ForEach-Object { $_.FullyQualifiedErrorId }) -join ';')
'@
        function script:Invoke-ThroughProxy([string] $Scenario) {
            $Proxy.Clear()
            $environment = @{ HTTP_PROXY = $Proxy.Url; HTTPS_PROXY = $Proxy.Url; NO_PROXY = ''; PX_SECRET = $ProxySecret; PX_TOKEN = $ProxyToken; HOME = (Split-Path $ProxyScript) }
            $result = Invoke-Tool -FilePath $Pwsh[0] -Arguments (@($Pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $ProxyScript, '-Module', $ModuleManifest,
                    '-Scenario', $Scenario, '-Invoker', $Invoker, '-PublicApi', $PublicApi)) -Environment $environment -TimeoutSeconds 180
            Start-Sleep -Milliseconds 500
            [pscustomobject] @{ ErrorIds = ([regex]::Match($result.StdOut, 'ERRORID=(.*)')).Groups[1].Value.Trim(); Seen = $Proxy.Text; Connections = $Proxy.Connections; Output = $result.StdOut + $result.StdErr }
        }
    }

    AfterAll { if ($script:Proxy) { $Proxy.Dispose() } }

    It 'the proxy is in the path: an unsigned http request reaches it whole, and an https call shows only its CONNECT line' {
        $unsigned = Invoke-ThroughProxy 'unsigned-http'
        $unsigned.Seen | Should -Match 'GET http://a1b2c3d4e5\.execute-api\.us-east-1\.amazonaws\.com/prod/items HTTP/1\.1'
        $https = Invoke-ThroughProxy 'api-https'
        $https.Seen | Should -Match 'CONNECT a1b2c3d4e5\.execute-api\.us-east-1\.amazonaws\.com:443'
        $https.Seen | Should -Not -Match 'X-Amz-Security-Token|AWS4-HMAC-SHA256'
        @(Find-SecretForm ([ordered] @{ proxy = $https.Seen }) (Get-SecretTextForm $ProxySecret, $ProxyToken)) | Should -BeNullOrEmpty
    }

    It '<_>: refused with InsecureEndpoint, and the proxy saw nothing' -ForEach @('api', 'presigned', 'sts-parameter', 'sts-environment') {
        $run = Invoke-ThroughProxy $_
        $run.ErrorIds | Should -BeLike 'InsecureEndpoint,*' -Because $run.Output
        $run.Connections | Should -Be 0 -Because "nothing may reach the proxy; it saw: $($run.Seen)"
        $run.Seen | Should -Not -Match 'X-Amz-Security-Token|X-Amz-Signature|AWS4-HMAC-SHA256|Action=AssumeRole'
        @(Find-SecretForm ([ordered] @{ proxy = $run.Seen }) (Get-SecretTextForm $ProxySecret, $ProxyToken)) | Should -BeNullOrEmpty
    }
}
