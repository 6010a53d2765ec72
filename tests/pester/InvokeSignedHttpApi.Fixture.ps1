# The shared fixture of the InvokeSignedHttpApi*.Tests.ps1 files: dot-source it in the file's BeforeAll, and call
# Stop-InvokeSignedHttpApiFixture in its AfterAll. It starts the sandbox (a local STS and IAM-authorized HTTP API,
# build/SandboxHost.psm1) into $Sandbox, imports the built module, sets $Ops, $InvokerArn, $Fqid, $Role (a refreshable
# role credential) and $Static (the same session as plain keys), and defines Url, New-RoleCredential,
# New-StaticCredential, Get-ApiCalls and Invoke-Failing.
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

function script:Stop-InvokeSignedHttpApiFixture {
    $PSDefaultParameterValues.Remove('Invoke-SignedHttpApi:Region')
    [CrossAcctApi.Core.Http.ClockSkewTracker]::Shared.Reset()
    if ($script:Sandbox) { Stop-CrossAcctApiSandbox $script:Sandbox }
}
