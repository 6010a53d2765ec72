# What a test file against the sandbox starts from (the Security.*.Tests.ps1 files, Reliability.Faults.Tests.ps1):
# dot-source it in the file's BeforeAll, and call Stop-SandboxSessionFixture in its AfterAll. It imports the built module ($ModuleManifest), build/SandboxHost.psm1 and
# SecurityProbes.psm1; clears the AWS environment, with empty config and credentials files and the disk cache under
# $TestDrive; starts the sandbox into $Sandbox; and sets $Sts, $Ops (account B's ops-engineer), $Invoker and $Pwsh (how
# to start a child pwsh).
$RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath }
$script:ModuleManifest = Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1'
Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'SecurityProbes.psm1') -Force
Import-Module $ModuleManifest -Force

$script:SavedEnvironment = Clear-AwsEnvironment -EmptyFilesIn $TestDrive
$env:CROSSACCTAPI_CACHE_DIR = Join-Path $TestDrive 'cache'

$script:Sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath (Join-Path $RepoRoot 'out/sandbox')
$script:Sts = $Sandbox.StsEndpoint
$script:Ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
$script:Invoker = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
$script:Pwsh = if ([Environment]::ProcessPath -match 'dotnet(\.exe)?$') { @('dotnet', (Join-Path $PSHOME 'pwsh.dll')) } else { @([Environment]::ProcessPath) }

function script:Stop-SandboxSessionFixture {
    if ($script:Sandbox) { Stop-CrossAcctApiSandbox $script:Sandbox }
    Restore-AwsEnvironment $script:SavedEnvironment
}
