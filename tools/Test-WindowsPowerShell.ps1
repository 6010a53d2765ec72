#Requires -Version 5.1
<#
.SYNOPSIS
    Checks CrossAcctApi on Windows PowerShell 5.1 (powershell.exe), on your machine.

.DESCRIPTION
    What the repository's tests cannot run: the real .NET Framework and the real Windows PowerShell. Run it in a fresh
    session, so that nothing else is loaded first:

        powershell.exe -NoProfile -ExecutionPolicy Bypass -File tools\Test-WindowsPowerShell.ps1
        powershell.exe -NoProfile -ExecutionPolicy Bypass -File tools\Test-WindowsPowerShell.ps1 -RoleArn arn:aws:iam::111111111111:role/CrossAccountInvoker -ProfileName account-b -Uri https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items
        powershell.exe -NoProfile -ExecutionPolicy Bypass -File tools\Test-WindowsPowerShell.ps1 -WithAwsTools   # AWS.Tools.Common imported first

    Each check prints PASS, FAIL or SKIP; the last line is "N passed, N failed, N skipped", and the exit code is 1
    when a check failed. Nothing secret is printed.
.PARAMETER ModulePath
    The module's manifest; by default the repository's build output, out\CrossAcctApi\CrossAcctApi.psd1.
.PARAMETER RoleArn
    A role you may assume: the script assumes it (through the AWS SDK), twice from the disk cache, and signs with it.
.PARAMETER Uri
    An API route the role may call (IAM-authorized): the script calls it, signed.
.PARAMETER WithAwsTools
    Imports AWS.Tools.Common (and AWS.Tools.SecurityToken when present) before CrossAcctApi, as a runbook using both
    would, and checks that both keep working.
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '..\out\CrossAcctApi\CrossAcctApi.psd1'),
    [string] $RoleArn,
    [string] $ProfileName,
    [string] $Region,
    [uri] $Uri,
    [switch] $WithAwsTools
)

$ErrorActionPreference = 'Stop'
$script:Counts = @{ Passed = 0; Failed = 0; Skipped = 0 }

function Test-Case([string] $Name, [scriptblock] $Body) {
    try {
        & $Body
        $script:Counts.Passed++
        Write-Host "PASS $Name" -ForegroundColor Green
    }
    catch {
        $script:Counts.Failed++
        Write-Host "FAIL $Name" -ForegroundColor Red
        Write-Host "     $($_.Exception.GetType().Name): $($_.Exception.Message)"
    }
}

function Skip-Case([string] $Name, [string] $Reason) {
    $script:Counts.Skipped++
    Write-Host "SKIP ${Name}: $Reason" -ForegroundColor Yellow
}

function Get-LoadedAssembly([string] $Name) {
    [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq $Name }
}

Write-Host "PowerShell $($PSVersionTable.PSVersion) ($($PSVersionTable.PSEdition)), CLR $($PSVersionTable.CLRVersion)"
if ($PSVersionTable.PSEdition -ne 'Desktop') {
    Write-Warning 'This is not Windows PowerShell 5.1: run it with powershell.exe to check what it is for.'
}

$commonArgs = @{}
if ($ProfileName) { $commonArgs.ProfileName = $ProfileName }
if ($Region) { $commonArgs.Region = $Region }

if ($WithAwsTools) {
    Test-Case 'AWS.Tools is imported first' {
        Import-Module AWS.Tools.Common
        if (Get-Module -ListAvailable AWS.Tools.SecurityToken) { Import-Module AWS.Tools.SecurityToken }
        $theirs = @(Get-LoadedAssembly 'AWSSDK.Core')
        if ($theirs.Count -ne 1) { throw "expected one AWSSDK.Core, found $($theirs.Count)" }
        Write-Host "     AWS.Tools' AWSSDK.Core $($theirs[0].GetName().Version), file $([Diagnostics.FileVersionInfo]::GetVersionInfo($theirs[0].Location).FileVersion)"
    }
}

Test-Case 'Import-Module loads the module and its resolver, and no AWS SDK of its own' {
    $before = @(Get-LoadedAssembly 'AWSSDK.Core').Count
    $module = Import-Module $ModulePath -PassThru
    $moduleDir = Split-Path $module.Path
    if (@(Get-LoadedAssembly 'AWSSDK.Core').Count -ne $before) { throw 'Import-Module loaded an AWS SDK' }
    $loader = Get-LoadedAssembly 'CrossAcctApi.Isolation' | Select-Object -First 1
    if (-not $loader) { throw 'the module did not register its resolver (CrossAcctApi.Isolation is not loaded)' }
    $registered = $loader.GetType('CrossAcctApi.Isolation.IsolatedAssemblyLoader').GetMethod('IsDesktopResolverRegistered').Invoke($null, @($moduleDir))
    if (-not $registered) { throw "the resolver does not cover $moduleDir" }
}

Test-Case 'Policy tools (System.Text.Json through the resolver): Allowed and ImplicitDeny' {
    $set = New-CrossAccountPolicy -ApiAccountId 111111111111 -CallerAccountId 222222222222 -ApiId a1b2c3d4e5 -Region us-east-1 -Stage prod -Route 'GET /items'
    $api = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com'
    $get = $set | Test-ExecuteApiPolicy -Uri "$api/prod/items" -Stage prod
    $post = $set | Test-ExecuteApiPolicy -Uri "$api/prod/items" -Method POST -Stage prod
    if ("$($get.Decision)/$($post.Decision)" -ne 'Allowed/ImplicitDeny') { throw "got $($get.Decision)/$($post.Decision)" }
}

Test-Case 'Signing: the SigV4 suite''s get-vanilla vector (public example keys) gives the published signature' {
    $example = @{ AccessKeyId = 'AKIDEXAMPLE'; SecretAccessKey = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }
    $signed = New-SignedHttpApiRequest -Uri 'https://example.amazonaws.com/' -Credential $example -Region us-east-1 -Service service -Timestamp ([DateTimeOffset] '2015-08-30T12:36:00Z')
    if ($signed.GetHeaders()['Authorization'] -notmatch 'Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31$') { throw 'the signature differs from the published one' }
}

if (-not $RoleArn) {
    Skip-Case 'AssumeRole, disk cache, signed call' 'pass -RoleArn (and -ProfileName, -Uri) to check them against your AWS account'
}
else {
    $cacheDir = Join-Path ([IO.Path]::GetTempPath()) ('crossacctapi-ps51-' + [Guid]::NewGuid().ToString('N'))
    $env:CROSSACCTAPI_CACHE_DIR = $cacheDir
    try {
        Test-Case 'AssumeRole through the AWS SDK (the STS component loads from Dependencies\)' {
            $script:Credential = Get-AssumedRoleCredential -RoleArn $RoleArn -RoleSessionName ps51-check -NoCache @commonArgs
            if (-not $script:Credential.AssumedRoleArn) { throw 'no assumed role' }
            $cores = @(Get-LoadedAssembly 'AWSSDK.Core' | ForEach-Object { [Diagnostics.FileVersionInfo]::GetVersionInfo($_.Location).FileVersion + ' at ' + $_.Location })
            Write-Host "     AWSSDK.Core loaded: $($cores -join '; ')"
        }
        Test-Case 'Disk cache: written once, then read back without STS' {
            $first = Get-AssumedRoleCredential -RoleArn $RoleArn -RoleSessionName ps51-cache -DiskCache @commonArgs
            if (-not (Get-ChildItem $cacheDir -Filter *.json)) { throw "nothing was written to $cacheDir" }
            # A second powershell.exe: this session's memory cache would answer first.
            $child = "Import-Module '$ModulePath'; `$p = @{}; if ('$ProfileName') { `$p.ProfileName = '$ProfileName' }; if ('$Region') { `$p.Region = '$Region' }; " +
                "Get-AssumedRoleCredential -RoleArn '$RoleArn' -RoleSessionName ps51-cache -DiskCache @p -Verbose 4>&1 | ForEach-Object { `$_.Message }"
            $messages = & (Join-Path $PSHOME 'powershell.exe') -NoProfile -NonInteractive -Command $child
            if (-not ($messages -like '*(disk cache)*')) { throw 'the second powershell.exe did not take the session from the disk cache' }
        }
        if ($Uri) {
            Test-Case "Signed call: $Uri" {
                $null = Invoke-SignedHttpApi -Uri $Uri -Credential $script:Credential
            }
        }
        else {
            Skip-Case 'Signed call' 'pass -Uri with a route the role may call'
        }
    }
    finally {
        Remove-Item Env:CROSSACCTAPI_CACHE_DIR
        Remove-Item -Recurse -Force $cacheDir -ErrorAction SilentlyContinue
    }
}

Write-Host ('{0} passed, {1} failed, {2} skipped' -f $Counts.Passed, $Counts.Failed, $Counts.Skipped)
if ($Counts.Failed -gt 0) { exit 1 }
