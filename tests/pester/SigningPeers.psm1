#Requires -Version 7.0
<#
.SYNOPSIS
    Other SigV4 implementations for the sandbox's Pester tests: curl --aws-sigv4 and botocore's SigV4Auth / SigV4QueryAuth
    (Debian's python3-botocore), run as child processes that see none of the machine's AWS configuration: no AWS_*
    variable but those a test gives, and HOME, AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE in an empty folder (so no
    ~/.aws and no ~/.curlrc either).
#>

Set-StrictMode -Version 3.0

$script:IsolatedHome = Join-Path ([IO.Path]::GetTempPath()) ('crossacctapi-peers-' + [Guid]::NewGuid().ToString('N'))
$script:BotocoreScript = $null

function Get-PeerHome {
    if (-not (Test-Path -LiteralPath $script:IsolatedHome)) { $null = New-Item -ItemType Directory -Path $script:IsolatedHome }
    $script:IsolatedHome
}

function Invoke-Tool {
    <#
    .SYNOPSIS
        Runs a program with exact arguments (no shell, no PowerShell argument rewriting), isolated from the machine's AWS
        configuration, plus -Environment (which may give its own HOME and AWS_CONFIG_FILE); returns ExitCode, StdOut,
        StdErr and Seconds.
    #>
    param([string] $FilePath, [string[]] $Arguments, [hashtable] $Environment = @{}, [string] $StdIn, [int] $TimeoutSeconds = 60)
    $info = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($argument in $Arguments) { $info.ArgumentList.Add($argument) }
    # Removed from the child's block, not set to '' (an empty AWS_PROFILE is still a profile to some tools).
    foreach ($name in @($info.Environment.Keys | Where-Object { $_ -like 'AWS_*' })) { $null = $info.Environment.Remove($name) }
    $peerHome = Get-PeerHome
    $info.Environment['HOME'] = $peerHome
    $info.Environment['USERPROFILE'] = $peerHome
    $info.Environment['AWS_CONFIG_FILE'] = Join-Path $peerHome 'no-config'
    $info.Environment['AWS_SHARED_CREDENTIALS_FILE'] = Join-Path $peerHome 'no-credentials'
    $info.Environment['AWS_EC2_METADATA_DISABLED'] = 'true'
    foreach ($name in $Environment.Keys) { $info.Environment[$name] = [string]$Environment[$name] }
    # A test that points the peer at the sandbox's instance metadata wants it asked.
    if ($Environment.ContainsKey('AWS_EC2_METADATA_SERVICE_ENDPOINT') -and -not $Environment.ContainsKey('AWS_EC2_METADATA_DISABLED')) {
        $null = $info.Environment.Remove('AWS_EC2_METADATA_DISABLED')
    }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.RedirectStandardInput = $true
    $info.UseShellExecute = $false
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $process = [System.Diagnostics.Process]::Start($info)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    if ($StdIn) { $process.StandardInput.Write($StdIn) }
    $process.StandardInput.Close()
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) { $process.Kill($true); throw "$FilePath did not finish within $TimeoutSeconds s." }
    $process.WaitForExit()
    [pscustomobject]@{ ExitCode = $process.ExitCode; StdOut = $stdout.Result; StdErr = $stderr.Result; Seconds = $watch.Elapsed.TotalSeconds }
}

function Get-BotocoreMissingReason {
    <# .SYNOPSIS Why botocore cannot be used here, or $null. #>
    if (-not (Test-Path -LiteralPath '/usr/bin/python3')) { return '/usr/bin/python3 is not installed; apt-get install -y python3-botocore' }
    if ((Invoke-Tool -FilePath '/usr/bin/python3' -Arguments @('-c', 'import botocore')).ExitCode -ne 0) { return 'python3-botocore is not installed; apt-get install -y python3-botocore' }
    $null
}

function Get-CurlMissingReason {
    <# .SYNOPSIS Why curl --aws-sigv4 cannot be used here, or $null. #>
    $curl = Get-Command -Name curl -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $curl) { return 'curl is not installed; apt-get install -y curl' }
    if (-not ((Invoke-Tool -FilePath $curl.Source -Arguments @('--help', 'all')).StdOut -match '--aws-sigv4')) { return 'this curl has no --aws-sigv4 (needs curl 7.75 or later)' }
    $null
}

function Invoke-Botocore {
    <#
    .SYNOPSIS
        Signs a request with botocore.auth.SigV4Auth (header) or SigV4QueryAuth (presign), sends it with urllib and returns
        { status, errorType, headers, body }. Spec: method, url, service, region, accessKeyId, secretAccessKey,
        sessionToken, body, headers (signed), presign, expires, tamperHeaders (changed after signing), unsignedHeaders.
    #>
    param([hashtable] $Spec)
    if ($null -eq $script:BotocoreScript) {
        $script:BotocoreScript = Join-Path (Get-PeerHome) 'botocore_call.py'
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
headers.update(spec.get("unsignedHeaders", {}))
sent = urllib.request.Request(prepared.url, data=prepared.body, headers=headers, method=spec["method"])
try:
    with urllib.request.urlopen(sent) as response:
        status, answer_headers, text = response.status, dict(response.headers), response.read().decode()
except urllib.error.HTTPError as error:
    status, answer_headers, text = error.code, dict(error.headers), error.read().decode()
print(json.dumps({"status": status, "errorType": answer_headers.get("x-amzn-ErrorType"), "headers": answer_headers, "body": text}))
'@ | Set-Content -LiteralPath $script:BotocoreScript
    }
    $result = Invoke-Tool -FilePath '/usr/bin/python3' -Arguments @($script:BotocoreScript) -StdIn ($Spec | ConvertTo-Json -Compress)
    if ($result.ExitCode -ne 0) { throw "botocore call failed: $($result.StdErr)" }
    $result.StdOut | ConvertFrom-Json
}

function Invoke-CurlSigV4 {
    <#
    .SYNOPSIS
        One request with curl --aws-sigv4 "aws:amz:<region>:<service>" (unsigned without -Key); returns Status, Body,
        ErrorType and the response Headers (a hashtable of lower-case names).
    #>
    param(
        [string] $Url,
        [string] $Method = 'GET',
        [string] $Service = 'execute-api',
        [string] $Region = 'us-east-1',
        [hashtable] $Key,
        [string[]] $Header = @(),
        [string] $Body
    )
    $curl = (Get-Command -Name curl -CommandType Application | Select-Object -First 1).Source
    $headerFile = Join-Path (Get-PeerHome) ([guid]::NewGuid().ToString('N'))
    $arguments = @('-s', '-X', $Method, '-D', $headerFile, '-w', "`n%{http_code}")
    if ($Key) {
        $arguments += @('--aws-sigv4', "aws:amz:${Region}:$Service", '--user', "$($Key.AccessKeyId):$($Key.SecretAccessKey)")
        if ($Key.ContainsKey('SessionToken')) { $arguments += @('-H', "x-amz-security-token: $($Key.SessionToken)") }
    }
    foreach ($line in $Header) { $arguments += @('-H', $line) }
    if ($PSBoundParameters.ContainsKey('Body')) { $arguments += @('-H', 'Content-Type: application/json', '--data-binary', $Body) }
    $result = Invoke-Tool -FilePath $curl -Arguments ($arguments + $Url)
    if (-not (Test-Path -LiteralPath $headerFile)) { throw "curl sent nothing (exit code $($result.ExitCode)): $($result.StdErr) $(($arguments + $Url) -join ' ')" }
    $lines = $result.StdOut -split "`n"
    $headers = @{}
    foreach ($line in Get-Content -LiteralPath $headerFile) {
        if ($line -match '^([^:]+):\s*(.*?)\s*$') { $headers[$Matches[1].ToLowerInvariant()] = $Matches[2] }
    }
    Remove-Item -LiteralPath $headerFile
    [pscustomobject]@{ Status = [int]$lines[-1]; Body = ($lines[0..($lines.Count - 2)] -join "`n"); ErrorType = $headers['x-amzn-errortype']; Headers = $headers }
}

function Find-BotocorePython {
    <#
    .SYNOPSIS
        The first python (python3 on PATH, then /usr/bin/python3) whose botocore is at least -MinimumVersion, or $null.
        Service-specific endpoint variables (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_SSO) need botocore 1.31 or later.
    #>
    param([version] $MinimumVersion = '1.31')
    $candidates = @(@(Get-Command -Name python3 -CommandType Application -ErrorAction SilentlyContinue | ForEach-Object Source) + '/usr/bin/python3') |
        Select-Object -Unique
    foreach ($python in $candidates) {
        if (-not (Test-Path -LiteralPath $python)) { continue }
        $probe = Invoke-Tool -FilePath $python -Arguments @('-c', 'import botocore; print(botocore.__version__)')
        if ($probe.ExitCode -eq 0 -and [version]($probe.StdOut.Trim() -replace '[^0-9.].*$', '') -ge $MinimumVersion) { return $python }
    }
    $null
}

function Remove-PeerHome {
    <# .SYNOPSIS Deletes the isolated home folder (for AfterAll). #>
    if (Test-Path -LiteralPath $script:IsolatedHome) { Remove-Item -LiteralPath $script:IsolatedHome -Recurse -Force }
    $script:BotocoreScript = $null
}

Export-ModuleMember -Function Invoke-Tool, Find-BotocorePython, Get-BotocoreMissingReason, Get-CurlMissingReason, Invoke-Botocore, Invoke-CurlSigV4, Get-PeerHome, Remove-PeerHome
