# The shared fixture of the Security.Secrets*.Tests.ps1 files: dot-source it in the file's BeforeAll, and call
# Stop-SecuritySecretsFixture in its AfterAll. On top of SandboxSession.Fixture.ps1 (module, cleared AWS environment,
# sandbox, $Sts, $Ops, $Invoker, $Pwsh) it loads the engine, sets $AuditReader, and defines the probes: Get-StsCount, Get-SessionSecret, the
# independent SigV4 derivation (Get-Hmac, Get-SigningKey, ConvertTo-Hex, Find-StringToSign,
# Get-AuthorizationSignature), Get-SecretForm, Find-Leak and Get-PublicText.
. (Join-Path $PSScriptRoot 'SandboxSession.Fixture.ps1')
# The engine comes with the module's first command; the cache and runbook files name its types (the caches, the clock)
# before any command of theirs runs in this process, so it is loaded here.
Add-Type -Path (Join-Path (Split-Path $ModuleManifest) 'CrossAcctApi.Core.dll')
$script:AuditReader = 'arn:aws:iam::111111111111:role/AuditReader'

function script:Get-StsCount { [long] (Get-CrossAcctApiSandboxStats $Sandbox).sts.total }

# Tests only: the secret and token are internal to the module; reflection reaches them, nothing public does.
function script:Get-SessionSecret($Credential) {
    $keys = Get-CredentialSecret $Credential
    @($keys.Secret, $keys.Token) | Where-Object { $_ }
}

function script:Get-Hmac([byte[]] $Key, [string] $Data) {
    $hmac = [System.Security.Cryptography.HMACSHA256]::new($Key)
    try { , $hmac.ComputeHash([Text.Encoding]::UTF8.GetBytes($Data)) } finally { $hmac.Dispose() }
}

# The SigV4 signing key, derived as AWS documents it (independently of the module's signer).
function script:Get-SigningKey([string] $Secret, [string] $Date, [string] $Region, [string] $Service) {
    $key = Get-Hmac ([Text.Encoding]::UTF8.GetBytes("AWS4$Secret")) $Date
    foreach ($part in $Region, $Service, 'aws4_request') { $key = Get-Hmac $key $part }
    , $key
}

function script:ConvertTo-Hex([byte[]] $Bytes) { [Convert]::ToHexString($Bytes).ToLowerInvariant() }

# Every "string to sign" in the text (the -Debug output prints them): AWS4-HMAC-SHA256, time, scope, hash.
function script:Find-StringToSign([string] $Text) {
    $pattern = '(?m)^AWS4-HMAC-SHA256\n\d{8}T\d{6}Z\n(\d{8})/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request\n[0-9a-f]{64}'
    foreach ($match in [regex]::Matches(($Text -replace "`r`n", "`n"), $pattern)) {
        [pscustomobject] @{ Text = $match.Value; Date = $match.Groups[1].Value; Region = $match.Groups[2].Value; Service = $match.Groups[3].Value }
    }
}

function script:Get-AuthorizationSignature([string] $Authorization) { ($Authorization -split 'Signature=')[1] }

# Text secrets in every written form (Get-SecretTextForm: as they are, URL-encoded, base64, JSON-escaped...);
# hex signatures also upper-case and as base64 of their bytes; keys as hex and base64 of their bytes.
function script:Get-SecretForm([string[]] $Text, [object[]] $Bytes) {
    $forms = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::Ordinal)
    $forms.UnionWith([string[]] (Get-SecretTextForm $Text))
    foreach ($secret in $Text | Where-Object { $_ -match '^[0-9a-f]{64}$' }) {
        $null = $forms.Add($secret.ToUpperInvariant()); $null = $forms.Add([Convert]::ToBase64String([Convert]::FromHexString($secret)))
    }
    foreach ($key in $Bytes) {
        $base64 = [Convert]::ToBase64String($key)
        foreach ($form in (ConvertTo-Hex $key), [Convert]::ToHexString($key), $base64, [uri]::EscapeDataString($base64)) { $null = $forms.Add($form) }
    }
    # Short strings would match by chance; every real secret form here is far longer.
    $forms | Where-Object { $_.Length -ge 16 }
}

# "<which form> in <which channel>" for every secret form found in any channel.
function script:Find-Leak([System.Collections.IDictionary] $Channels, [string[]] $Forms) {
    foreach ($channel in $Channels.Keys) {
        $text = [string] $Channels[$channel]
        foreach ($form in $Forms) {
            if ($text.Contains($form)) { "a secret form starting '$($form.Substring(0, 4))' in $channel" }
        }
    }
}

# Public properties and fields, recursively, as any serializer or reflection-based logger would see them.
function script:Get-PublicText($Object, [int] $Depth = 0, [System.Collections.Generic.HashSet[object]] $Seen) {
    if ($null -eq $Object -or $Depth -gt 4) { return }
    if ($null -eq $Seen) { $Seen = [System.Collections.Generic.HashSet[object]]::new([System.Collections.Generic.ReferenceEqualityComparer]::Instance) }
    if ($Object -is [psobject]) { $Object = $Object.psobject.BaseObject }
    if ($Object -is [string] -or $Object -is [ValueType] -or $Object -is [uri]) { return [string] $Object }
    if ($Object -is [System.Reflection.MemberInfo] -or $Object -is [System.Reflection.Assembly] -or $Object -is [type]) { return }
    if (-not $Seen.Add($Object)) { return }
    if ($Object -is [System.Collections.IDictionary]) {
        foreach ($key in $Object.Keys) { [string] $key; Get-PublicText $Object[$key] ($Depth + 1) $Seen }
        return
    }
    if ($Object -is [System.Collections.IEnumerable]) {
        foreach ($item in $Object) { Get-PublicText $item ($Depth + 1) $Seen }
        return
    }
    $type = $Object.GetType()
    foreach ($member in @($type.GetProperties([Reflection.BindingFlags] 'Public,Instance')) + @($type.GetFields([Reflection.BindingFlags] 'Public,Instance'))) {
        if ($member -is [Reflection.PropertyInfo] -and ($member.GetIndexParameters().Count -gt 0 -or -not $member.CanRead)) { continue }
        try { $value = $member.GetValue($Object) } catch { continue }
        Get-PublicText $value ($Depth + 1) $Seen
    }
}

function script:Stop-SecuritySecretsFixture {
    [CrossAcctApi.Core.Http.ClockSkewTracker]::Shared.Reset()
    Stop-SandboxSessionFixture
}
