# The shared fixture of the GetAssumedRoleCredential*.Tests.ps1 files: dot-source it in the file's BeforeAll, and call
# Stop-GetAssumedRoleCredentialFixture in its AfterAll. It starts the local two-account sandbox on a scenario of its
# own (the default world, plus role ChainTarget for chaining and two fresh users of account B for the STS call counts)
# into $Sandbox ($Url), isolates the AWS environment into a work folder ($Work: config, credentials, cache), sets the
# callers ($Ops, $NoAssume, $Outsider, $CountOne, $CountThree) and roles ($Invoker, $AuditReader, $MfaOperator,
# $ChainTarget, $MfaSerial), and defines Get-StsCount, New-SessionName and Get-Secret.
$RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force

# A scenario of our own: the default world plus a role in account A that trusts CrossAccountInvoker, for chaining.
$script:Work = Join-Path ([IO.Path]::GetTempPath()) ("sts-tests-" + [Guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $Work | Out-Null
$sandboxDll = Join-Path $RepoRoot 'out/sandbox/CrossAcctApi.Sandbox.dll'
$scenario = & dotnet $sandboxDll --print-default-scenario | ConvertFrom-Json
$accountA = $scenario.accounts | Where-Object id -eq '111111111111'
$accountA.roles += [pscustomobject] @{
    name        = 'ChainTarget'
    trustPolicy = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Principal = @{ AWS = 'arn:aws:iam::111111111111:role/CrossAccountInvoker' }; Action = 'sts:AssumeRole' }) }
}
# Two users of account B that no other test uses: a source's first AssumeRole in this process is where an extra
# STS call (who is this caller?) would show, so the call-count tests need sources nobody has used before.
$assumeInA = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Action = 'sts:AssumeRole'; Resource = 'arn:aws:iam::111111111111:role/*' }) }
$accountB = $scenario.accounts | Where-Object id -eq '222222222222'
$accountB.users += [pscustomobject] @{
    name       = 'sts-count-one'
    accessKeys = @(@{ accessKeyId = 'AKIASTSCOUNTONE22222'; secretAccessKey = 'StsCountOneSecretKeyForAccountB/2222222' })
    policies   = @{ AssumeRolesInAccountA = $assumeInA }
}
$accountB.users += [pscustomobject] @{
    name       = 'sts-count-three'
    accessKeys = @(@{ accessKeyId = 'AKIASTSCOUNTTHREE222'; secretAccessKey = 'StsCountThreeSecretKeyForAccountB/22222' })
    mfaDevices = @(@{ serialNumber = 'arn:aws:iam::222222222222:mfa/sts-count-three'; acceptedCodes = @('123456') })
    policies   = @{ AssumeRolesInAccountA = $assumeInA }
}
$scenarioPath = Join-Path $Work 'scenario.json'
$scenario | ConvertTo-Json -Depth 30 | Set-Content -Path $scenarioPath -Encoding utf8

Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'SecurityProbes.psm1') -Force
$script:Sandbox = Start-CrossAcctApiSandbox -SandboxPath (Join-Path $RepoRoot 'out/sandbox') -Scenario $scenarioPath
$script:Url = $Sandbox.Url

function script:Get-StsCount([string] $Operation = 'AssumeRole') {
    $stats = Get-CrossAcctApiSandboxStats $Sandbox
    if ($Operation -eq '*') { return [int] $stats.sts.total }
    $value = $stats.sts.byOperation.$Operation
    if ($null -eq $value) { 0 } else { [int] $value }
}
function script:New-SessionName([string] $Prefix) { $Prefix + '-' + [Guid]::NewGuid().ToString('N').Substring(0, 12) }
# Tests only: the secret and token are internal to the module and reached by reflection (SecurityProbes.psm1).
function script:Get-Secret($Credential) { Get-CredentialSecret $Credential }

# Never let the SDK's default chain reach for instance metadata (Clear-AwsEnvironment switches it off, and removes
# every AWS_* setting of the machine); never read the user's own AWS files.
$script:SavedEnvironment = Clear-AwsEnvironment
$env:AWS_CONFIG_FILE = Join-Path $Work 'config'
$env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $Work 'credentials'
$env:AWS_ENDPOINT_URL_STS = $Url
$env:CROSSACCTAPI_CACHE_DIR = Join-Path $Work 'cache'

$script:Ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
$script:NoAssume = @{ AccessKeyId = 'AKIANOASSUME22222222'; SecretAccessKey = 'NoAssumeSecretKeyForAccountB/2222222222' }
$script:Outsider = @{ AccessKeyId = 'AKIAOUTSIDER33333333'; SecretAccessKey = 'OutsiderSecretKeyForAccountC/3333333333' }
$script:CountOne = @{ AccessKeyId = 'AKIASTSCOUNTONE22222'; SecretAccessKey = 'StsCountOneSecretKeyForAccountB/2222222' }
$script:CountThree = @{ AccessKeyId = 'AKIASTSCOUNTTHREE222'; SecretAccessKey = 'StsCountThreeSecretKeyForAccountB/22222' }
$script:Invoker = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
$script:AuditReader = 'arn:aws:iam::111111111111:role/AuditReader'
$script:MfaOperator = 'arn:aws:iam::111111111111:role/MfaOperator'
$script:ChainTarget = 'arn:aws:iam::111111111111:role/ChainTarget'
$script:MfaSerial = 'arn:aws:iam::222222222222:mfa/ops-engineer'

function script:Stop-GetAssumedRoleCredentialFixture {
    Restore-AwsEnvironment $SavedEnvironment
    if ($Sandbox) { Stop-CrossAcctApiSandbox $Sandbox }
    if ($Work) { Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue }
}
