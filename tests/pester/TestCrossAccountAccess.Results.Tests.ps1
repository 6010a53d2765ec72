#Requires -Version 7.0
# Test-CrossAccountAccess against the sandbox, with what it gives back: -Quiet, progress and cancellation, then
# reading the results: Pester-friendly messages, ToString, the table and list views, and no secret in any stream or
# view. The shared setup is TestCrossAccountAccess.Fixture.ps1.

BeforeAll { . (Join-Path $PSScriptRoot 'TestCrossAccountAccess.Fixture.ps1') }

AfterAll { Stop-TestCrossAccountAccessFixture }

Describe '-Quiet, progress and cancellation' {
    BeforeEach { Reset-World }

    It '-Quiet writes a single $true when every check passes' {
        $out = @(Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items'), (Url 'prod' '/items/1'); Quiet = $true })
        $out.Count | Should -Be 1
        $out[0] | Should -BeOfType [bool]
        $out[0] | Should -BeTrue
    }

    It '-Quiet writes a single $false when one check fails, or a target is bad' {
        $out = @(Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items'), (Url 'prod' '/admin/report'); Quiet = $true })
        $out | Should -Be @($false)
        $bad = @(Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items'), 'nonsense'; Quiet = $true; ErrorAction = 'SilentlyContinue' })
        $bad | Should -Be @($false)
    }

    It 'writes progress for more than one target from the pipeline thread, and none when silenced or for one target' {
        $state = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
        $state.ImportPSModule($ModulePath)
        $runspace = [runspacefactory]::CreateRunspace($state)
        $runspace.Open()
        try {
            $script = {
                param($Preference, $Uris, $Sts, $Ops, $Role)
                $ProgressPreference = $Preference
                Test-CrossAccountAccess -RoleArn $Role -Uri $Uris -Credential $Ops -StsEndpoint $Sts -Region us-east-1
            }
            $run = {
                param($Preference, $Uris)
                $ps = [powershell]::Create()
                $ps.Runspace = $runspace
                $null = $ps.AddScript($script).AddArgument($Preference).AddArgument($Uris).AddArgument($Sandbox.StsEndpoint).AddArgument($Ops).AddArgument($Invoker)
                $output = $ps.Invoke()
                [pscustomobject] @{ Output = $output; Progress = @($ps.Streams.Progress); Errors = @($ps.Streams.Error) }
                $ps.Dispose()
            }
            $uris = 1..6 | ForEach-Object { Url 'prod' "/items/$_" }

            $shown = & $run 'Continue' $uris
            $shown.Errors | Should -BeNullOrEmpty
            $shown.Output.Count | Should -Be 6
            $shown.Progress.Count | Should -BeGreaterThan 1
            $shown.Progress[0].Activity | Should -Be 'Test-CrossAccountAccess'
            $shown.Progress[-1].RecordType | Should -Be 'Completed'
            ($shown.Progress | Where-Object StatusDescription -Match '^6 of 6 checked') | Should -Not -BeNullOrEmpty

            (& $run 'SilentlyContinue' $uris).Progress.Count | Should -Be 0
            (& $run 'Continue' @($uris[0])).Progress.Count | Should -Be 0
        }
        finally {
            $runspace.Dispose()
        }
    }

    It 'stops promptly when the pipeline is stopped mid-run' {
        $null = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items') }
        $null = Set-CrossAcctApiSandboxFault $Sandbox -LatencyMilliseconds 8000
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($ModulePath).AddStatement()
            $null = $ps.AddCommand('Test-CrossAccountAccess').AddParameter('RoleArn', $Invoker).AddParameter('Uri', @(1..4 | ForEach-Object { Url 'prod' "/items/$_" })).AddParameter('Credential', $Ops).AddParameter('StsEndpoint', $Sandbox.StsEndpoint).AddParameter('Region', 'us-east-1')
            $async = $ps.BeginInvoke()
            Start-Sleep -Milliseconds 600
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            # The invocation is marked complete on another thread just after Stop() returns: wait for it, bounded.
            $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(3)) | Should -BeTrue
            $watch.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 3
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Reading the results' {
    BeforeAll {
        Reset-World
        $script:Results = Check @{ RoleArn = $Invoker; Uri = (Url 'prod' '/items'), (Url 'prod' '/admin/report'); Stage = 'prod' }
    }

    It 'reads naturally in Pester: the failure message names the target, the outcome and the diagnosis' {
        $failed = $Results[1]
        { $failed.Passed | Should -BeTrue -Because $failed.Message } |
            Should -Throw -ExpectedMessage '*because GET /prod/admin/report as CrossAccountInvoker was expected to be Allowed, but was Denied at Invoke (403 NotAuthorized): *'
        $Results[0].Passed | Should -BeTrue -Because $Results[0].Message
    }

    It 'has a one-line ToString with the verdict' {
        $Results[0].ToString() | Should -Be 'PASS GET /prod/items as CrossAccountInvoker: Allowed (200)'
        $Results[1].ToString() | Should -Be 'FAIL GET /prod/admin/report as CrossAccountInvoker: Denied (403 NotAuthorized), expected Allowed'
    }

    It 'has a table view (the default) and a list view' {
        $views = (Get-FormatData -TypeName 'CrossAcctApi.Core.Access.CrossAccountAccessResult' -PowerShellVersion $PSVersionTable.PSVersion).FormatViewDefinition
        $views | ForEach-Object { $_.Control.GetType().Name } | Sort-Object | Should -Be @('ListControl', 'TableControl')
        $views[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
    }

    It 'shows PASS and FAIL first in the table, without colour codes when the output is not a terminal' {
        $table = $Results | Out-String -Width 200
        $lines = $table -split "`n" | Where-Object { $_ -match '^\S' }
        $lines[0] | Should -Match '^Result\s+Expected\s+Outcome\s+StatusCode\s+Diagnosis\s+Target'
        $table | Should -Match '(?m)^PASS\s+Allowed\s+Allowed\s+200\s+GET /prod/items as CrossAccountInvoker'
        $table | Should -Match '(?m)^FAIL\s+Allowed\s+Denied\s+403 NotAuthorized\s+GET /prod/admin/report'
        $list = $Results[1] | Format-List | Out-String -Width 200
        $list | Should -Match 'Result\s+: FAIL'
        $list | Should -Match 'DenialReason\s+: ExplicitDeny'
        $table | Should -Not -Match ([regex]::Escape([string][char]27))
        $saved = $PSStyle.OutputRendering
        try {
            $PSStyle.OutputRendering = 'PlainText'
            $Results | Out-String | Should -Not -Match ([regex]::Escape([string][char]27))
        }
        finally { $PSStyle.OutputRendering = $saved }
    }

    It 'puts no secret in any stream or view' {
        Reset-World
        # The same session name, so Test-CrossAccountAccess signs with the very session whose token is checked below.
        $credential = Get-AssumedRoleCredential -RoleArn $Invoker -RoleSessionName secret-check -Credential $Ops -StsEndpoint $Sandbox.StsEndpoint -Region us-east-1
        $saved = @{}
        foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            $credential | Export-AssumedRoleCredential
            $token = $env:AWS_SESSION_TOKEN
            $secret = $env:AWS_SECRET_ACCESS_KEY
        }
        finally {
            foreach ($name in $saved.Keys) {
                if ($null -eq $saved[$name]) { Remove-Item "env:$name" -ErrorAction SilentlyContinue } else { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
            }
        }
        $all = @(
            Check @{ RoleArn = $Invoker; RoleSessionName = 'secret-check'; Uri = (Url 'prod' '/items'), (Url 'prod' '/admin/report'), (Url 'prod' '/nothing'); Verbose = $true; Debug = $true; WarningAction = 'Continue' } 3>&1 4>&1 5>&1 6>&1
            Check @{ RoleArn = $Auditor; ExternalId = 'audit-2026'; Uri = (Url 'prod' '/items'), (Url 'prod' '/items/9'); Verbose = $true } 4>&1
        )
        $results = $all | Where-Object { $_ -is [CrossAcctApi.Core.Access.CrossAccountAccessResult] }
        $results.Count | Should -Be 5
        $results[0].CallerArn | Should -BeLike '*/secret-check'
        # Verbose records carry the command's own arguments in their InvocationInfo, so only the results are serialised.
        $text = ($all | Out-String -Width 400) + ($results | Format-List * | Out-String -Width 400) + ($results | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue)
        $text | Should -Not -BeNullOrEmpty
        foreach ($secretText in $Ops.SecretAccessKey, 'audit-2026', $token, $secret) {
            $text | Should -Not -Match ([regex]::Escape($secretText))
        }
        $text | Should -Not -Match 'Signature='
    }
}
