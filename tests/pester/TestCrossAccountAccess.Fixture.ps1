# The shared fixture of the TestCrossAccountAccess*.Tests.ps1 files: dot-source it in the file's BeforeAll, and call
# Stop-TestCrossAccountAccessFixture in its AfterAll. It starts the sandbox (a local STS and IAM-authorized HTTP API,
# build/SandboxHost.psm1) into $Sandbox, imports the built module ($ModulePath), points Test-CrossAccountAccess at the
# sandbox's STS in us-east-1, sets the callers ($Ops, $NoAssume, $Outsider), the roles ($Invoker, $Auditor,
# $MfaOperator) and $Fqid, and defines Url, Check, Get-Stats and Reset-World.
$RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath }
Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
$script:ModulePath = Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1'
Import-Module $ModulePath -Force
$script:Sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath (Join-Path $RepoRoot 'out/sandbox')

$script:Ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
$script:NoAssume = @{ AccessKeyId = 'AKIANOASSUME22222222'; SecretAccessKey = 'NoAssumeSecretKeyForAccountB/2222222222' }
$script:Outsider = @{ AccessKeyId = 'AKIAOUTSIDER33333333'; SecretAccessKey = 'OutsiderSecretKeyForAccountC/3333333333' }
$script:Invoker = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
$script:Auditor = 'arn:aws:iam::111111111111:role/AuditReader'
$script:MfaOperator = 'arn:aws:iam::111111111111:role/MfaOperator'
$script:Fqid = ',CrossAcctApi.TestCrossAccountAccessCommand'

function Url([string] $Stage, [string] $Path) { $Sandbox.ApiUrl($Stage, $Path) }

# Every call here goes to the sandbox: its STS, as account B's ops-engineer, in us-east-1 (a loopback host has no region).
$PSDefaultParameterValues['Test-CrossAccountAccess:StsEndpoint'] = $Sandbox.StsEndpoint
$PSDefaultParameterValues['Test-CrossAccountAccess:Region'] = 'us-east-1'

function Check([hashtable] $Arguments) {
    if (-not $Arguments.ContainsKey('Credential')) { $Arguments.Credential = $Ops }
    Test-CrossAccountAccess @Arguments
}

function Get-Stats { Get-CrossAcctApiSandboxStats $Sandbox }

# A fresh start: no cached session, no fault, no clock offset on either side.
function Reset-World {
    $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear
    [CrossAcctApi.Core.Sts.AssumedRoleCache]::Shared.Clear()
    [CrossAcctApi.Core.Http.ClockSkewTracker]::Shared.Reset()
}

# Warm up: loads the AWS SDK and lets the STS component learn who ops-engineer is (one GetCallerIdentity per key and
# process), so that the STS counts below are AssumeRole calls only.
$null = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items') }

function script:Stop-TestCrossAccountAccessFixture {
    $PSDefaultParameterValues.Remove('Test-CrossAccountAccess:StsEndpoint')
    $PSDefaultParameterValues.Remove('Test-CrossAccountAccess:Region')
    [CrossAcctApi.Core.Http.ClockSkewTracker]::Shared.Reset()
    [CrossAcctApi.Core.Sts.AssumedRoleCache]::Shared.Clear()
    if ($script:Sandbox) { Stop-CrossAcctApiSandbox $script:Sandbox }
}
