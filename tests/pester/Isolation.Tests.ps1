# The AWS SDK stays out of other modules' way: Import-Module loads none of it, the first STS call loads it into a
# private AssemblyLoadContext, and a session that already has another AWSSDK.Core (as AWS.Tools brings) keeps it
# while the module assumes roles with its own. Each case runs in a fresh pwsh, since assemblies never unload.
BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    $script:ModuleRoot = Join-Path $RepoRoot 'out/CrossAcctApi'
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("isolation-tests-" + [Guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Work | Out-Null

    # Other AWSSDK.Core versions, restored from NuGet by a small fixture project.
    & dotnet restore (Join-Path $RepoRoot 'tests/isolation/OtherAwsSdk.Restore.csproj') --nologo -v quiet | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'Restoring the other AWSSDK.Core versions failed.' }
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $script:OtherSdk = @{
        '4.0.3.3' = Join-Path $packages 'awssdk.core/4.0.3.3/lib/net8.0/AWSSDK.Core.dll'
        '3.7.402' = Join-Path $packages 'awssdk.core/3.7.402/lib/net8.0/AWSSDK.Core.dll'
    }

    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    $script:Sandbox = Start-CrossAcctApiSandbox -SandboxPath (Join-Path $RepoRoot 'out/sandbox')
    $script:Url = $Sandbox.Url

    $script:Pwsh = if ([Environment]::ProcessPath -match 'dotnet(\.exe)?$') { @('dotnet', (Join-Path $PSHOME 'pwsh.dll')) } else { @([Environment]::ProcessPath) }

    # Runs a script in a fresh pwsh; the script's last output line is JSON, returned as an object.
    function script:Invoke-Fresh([string] $Script) {
        $path = Join-Path $Work ("case-" + [Guid]::NewGuid().ToString('N') + '.ps1')
        $prelude = @"
`$ErrorActionPreference = 'Stop'
`$env:AWS_EC2_METADATA_DISABLED = 'true'
`$env:AWS_ENDPOINT_URL_STS = '$Url'
`$Ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
`$Invoker = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
function Get-Loaded([string] `$Name) {
    foreach (`$context in [System.Runtime.Loader.AssemblyLoadContext]::All) {
        foreach (`$assembly in `$context.Assemblies) {
            if (`$assembly.GetName().Name -eq `$Name) {
                [pscustomobject] @{ Context = `$context.Name; Version = [Diagnostics.FileVersionInfo]::GetVersionInfo(`$assembly.Location).FileVersion }
            }
        }
    }
}

"@
        Set-Content -Path $path -Value ($prelude + $Script)
        $output = & $Pwsh[0] @($Pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $path 2>&1 | ForEach-Object { "$_" }
        if ($LASTEXITCODE -ne 0) { throw "The child pwsh failed ($LASTEXITCODE): $($output -join "`n")" }
        ($output | Select-Object -Last 1) | ConvertFrom-Json
    }
}

AfterAll {
    if ($Sandbox) { Stop-CrossAcctApiSandbox $Sandbox }
    if ($Work) { Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue }
}

Describe 'Loading the STS component' {
    It 'ships the component and the AWS SDK in Dependencies/, not beside the module assembly' {
        Join-Path $ModuleRoot 'Dependencies/CrossAcctApi.Sts.dll' | Should -Exist
        Join-Path $ModuleRoot 'Dependencies/AWSSDK.Core.dll' | Should -Exist
        Join-Path $ModuleRoot 'Dependencies/AWSSDK.SecurityToken.dll' | Should -Exist
        Join-Path $ModuleRoot 'Dependencies/Loader/net8.0/CrossAcctApi.Isolation.dll' | Should -Exist
        Join-Path $ModuleRoot 'Dependencies/Loader/netstandard2.0/CrossAcctApi.Isolation.dll' | Should -Exist
        Get-ChildItem $ModuleRoot -Filter 'AWSSDK*.dll' | Should -BeNullOrEmpty
        Join-Path $ModuleRoot 'CrossAcctApi.Sts.dll' | Should -Not -Exist
    }

    It 'Import-Module loads no AWS SDK; the first STS call loads it into the private context' {
        $result = Invoke-Fresh @"
Import-Module '$ModuleRoot/CrossAcctApi.psd1'
`$afterImport = @('AWSSDK.Core', 'AWSSDK.SecurityToken', 'CrossAcctApi.Sts', 'CrossAcctApi.Isolation' | ForEach-Object { Get-Loaded `$_ })
`$c = Get-AssumedRoleCredential -RoleArn `$Invoker -Credential `$Ops
[pscustomobject] @{
    AfterImport = `$afterImport.Count
    Role = `$c.RoleArn
    Core = Get-Loaded 'AWSSDK.Core'
    Sts = Get-Loaded 'CrossAcctApi.Sts'
    ModuleCore = (Get-Loaded 'CrossAcctApi.Core').Context
} | ConvertTo-Json -Compress -Depth 5
"@
        $result.AfterImport | Should -Be 0
        $result.Role | Should -Be 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
        @($result.Core) | Should -HaveCount 1
        $result.Core.Context | Should -Be 'CrossAcctApi.Dependencies'
        $result.Sts.Context | Should -Be 'CrossAcctApi.Dependencies'
        # CrossAcctApi.Core is shared: the cmdlets and the component see the same types.
        $result.ModuleCore | Should -Be 'Default'
    }

    It 'Import-Module does not load the engine either; the first command loads it from the module folder, and its type names resolve' {
        $result = Invoke-Fresh @"
Import-Module '$ModuleRoot/CrossAcctApi.psd1'
`$afterImport = @(Get-Loaded 'CrossAcctApi.Core').Count
`$arn = Get-ExecuteApiArn -Uri 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/items' -Stage '`$default'
`$engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'CrossAcctApi.Core' }
[pscustomobject] @{
    AfterImport = `$afterImport
    Arn = `$arn.Arn
    Context = (Get-Loaded 'CrossAcctApi.Core').Context
    Folder = Split-Path `$engine.Location
    TypeName = [CrossAcctApi.Core.Credentials.AwsCredential].FullName
} | ConvertTo-Json -Compress
"@
        $result.AfterImport | Should -Be 0 -Because 'the manifest has no RequiredAssemblies, and no type of the module assembly needs the engine to be listed'
        $result.Arn | Should -Be 'arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/$default/GET/items'
        $result.Context | Should -Be 'Default'
        $result.Folder | Should -Be (Resolve-Path $ModuleRoot).Path
        $result.TypeName | Should -Be 'CrossAcctApi.Core.Credentials.AwsCredential'
    }

    It 'names the engine''s types before any command after Add-Type -Path on the engine, and the commands then use that same assembly' {
        $result = Invoke-Fresh @"
Import-Module '$ModuleRoot/CrossAcctApi.psd1'
Add-Type -Path (Join-Path (Get-Module CrossAcctApi).ModuleBase 'CrossAcctApi.Core.dll')
`$type = [CrossAcctApi.Core.Requests.ResolvedInvokeArn]
`$arn = Get-ExecuteApiArn -Uri 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/items' -Stage '`$default'
[pscustomobject] @{
    Engines = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'CrossAcctApi.Core' }).Count
    SameType = `$arn -is `$type
} | ConvertTo-Json -Compress
"@
        $result.Engines | Should -Be 1
        $result.SameType | Should -BeTrue
    }
}

Describe 'A session that already loaded another AWSSDK.Core (as AWS.Tools does)' {
    It 'keeps AWSSDK.Core <Version> working and assumes roles with its own' -TestCases @(
        @{ Version = '4.0.3.3' }
        @{ Version = '3.7.402' }
    ) {
        param($Version)
        $other = $OtherSdk[$Version]
        $other | Should -Exist
        $result = Invoke-Fresh @"
Add-Type -Path '$other'
Import-Module '$ModuleRoot/CrossAcctApi.psd1'
`$c = Get-AssumedRoleCredential -RoleArn `$Invoker -Credential `$Ops
`$chained = Get-AssumedRoleCredential -RoleArn `$Invoker -Credential `$Ops -RoleSessionName second -NoCache
# The session's own SDK still works after the module used its copy.
`$theirs = [Amazon.Runtime.BasicAWSCredentials]::new('AKIAEXAMPLEEXAMPLE00', 'secret').GetCredentials().AccessKey
[pscustomobject] @{
    Role = `$c.RoleArn
    Second = `$chained.AssumedRoleArn
    Cores = @(Get-Loaded 'AWSSDK.Core')
    Theirs = `$theirs
    TypeResolvesTo = [Diagnostics.FileVersionInfo]::GetVersionInfo([Amazon.Runtime.AWSCredentials].Assembly.Location).FileVersion
} | ConvertTo-Json -Compress -Depth 5
"@
        $result.Role | Should -Be 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
        $result.Second | Should -Match 'assumed-role/CrossAccountInvoker/second$'
        $result.Theirs | Should -Be 'AKIAEXAMPLEEXAMPLE00'
        $versionPattern = '^' + [regex]::Escape($Version) + '(\.0)?$'
        $result.TypeResolvesTo | Should -Match $versionPattern
        $cores = @($result.Cores)
        $cores | Should -HaveCount 2
        ($cores | Where-Object Context -eq 'Default').Version | Should -Match $versionPattern
        ($cores | Where-Object Context -eq 'CrossAcctApi.Dependencies').Version | Should -Be '4.0.102.19'
    }

    It 'would break without the private context (control: the component loaded into the shared context fails)' {
        $other = $OtherSdk['4.0.3.3']
        $result = Invoke-Fresh @"
Add-Type -Path '$other'
Import-Module '$ModuleRoot/CrossAcctApi.psd1'
`$outcome = try {
    [Reflection.Assembly]::LoadFrom('$ModuleRoot/Dependencies/AWSSDK.SecurityToken.dll') | Out-Null
    `$sts = [Reflection.Assembly]::LoadFrom('$ModuleRoot/Dependencies/CrossAcctApi.Sts.dll')
    `$services = [Activator]::CreateInstance(`$sts.GetType('CrossAcctApi.Sts.AwsSdkStsServices'))
    `$keys = [CrossAcctApi.Core.Credentials.CredentialKeys]::new(`$Ops.AccessKeyId, `$Ops.SecretAccessKey)
    `$request = [CrossAcctApi.Core.Sts.AssumeRoleRequest]::new(`$Invoker, 'control')
    `$endpoint = [CrossAcctApi.Core.Sts.StsEndpoint]::Resolve([uri] '$Url', 'us-east-1', [Func[string, string]] { param(`$n) `$null })
    `$services.RoleAssumer.AssumeRoleAsync(`$request, `$keys, `$endpoint, [Threading.CancellationToken]::None).GetAwaiter().GetResult() | Out-Null
    'succeeded'
}
catch { 'failed: ' + `$_.Exception.GetBaseException().GetType().Name }
[pscustomobject] @{ Outcome = `$outcome } | ConvertTo-Json -Compress
"@
        $result.Outcome | Should -BeLike 'failed: *'
    }
}
