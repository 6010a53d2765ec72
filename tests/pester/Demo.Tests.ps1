#Requires -Version 7.0
# The end-to-end demo (build.ps1 -Task Demo runs examples/demo/Invoke-Demo.ps1 after building). Here the demo script runs
# in a child pwsh against the module the build already made, without building again: it must exit 0, walk every step
# with the outcomes it promises, stop its sandbox, and print no secret. A demo that cannot do a step exits non-zero.

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath }
    $script:Demo = Join-Path $RepoRoot 'examples/demo/Invoke-Demo.ps1'

    function Invoke-Demo([string[]] $Arguments = @()) {
        $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($argument in @('pwsh', '-NoProfile', '-NonInteractive', '-File', $Demo, '-RepoRoot', $RepoRoot) + $Arguments) { $info.ArgumentList.Add($argument) }
        $info.WorkingDirectory = $RepoRoot
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        # The demo must need nothing from the caller's AWS set-up.
        foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL', 'AWS_REGION') { $null = $info.Environment.Remove($name) }
        $process = [System.Diagnostics.Process]::Start($info)
        $stderr = $process.StandardError.ReadToEndAsync()
        $stdout = $process.StandardOutput.ReadToEnd()
        if (-not $process.WaitForExit(120000)) { $process.Kill($true); throw 'The demo did not finish within 120 s.' }
        [pscustomobject] @{ ExitCode = $process.ExitCode; Output = $stdout; Errors = $stderr.Result }
    }

    $script:Run = Invoke-Demo
    $script:Lines = $Run.Output -split "`r?`n"
}

Describe 'The demo' {
    It 'exits 0 and says every step behaved' {
        $Run.ExitCode | Should -Be 0 -Because "$($Run.Output)`n$($Run.Errors)"
        $Run.Errors | Should -BeNullOrEmpty
        $Lines | Should -Contain 'Demo complete: every step behaved as described.'
        $Run.Output | Should -Not -Match 'DEMO FAILED'
    }

    It 'walks the steps in order, with a heading each' {
        $headings = $Lines | Where-Object { $_ -match '^Step \d+\. ' }
        $headings | Should -Be @(
            'Step 1. Start two AWS accounts on your machine'
            'Step 2. Write the policies (New-CrossAccountPolicy)'
            'Step 3. Sign in as account B''s ops-engineer'
            'Step 4. Assume the role CrossAccountInvoker in account A (Get-AssumedRoleCredential)'
            'Step 5. Call the API, signed with SigV4 (Invoke-SignedHttpApi)'
            'Step 6. The same call without a signature is refused'
            'Step 7. Someone from another account is refused at AssumeRole'
            'Step 8. Beyond HTTP APIs: a REST API, a private API and a Lambda function URL'
            'Step 9. Prove the whole access matrix (Test-CrossAccountAccess)'
            'Step 10. Stop the sandbox')
        @($Lines | Where-Object { $_ -match '^\s+ok: ' }).Count | Should -BeGreaterOrEqual 10
    }

    It 'prints the three generated policies as valid JSON for account A / B, API a1b2c3d4e5 in us-east-1' {
        $Run.Output | Should -Match '"arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items"'
        $Run.Output | Should -Match '"AWS": "arn:aws:iam::222222222222:root"'
        $Run.Output | Should -Match '"Resource": "arn:aws:iam::111111111111:role/CrossAccountInvoker"'
        $Run.Output | Should -Match 'GET  /prod/items/42  -> Allowed'
        $Run.Output | Should -Match 'POST /prod/items     -> ImplicitDeny'
    }

    It 'assumes CrossAccountInvoker as ops-engineer and calls the API: 200' {
        $Run.Output | Should -Match 'Signed in as access key AKIAOPSENGINEER22222'
        $Run.Output | Should -Match 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/crossacctapi-demo'
        $Run.Output | Should -Match 'GET /prod/items -> 200 OK; items: widget, gadget'
    }

    It 'shows the unsigned call refused with 403 Missing Authentication Token' {
        $Run.Output | Should -Match 'GET /prod/items \(no signature\) -> 403: Missing Authentication Token'
    }

    It 'shows outsider refused at AssumeRole with its diagnosis and what to do' {
        $Run.Output | Should -Match 'ErrorId:\s+AssumeRoleAccessDenied'
        $Run.Output | Should -Match 'Likely causes:\s+NotTrustedByRole'
        $Run.Output | Should -Match 'arn:aws:iam::333333333333:user/outsider may not assume'
        $Run.Output | Should -Match 'What to do: Ask the owner of account 111111111111'
    }

    It 'calls a REST API, a private API and a function URL once each, and shows the function URL refusal''s diagnosis' {
        $Run.Output | Should -Match 'REST API\s+GET /prod/orders/7 -> order 7, caller arn:aws:iam::222222222222:user/ops-engineer'
        $Run.Output | Should -Match 'function URL\s+GET /monthly \(signed for lambda\) -> report monthly'
        $Run.Output | Should -Match 'ErrorId:\s+FunctionUrlNotAuthorized'
    }

    It 'prints a PASS/FAIL table of the matrix, all PASS, with one AssumeRole per role' {
        $Lines | Where-Object { $_ -match '^Result\s+Expected\s+Outcome\s+StatusCode\s+Diagnosis\s+Target$' } | Should -Not -BeNullOrEmpty
        $rows = @($Lines | Where-Object { $_ -match '^(PASS|FAIL)\s' })
        $rows.Count | Should -Be 9
        $rows | Where-Object { $_ -like 'FAIL*' } | Should -BeNullOrEmpty
        $rows | Should -Contain ($rows | Where-Object { $_ -match '^PASS\s+Denied\s+Denied\s+403 NotAuthorized\s+GET /prod/admin/report as CrossAccountInvoker$' })
        $rows -match 'MissingAuthenticationToken\s+GET /items unsigned' | Should -Not -BeNullOrEmpty
        $Run.Output | Should -Match '9 checks: 9 PASS, 0 FAIL\. STS AssumeRole calls for the matrix: 3'
    }

    It 'stops the sandbox, whose process is gone' {
        $line = $Lines | Where-Object { $_ -match 'The sandbox \(process (\d+)\) has stopped\.' }
        $line | Should -Not -BeNullOrEmpty
        $null = $line -match 'process (\d+)'
        Get-Process -Id ([int] $Matches[1]) -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'prints no secret' {
        foreach ($secret in 'OpsEngineerSecretKeyForAccountB/22222222', 'OutsiderSecretKeyForAccountC/3333333333', 'audit-2026', 'Signature=', 'X-Amz-Security-Token') {
            $Run.Output | Should -Not -Match ([regex]::Escape($secret))
        }
        $Run.Output | Should -Not -Match 'FQoG|IQoJ|SessionToken\s*[:=]'
    }

    It 'exits 1, and still says so plainly, when a step cannot be done' {
        $broken = Invoke-Demo @('-SandboxPath', (Join-Path $TestDrive 'no-sandbox-here'))
        $broken.ExitCode | Should -Be 1
        $broken.Output | Should -Match 'DEMO FAILED: .*sandbox is not published'
        $broken.Output | Should -Match 'Step \d+\. Stop the sandbox'
        $broken.Output | Should -Not -Match 'Demo complete'
    }
}
