# The fixture of the NewSignedHttpApiRequest*.Tests.ps1 files, dot-sourced in each file's BeforeAll: the module,
# the documented example credentials, distinctive secrets for the leak checks, an AWS environment cleared (put back by
# Restore-EnvironmentVariable $SavedEnvironment in AfterAll) and the helpers the tests call.
$RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force
. (Join-Path $PSScriptRoot 'TestSupport.ps1')
$SuiteDir = Join-Path $RepoRoot '../shared/sigv4-test-suite'
$Cmdlet = 'CrossAcctApi.NewSignedHttpApiRequestCommand'

# The example credentials of the AWS SigV4 documentation and test suite.
$DocKeyId = 'AKIDEXAMPLE'
$DocSecret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
$DocTime = [DateTimeOffset]::Parse('2015-08-30T12:36:00Z', [cultureinfo]::InvariantCulture)

# Secrets for the leak checks: distinctive, with characters that URL-encoding changes.
$LeakKeyId = 'ASIALEAKCHECKEXAMPLE'
$LeakSecret = 'Zx9LeakCheck/Secret+Key0123456789abcdefXY'
$LeakToken = 'FwoGZXIvYXdzLeakCheck//////////Token+Value/With=Padding+0123456789=='
$LeakCredential = @{ AccessKeyId = $LeakKeyId; SecretAccessKey = $LeakSecret; SessionToken = $LeakToken }

$ApiUrl = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/items'

# No test may depend on the machine's AWS environment; each sets what it needs.
$SavedEnvironment = Clear-EnvironmentVariable 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_CREDENTIAL_EXPIRATION', 'AWS_REGION', 'AWS_DEFAULT_REGION'

function Get-SignatureOf([string] $Authorization) {
    if ($Authorization -notmatch 'Signature=([0-9a-f]{64})$') { throw "No signature in '$Authorization'." }
    $Matches[1]
}

function Get-Sha256Hex([byte[]] $Bytes) {
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try { -join ($sha.ComputeHash($Bytes) | ForEach-Object { $_.ToString('x2') }) } finally { $sha.Dispose() }
}
