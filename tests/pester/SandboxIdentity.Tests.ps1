#Requires -Version 7.0
# The sandbox's credential sources driven by the real peers: AssumeRoleWithWebIdentity, the SSO portal, ECS container
# credentials and IMDSv2, through the AWS CLI and botocore reading profiles exactly as they do for a user. Every tool
# runs with its own HOME, config and credentials files, and no inherited AWS_* variable (tests/pester/SigningPeers.psm1).

BeforeAll {
    $script:RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath }
    Import-Module (Join-Path $RepoRoot 'build/SandboxHost.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SigningPeers.psm1') -Force
    $script:Sandbox = Start-CrossAcctApiSandbox -Port 0 -SandboxPath (Join-Path $RepoRoot 'out/sandbox')

    $script:CiDeployer = 'arn:aws:iam::222222222222:role/CiDeployer'
    $script:Invoker = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
    $script:TrustedSubject = 'repo:acme/items:ref:refs/heads/main'
    $script:ContainerToken = 'sandbox-container-authorization-token'

    # An sso_session profile for permission set ItemsReader in account A, as `aws configure sso` writes it.
    $script:SsoProfile = @'
[profile reader]
sso_session = sandbox
sso_account_id = 111111111111
sso_role_name = ItemsReader
[sso-session sandbox]
sso_start_url = https://sandbox-sso.awsapps.com/start
sso_region = us-east-1
'@

    function Skip-When([string] $Reason) {
        if ($Reason) { Set-ItResult -Skipped -Because $Reason }
    }

    # A fresh HOME with an empty ~/.aws, a config file with the given text, and the environment a peer runs with.
    function New-PeerSetup([string] $Config = '', [hashtable] $Extra = @{}) {
        $root = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path (Join-Path $root 'home/.aws')
        $configPath = Join-Path $root 'config'
        Set-Content -LiteralPath $configPath -Value $Config
        $environment = @{
            HOME                        = (Join-Path $root 'home')
            AWS_CONFIG_FILE             = $configPath
            AWS_SHARED_CREDENTIALS_FILE = (Join-Path $root 'no-credentials')
            AWS_DEFAULT_REGION          = 'us-east-1'
            AWS_ENDPOINT_URL_STS        = $Sandbox.Url
            AWS_ENDPOINT_URL_SSO        = $Sandbox.Url
            AWS_EC2_METADATA_DISABLED   = 'true'
            AWS_PAGER                   = ''
            AWS_MAX_ATTEMPTS            = '1'
        }
        foreach ($name in $Extra.Keys) {
            if ($null -eq $Extra[$name]) { $environment.Remove($name) } else { $environment[$name] = $Extra[$name] }
        }
        [pscustomobject]@{ Root = $root; Home = $environment.HOME; Environment = $environment }
    }

    function Get-StsCount([string] $Operation) {
        $byOperation = (Get-CrossAcctApiSandboxStats $Sandbox).sts.byOperation
        if ($byOperation.PSObject.Properties.Name -contains $Operation) { $byOperation.$Operation } else { 0 }
    }

    $aws = Get-Command -Name aws -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    $script:AwsPath = if ($aws) { $aws.Source } else { $null }
    # AWS_ENDPOINT_URL_<SERVICE> needs the AWS CLI v1 on botocore 1.31+ or the AWS CLI v2.13+ (Debian bookworm's awscli is 2.9).
    $script:AwsMissing = if ($null -eq $aws) { 'the AWS CLI (aws) is not installed; apt-get install -y awscli' } else {
        $probe = Invoke-Tool -FilePath $aws.Source -Arguments @('--version')
        $version = $probe.StdOut + $probe.StdErr
        $cli = if ($version -match 'aws-cli/(\d+\.\d+\.\d+)') { [version]$Matches[1] } else { [version]'0.0' }
        $boto = if ($version -match 'botocore/(\d+\.\d+\.\d+)') { [version]$Matches[1] } else { [version]'0.0' }
        if (($cli.Major -eq 1 -and $boto -ge [version]'1.31') -or $cli -ge [version]'2.13') { $null }
        else { "this AWS CLI ($($version.Trim())) does not read AWS_ENDPOINT_URL_STS/AWS_ENDPOINT_URL_SSO" }
    }
    $script:Python = Find-BotocorePython
    $script:BotoMissing = if ($null -eq $Python) { 'no python3 with botocore 1.31 or later (AWS_ENDPOINT_URL_<SERVICE> support)' } else { $null }

    function Invoke-Aws($Setup, [string[]] $Arguments) {
        Invoke-Tool -FilePath $AwsPath -Arguments (@('--output', 'json') + $Arguments) -Environment $Setup.Environment
    }

    # botocore resolves the profile (AWS_PROFILE) as the AWS CLI does, then asks STS who it is.
    $script:BotoScript = Join-Path $TestDrive 'whoami.py'
    @'
import json, botocore.session
session = botocore.session.get_session()
credentials = session.get_credentials()
if credentials is None:
    print(json.dumps({"error": "no credentials"}))
else:
    frozen = credentials.get_frozen_credentials()
    arn = session.create_client("sts").get_caller_identity()["Arn"]
    print(json.dumps({"arn": arn, "method": credentials.method, "accessKeyId": frozen.access_key}))
'@ | Set-Content -LiteralPath $BotoScript
    function Invoke-Boto($Setup, [string] $ProfileName) {
        $environment = $Setup.Environment.Clone()
        if ($ProfileName) { $environment.AWS_PROFILE = $ProfileName }
        $result = Invoke-Tool -FilePath $Python -Arguments @($BotoScript) -Environment $environment
        if ($result.ExitCode -ne 0) { return [pscustomobject]@{ arn = $null; error = $result.StdErr } }
        $result.StdOut | ConvertFrom-Json
    }
}

AfterAll {
    if ($script:Sandbox) { Stop-CrossAcctApiSandbox $script:Sandbox }
}

Describe 'SandboxHost helpers for credential sources' {
    BeforeEach { Reset-CrossAcctApiSandbox $Sandbox }

    It 'writes a web identity token file with the token only' {
        $file = New-CrossAcctApiSandboxWebIdentityToken $Sandbox -Subject $TrustedSubject -Path (Join-Path $TestDrive 'token')
        $text = [System.IO.File]::ReadAllText($file.FullName)
        $text | Should -Match '^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$'
        $payload = $text.Split('.')[1].Replace('-', '+').Replace('_', '/')
        $claims = [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($payload + ('=' * ((4 - $payload.Length % 4) % 4)))) | ConvertFrom-Json
        $claims.iss | Should -Be 'https://token.ci.example.com'
        $claims.sub | Should -Be $TrustedSubject
        $claims.aud | Should -Be 'sts.amazonaws.com'
    }

    It 'writes the SSO cache file aws sso login would write, named by the SHA-1 of the session name' {
        $file = Write-CrossAcctApiSandboxSsoCache $Sandbox -UserName alice -HomePath (Join-Path $TestDrive 'home') -SessionName sandbox
        # botocore: hashlib.sha1('sandbox'.encode('utf-8')).hexdigest() + '.json'
        $file.Name | Should -Be '9ed037b84943c4caa3a520e48a5540181c46c98c.json'
        $file.DirectoryName | Should -Be (Join-Path $TestDrive 'home/.aws/sso/cache')
        $content = Get-Content -LiteralPath $file.FullName -Raw | ConvertFrom-Json -DateKind String
        $content.startUrl | Should -Be 'https://sandbox-sso.awsapps.com/start'
        $content.region | Should -Be 'us-east-1'
        $content.accessToken | Should -Be $file.AccessToken
        $content.expiresAt | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$'
        if (-not $IsWindows) { [System.IO.File]::GetUnixFileMode($file.FullName) | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite') }
    }

    It 'arms a metadata fault and reset disarms it' {
        (Set-CrossAcctApiSandboxMetadataFault $Sandbox -Mode Error -Target container).mode | Should -Be 'error'
        (Invoke-WebRequest -Uri "$($Sandbox.Url)/v2/credentials/items-task" -SkipHttpErrorCheck -NoProxy).StatusCode | Should -Be 500
        Reset-CrossAcctApiSandbox $Sandbox
        (Invoke-WebRequest -Uri "$($Sandbox.Url)/v2/credentials/items-task" -NoProxy).StatusCode | Should -Be 200
        (Get-CrossAcctApiSandboxStats $Sandbox).metadata.byOperation.ContainerCredentials | Should -Be 1
    }
}

Describe 'AWS CLI against the credential sources' {
    BeforeEach { Reset-CrossAcctApiSandbox $Sandbox }

    It 'assume-role-with-web-identity answers subject, audience and provider, and refuses another repository' {
        Skip-When $AwsMissing
        $setup = New-PeerSetup
        $token = New-CrossAcctApiSandboxWebIdentityToken $Sandbox -Subject $TrustedSubject
        $result = Invoke-Aws $setup @('sts', 'assume-role-with-web-identity', '--endpoint-url', $Sandbox.Url, '--role-arn', $CiDeployer, '--role-session-name', 'ci-job', '--web-identity-token', $token)
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $answer = $result.StdOut | ConvertFrom-Json
        $answer.SubjectFromWebIdentityToken | Should -Be $TrustedSubject
        $answer.Audience | Should -Be 'sts.amazonaws.com'
        $answer.Provider | Should -Be 'arn:aws:iam::222222222222:oidc-provider/token.ci.example.com'
        $answer.AssumedRoleUser.Arn | Should -Be 'arn:aws:sts::222222222222:assumed-role/CiDeployer/ci-job'

        $other = New-CrossAcctApiSandboxWebIdentityToken $Sandbox -Subject 'repo:someone/else:ref:refs/heads/main'
        $denied = Invoke-Aws $setup @('sts', 'assume-role-with-web-identity', '--endpoint-url', $Sandbox.Url, '--role-arn', $CiDeployer, '--role-session-name', 'ci-job', '--web-identity-token', $other)
        $denied.ExitCode | Should -Not -Be 0
        $denied.StdErr | Should -Match 'AccessDenied.*Not authorized to perform sts:AssumeRoleWithWebIdentity'
    }

    It 'a web_identity_token_file profile, and a role chained from it into account A' {
        Skip-When $AwsMissing
        $tokenFile = New-CrossAcctApiSandboxWebIdentityToken $Sandbox -Subject $TrustedSubject -Path (Join-Path $TestDrive 'ci-token')
        $setup = New-PeerSetup @"
[profile ci]
role_arn = $CiDeployer
web_identity_token_file = $($tokenFile.FullName)
role_session_name = ci-job
[profile deploy]
role_arn = $Invoker
source_profile = ci
role_session_name = deploy
"@
        $ci = Invoke-Aws $setup @('sts', 'get-caller-identity', '--profile', 'ci')
        $ci.ExitCode | Should -Be 0 -Because $ci.StdErr
        ($ci.StdOut | ConvertFrom-Json).Arn | Should -Be 'arn:aws:sts::222222222222:assumed-role/CiDeployer/ci-job'
        $deploy = Invoke-Aws $setup @('sts', 'get-caller-identity', '--profile', 'deploy')
        ($deploy.StdOut | ConvertFrom-Json).Arn | Should -Be 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/deploy'
        Get-StsCount AssumeRoleWithWebIdentity | Should -Be 2
        Get-StsCount AssumeRole | Should -Be 1
    }

    It 'sso get-role-credentials with a token, and UnauthorizedException without a valid one' {
        Skip-When $AwsMissing
        $setup = New-PeerSetup
        $login = New-CrossAcctApiSandboxSsoToken $Sandbox -UserName alice
        $result = Invoke-Aws $setup @('sso', 'get-role-credentials', '--endpoint-url', $Sandbox.Url, '--role-name', 'ItemsReader', '--account-id', '111111111111', '--access-token', $login.accessToken)
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        ($result.StdOut | ConvertFrom-Json).roleCredentials.accessKeyId | Should -Match '^ASIA'
        $refused = Invoke-Aws $setup @('sso', 'get-role-credentials', '--endpoint-url', $Sandbox.Url, '--role-name', 'ItemsReader', '--account-id', '111111111111', '--access-token', 'aoa-unknown')
        $refused.StdErr | Should -Match 'UnauthorizedException.*Session token not found or invalid'
        (Get-CrossAcctApiSandboxStats $Sandbox).sso.byOperation.GetRoleCredentials | Should -Be 2
    }

    It 'an sso_session profile reads the cache file written without a browser, and refuses an expired one' {
        Skip-When $AwsMissing
        $config = $SsoProfile
        $setup = New-PeerSetup $config
        $null = Write-CrossAcctApiSandboxSsoCache $Sandbox -UserName alice -HomePath $setup.Home -SessionName sandbox
        $result = Invoke-Aws $setup @('sts', 'get-caller-identity', '--profile', 'reader')
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        ($result.StdOut | ConvertFrom-Json).Arn | Should -Be 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_ItemsReader_0a1b2c3d4e5f6a7b/alice'

        $expired = New-PeerSetup $config
        $null = Write-CrossAcctApiSandboxSsoCache $Sandbox -UserName alice -HomePath $expired.Home -SessionName sandbox -ExpiresInSeconds -60
        $refused = Invoke-Aws $expired @('sts', 'get-caller-identity', '--profile', 'reader')
        $refused.ExitCode | Should -Not -Be 0
        $refused.StdErr | Should -Match 'expired|aws sso login'
    }

    It 'credential_source = EcsContainer reads the container endpoint with its authorization token' {
        Skip-When $AwsMissing
        $setup = New-PeerSetup @"
[profile from-task]
role_arn = $Invoker
credential_source = EcsContainer
role_session_name = from-task
"@ @{ AWS_CONTAINER_CREDENTIALS_FULL_URI = "$($Sandbox.Url)/v2/credentials/items-pod"; AWS_CONTAINER_AUTHORIZATION_TOKEN = $ContainerToken }
        $result = Invoke-Aws $setup @('sts', 'get-caller-identity', '--profile', 'from-task')
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        ($result.StdOut | ConvertFrom-Json).Arn | Should -Be 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/from-task'

        $setup.Environment.Remove('AWS_CONTAINER_AUTHORIZATION_TOKEN')
        (Invoke-Aws $setup @('sts', 'get-caller-identity', '--profile', 'from-task')).StdErr | Should -Match '401'
    }

    It 'the default chain reaches IMDSv2, and gives up quickly when it hangs' {
        Skip-When $AwsMissing
        $setup = New-PeerSetup '' @{ AWS_EC2_METADATA_DISABLED = $null; AWS_EC2_METADATA_SERVICE_ENDPOINT = "$($Sandbox.Url)/"; AWS_METADATA_SERVICE_TIMEOUT = '1'; AWS_METADATA_SERVICE_NUM_ATTEMPTS = '1' }
        $result = Invoke-Aws $setup @('sts', 'get-caller-identity')
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        ($result.StdOut | ConvertFrom-Json).Arn | Should -Be 'arn:aws:sts::222222222222:assumed-role/ItemsInstanceRole/i-0a1b2c3d4e5f60718'

        $null = Set-CrossAcctApiSandboxMetadataFault $Sandbox -Mode Hang -Target instance
        $hung = Invoke-Aws $setup @('sts', 'get-caller-identity')
        $hung.ExitCode | Should -Not -Be 0
        $hung.StdErr | Should -Match 'Unable to locate credentials'
        $hung.Seconds | Should -BeLessThan 30
        (Get-CrossAcctApiSandboxStats $Sandbox).metadata.byOutcome.Hang | Should -BeGreaterThan 0
    }
}

Describe 'botocore sessions against the credential sources' {
    BeforeEach { Reset-CrossAcctApiSandbox $Sandbox }

    It 'resolves a web identity profile, an sso_session profile and an EcsContainer profile' {
        Skip-When $BotoMissing
        $tokenFile = New-CrossAcctApiSandboxWebIdentityToken $Sandbox -Subject $TrustedSubject -Path (Join-Path $TestDrive 'boto-token')
        $setup = New-PeerSetup @"
[profile ci]
role_arn = $CiDeployer
web_identity_token_file = $($tokenFile.FullName)
role_session_name = boto-ci
$SsoProfile
[profile from-task]
role_arn = $Invoker
credential_source = EcsContainer
role_session_name = boto-task
"@ @{ AWS_CONTAINER_CREDENTIALS_FULL_URI = "$($Sandbox.Url)/v2/credentials/items-task" }
        $null = Write-CrossAcctApiSandboxSsoCache $Sandbox -UserName alice -HomePath $setup.Home -SessionName sandbox

        $ci = Invoke-Boto $setup 'ci'
        $ci.arn | Should -Be 'arn:aws:sts::222222222222:assumed-role/CiDeployer/boto-ci' -Because $ci.error
        $ci.method | Should -Be 'assume-role-with-web-identity'
        (Invoke-Boto $setup 'reader').arn | Should -Be 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_ItemsReader_0a1b2c3d4e5f6a7b/alice'
        (Invoke-Boto $setup 'from-task').arn | Should -Be 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/boto-task'
    }

    It 'AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN, the instance role through the default chain and credential_source = Ec2InstanceMetadata' {
        Skip-When $BotoMissing
        $tokenFile = New-CrossAcctApiSandboxWebIdentityToken $Sandbox -Subject $TrustedSubject -Path (Join-Path $TestDrive 'env-token')
        $setup = New-PeerSetup '' @{ AWS_WEB_IDENTITY_TOKEN_FILE = $tokenFile.FullName; AWS_ROLE_ARN = $CiDeployer; AWS_ROLE_SESSION_NAME = 'env-ci' }
        (Invoke-Boto $setup $null).arn | Should -Be 'arn:aws:sts::222222222222:assumed-role/CiDeployer/env-ci'

        $imds = New-PeerSetup @"
[profile from-instance]
role_arn = $Invoker
credential_source = Ec2InstanceMetadata
role_session_name = boto-instance
"@ @{ AWS_EC2_METADATA_DISABLED = $null; AWS_EC2_METADATA_SERVICE_ENDPOINT = "$($Sandbox.Url)/" }
        $instance = Invoke-Boto $imds $null
        $instance.arn | Should -Be 'arn:aws:sts::222222222222:assumed-role/ItemsInstanceRole/i-0a1b2c3d4e5f60718' -Because $instance.error
        $instance.method | Should -Be 'iam-role'
        (Invoke-Boto $imds 'from-instance').arn | Should -Be 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/boto-instance'
    }

    It 'an expired web identity token is refused with STS words' {
        Skip-When $BotoMissing
        $tokenFile = New-CrossAcctApiSandboxWebIdentityToken $Sandbox -Subject $TrustedSubject -ExpiresInSeconds -600 -Path (Join-Path $TestDrive 'old-token')
        $setup = New-PeerSetup '' @{ AWS_WEB_IDENTITY_TOKEN_FILE = $tokenFile.FullName; AWS_ROLE_ARN = $CiDeployer }
        (Invoke-Boto $setup $null).error | Should -Match 'ExpiredTokenException.*Token expired: current date/time \d+ must be before the expiration date/time \d+'
    }
}
