#Requires -Version 7.2
<#
.SYNOPSIS
    Benchmark 4 (access matrix): Test-CrossAccountAccess over -Targets checks across 3 roles against the sandbox: wall
    time, checks per second and STS calls (which must equal the number of distinct roles).

.DESCRIPTION
    The sandbox runs the default scenario plus one role, ComplianceReader (trusts account B, may GET the prod stage's
    /items routes only), so that three roles need no MFA: CrossAccountInvoker, AuditReader (with its external id) and
    ComplianceReader. The targets cycle through allowed and denied routes of each role, with the expectation that is
    right for the role's policy, so every check should pass.
    Each of -Rounds rounds first forgets the cached role sessions, then times one Test-CrossAccountAccess command over
    all targets (as a compliance suite would run it), then the same checks written by hand with the module's other
    cmdlets (Get-AssumedRoleCredential once per role, Invoke-SignedHttpApi -SkipHttpErrorCheck -AsResponse per
    target, status compared with the expectation). Medians over the rounds; STS calls from /_sandbox/stats.
    Writes CrossAcctApi.BenchFigure objects; run it through bench/Invoke-Benchmarks.ps1.
#>
[CmdletBinding()]
param(
    [string] $RepoRoot = (Split-Path -Parent $PSScriptRoot),
    [ValidateRange(3, 100000)] [int] $Targets = 200,
    [ValidateRange(1, 100)] [int] $Rounds = 3,
    [ValidateRange(1, 64)] [int] $ThrottleLimit = 5
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

Import-Module (Join-Path $PSScriptRoot 'BenchmarkSupport.psm1') -Force
Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force

$bench = 'matrix'
$ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
$region = 'us-east-1'

$work = Join-Path ([IO.Path]::GetTempPath()) ('crossacctapi-matrix-' + [Guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $work | Out-Null
try {
    # The default scenario, plus a third role that needs neither MFA nor an external id.
    $scenario = & dotnet (Join-Path $RepoRoot 'out/sandbox/CrossAcctApi.Sandbox.dll') --print-default-scenario | Out-String | ConvertFrom-Json -Depth 50
    if ($LASTEXITCODE -ne 0) { throw 'The sandbox could not print its default scenario.' }
    $accountA = $scenario.accounts | Where-Object id -eq '111111111111'
    $accountA.roles += [pscustomobject] @{
        name        = 'ComplianceReader'
        trustPolicy = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Principal = @{ AWS = 'arn:aws:iam::222222222222:root' }; Action = 'sts:AssumeRole' }) }
        policies    = @{ ReadProdItems = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Action = 'execute-api:Invoke'; Resource = 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items*' }) } }
    }
    $scenarioPath = Join-Path $work 'matrix-scenario.json'
    $scenario | ConvertTo-Json -Depth 50 | Set-Content -Path $scenarioPath -Encoding utf8

    $sandbox = Start-CrossAcctApiSandbox -Scenario $scenarioPath -SandboxPath (Join-Path $RepoRoot 'out/sandbox')
    try {
        # Per role: (method, stage, path with {n} for an item id, expectation) as the role's policy decides it.
        $roles = @(
            @{ Arn = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'; ExternalId = $null; Checks = @(
                    @('GET', '$default', '/items/{n}', 'Allowed'), @('POST', '$default', '/items', 'Allowed'), @('GET', 'prod', '/items/{n}', 'Allowed'),
                    @('DELETE', 'prod', '/items/{n}', 'Denied'), @('GET', 'prod', '/admin/report', 'Denied')) }
            @{ Arn = 'arn:aws:iam::111111111111:role/AuditReader'; ExternalId = 'audit-2026'; Checks = @(
                    @('GET', 'prod', '/items', 'Allowed'), @('GET', '$default', '/admin/report', 'Allowed'), @('POST', '$default', '/items', 'Denied'),
                    @('DELETE', '$default', '/items/{n}', 'Denied')) }
            @{ Arn = 'arn:aws:iam::111111111111:role/ComplianceReader'; ExternalId = $null; Checks = @(
                    @('GET', 'prod', '/items/{n}', 'Allowed'), @('GET', 'prod', '/items', 'Allowed'), @('GET', '$default', '/items/{n}', 'Denied'),
                    @('GET', 'prod', '/admin/report', 'Denied')) }
        )
        $targetList = for ($i = 0; $i -lt $Targets; $i++) {
            $role = $roles[$i % 3]
            $check = $role.Checks[[int][Math]::Floor($i / 3) % $role.Checks.Count]
            [pscustomobject] @{
                RoleArn    = $role.Arn
                ExternalId = $role.ExternalId
                Method     = $check[0]
                Stage      = $check[1]
                Uri        = $sandbox.ApiUrl($check[1], $check[2].Replace('{n}', [string]$i))
                Expect     = $check[3]
                Region     = $region
            }
        }
        $distinctRoles = @($targetList.RoleArn | Sort-Object -Unique).Count

        # Warm-up (JIT, the STS component and the AWS SDK, connections) with a few of the same checks.
        $null = $targetList | Select-Object -First 6 | Test-CrossAccountAccess -Credential $ops -StsEndpoint $sandbox.StsEndpoint -RoleSessionName warmup

        function Invoke-ByHand([object[]] $List, [string] $SessionName) {
            $credentials = @{}
            foreach ($target in $List) {
                $credential = $credentials[$target.RoleArn]
                if ($null -eq $credential) {
                    $assume = @{ RoleArn = $target.RoleArn; Credential = $ops; StsEndpoint = $sandbox.StsEndpoint; Region = $region; RoleSessionName = $SessionName }
                    if ($target.ExternalId) { $assume.ExternalId = $target.ExternalId }
                    $credential = Get-AssumedRoleCredential @assume
                    $credentials[$target.RoleArn] = $credential
                }
                $response = Invoke-SignedHttpApi -Uri $target.Uri -Method $target.Method -Credential $credential -Region $region -SkipHttpErrorCheck -AsResponse
                $allowed = $response.StatusCode -ge 200 -and $response.StatusCode -lt 300
                ($allowed ? 'Allowed' : 'Denied') -eq $target.Expect
            }
        }

        $wall = [Collections.Generic.List[double]]::new()
        $handWall = [Collections.Generic.List[double]]::new()
        $stsPerRun = [Collections.Generic.List[int]]::new()
        $handSts = [Collections.Generic.List[int]]::new()
        $passed = [Collections.Generic.List[int]]::new()
        $handPassed = [Collections.Generic.List[int]]::new()
        for ($round = 0; $round -lt $Rounds; $round++) {
            [CrossAcctApi.Core.Sts.AssumedRoleCache]::Shared.Clear()
            $before = [int] (Get-CrossAcctApiSandboxStats $sandbox).sts.total
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $results = @($targetList | Test-CrossAccountAccess -Credential $ops -StsEndpoint $sandbox.StsEndpoint -RoleSessionName "matrix-$round" -ThrottleLimit $ThrottleLimit)
            $wall.Add($watch.Elapsed.TotalMilliseconds)
            $stsPerRun.Add([int] (Get-CrossAcctApiSandboxStats $sandbox).sts.total - $before)
            $passed.Add(@($results | Where-Object Passed).Count)

            [CrossAcctApi.Core.Sts.AssumedRoleCache]::Shared.Clear()
            $before = [int] (Get-CrossAcctApiSandboxStats $sandbox).sts.total
            $watch.Restart()
            $verdicts = @(Invoke-ByHand $targetList "byhand-$round")
            $handWall.Add($watch.Elapsed.TotalMilliseconds)
            $handSts.Add([int] (Get-CrossAcctApiSandboxStats $sandbox).sts.total - $before)
            $handPassed.Add(@($verdicts | Where-Object { $_ }).Count)
        }
    }
    finally {
        Stop-CrossAcctApiSandbox $sandbox
    }

    $ms = Get-Median $wall
    $hand = Get-Median $handWall
    $detail = "$Targets targets, $distinctRoles roles, -ThrottleLimit $ThrottleLimit, median of $Rounds rounds; $(Get-Median $passed) of $Targets passed"
    New-BenchFigure $bench "Test-CrossAccountAccess, $Targets targets across $distinctRoles roles (wall time)" $ms 'ms' -Ratio ($ms / $hand) -RatioTo "the hand-written loop's time" -Detail $detail
    New-BenchFigure $bench 'Test-CrossAccountAccess checks per second' ($Targets * 1000 / $ms) 'checks/s'
    $sts = ($stsPerRun | Measure-Object -Maximum).Maximum
    New-BenchFigure $bench 'Test-CrossAccountAccess STS calls per run' $sts 'calls' -Target "= $distinctRoles (distinct roles)" -Met ($sts -eq $distinctRoles) `
        -Detail "per round: $($stsPerRun -join ', ')"
    New-BenchFigure $bench 'hand-written loop (Get-AssumedRoleCredential per role + Invoke-SignedHttpApi per target)' $hand 'ms' `
        -Detail "sequential; $(($handSts | Measure-Object -Maximum).Maximum) STS calls; $(Get-Median $handPassed) of $Targets as expected"
}
finally {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
