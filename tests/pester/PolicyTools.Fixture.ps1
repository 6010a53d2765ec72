# The fixture of the PolicyTools*.Tests.ps1 files, dot-sourced in each file's BeforeAll: the module, the seed
# scenario's policies, the arguments of a cross-account policy, region settings cleared (put back by
# Restore-EnvironmentVariable $SavedRegion in AfterAll) and the helpers the tests call.
$RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force
. (Join-Path $PSScriptRoot 'TestSupport.ps1')

# No test may depend on the machine's region settings.
$SavedRegion = Clear-EnvironmentVariable 'AWS_REGION', 'AWS_DEFAULT_REGION'

$Host1 = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com'
$ArnPrefix = 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5'

# The seed scenario's CrossAccountInvoker permissions, as the sandbox loads them.
$SeedPolicy = @'
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "InvokeDefaultAndProdReads",
      "Effect": "Allow",
      "Action": "execute-api:Invoke",
      "Resource": [
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/*/*",
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/*"
      ]
    },
    {
      "Sid": "NeverAdmin",
      "Effect": "Deny",
      "Action": "execute-api:Invoke",
      "Resource": "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*/*/admin/*"
    }
  ]
}
'@

# The seed's own example, with its stray comma.
$SeedWithTrailingComma = @'
{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "execute-api:Invoke",
  "Resource": [ "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/*/*", ] } ] }
'@

$PolicyArgs = @{ ApiAccountId = '111111111111'; CallerAccountId = '222222222222'; ApiId = 'a1b2c3d4e5'; Region = 'us-east-1' }

function New-Statement([string] $Body) { "{`"Version`":`"2012-10-17`",`"Statement`":[$Body]}" }
