#Requires -Version 7.2
<#
.SYNOPSIS
    Benchmark 3 (end to end on loopback) and the memory check: Invoke-SignedHttpApi against the sandbox, side by side
    with Invoke-RestMethod, in one process and one run.

.DESCRIPTION
    Starts the sandbox (build/SandboxHost.psm1), assumes CrossAccountInvoker once, and then, in -Rounds interleaved
    rounds of -Count/-Rounds requests each (the order of the contenders rotates every round, so that a busy moment of
    the shared machine hits each of them alike):
      - Invoke-RestMethod, one command per request, to the unauthenticated GET /health (what a user would write);
      - Invoke-RestMethod with one -WebSession (it then keeps its connection, as our shared client does);
      - Invoke-SignedHttpApi, one command per request, GET /items/{id} (IAM-authorized: the sandbox verifies the
        signature and evaluates the role's policy, work the /health route does not cost it);
      - Invoke-SignedHttpApi, one command per request, GET /health (signed; same server work as Invoke-RestMethod,
        so this isolates the client side);
      - Invoke-SignedHttpApi -ThrottleLimit 1 and -ThrottleLimit <n> with all URLs of the round in one command.
    Every contender first runs -Warmup requests (JIT: PowerShell from the dotnet tool is not precompiled, and .NET
    optimises hot code only after it has run a while). Rates are requests per second per round; each figure is the
    median over the rounds, and each ratio is the median of the per-round ratios (same round, same machine state).
    The CPU time this process and the sandbox spend per request at -ThrottleLimit gives the machine's ceiling
    (cores / CPU per request), printed beside the measured ratio. STS and API calls are read from /_sandbox/stats.
    Then the memory check: -MemoryCount more signed requests (one command each) in the same session, with the working
    set and the managed heap compared after a full garbage collection before and after.

    Writes CrossAcctApi.BenchFigure objects (bench/BenchmarkSupport.psm1). Run it through bench/Invoke-Benchmarks.ps1.
#>
[CmdletBinding()]
param(
    [string] $RepoRoot = (Split-Path -Parent $PSScriptRoot),
    [ValidateRange(1, 1000000)] [int] $Count = 2000,
    [ValidateRange(1, 100)] [int] $Rounds = 5,
    [ValidateRange(2, 64)] [int] $ThrottleLimit = 8,
    [ValidateRange(0, 1000000)] [int] $MemoryCount = 10000,
    [ValidateRange(0, 100000)] [int] $Warmup = 500
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

Import-Module (Join-Path $PSScriptRoot 'BenchmarkSupport.psm1') -Force
Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force

$bench = 'e2e'
$ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
$invoker = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
$perRound = [int][Math]::Ceiling($Count / $Rounds)

# Requests per second, and the CPU time this process and the sandbox spent per request (milliseconds).
function Measure-Rate([int] $Requests, [scriptblock] $Contender, [Diagnostics.Process] $Server) {
    $self = [Diagnostics.Process]::GetCurrentProcess()
    $Server.Refresh()
    $clientBefore = $self.TotalProcessorTime
    $serverBefore = $Server.TotalProcessorTime
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $Contender $Requests
    $elapsed = $watch.Elapsed
    $self.Refresh()
    $Server.Refresh()
    [pscustomobject] @{
        Rate      = $Requests / $elapsed.TotalSeconds
        ClientCpu = ($self.TotalProcessorTime - $clientBefore).TotalMilliseconds / $Requests
        ServerCpu = ($Server.TotalProcessorTime - $serverBefore).TotalMilliseconds / $Requests
    }
}

function Get-Memory {
    [GC]::Collect()
    [GC]::WaitForPendingFinalizers()
    [GC]::Collect()
    $process = [Diagnostics.Process]::GetCurrentProcess()
    $process.Refresh()
    [pscustomobject] @{ WorkingSet = $process.WorkingSet64; Managed = [GC]::GetTotalMemory($true) }
}

$sandbox = Start-CrossAcctApiSandbox -SandboxPath (Join-Path $RepoRoot 'out/sandbox')
try {
    $health = $sandbox.ApiUrl('$default', '/health')
    $item = $sandbox.ApiUrl('$default', '/items/42')
    $region = 'us-east-1'

    Reset-CrossAcctApiSandbox $sandbox -Confirm:$false
    $credential = Get-AssumedRoleCredential -RoleArn $invoker -Credential $ops -StsEndpoint $sandbox.StsEndpoint -Region $region -NoCache

    # Every contender once per request; the loops are alike so that PowerShell's own loop costs are alike.
    $contenders = [ordered] @{
        'Invoke-RestMethod'                       = { param($n) foreach ($i in 1..$n) { $null = Invoke-RestMethod -Uri $health -NoProxy } }
        'Invoke-RestMethod -WebSession'           = { param($n) foreach ($i in 1..$n) { $null = Invoke-RestMethod -Uri $health -NoProxy -WebSession $session } }
        'Invoke-SignedHttpApi'                    = { param($n) foreach ($i in 1..$n) { $null = Invoke-SignedHttpApi -Uri $item -Credential $credential -Region $region } }
        'Invoke-SignedHttpApi /health'            = { param($n) foreach ($i in 1..$n) { $null = Invoke-SignedHttpApi -Uri $health -Credential $credential -Region $region } }
        'Invoke-SignedHttpApi -ThrottleLimit 1'   = { param($n) $null = Invoke-SignedHttpApi -Uri (@($item) * $n) -Credential $credential -Region $region -ThrottleLimit 1 }
        "Invoke-SignedHttpApi -ThrottleLimit $ThrottleLimit" = { param($n) $null = Invoke-SignedHttpApi -Uri (@($item) * $n) -Credential $credential -Region $region -ThrottleLimit $ThrottleLimit }
    }
    $session = $null
    $null = Invoke-RestMethod -Uri $health -NoProxy -SessionVariable session

    # Warm-up of every contender: JIT (PowerShell from the dotnet tool is not precompiled, and .NET moves hot methods
    # to optimised code only after they have run a while), connections, the credential's keys, the sandbox's own JIT.
    if ($Warmup -gt 0) {
        foreach ($body in $contenders.Values) { & $body $Warmup }
    }

    $rates = @{}
    $samples = @{}
    foreach ($name in $contenders.Keys) {
        $rates[$name] = [Collections.Generic.List[double]]::new()
        $samples[$name] = [Collections.Generic.List[object]]::new()
    }
    $names = @($contenders.Keys)
    for ($round = 0; $round -lt $Rounds; $round++) {
        for ($k = 0; $k -lt $names.Count; $k++) {
            $name = $names[($k + $round) % $names.Count]
            $sample = Measure-Rate $perRound $contenders[$name] $sandbox.Process
            $rates[$name].Add($sample.Rate)
            $samples[$name].Add($sample)
        }
    }

    $stats = Get-CrossAcctApiSandboxStats $sandbox
    $requests = $perRound * $Rounds
    function RoundRatio([string] $a, [string] $b) { Get-Median @(for ($r = 0; $r -lt $Rounds; $r++) { $rates[$a][$r] / $rates[$b][$r] }) }
    function Rate([string] $name) { Get-Median $rates[$name] }

    $irm = 'Invoke-RestMethod'
    $seq = 'Invoke-SignedHttpApi'
    $tl = "Invoke-SignedHttpApi -ThrottleLimit $ThrottleLimit"
    $detail = "$requests requests each, median of $Rounds rounds"
    New-BenchFigure $bench "$irm sequential (GET /health, unauthenticated)" (Rate $irm) 'req/s' -Detail $detail
    New-BenchFigure $bench "$irm -WebSession sequential (GET /health)" (Rate 'Invoke-RestMethod -WebSession') 'req/s' -Ratio (RoundRatio 'Invoke-RestMethod -WebSession' $irm) -RatioTo $irm -Detail 'keeps its connection'
    $ratio = RoundRatio $seq $irm
    New-BenchFigure $bench "$seq sequential (GET /items/{id}, IAM)" (Rate $seq) 'req/s' -Ratio $ratio -RatioTo $irm -Target '>= 0.9x' -Met ($ratio -ge 0.9) -Detail $detail
    New-BenchFigure $bench "$seq sequential vs $irm -WebSession" (Rate $seq) 'req/s' -Ratio (RoundRatio $seq 'Invoke-RestMethod -WebSession') -RatioTo "$irm -WebSession"
    New-BenchFigure $bench "$seq sequential (GET /health, signed)" (Rate 'Invoke-SignedHttpApi /health') 'req/s' -Ratio (RoundRatio 'Invoke-SignedHttpApi /health' $irm) -RatioTo $irm -Detail 'same server work as Invoke-RestMethod'
    New-BenchFigure $bench "$seq -ThrottleLimit 1, one command" (Rate 'Invoke-SignedHttpApi -ThrottleLimit 1') 'req/s' -Ratio (RoundRatio 'Invoke-SignedHttpApi -ThrottleLimit 1' $seq) -RatioTo 'its sequential rate'
    $ratio = RoundRatio $tl $seq
    New-BenchFigure $bench "$tl, one command" (Rate $tl) 'req/s' -Ratio $ratio -RatioTo 'its sequential rate' -Target '>= 3x' -Met ($ratio -ge 3) -Detail "$([Environment]::ProcessorCount) cores shared with the sandbox"
    New-BenchFigure $bench "$tl vs -ThrottleLimit 1" (Rate $tl) 'req/s' -Ratio (RoundRatio $tl 'Invoke-SignedHttpApi -ThrottleLimit 1') -RatioTo '-ThrottleLimit 1'

    # What the machine allows: every signed request costs this much CPU in this process and in the sandbox, so with
    # all cores busy for us alone the rate cannot exceed cores / (client + server CPU per request).
    $cores = [Environment]::ProcessorCount
    $cpu = Get-Median @($samples[$tl] | ForEach-Object { $_.ClientCpu + $_.ServerCpu })
    $cap = if ($cpu -gt 0) { $cores * 1000 / $cpu } else { [double]::PositiveInfinity }
    New-BenchFigure $bench "CPU per signed request at -ThrottleLimit $ThrottleLimit (client + sandbox)" $cpu 'ms' `
        -Detail ('client {0:0.000} ms + sandbox {1:0.000} ms' -f (Get-Median @($samples[$tl].ClientCpu)), (Get-Median @($samples[$tl].ServerCpu)))
    New-BenchFigure $bench "throughput ceiling on $cores cores (cores / CPU per request)" $cap 'req/s' -Ratio ($cap / (Rate $seq)) -RatioTo 'the sequential rate' `
        -Detail 'estimated from CPU time per request: concurrency cannot go much beyond it'

    $sts = [int] $stats.sts.total
    $signed = 4 * ($Warmup + $requests)
    New-BenchFigure $bench 'STS calls' $sts 'calls' -Target '= 1' -Met ($sts -eq 1) -Detail "for $signed signed requests ($([int] $stats.api.total) API calls seen by the sandbox)"

    if ($MemoryCount -gt 0) {
        $before = Get-Memory
        foreach ($i in 1..$MemoryCount) { $null = Invoke-SignedHttpApi -Uri $item -Credential $credential -Region $region }
        $after = Get-Memory
        $growth = ($after.WorkingSet - $before.WorkingSet) / 1MB
        New-BenchFigure 'memory' "working set growth after $MemoryCount signed requests (full GC)" $growth 'MB' -Target '< 20 MB' -Met ($growth -lt 20) `
            -Detail ('{0:0} MB -> {1:0} MB' -f ($before.WorkingSet / 1MB), ($after.WorkingSet / 1MB))
        New-BenchFigure 'memory' "managed heap growth after $MemoryCount signed requests (full GC)" (($after.Managed - $before.Managed) / 1MB) 'MB' `
            -Detail ('{0:0.0} MB -> {1:0.0} MB' -f ($before.Managed / 1MB), ($after.Managed / 1MB))
        $stats = Get-CrossAcctApiSandboxStats $sandbox
        New-BenchFigure 'memory' 'STS calls, whole session' ([int] $stats.sts.total) 'calls' -Target '= 1' -Met ([int] $stats.sts.total -eq 1) -Detail "$([int] $stats.api.total) API calls"
    }
}
finally {
    Stop-CrossAcctApiSandbox $sandbox
}
