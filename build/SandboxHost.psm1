#Requires -Version 7.0
<#
.SYNOPSIS
    Starts, drives and stops the CrossAcctApi sandbox (a local STS and IAM-authorized HTTP API on 127.0.0.1)
    for the Pester tests, the demo and the benchmarks. Build tooling, not part of the CrossAcctApi module.

.DESCRIPTION
    The sandbox is published to out/sandbox by build.ps1 (dotnet publish src/CrossAcctApi.Sandbox -c Release -o out/sandbox).
    Start-CrossAcctApiSandbox runs `dotnet out/sandbox/CrossAcctApi.Sandbox.dll --port <n>`, waits for its first stdout
    line "CrossAcctApi sandbox listening on http://127.0.0.1:<port>" and returns an object describing the running
    sandbox. The other functions wrap the sandbox's /_sandbox control API. Nothing here prints a secret.
    The federation helpers (web identity and SSO tokens) are in SandboxHost.Identity.ps1, dot-sourced by this module.
#>

Set-StrictMode -Version 3.0

$script:ListeningPattern = '^CrossAcctApi sandbox listening on (http://127\.0\.0\.1:(\d+))$'
$script:LastSandbox = $null

function Get-DefaultSandboxPath {
    $root = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { Split-Path -Parent $PSScriptRoot }
    Join-Path $root 'out/sandbox'
}

function Resolve-Sandbox {
    param($Sandbox)
    if ($null -ne $Sandbox) { return $Sandbox }
    if ($null -ne $script:LastSandbox) { return $script:LastSandbox }
    throw [System.InvalidOperationException]::new('No sandbox is running: start one with Start-CrossAcctApiSandbox or pass -Sandbox.')
}

function Invoke-SandboxControl {
    param(
        [Parameter(Mandatory)] $Sandbox,
        [Parameter(Mandatory)] [string] $Method,
        [Parameter(Mandatory)] [string] $Path,
        [hashtable] $Body
    )
    $request = @{
        Uri         = "$($Sandbox.Url)/_sandbox/$Path"
        Method      = $Method
        NoProxy     = $true
        ErrorAction = 'Stop'
    }
    if ($null -ne $Body) {
        $request.Body = ($Body | ConvertTo-Json -Compress)
        $request.ContentType = 'application/json'
    }
    try {
        Invoke-RestMethod @request
    }
    catch {
        $detail = $_.ErrorDetails.Message
        if ($detail) { throw "The sandbox refused $Method /_sandbox/${Path}: $detail" }
        throw
    }
}

function Start-CrossAcctApiSandbox {
    <#
    .SYNOPSIS
        Starts the sandbox and waits until it listens.
    .PARAMETER Port
        The loopback port; 0 (the default) lets the sandbox pick a free one, reported back in .Port.
    .PARAMETER Scenario
        A scenario JSON file (accounts, users, roles, HTTP APIs); default: the built-in seed scenario.
    .PARAMETER SandboxPath
        The folder holding CrossAcctApi.Sandbox.dll; default: out/sandbox under the repository root
        ($env:CROSSACCTAPI_REPO_ROOT, else the parent of this module's folder).
    .PARAMETER TimeoutSeconds
        How long to wait for the "listening" line before giving up.
    .OUTPUTS
        CrossAcctApi.SandboxInstance: Url, Port, StsEndpoint, Process, ApiId, Region, and the methods
        ApiUrl(stage, path) and ApiUrlFor(apiId, stage, path) (HTTP APIs), RestApiUrl(apiId, stage, path[, vpceId]),
        VpcEndpointUrl(vpceId, stage, path) (REST APIs) and FunctionUrl(urlId[, path]) (Lambda function URLs).
    #>
    [CmdletBinding()]
    [OutputType('CrossAcctApi.SandboxInstance')]
    param(
        [ValidateRange(0, 65535)] [int] $Port = 0,
        [string] $Scenario,
        [string] $SandboxPath = (Get-DefaultSandboxPath),
        [ValidateRange(1, 600)] [int] $TimeoutSeconds = 30
    )

    $dll = Join-Path $SandboxPath 'CrossAcctApi.Sandbox.dll'
    if (-not (Test-Path -LiteralPath $dll -PathType Leaf)) {
        throw [System.IO.FileNotFoundException]::new(
            "The sandbox is not published: '$dll' does not exist. Run 'dotnet publish src/CrossAcctApi.Sandbox -c Release -o out/sandbox' (build.ps1 -Task Build does it).", $dll)
    }

    $apiId = 'a1b2c3d4e5'
    $region = 'us-east-1'
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $info.ArgumentList.Add((Resolve-Path -LiteralPath $dll).ProviderPath)
    $info.ArgumentList.Add('--port')
    $info.ArgumentList.Add([string]$Port)
    if ($Scenario) {
        $scenarioPath = (Resolve-Path -LiteralPath $Scenario -ErrorAction Stop).ProviderPath
        $info.ArgumentList.Add('--scenario')
        $info.ArgumentList.Add($scenarioPath)
        $firstApi = @((Get-Content -LiteralPath $scenarioPath -Raw | ConvertFrom-Json).httpApis) | Select-Object -First 1
        if ($null -ne $firstApi) {
            $apiId = $firstApi.id
            $region = $firstApi.region
        }
    }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false

    Write-Verbose "Starting dotnet $($info.ArgumentList -join ' ')"
    $process = [System.Diagnostics.Process]::Start($info)

    # Keep stderr drained (the sandbox only writes there on failure or with --verbose) so it can never block.
    $stderr = $process.StandardError.ReadToEndAsync()
    $firstLine = $process.StandardOutput.ReadLineAsync()
    if (-not $firstLine.Wait([TimeSpan]::FromSeconds($TimeoutSeconds))) {
        if (-not $process.HasExited) { $process.Kill($true) }
        $process.WaitForExit()
        throw [System.TimeoutException]::new(
            "The sandbox did not report 'CrossAcctApi sandbox listening on ...' within $TimeoutSeconds s. stderr: $($stderr.Result.Trim())")
    }

    $line = $firstLine.Result
    if ($null -eq $line -or $line -notmatch $script:ListeningPattern) {
        $process.WaitForExit(5000) | Out-Null
        $exit = if ($process.HasExited) { " (exit code $($process.ExitCode))" } else { '' }
        if (-not $process.HasExited) { $process.Kill($true) }
        throw [System.InvalidOperationException]::new(
            "The sandbox did not start$exit. First stdout line: '$line'. stderr: $($stderr.Result.Trim())")
    }

    $url = $Matches[1]
    # Drain the rest of stdout too; the sandbox writes nothing more there, but a pipe must never fill up.
    $null = $process.StandardOutput.ReadToEndAsync()

    $sandbox = [pscustomobject]@{
        PSTypeName  = 'CrossAcctApi.SandboxInstance'
        Url         = $url
        Port        = [int]$Matches[2]
        StsEndpoint = $url
        ApiId       = $apiId
        Region      = $region
        Scenario    = $Scenario
        Process     = $process
        StdErr      = $stderr
    }
    $sandbox | Add-Member -MemberType ScriptMethod -Name ApiUrlFor -Value {
        param([string] $ApiId, [string] $Stage, [string] $Path)
        $stagePart = if ([string]::IsNullOrEmpty($Stage) -or $Stage -eq '$default') { '' } else { "/$Stage" }
        $pathPart = if ($Path.StartsWith('/')) { $Path } else { "/$Path" }
        "$($this.Url)/_aws/execute-api/$ApiId$stagePart$pathPart"
    }
    $sandbox | Add-Member -MemberType ScriptMethod -Name ApiUrl -Value {
        param([string] $Stage, [string] $Path)
        $this.ApiUrlFor($this.ApiId, $Stage, $Path)
    }
    # REST APIs always name a stage; a VPC endpoint id makes it https://{api-id}-{vpce-id}.execute-api.{region}.amazonaws.com.
    $sandbox | Add-Member -MemberType ScriptMethod -Name RestApiUrl -Value {
        param([string] $ApiId, [string] $Stage, [string] $Path, [string] $VpcEndpointId)
        $host_ = if ($VpcEndpointId) { "$ApiId-$VpcEndpointId" } else { $ApiId }
        "$($this.Url)/_aws/execute-api/$host_/$Stage$(if ($Path.StartsWith('/')) { $Path } else { "/$Path" })"
    }
    # The VPC endpoint's own DNS name: send the API id in x-apigw-api-id (or Host: {api-id}.execute-api.{region}.amazonaws.com).
    $sandbox | Add-Member -MemberType ScriptMethod -Name VpcEndpointUrl -Value {
        param([string] $VpcEndpointId, [string] $Stage, [string] $Path)
        "$($this.Url)/_aws/vpce/$VpcEndpointId/$Stage$(if ($Path.StartsWith('/')) { $Path } else { "/$Path" })"
    }
    # https://{url-id}.lambda-url.{region}.on.aws/{path}
    $sandbox | Add-Member -MemberType ScriptMethod -Name FunctionUrl -Value {
        param([string] $UrlId, [string] $Path)
        "$($this.Url)/_aws/lambda-url/$UrlId$(if (-not $Path) { '/' } elseif ($Path.StartsWith('/')) { $Path } else { "/$Path" })"
    }
    $sandbox | Add-Member -MemberType ScriptMethod -Name ToString -Value { "CrossAcctApi sandbox at $($this.Url)" } -Force

    $script:LastSandbox = $sandbox
    $sandbox
}

function Stop-CrossAcctApiSandbox {
    <#
    .SYNOPSIS
        Stops a sandbox cleanly: SIGTERM (CloseMainWindow on Windows), then kills it after -TimeoutSeconds.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline)] [psobject] $Sandbox,
        [ValidateRange(1, 120)] [int] $TimeoutSeconds = 10
    )
    process {
        $target = Resolve-Sandbox $Sandbox
        $process = $target.Process
        if (-not $process.HasExited) {
            if ($IsWindows) {
                $null = $process.CloseMainWindow()
            }
            else {
                # 'kill' in PowerShell is Stop-Process; call the kill program to send SIGTERM.
                $killProgram = Get-Command -Name kill -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
                if ($null -ne $killProgram) { & $killProgram.Source -TERM $process.Id }
            }
            if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
                Write-Warning "The sandbox (pid $($process.Id)) did not stop within $TimeoutSeconds s; killing it."
                $process.Kill($true)
                $process.WaitForExit()
            }
        }
        if ($script:LastSandbox -eq $target) { $script:LastSandbox = $null }
    }
}

function Get-CrossAcctApiSandboxStats {
    <#
    .SYNOPSIS
        STS and API calls by outcome: { sts: { total, byOutcome, byOperation }, api: { ..., byStatus, byKind: { HTTP, REST,
        PRIVATE: { status: count } } }, sessions: { issued, active }, lambda: { ..., byStatus } }.
    #>
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline)] [psobject] $Sandbox)
    process { Invoke-SandboxControl -Sandbox (Resolve-Sandbox $Sandbox) -Method Get -Path 'stats' }
}

function Reset-CrossAcctApiSandbox {
    <#
    .SYNOPSIS
        Forgets issued sessions, disarms faults, zeroes the clock offset and the counters.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Position = 0, ValueFromPipeline)] [psobject] $Sandbox)
    process {
        $target = Resolve-Sandbox $Sandbox
        if ($PSCmdlet.ShouldProcess($target.Url, 'Reset sandbox')) {
            $null = Invoke-SandboxControl -Sandbox $target -Method Post -Path 'reset'
        }
    }
}

function Get-CrossAcctApiSandboxFault {
    <#
    .SYNOPSIS
        The armed faults: stsThrottleRemaining, apiErrorRemaining, apiErrorStatus, apiRetryAfterSeconds, latencyMilliseconds, clockOffsetSeconds.
    #>
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline)] [psobject] $Sandbox)
    process { Invoke-SandboxControl -Sandbox (Resolve-Sandbox $Sandbox) -Method Get -Path 'faults' }
}

function Set-CrossAcctApiSandboxFault {
    <#
    .SYNOPSIS
        Arms faults. Only the parameters given change; -Clear disarms everything (and zeroes the clock offset).
    .PARAMETER StsThrottleCount
        The next N STS calls answer Throttling (400, "Rate exceeded").
    .PARAMETER ApiErrorCount
        The next N API calls answer -ApiErrorStatus (429, 500, 502 or 503) with a Retry-After header.
    .PARAMETER ClockOffsetSeconds
        The sandbox clock's offset from real time (positive: ahead); drives the ±5-minute window and expiry.
    .PARAMETER ExpireSessions
        Every session issued so far expires now.
    #>
    [CmdletBinding(SupportsShouldProcess, DefaultParameterSetName = 'Arm')]
    param(
        [Parameter(Position = 0, ValueFromPipeline)] [psobject] $Sandbox,
        [Parameter(ParameterSetName = 'Arm')] [ValidateRange(0, [int]::MaxValue)] [int] $StsThrottleCount,
        [Parameter(ParameterSetName = 'Arm')] [ValidateRange(0, [int]::MaxValue)] [int] $ApiErrorCount,
        [Parameter(ParameterSetName = 'Arm')] [ValidateSet(429, 500, 502, 503)] [int] $ApiErrorStatus,
        [Parameter(ParameterSetName = 'Arm')] [ValidateRange(0, 86400)] [int] $ApiRetryAfterSeconds,
        [Parameter(ParameterSetName = 'Arm')] [ValidateRange(0, 60000)] [int] $LatencyMilliseconds,
        [Parameter(ParameterSetName = 'Arm')] [ValidateRange(-604800, 604800)] [double] $ClockOffsetSeconds,
        [Parameter(ParameterSetName = 'Arm')] [switch] $ExpireSessions,
        [Parameter(ParameterSetName = 'Clear', Mandatory)] [switch] $Clear
    )
    process {
        $target = Resolve-Sandbox $Sandbox
        if ($Clear) {
            if ($PSCmdlet.ShouldProcess($target.Url, 'Clear sandbox faults')) {
                Invoke-SandboxControl -Sandbox $target -Method Delete -Path 'faults'
            }
            return
        }

        $names = @{
            StsThrottleCount     = 'stsThrottleCount'
            ApiErrorCount        = 'apiErrorCount'
            ApiErrorStatus       = 'apiErrorStatus'
            ApiRetryAfterSeconds = 'apiRetryAfterSeconds'
            LatencyMilliseconds  = 'latencyMilliseconds'
            ClockOffsetSeconds   = 'clockOffsetSeconds'
        }
        $body = @{}
        foreach ($name in $names.Keys) {
            if ($PSBoundParameters.ContainsKey($name)) { $body[$names[$name]] = $PSBoundParameters[$name] }
        }
        if ($ExpireSessions) { $body['expireSessions'] = $true }
        if ($body.Count -eq 0) {
            throw [System.ArgumentException]::new('Give at least one fault to arm (for example -ApiErrorCount 2 -ApiErrorStatus 503), or -Clear.')
        }
        if ($PSCmdlet.ShouldProcess($target.Url, "Arm sandbox faults $($body.Keys -join ', ')")) {
            Invoke-SandboxControl -Sandbox $target -Method Post -Path 'faults' -Body $body
        }
    }
}

# The federation helpers (web identity and SSO tokens, the SSO cache file) live in their own file, in this module's scope.
. (Join-Path $PSScriptRoot 'SandboxHost.Identity.ps1')

function Set-CrossAcctApiSandboxMetadataFault {
    <#
    .SYNOPSIS
        Makes the container credentials endpoint and/or the instance metadata service hang (never answer), reset (drop the
        connection) or error (500), or behave again (-Mode None). Reset-CrossAcctApiSandbox also disarms it.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Position = 0)] [psobject] $Sandbox,
        [Parameter(Mandatory)] [ValidateSet('Hang', 'Reset', 'Error', 'None')] [string] $Mode,
        [ValidateSet('container', 'instance')] [string[]] $Target = @('container', 'instance')
    )
    $running = Resolve-Sandbox $Sandbox
    if ($PSCmdlet.ShouldProcess($running.Url, "Metadata fault $Mode on $($Target -join ', ')")) {
        Invoke-SandboxControl -Sandbox $running -Method Post -Path 'metadata/fault' -Body @{ mode = $Mode.ToLowerInvariant(); targets = @($Target) }
    }
}

Export-ModuleMember -Function Start-CrossAcctApiSandbox, Stop-CrossAcctApiSandbox, Get-CrossAcctApiSandboxStats,
    Reset-CrossAcctApiSandbox, Get-CrossAcctApiSandboxFault, Set-CrossAcctApiSandboxFault, New-CrossAcctApiSandboxWebIdentityToken,
    New-CrossAcctApiSandboxSsoToken, Write-CrossAcctApiSandboxSsoCache, Set-CrossAcctApiSandboxMetadataFault
