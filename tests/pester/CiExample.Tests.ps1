#Requires -Version 7.0
# The GitHub Actions example a team copies (docs/examples/github-actions-cross-account.yml, issue 16) stays correct:
# it parses as YAML (PyYAML, in python3), asks GitHub for an OIDC token (id-token: write) and hands it to the
# module's credential chain as web identity (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE), its PowerShell steps parse
# and name only commands and parameters that exist, the compliance suite it runs exists and takes the data it is
# given, and the Pester run writes the JUnit file the report steps publish.
BeforeDiscovery {
    $root = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    Import-Module (Join-Path $root 'out/CrossAcctApi/CrossAcctApi.psd1') -Force
    # Web identity parameters come with the profiles work of issue 16; the workflow needs only the environment form.
    $script:HasWebIdentityParameters = (Get-Command Get-AssumedRoleCredential).Parameters.ContainsKey('WebIdentityTokenFile')
    $script:HasYaml = [bool] (Get-Command python3 -CommandType Application -ErrorAction Ignore) -and
        ($(& python3 -c 'import yaml' 2>$null; $LASTEXITCODE) -eq 0)
}

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force
    Import-Module (Join-Path $RepoRoot 'out/modules/Pester') -ErrorAction SilentlyContinue  # the run's own Pester, already loaded
    $WorkflowPath = Join-Path $RepoRoot 'docs/examples/github-actions-cross-account.yml'
    $json = Get-Content -Raw $WorkflowPath | & python3 -c 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'
    $Workflow = $json | ConvertFrom-Json -AsHashtable
    $Job = $Workflow.jobs.compliance
    $Steps = @($Job.steps)
    $PwshSteps = @($Steps | Where-Object { $_.shell -eq 'pwsh' })
    $ComplianceStep = $Steps | Where-Object name -EQ 'Run the compliance suite'
}

Describe 'The GitHub Actions example' -Skip:(-not $HasYaml) {
    It 'is a workflow with triggers and one job' {
        # YAML 1.1 (PyYAML) reads the key "on" as true, which JSON writes "true".
        $triggers = if ($Workflow.ContainsKey('on')) { $Workflow['on'] } else { $Workflow['true'] }
        $triggers.Keys | Should -Contain 'workflow_dispatch'
        $triggers.Keys | Should -Contain 'push'
        $Job.'runs-on' | Should -Not -BeNullOrEmpty
        $Steps.Count | Should -BeGreaterOrEqual 4
    }

    It 'may ask GitHub for an OIDC token (permissions id-token: write)' {
        $permissions = if ($Job.ContainsKey('permissions')) { $Job.permissions } else { $Workflow.permissions }
        $permissions.'id-token' | Should -Be 'write'
    }

    It 'hands the token to the credential chain as web identity: AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE' {
        $Job.env.AWS_ROLE_ARN | Should -Match '\$\{\{\s*vars\.\w+\s*\}\}'
        $Job.env.AWS_WEB_IDENTITY_TOKEN_FILE | Should -Not -BeNullOrEmpty
        $tokenStep = $Steps | Where-Object { $_.run -match 'ACTIONS_ID_TOKEN_REQUEST_URL' }
        $tokenStep | Should -Not -BeNullOrEmpty
        $tokenStep.run | Should -Match 'audience=sts\.amazonaws\.com'
        $tokenStep.run | Should -Match '\$env:AWS_WEB_IDENTITY_TOKEN_FILE'
    }

    It 'runs PowerShell steps that parse and name only real commands and parameters: <name>' -ForEach @(
        if ($HasYaml) {
            $root = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
            $text = Get-Content -Raw (Join-Path $root 'docs/examples/github-actions-cross-account.yml') | & python3 -c 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'
            @(($text | ConvertFrom-Json -AsHashtable).jobs.compliance.steps | Where-Object { $_.shell -eq 'pwsh' })
        }
    ) {
        $stepName = $name
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($run, [ref] $tokens, [ref] $errors)
        $errors | Should -BeNullOrEmpty
        foreach ($commandAst in $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true)) {
            $commandName = $commandAst.GetCommandName()
            $command = Get-Command $commandName -ErrorAction SilentlyContinue
            $command | Should -Not -BeNullOrEmpty -Because "the step '$stepName' calls $commandName"
            foreach ($parameter in $commandAst.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                $matching = @($command.Parameters.Keys | Where-Object { $_ -like "$($parameter.ParameterName)*" }) + @($command.Parameters.Values | Where-Object { $_.Aliases -contains $parameter.ParameterName } | ForEach-Object Name)
                $matching.Count | Should -BeGreaterThan 0 -Because "$commandName has a -$($parameter.ParameterName) parameter"
            }
        }
    }

    It 'assumes account A''s role with Get-AssumedRoleCredential before the suite' {
        $step = $PwshSteps | Where-Object { $_.run -match 'Get-AssumedRoleCredential' }
        $step | Should -Not -BeNullOrEmpty
        $step.run | Should -Match '-RoleArn \$env:ACCOUNT_A_ROLE_ARN'
        $Job.env.ACCOUNT_A_ROLE_ARN | Should -Not -BeNullOrEmpty
    }

    It 'runs the compliance suite with data it takes, and writes the JUnit file the report steps publish' {
        # The step's Pester configuration, built for real (everything but importing and running).
        $setup = ($ComplianceStep.run -split "`n" | Where-Object { $_ -notmatch '^\s*(Import-Module|Invoke-Pester)\b' }) -join "`n"
        Push-Location $RepoRoot
        try { . ([scriptblock]::Create($setup)) } finally { Pop-Location }
        $configuration.TestResult.Enabled.Value | Should -BeTrue
        $configuration.TestResult.OutputFormat.Value | Should -Be 'JUnitXml'
        $report = $configuration.TestResult.OutputPath.Value
        foreach ($publish in $Steps | Where-Object { $_.uses -match '^(dorny/test-reporter|actions/upload-artifact)@' }) {
            $publish.with.path | Should -Be $report
            $publish.if | Should -Match 'cancelled\(\)' -Because 'a failing suite must still publish its report'
        }
        @($Steps | Where-Object { $_.uses -match '^dorny/test-reporter@' }).with.reporter | Should -Be 'java-junit'
        $container = @($configuration.Run.Container.Value)[0]
        $container.Item | Should -Exist
        $suite = Get-Command $container.Item.FullName
        foreach ($key in $container.Data.Keys) { $suite.Parameters.Keys | Should -Contain $key }
    }

    It 'relies on web identity the module has and documents: the variables in the chain, the parameters on Get-AssumedRoleCredential' -Skip:(-not $HasWebIdentityParameters) {
        # The workflow uses the environment form; the module's help must say that the default chain reads it.
        $about = Get-Help about_CrossAcctApi | Out-String
        $about | Should -Match 'AWS_WEB_IDENTITY_TOKEN_FILE'
        $about | Should -Match 'AWS_ROLE_ARN'
        (Get-Command Get-AssumedRoleCredential).Parameters.Keys | Should -Contain 'WebIdentityToken'
    }
}
