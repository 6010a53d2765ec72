# The .NET Framework harness of the Windows PowerShell 5.1 files (tests/desktop), as one test runner: Windows
# PowerShell 5.1's runtime is played by Mono with its strict loader (it compares strong-name versions); the harness
# loads out/CrossAcctApi as Windows PowerShell would and runs its cases against a sandbox of its own. One mono process
# per scenario, since assemblies never unload. Returns the count object the other runners return (TestRunners.psm1).

Import-Module (Join-Path $PSScriptRoot 'TestRunners.psm1')

function Invoke-DesktopHarness {
    param(
        [Parameter(Mandatory)] [string] $RepoRoot,
        [Parameter(Mandatory)] [string] $Configuration,
        [Parameter(Mandatory)] [string] $ModuleOut,
        [Parameter(Mandatory)] [string] $SandboxOut,
        [Parameter(Mandatory)] [string] $ResultsDirectory
    )
    $mono = Get-Command mono -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $mono) {
        # CI installs it (.ci/run); on a developer machine without it the harness is reported, not hidden.
        Write-Host '    mono is not installed (apt-get install mono-runtime mono-devel): the Desktop harness did not run.' -ForegroundColor Yellow
        return $(if ($env:CI) { New-RunnerCount 'desktop harness' -Failed 1 } else { New-RunnerCount 'desktop harness' -Skipped 1 })
    }

    $clock = [Diagnostics.Stopwatch]::StartNew()
    $harness = Join-Path $RepoRoot "tests/desktop/CrossAcctApi.DesktopHarness/bin/$Configuration/net472/CrossAcctApi.DesktopHarness.exe"
    $work = New-Item -ItemType Directory -Force -Path (Join-Path $ResultsDirectory "desktop-$PID")
    $log = Join-Path $ResultsDirectory 'desktop-harness.log'
    & dotnet restore (Join-Path $RepoRoot 'tests/isolation/OtherAwsSdk.Restore.csproj') --nologo -v quiet *>> $log
    if ($LASTEXITCODE -ne 0) { throw "restoring the other AWS SDK versions failed (exit code $LASTEXITCODE); see $log" }
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    $sandbox = Start-CrossAcctApiSandbox -SandboxPath $SandboxOut
    try {
        # A session written to the disk cache by PowerShell 7, for the harness to read back on .NET Framework.
        $seed = Join-Path $work 'disk-cache'
        $seedScript = "Import-Module '$ModuleOut/CrossAcctApi.psd1'; " +
            "Get-AssumedRoleCredential -RoleArn arn:aws:iam::111111111111:role/CrossAccountInvoker -RoleSessionName desktop-harness-disk -DiskCache " +
            "-Credential @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' } | Out-Null"
        $env:CROSSACCTAPI_CACHE_DIR, $env:AWS_ENDPOINT_URL_STS, $env:AWS_REGION = $seed, $sandbox.Url, 'us-east-1'
        try { & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -Command $seedScript *>> $log }
        finally { Remove-Item Env:CROSSACCTAPI_CACHE_DIR, Env:AWS_ENDPOINT_URL_STS, Env:AWS_REGION -ErrorAction SilentlyContinue }

        $common = @('--assembly-loader=strict', $harness, '--module', $ModuleOut, '--sandbox', $sandbox.Url)
        # One list per mono run (a list of arrays, so that PowerShell does not flatten them into one).
        $runs = [System.Collections.Generic.List[string[]]]::new()
        $runs.Add(@('--scenario', 'module', '--sigv4', (Join-Path $RepoRoot '../shared/sigv4-test-suite'), '--disk-cache-seed', $seed))
        $runs.Add(@('--scenario', 'control'))
        $runs.Add(@('--scenario', 'beside-other-sdk', '--other-sdk', (Join-Path $packages 'awssdk.core/3.7.402/lib/net45/AWSSDK.Core.dll')))
        $runs.Add(@('--scenario', 'beside-other-sdk', '--other-sdk', (Join-Path $packages 'awssdk.core/4.0.3.3/lib/net472/AWSSDK.Core.dll')))
        $total = @{ Passed = 0; Failed = 0; Skipped = 0 }
        foreach ($run in $runs) {
            $summary = Join-Path $work ("summary-" + [Guid]::NewGuid().ToString('N') + '.json')
            $output = & $mono.Source @($common + $run + @('--summary', $summary)) 2>&1
            $exit = $LASTEXITCODE
            $output | Add-Content -Path $log
            $counts = if (Test-Path $summary) { Get-Content -Raw $summary | ConvertFrom-Json } else { $null }
            # A harness that crashed before reporting must not look green; its failures are shown in full.
            if (-not $counts) { $counts = [pscustomobject] @{ Passed = 0; Failed = 1; Skipped = 0 } }
            elseif ($exit -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1 }
            if ($counts.Failed -gt 0) {
                Write-Host "    Desktop harness $($run[1]): exit code $exit" -ForegroundColor Red
                $output | Where-Object { "$_" -match 'FAIL|Exception|error' } | ForEach-Object { Write-Host "      $_" }
            }
            foreach ($key in 'Passed', 'Failed', 'Skipped') { $total[$key] += [int] $counts.$key }
        }
    }
    finally {
        Stop-CrossAcctApiSandbox $sandbox
        Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
    }

    $counts = New-RunnerCount 'desktop harness' $total.Passed $total.Failed $total.Skipped
    Write-RunnerCountLine 'desktop harness' $counts $clock.Elapsed
    $counts
}

Export-ModuleMember -Function Invoke-DesktopHarness
