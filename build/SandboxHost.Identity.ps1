<#
.SYNOPSIS
    The sandbox's federation helpers, dot-sourced by SandboxHost.psm1 (which exports them): OIDC web identity tokens,
    IAM Identity Center (SSO) access tokens, and the SSO token cache file `aws sso login` writes.

.DESCRIPTION
    Kept apart from SandboxHost.psm1 so that each file stays small; they run in that module's scope and use its
    Resolve-Sandbox and Invoke-SandboxControl. Not meant to be dot-sourced or imported on its own.
#>

function New-CrossAcctApiSandboxWebIdentityToken {
    <#
    .SYNOPSIS
        Mints an OIDC ID token (a JWT signed RS256 by the sandbox's test-only provider key), as a CI system's identity
        provider would: POST /_sandbox/oidc/token. Returns the token, or writes it to -Path (no trailing newline: botocore
        sends a token file's bytes as they are) and returns the file.
    .PARAMETER Subject
        The sub claim, e.g. 'repo:acme/items:ref:refs/heads/main' (the default scenario's CiDeployer trusts repo:acme/items:*).
    .PARAMETER Audience
        The aud claim; default: the provider's first client id (sts.amazonaws.com in the default scenario).
    .PARAMETER Issuer
        The provider's URL; default: the scenario's first OIDC provider.
    .PARAMETER Claims
        More claims (exp, nbf, iat, azp, amr or any other), written as given.
    #>
    [CmdletBinding()]
    [OutputType([string], [System.IO.FileInfo])]
    param(
        [Parameter(Position = 0)] [psobject] $Sandbox,
        [Parameter(Mandatory)] [string] $Subject,
        [string[]] $Audience,
        [string] $Issuer,
        [ValidateRange(-604800, 604800)] [long] $ExpiresInSeconds = 3600,
        [hashtable] $Claims,
        [string] $Path
    )
    $body = @{ sub = $Subject; expiresInSeconds = $ExpiresInSeconds }
    if ($PSBoundParameters.ContainsKey('Audience')) { $body.aud = @($Audience) }
    if ($Issuer) { $body.issuer = $Issuer }
    if ($Claims) { $body.claims = $Claims }
    $token = (Invoke-SandboxControl -Sandbox (Resolve-Sandbox $Sandbox) -Method Post -Path 'oidc/token' -Body $body).token
    if (-not $Path) { return $token }
    [System.IO.File]::WriteAllText($Path, $token)
    Get-Item -LiteralPath $Path
}

function New-CrossAcctApiSandboxSsoToken {
    <#
    .SYNOPSIS
        Creates an IAM Identity Center access token for a scenario user (what `aws sso login` obtains), POST /_sandbox/sso/token.
        Returns accessToken, expiresAt, startUrl, region, cacheFileName and cacheFile (the JSON `aws sso login` writes).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [psobject] $Sandbox,
        [Parameter(Mandatory)] [string] $UserName,
        [ValidateRange(-604800, 604800)] [long] $ExpiresInSeconds = 28800,
        [string] $SessionName
    )
    $body = @{ userName = $UserName; expiresInSeconds = $ExpiresInSeconds }
    if ($SessionName) { $body.sessionName = $SessionName }
    Invoke-SandboxControl -Sandbox (Resolve-Sandbox $Sandbox) -Method Post -Path 'sso/token' -Body $body
}

function Write-CrossAcctApiSandboxSsoCache {
    <#
    .SYNOPSIS
        Writes the token cache file `aws sso login` would write, without a browser: <HomePath>/.aws/sso/cache/<sha1>.json,
        where <sha1> is the lower-case hex SHA-1 of the sso_session name (-SessionName), or of the start URL for a legacy
        profile (sso_start_url in the profile itself), as botocore's SSOTokenLoader computes it. The JSON holds startUrl,
        region, accessToken and expiresAt (UTC, yyyy-MM-ddTHH:mm:ssZ); mode 0600 as the AWS CLI writes it.
    .OUTPUTS
        The file, with NoteProperties AccessToken and ExpiresAt.
    #>
    [CmdletBinding()]
    [OutputType([System.IO.FileInfo])]
    param(
        [Parameter(Position = 0)] [psobject] $Sandbox,
        [Parameter(Mandatory)] [string] $UserName,
        [Parameter(Mandatory)] [string] $HomePath,
        [string] $SessionName,
        [ValidateRange(-604800, 604800)] [long] $ExpiresInSeconds = 28800
    )
    $login = New-CrossAcctApiSandboxSsoToken -Sandbox $Sandbox -UserName $UserName -ExpiresInSeconds $ExpiresInSeconds -SessionName $SessionName
    $key = if ($SessionName) { $SessionName } else { $login.startUrl }
    $sha1 = [System.Security.Cryptography.SHA1]::HashData([System.Text.Encoding]::UTF8.GetBytes($key))
    $name = ([System.Convert]::ToHexString($sha1).ToLowerInvariant()) + '.json'
    if ($name -ne $login.cacheFileName) { throw "The cache file name rule disagrees with the sandbox: $name vs $($login.cacheFileName)." }

    $folder = Join-Path $HomePath '.aws/sso/cache'
    $null = New-Item -ItemType Directory -Force -Path $folder
    $file = Join-Path $folder $name
    # Invoke-RestMethod may have read expiresAt as a date; write it back in the AWS CLI's form.
    $expires = $login.cacheFile.expiresAt
    if ($expires -is [datetime]) { $expires = $expires.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [cultureinfo]::InvariantCulture) }
    $content = [ordered]@{ startUrl = $login.startUrl; region = $login.region; accessToken = $login.accessToken; expiresAt = $expires }
    [System.IO.File]::WriteAllText($file, ($content | ConvertTo-Json -Compress))
    if (-not $IsWindows) { [System.IO.File]::SetUnixFileMode($file, [System.IO.UnixFileMode]'UserRead, UserWrite') }
    Get-Item -LiteralPath $file | Add-Member -NotePropertyName AccessToken -NotePropertyValue $login.accessToken -PassThru |
        Add-Member -NotePropertyName ExpiresAt -NotePropertyValue $expires -PassThru
}
