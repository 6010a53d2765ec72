#Requires -Version 7.0
# Load and concurrency: 10,000 signed requests from 16 runspaces (ForEach-Object -Parallel) sharing one credential.
# Every request must be answered 200 by the sandbox, whose own SigV4 verifier (written apart from the module's signer)
# checks each signature: zero errors, zero signature mismatches, each answer the one for its own request, and STS
# called exactly once - for the credential, which none of the runspaces renews. The route is the cheapest the role is
# allowed: GET /prod/items/{id} (a canned answer after SigV4 and IAM), requested in batches of URLs per call so that
# the time goes to signing and HTTP rather than to starting cmdlets.

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath }
    $script:ModuleManifest = Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1'
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    Import-Module $ModuleManifest -Force
    $script:Sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath (Join-Path $RepoRoot 'out/sandbox')

    $script:Runspaces = 16
    $script:PerRunspace = 625
    $script:Total = $Runspaces * $PerRunspace

    $before = Get-CrossAcctApiSandboxStats $Sandbox
    $ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
    $script:Credential = Get-AssumedRoleCredential -RoleArn 'arn:aws:iam::111111111111:role/CrossAccountInvoker' -Credential $ops -StsEndpoint $Sandbox.StsEndpoint -Region us-east-1 -NoCache
    $script:FirstKey = $Credential.AccessKeyId
    $base = $Sandbox.ApiUrl('prod', '/items')

    $watch = [Diagnostics.Stopwatch]::StartNew()
    $script:Batches = 1..$Runspaces | ForEach-Object -ThrottleLimit $Runspaces -Parallel {
        $runspace = $_
        Import-Module $using:ModuleManifest
        $ids = 1..$using:PerRunspace | ForEach-Object { "r$runspace-$_" }
        $errors = $null
        $responses = Invoke-SignedHttpApi -Uri ($ids | ForEach-Object { "$using:base/$_" }) -Credential $using:Credential -Region us-east-1 -ThrottleLimit 4 `
            -AsResponse -ErrorAction SilentlyContinue -ErrorVariable errors
        [pscustomobject] @{
            Runspace  = $runspace
            Expected  = $ids
            Ids       = @($responses | ForEach-Object { $_.ParsedContent.id })
            Statuses  = @($responses | ForEach-Object StatusCode)
            Attempts  = ($responses | Measure-Object -Property Attempts -Sum).Sum
            Refreshed = @($responses | Where-Object CredentialRefreshed).Count
            Errors    = @($errors | ForEach-Object { $_.FullyQualifiedErrorId })
        }
    }
    $watch.Stop()
    $script:Elapsed = $watch.Elapsed
    $after = Get-CrossAcctApiSandboxStats $Sandbox
    $script:StsCalls = $after.sts.total - $before.sts.total
    $script:ApiCalls = $after.api.total - $before.api.total
    $script:ApiAllowed = [long] $after.api.byOutcome.Allowed - [long] $before.api.byOutcome.Allowed
    $script:Outcomes = $after.api.byOutcome
    Write-Host ("    {0:N0} signed requests from {1} runspaces in {2:N1} s ({3:N0} per second)" -f $Total, $Runspaces, $Elapsed.TotalSeconds, ($Total / $Elapsed.TotalSeconds))
}

AfterAll {
    if ($script:Sandbox) { Stop-CrossAcctApiSandbox $script:Sandbox }
}

Describe '10,000 signed requests from 16 runspaces sharing one credential' {
    It 'ran in 16 runspaces, each with its share of the requests' {
        @($Batches).Count | Should -Be $Runspaces
        ($Batches.Runspace | Sort-Object) | Should -Be @(1..$Runspaces)
    }

    It 'had zero errors' {
        @($Batches.Errors) | Should -BeNullOrEmpty
    }

    It 'got 200 for every request, each answer the one for its own request, in order' {
        foreach ($batch in $Batches) {
            $batch.Statuses | Should -Be (@(200) * $PerRunspace) -Because "runspace $($batch.Runspace) gets every answer"
            $batch.Ids | Should -Be $batch.Expected -Because "runspace $($batch.Runspace) gets its own answers, in order"
        }
    }

    It 'had zero signature mismatches: the sandbox verified and allowed exactly 10,000 requests, on the first attempt' {
        $ApiCalls | Should -Be $Total
        $ApiAllowed | Should -Be $Total
        $Outcomes.PSObject.Properties.Name | Should -Not -Contain 'SignatureDoesNotMatch'
        ($Batches.Attempts | Measure-Object -Sum).Sum | Should -Be $Total
    }

    It 'called STS once, for the shared credential, which no runspace renewed' {
        $StsCalls | Should -Be 1
        ($Batches.Refreshed | Measure-Object -Sum).Sum | Should -Be 0
        $Credential.AccessKeyId | Should -Be $FirstKey
    }
}
