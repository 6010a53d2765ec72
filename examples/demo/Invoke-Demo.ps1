#Requires -Version 7.2
<#
.SYNOPSIS
    The CrossAcctApi tour: account B calls account A's IAM-authorized HTTP API through an assumed role, on your machine.

.DESCRIPTION
    Starts the local sandbox (two AWS accounts on loopback: STS and account A's HTTP API, default scenario) and walks
    the whole cross-account set-up step by step, saying what happens and why:
      1. start the sandbox;                     2. write the three IAM policies and check them offline;
      3. sign in as account B's ops-engineer;   4. assume account A's role CrossAccountInvoker;
      5. call the API, signed (200);            6. call it unsigned (403 Missing Authentication Token);
      7. an outsider is refused at AssumeRole;  8. prove the whole access matrix with Test-CrossAccountAccess;
      9. stop the sandbox (always, even after a failure).
    Exits 0 when every step behaved as described, 1 otherwise. Prints no secret: keys are shown by their access key id.

    Run it with `dotnet pwsh ./build.ps1 -Task Demo` (which builds first), or directly against a built module.

.PARAMETER RepoRoot
    The repository root (default: two folders up from this script).
.PARAMETER ModulePath
    The module manifest to import (default: out/CrossAcctApi/CrossAcctApi.psd1 under the repository root).
.PARAMETER SandboxPath
    The folder of the published sandbox (default: out/sandbox under the repository root).
#>
[CmdletBinding()]
param(
    [string] $RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath,
    [string] $ModulePath,
    [string] $SandboxPath
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
if (-not $ModulePath) { $ModulePath = Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1' }
if (-not $SandboxPath) { $SandboxPath = Join-Path $RepoRoot 'out/sandbox' }
# A progress bar is for people at a terminal, not for a log.
if ([Console]::IsOutputRedirected) { $ProgressPreference = 'SilentlyContinue' }

$AccountA = '111111111111'
$AccountB = '222222222222'
$ApiId = 'a1b2c3d4e5'
$Region = 'us-east-1'
$InvokerArn = "arn:aws:iam::${AccountA}:role/CrossAccountInvoker"
$AuditorArn = "arn:aws:iam::${AccountA}:role/AuditReader"
$SessionName = 'crossacctapi-demo'
# The sandbox's documented users (README, "The local sandbox"); these keys work nowhere but on the sandbox.
$OpsEngineer = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
$Outsider = @{ AccessKeyId = 'AKIAOUTSIDER33333333'; SecretAccessKey = 'OutsiderSecretKeyForAccountC/3333333333' }

$script:Step = 0
function Write-Step([string] $Title) {
    $script:Step++
    Write-Host ''
    Write-Host "Step $($script:Step). $Title" -ForegroundColor Cyan
    Write-Host ('-' * (7 + "$($script:Step)".Length + $Title.Length)) -ForegroundColor Cyan
}

# Explanations in plain words, wrapped and indented.
function Write-Say([string] $Text, [int] $Indent = 2) {
    $width = 100 - $Indent
    $line = ''
    foreach ($word in $Text -split '\s+' | Where-Object { $_ }) {
        if ($line.Length -gt 0 -and $line.Length + 1 + $word.Length -gt $width) {
            Write-Host ((' ' * $Indent) + $line)
            $line = $word
        }
        else { $line = if ($line) { "$line $word" } else { $word } }
    }
    if ($line) { Write-Host ((' ' * $Indent) + $line) }
}

function Write-Block([string] $Text, [int] $Indent = 6) {
    foreach ($line in ($Text.TrimEnd() -split "`r?`n")) { Write-Host ((' ' * $Indent) + $line) -ForegroundColor DarkGray }
}

# A step that does not behave as described stops the demo with a non-zero exit code.
function Assert-Step([bool] $Condition, [string] $What) {
    if (-not $Condition) { throw "Step $($script:Step) misbehaved: $What" }
    Write-Host "  ok: $What" -ForegroundColor Green
}

$savedEnvironment = @{}
foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_ENDPOINT_URL_STS') {
    $savedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
}

$sandbox = $null
$exitCode = 1
try {
    Write-Host 'CrossAcctApi demo: account B calls account A''s HTTP API through an assumed role' -ForegroundColor White
    Write-Say 'Account A owns an API Gateway HTTP API whose routes use IAM authorization. HTTP APIs accept no resource policy, so account B cannot be granted access directly. The one way across accounts: A creates a role that trusts B and may invoke the routes; B assumes that role with STS and signs each request with the temporary keys (SigV4). This demo does every step, on your machine, with no AWS account.' 0

    Write-Step 'Start two AWS accounts on your machine'
    Write-Say 'The sandbox is a small local server that answers like AWS STS and like account A''s HTTP API. It checks SigV4 signatures and evaluates IAM policies the way AWS does. Its default scenario: account A (111111111111) hosts API a1b2c3d4e5 in us-east-1 with the role CrossAccountInvoker; account B (222222222222) has the user ops-engineer; account C (333333333333) has the user outsider, whom no role trusts.'
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    Import-Module $ModulePath -Force
    $sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath $SandboxPath
    Write-Say "Sandbox listening at $($sandbox.Url): STS there, and the API under $($sandbox.Url)/_aws/execute-api/$ApiId/ (on AWS: https://$ApiId.execute-api.$Region.amazonaws.com/)."
    Assert-Step ($sandbox.Url -match '^http://127\.0\.0\.1:\d+$') 'the sandbox is up on loopback'

    Write-Step 'Write the policies (New-CrossAccountPolicy)'
    Write-Say 'Three IAM documents make the set-up. New-CrossAccountPolicy writes them least-privilege, here for read-only access to the items routes on the prod stage:'
    $policies = New-CrossAccountPolicy -ApiAccountId $AccountA -CallerAccountId $AccountB -ApiId $ApiId -Region $Region -Stage prod -Route 'GET /items', 'GET /items/{id}' -WarningAction SilentlyContinue
    Write-Say "a) Account A, the permissions of role $($policies.RoleName): what the role may call (execute-api:Invoke on exactly these routes)." 4
    Write-Block $policies.InvokePolicy
    Write-Say 'b) Account A, the trust policy of the role: who may assume it (account B).' 4
    Write-Block $policies.TrustPolicy
    Write-Say 'c) Account B, a policy for the engineers who call the API: permission to assume that one role.' 4
    Write-Block $policies.CallerPolicy
    Write-Say 'Before deploying anything, Test-ExecuteApiPolicy evaluates the invoke policy offline, the way IAM would:'
    $url = "https://$ApiId.execute-api.$Region.amazonaws.com"
    $get = $policies | Test-ExecuteApiPolicy -Uri "$url/prod/items/42" -Stage prod
    $post = $policies | Test-ExecuteApiPolicy -Uri "$url/prod/items" -Method POST -Stage prod
    Write-Block ("GET  /prod/items/42  -> {0}`nPOST /prod/items     -> {1}" -f $get.Decision, $post.Decision)
    Assert-Step (($policies.InvokePolicy | ConvertFrom-Json).Statement[0].Action -eq 'execute-api:Invoke') 'the policies are valid JSON, scoped to execute-api:Invoke'
    Assert-Step ("$($get.Decision)" -eq 'Allowed' -and "$($post.Decision)" -eq 'ImplicitDeny') 'GET is allowed and POST is not, offline'
    Write-Say 'The sandbox''s account A already has such a role (a bit wider: it may also call the $default stage, with an explicit Deny on /admin/*). From here on, everything happens against it.'

    Write-Step 'Sign in as account B''s ops-engineer'
    Write-Say 'Account B''s engineer has long-term keys of the user ops-engineer. The demo puts the sandbox''s documented keys into its own process environment only (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), as a CI job or a shell session would, and points STS at the sandbox (AWS_ENDPOINT_URL_STS). The secret key is never printed.'
    $env:AWS_ACCESS_KEY_ID = $OpsEngineer.AccessKeyId
    $env:AWS_SECRET_ACCESS_KEY = $OpsEngineer.SecretAccessKey
    Remove-Item env:AWS_SESSION_TOKEN, env:AWS_PROFILE -ErrorAction Ignore
    $env:AWS_REGION = $Region
    $env:AWS_ENDPOINT_URL_STS = $sandbox.StsEndpoint
    Write-Say "Signed in as access key $($env:AWS_ACCESS_KEY_ID) (user ops-engineer, account $AccountB)."
    Assert-Step ($env:AWS_ACCESS_KEY_ID -eq $OpsEngineer.AccessKeyId) 'account B''s keys are in this process''s environment'

    Write-Step 'Assume the role CrossAccountInvoker in account A (Get-AssumedRoleCredential)'
    Write-Say 'STS AssumeRole checks both sides: account B''s policy lets ops-engineer assume the role, and the role''s trust policy trusts account B. STS answers with temporary keys (an access key, a secret key and a session token) that act as the role. The credential renews itself before it expires.'
    $credential = Get-AssumedRoleCredential -RoleArn $InvokerArn -RoleSessionName $SessionName
    Write-Say "Temporary credential: $credential"
    Assert-Step ($credential.AssumedRoleArn -eq "arn:aws:sts::${AccountA}:assumed-role/CrossAccountInvoker/$SessionName") 'account B now acts as the role in account A'

    Write-Step 'Call the API, signed with SigV4 (Invoke-SignedHttpApi)'
    Write-Say 'Invoke-SignedHttpApi signs the request with the temporary keys for the service execute-api (the Authorization header, X-Amz-Date and the session token), sends it, and reads the answer like Invoke-RestMethod. API Gateway checks the signature, then asks IAM whether the role may invoke arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items.'
    $itemsUrl = $sandbox.ApiUrl('prod', '/items')
    $response = Invoke-SignedHttpApi -Uri $itemsUrl -Credential $credential -Region $Region -AsResponse
    Write-Block ("GET /prod/items -> {0} {1}; items: {2}`nthe API saw the caller {3}" -f $response.StatusCode, $response.StatusDescription, (($response.ParsedContent.items | ForEach-Object name) -join ', '), $response.ParsedContent.caller)
    Assert-Step ($response.StatusCode -eq 200) 'the signed call is allowed: 200'

    Write-Step 'The same call without a signature is refused'
    Write-Say 'A plain Invoke-WebRequest sends no signature. API Gateway refuses it before IAM is even asked, with 403 and the message Missing Authentication Token: proof that the route really requires IAM authorization.'
    $plain = Invoke-WebRequest -Uri $itemsUrl -SkipHttpErrorCheck -NoProxy
    $message = ($plain.Content | ConvertFrom-Json).message
    Write-Block ('GET /prod/items (no signature) -> {0}: {1}' -f $plain.StatusCode, $message)
    Assert-Step ($plain.StatusCode -eq 403 -and $message -eq 'Missing Authentication Token') 'the unsigned call is refused: 403 Missing Authentication Token'

    Write-Step 'Someone from another account is refused at AssumeRole'
    Write-Say 'The user outsider in account C may assume roles as far as its own account is concerned, but the role''s trust policy names only account B. STS refuses, and Get-AssumedRoleCredential says why and what to change (its ErrorId is stable for scripts):'
    $refusal = $null
    try { $null = Get-AssumedRoleCredential -RoleArn $InvokerArn -Credential $Outsider -RoleSessionName $SessionName }
    catch { $refusal = $_ }
    Assert-Step ($null -ne $refusal) 'STS refused outsider'
    Write-Block ("ErrorId:        {0}`nLikely causes:  {1}" -f ($refusal.FullyQualifiedErrorId -split ',')[0], ($refusal.Exception.LikelyCauses -join ', '))
    Write-Say "Diagnosis: $($refusal.Exception.Message)" 6
    Write-Say "What to do: $($refusal.ErrorDetails.RecommendedAction)" 6
    Assert-Step ($refusal.FullyQualifiedErrorId -like 'AssumeRoleAccessDenied,*' -and "$($refusal.Exception.LikelyCauses[0])" -eq 'NotTrustedByRole') 'the diagnosis is AssumeRoleAccessDenied: the role does not trust account C'

    Write-Step 'Beyond HTTP APIs: a REST API, a private API and a Lambda function URL'
    Write-Say 'A REST API may carry a resource policy that lets account B in without a role; a private REST API is reached through a VPC endpoint; a Lambda function URL with AWS_IAM auth is signed for the service lambda and authorised on the function. Invoke-SignedHttpApi reads each kind from its URL (-EndpointKind RestApi says that the first path segment is the stage). Here ops-engineer calls each directly, with account B''s own keys, no role:'
    $rest = Invoke-SignedHttpApi -Uri $sandbox.RestApiUrl('q1w2e3r4t5', 'prod', '/orders/7') -EndpointKind RestApi -Region $Region
    $private = Invoke-SignedHttpApi -Uri $sandbox.RestApiUrl('p9o8i7u6y5', 'prod', '/balances', 'vpce-0b2b2b2b2b2b2b2b2') -Region $Region
    $report = Invoke-SignedHttpApi -Uri $sandbox.FunctionUrl('reportgenerator11111111111111111', '/monthly') -FunctionArn report-generator -Region $Region
    Write-Block ("REST API      GET /prod/orders/7 -> order {0}, caller {1}`nprivate API   GET /prod/balances through vpce-0b2b2b2b2b2b2b2b2 -> {2} balance(s)`nfunction URL  GET /monthly (signed for lambda) -> report {3}" -f $rest.id, $rest.caller, @($private.balances).Count, $report.report)
    Write-Say 'The function legacy-export has the policy older URLs got by: lambda:InvokeFunctionUrl only. Since October 2025 a function URL needs lambda:InvokeFunction as well, and the exception for older URLs has ended, so Lambda refuses; the diagnosis says which permission and prints the statement to add:'
    $legacy = $null
    try { $null = Invoke-SignedHttpApi -Uri $sandbox.FunctionUrl('legacyexport11111111111111111111', '/') -FunctionArn "arn:aws:lambda:${Region}:${AccountA}:function:legacy-export" -Region $Region }
    catch { $legacy = $_ }
    Assert-Step ($null -ne $legacy) 'Lambda refused legacy-export'
    Write-Block ('ErrorId:        {0}' -f ($legacy.FullyQualifiedErrorId -split ',')[0])
    Write-Say "What to do: $(($legacy.ErrorDetails.RecommendedAction -split "`n")[0])" 6
    Assert-Step ($rest.caller -eq "arn:aws:iam::${AccountB}:user/ops-engineer" -and @($private.balances).Count -ge 1 -and $report.report -eq 'monthly') 'one call of each kind is allowed'
    Assert-Step ($legacy.FullyQualifiedErrorId -like 'FunctionUrlNotAuthorized,*' -and $legacy.ErrorDetails.RecommendedAction -like '*"Action": "lambda:InvokeFunction"*') 'the function URL refusal names lambda:InvokeFunction and prints the statement'

    Write-Step 'Prove the whole access matrix (Test-CrossAccountAccess)'
    Write-Say 'Compliance means proving both sides: what account B must reach, and what must stay closed. Test-CrossAccountAccess assumes each role once, calls each route concurrently, and reports each check as PASS or FAIL against its expectation. A refusal is a result, not an error. Each row says what was expected, what happened, and why (the same ErrorIds as Invoke-SignedHttpApi).'
    $matrix = @(
        [pscustomobject] @{ RoleArn = $InvokerArn; Uri = $sandbox.ApiUrl('prod', '/items'); Method = 'GET'; Expect = 'Allowed'; Stage = 'prod' }
        [pscustomobject] @{ RoleArn = $InvokerArn; Uri = $sandbox.ApiUrl('prod', '/items/42'); Method = 'GET'; Expect = 'Allowed'; Stage = 'prod' }
        [pscustomobject] @{ RoleArn = $InvokerArn; Uri = $sandbox.ApiUrl('prod', '/items'); Method = 'POST'; Expect = 'Denied'; Stage = 'prod' }
        [pscustomobject] @{ RoleArn = $InvokerArn; Uri = $sandbox.ApiUrl('$default', '/items'); Method = 'POST'; Expect = 'Allowed'; Stage = '$default' }
        [pscustomobject] @{ RoleArn = $InvokerArn; Uri = $sandbox.ApiUrl('prod', '/admin/report'); Method = 'GET'; Expect = 'Denied'; Stage = 'prod' }
        [pscustomobject] @{ RoleArn = $AuditorArn; ExternalId = 'audit-2026'; Uri = $sandbox.ApiUrl('prod', '/items'); Method = 'GET'; Expect = 'Allowed'; Stage = 'prod' }
        [pscustomobject] @{ RoleArn = $AuditorArn; Uri = $sandbox.ApiUrl('prod', '/items'); Method = 'GET'; Expect = 'Denied'; Stage = 'prod' }
        [pscustomobject] @{ RoleArn = ''; Uri = $sandbox.ApiUrl('$default', '/items'); Method = 'GET'; Probe = 'Unsigned'; Stage = '$default' }
    )
    $before = (Get-CrossAcctApiSandboxStats $sandbox).sts.byOperation
    $assumedBefore = if ($before.PSObject.Properties['AssumeRole']) { [int] $before.AssumeRole } else { 0 }
    $results = @($matrix | Test-CrossAccountAccess -Region $Region -RoleSessionName $SessionName -ThrottleLimit 8)
    Write-Say 'As account B''s ops-engineer:'
    $results | Format-Table | Out-String -Width 140 | ForEach-Object { $_.Trim("`r", "`n") } | Write-Host
    Write-Say 'As account C''s outsider, who must not get in:'
    $outsiderResult = Test-CrossAccountAccess -RoleArn $InvokerArn -Uri $sandbox.ApiUrl('prod', '/items') -Expect Denied -Credential $Outsider -Region $Region -RoleSessionName $SessionName
    $outsiderResult | Format-Table | Out-String -Width 140 | ForEach-Object { $_.Trim("`r", "`n") } | Write-Host
    $results += $outsiderResult
    $assumedAfter = [int] (Get-CrossAcctApiSandboxStats $sandbox).sts.byOperation.AssumeRole
    $passed = @($results | Where-Object Passed).Count
    Write-Say ("{0} checks: {1} PASS, {2} FAIL. STS AssumeRole calls for the matrix: {3} (the CrossAccountInvoker session of step 4 was reused; AuditReader with and without its external id and the outsider were asked once each)." -f $results.Count, $passed, ($results.Count - $passed), ($assumedAfter - $assumedBefore))
    Write-Say 'The same checks run as a Pester suite from a targets file: examples/compliance/CrossAccount.Compliance.Tests.ps1.'
    Assert-Step ($passed -eq $results.Count) 'every check of the matrix passes'
    Assert-Step (($assumedAfter - $assumedBefore) -eq 3) 'each role was assumed at most once'

    $exitCode = 0
}
catch {
    Write-Host ''
    Write-Host "DEMO FAILED: $($_.Exception.Message)" -ForegroundColor Red
    $exitCode = 1
}
finally {
    Write-Step 'Stop the sandbox'
    if ($null -ne $sandbox) {
        Stop-CrossAcctApiSandbox $sandbox
        Write-Say "The sandbox (process $($sandbox.Process.Id)) has stopped."
    }
    else { Write-Say 'No sandbox was running.' }
    foreach ($name in $savedEnvironment.Keys) {
        if ($null -eq $savedEnvironment[$name]) { Remove-Item "env:$name" -ErrorAction Ignore } else { [Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name]) }
    }
    Write-Say 'The environment variables the demo set are restored.'
}

Write-Host ''
if ($exitCode -eq 0) {
    Write-Host 'Demo complete: every step behaved as described.' -ForegroundColor Green
}
exit $exitCode
