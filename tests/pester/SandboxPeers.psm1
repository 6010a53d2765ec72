#Requires -Version 7.0
# Runs the real AWS peers (the AWS CLI, botocore, curl) for the sandbox's Pester files, isolated from the machine's own
# AWS configuration: each call gets only the AWS_* variables it is given.

Set-StrictMode -Version 3.0

function Invoke-Tool {
    <#
    .SYNOPSIS
        Runs a program with exact arguments (no shell, no PowerShell argument rewriting), extra environment and optional stdin;
        every inherited AWS_* variable is removed first. Returns ExitCode, StdOut, StdErr and Seconds.
    #>
    param([string] $FilePath, [string[]] $Arguments, [hashtable] $Environment = @{}, [string] $StdIn, [int] $TimeoutSeconds = 60)
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

Export-ModuleMember -Function Invoke-Tool, Find-BotocorePython
