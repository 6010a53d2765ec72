#Requires -Version 7.2
# A smoke run of the benchmark scripts (bench/Invoke-Benchmarks.ps1 -Smoke: import, end to end, memory, matrix) with
# tiny counts, so that they cannot rot. No timing is asserted: only that every script runs, that the driver prints one
# line per figure and writes its table, and the facts that hold at any speed (STS calls, the AWS SDK not loaded at
# import, every matrix check passing). The signing benchmarks have their own smoke run (build.ps1: --smoke).

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath }
    Import-Module (Join-Path $RepoRoot 'bench/BenchmarkSupport.psm1') -Force

    # One child process for the whole smoke run: the benchmarks import the module, start sandboxes and force garbage
    # collections, none of which should touch the test session.
    $script:Output = Join-Path $TestDrive 'bench'
    $pwsh = Get-PwshCommandLine
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $RepoRoot 'bench/Invoke-Benchmarks.ps1'),
        '-RepoRoot', $RepoRoot, '-Smoke', '-Benchmark', 'Import,EndToEnd,Matrix', '-OutputPath', $Output)
    $script:Lines = @(& $pwsh[0] @arguments 2>&1 | ForEach-Object { "$_" })
    $script:ExitCode = $LASTEXITCODE
    $resultsPath = Join-Path $Output 'results.json'
    $script:Results = if (Test-Path $resultsPath) { Get-Content -Raw $resultsPath | ConvertFrom-Json } else { $null }

    function Figure([string] $Benchmark, [string] $Like) {
        @($Results.Figures | Where-Object { $_.Benchmark -eq $Benchmark -and $_.Name -like $Like })
    }
}

AfterAll {
    Remove-Module BenchmarkSupport -ErrorAction SilentlyContinue
}

Describe 'The benchmark driver''s smoke run' {
    It 'runs the import, end-to-end and matrix benchmarks and exits 0' {
        $ExitCode | Should -Be 0 -Because ($Lines -join "`n")
        $Results | Should -Not -BeNullOrEmpty
        $Results.Size | Should -Be 'Smoke'
        @($Results.Figures.Benchmark | Sort-Object -Unique) | Should -Be @('e2e', 'import', 'matrix', 'memory')
    }

    It 'prints one line per figure, with its value and, where it has one, its ratio and target verdict' {
        $figureLines = @($Lines | Where-Object { $_ -match '^\[(import|e2e|memory|matrix)\] ' })
        $figureLines.Count | Should -Be @($Results.Figures).Count
        foreach ($line in $figureLines) { $line | Should -Match '^\[\w+\] [^:]+: -?[\d,.]+ \S+' }
        @($figureLines | Where-Object { $_ -match ', \d+\.\d\dx ' }).Count | Should -BeGreaterThan 5
        @($figureLines | Where-Object { $_ -match '\(target .+: (met|MISSED)\)' }).Count | Should -Be @($Results.Figures | Where-Object { $null -ne $_.Met }).Count
        @($Lines | Where-Object { $_ -match '^==> \d+ figures, \d+ with a target: \d+ met, \d+ missed$' }) | Should -HaveCount 1
    }

    It 'gives every figure a number, and every figure with a target a verdict' {
        foreach ($figure in $Results.Figures) {
            [double]::IsNaN([double] $figure.Value) | Should -BeFalse -Because $figure.Name
            if ($figure.Target) { $figure.Met | Should -BeOfType [bool] -Because $figure.Name }
        }
    }

    It 'writes the Markdown table with the machine line and one row per figure' {
        $table = Get-Content (Join-Path $Output 'results.md')
        $table[0] | Should -Match '^Run \d{4}-\d\d-\d\d \d\d:\d\d UTC \(smoke\): \d+ cores, '
        $table | Should -Contain '| benchmark | figure | median | ratio | target |'
        @($table | Where-Object { $_ -match '^\| (import|e2e|memory|matrix) \|' }).Count | Should -Be @($Results.Figures).Count
    }
}

Describe 'What holds at any speed' {
    It 'Import-Module loads no AWS SDK assembly; the first STS call does' {
        $figure = Figure 'import' 'AWS SDK assemblies loaded by Import-Module'
        $figure | Should -HaveCount 1
        $figure[0].Value | Should -Be 0
        $figure[0].Detail | Should -Match 'then [1-9]\d* after the first STS call'
    }

    It 'all signed requests of the end-to-end run used one STS call' {
        $figure = Figure 'e2e' 'STS calls'
        $figure | Should -HaveCount 1
        $figure[0].Value | Should -Be 1
        (Figure 'memory' 'STS calls, whole session')[0].Value | Should -Be 1
    }

    It 'the matrix assumed each of its 3 roles once and every check passed' {
        (Figure 'matrix' 'Test-CrossAccountAccess STS calls per run')[0].Value | Should -Be 3
        (Figure 'matrix' 'Test-CrossAccountAccess, * (wall time)')[0].Detail | Should -Match '; 6 of 6 passed$'
        (Figure 'matrix' 'hand-written loop*')[0].Detail | Should -Match '3 STS calls; 6 of 6 as expected'
    }
}

Describe 'Figure helpers' {
    It 'Get-Median takes the middle value, or the mean of the two middle ones' {
        Get-Median @(3, 1, 2) | Should -Be 2
        Get-Median @(4, 1, 3, 2) | Should -Be 2.5
        [double]::IsNaN((Get-Median @())) | Should -BeTrue
    }

    It 'Format-BenchFigure prints the ratio and says MISSED for a target not met' {
        $line = New-BenchFigure 'e2e' 'rate' 1234.5 'req/s' -Ratio 0.5 -RatioTo 'Invoke-RestMethod' -Target '>= 0.9x' -Met $false -Detail 'why' | Format-BenchFigure
        $line | Should -Be '[e2e] rate: 1,235 req/s, 0.50x Invoke-RestMethod (target >= 0.9x: MISSED) - why'
        New-BenchFigure 'signing' 'ours' 1.834 'us' | Format-BenchFigure | Should -Be '[signing] ours: 1.83 us'
    }
}
