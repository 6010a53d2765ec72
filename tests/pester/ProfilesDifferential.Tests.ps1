#Requires -Version 7.0
# The differential suite of issue 15: several hundred generated config/credentials set-ups (seeded: CROSSACCTAPI_DIFF_SEED,
# CROSSACCTAPI_DIFF_COUNT) resolved by botocore (one python process, STS/SSO/metadata answered locally, see
# tests/differential/botocore_resolve.py) and by the module's profile resolver (the same code every cmdlet uses). They
# must agree on the source, the role chain (role, session name when set, external id, MFA serial, duration), the region
# and the STS endpoint, or refuse alike. A disagreement fails unless it is on the short list of deliberate differences
# (tests/differential/README.md), each recognised by a rule below.

BeforeDiscovery {
    $script:Python = (Get-Command python3 -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
}

BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SigningPeers.psm1') -Force
    $script:Python = Find-BotocorePython -MinimumVersion '1.31'
    $seed = if ($env:CROSSACCTAPI_DIFF_SEED) { [int] $env:CROSSACCTAPI_DIFF_SEED } else { 15 }
    $count = if ($env:CROSSACCTAPI_DIFF_COUNT) { [int] $env:CROSSACCTAPI_DIFF_COUNT } else { 320 }
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('profiles-diff-' + [Guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $Work | Out-Null
    if ($Python) {
        $differential = Join-Path $PSScriptRoot '../differential'
        & $Python (Join-Path $differential 'profile_setups.py') $seed $count $Work
        & $Python (Join-Path $differential 'botocore_resolve.py') (Join-Path $Work 'setups.json') (Join-Path $Work 'botocore.json')
        $script:Setups = Get-Content -LiteralPath (Join-Path $Work 'setups.json') -Raw | ConvertFrom-Json -AsHashtable
        $script:Botocore = Get-Content -LiteralPath (Join-Path $Work 'botocore.json') -Raw | ConvertFrom-Json -AsHashtable
    }

    # botocore's exception → the module's ErrorId.
    $script:ErrorMap = @{
        ProfileNotFound          = 'ProfileNotFound'
        InvalidConfigError       = 'InvalidProfileConfig'
        PartialCredentialsError  = 'InvalidProfileConfig'
        InfiniteLoopConfigError  = 'ProfileLoop'
        ConfigParseError         = 'InvalidSharedConfigFile'
        NoCredentialsError       = 'ProfileHasNoCredentials', 'SourceCredentialUnavailable'
        CredentialRetrievalError = 'SourceCredentialUnavailable'
        InvalidRegionError       = 'InvalidRegion'
    }

    # What the module makes of one set-up, through the same classes the cmdlets use (no call is made).
    function script:Resolve-WithModule($Setup) {
        $variables = $Setup.env
        $environment = [Func[string, string]] { param($name) if ($variables.ContainsKey($name)) { [string] $variables[$name] } else { [NullString]::Value } }.GetNewClosure()
        $roles = [Func[CrossAcctApi.Core.Sts.RoleSessionProvider]] { throw 'no role sessions in the differential suite' }
        $http = [Func[Net.Http.HttpClient]] { throw 'no HTTP in the differential suite' }
        $profiles = [CrossAcctApi.Core.Credentials.Sources.ProfileCredentials]::new($environment, $roles, $http, [CrossAcctApi.Core.Runtime.SystemClock]::Instance)
        # Keys in the environment win over AWS_PROFILE (as in botocore); the module then reads no profile at all.
        if (-not $Setup.explicit -and $variables['AWS_ACCESS_KEY_ID'] -and $variables['AWS_SECRET_ACCESS_KEY']) {
            $region = $variables['AWS_DEFAULT_REGION']
            $endpoint = if ($region) { [CrossAcctApi.Core.Sts.StsEndpoint]::Resolve($null, $region, $environment) } else { [CrossAcctApi.Core.Sts.StsEndpoint]::GlobalEndpoint }
            return @{ ok = $true; source = 'Environment'; chain = @(); region = $region; endpoint = $endpoint.Uri.AbsoluteUri.TrimEnd('/'); environmentKeys = $true }
        }
        try {
            $name = if ($Setup.explicit) { $Setup.profile } elseif ($variables['AWS_PROFILE']) { $variables['AWS_PROFILE'] } else { [NullString]::Value }
            $plan = $profiles.Plan($name, [bool] $Setup.explicit)
            $endpoint = $profiles.Endpoint($plan, [CrossAcctApi.Core.Credentials.Sources.ProfileCallOptions]::new())
            $hops = @($plan.Hops)
            @{
                ok       = $true
                source   = [string] $plan.Source.Kind
                chain    = @($hops | ForEach-Object { @{ RoleArn = $_.RoleArn; RoleSessionName = $_.RoleSessionName; ExternalId = $_.ExternalId; SerialNumber = $_.MfaSerial; DurationSeconds = $_.DurationSeconds } })
                region   = if ($variables['AWS_DEFAULT_REGION']) { $variables['AWS_DEFAULT_REGION'] } else { $plan.Region }
                endpoint = $endpoint.Uri.AbsoluteUri.TrimEnd('/')
            }
        }
        catch {
            $inner = $_.Exception
            while ($inner -and $inner -isnot [CrossAcctApi.Core.CrossAcctApiException]) { $inner = $inner.InnerException }
            @{ ok = $false; error = if ($inner) { $inner.ErrorId } else { $_.Exception.GetType().Name }; message = $_.Exception.Message }
        }
    }

    # The differences between one botocore result and the module's, in words (empty: they agree).
    function script:Compare-Resolution($Boto, $Module) {
        if (-not $Boto.ok -or -not $Module.ok) {
            if (-not $Boto.ok -and -not $Module.ok -and $Module.error -in @($ErrorMap[$Boto.error])) { return @() }
            return , ("botocore: " + $(if ($Boto.ok) { "ok ($($Boto.source))" } else { "$($Boto.error) $($Boto.message)" }) + " | module: " + $(if ($Module.ok) { "ok ($($Module.source))" } else { "$($Module.error) $($Module.message)" }))
        }
        $differences = @()
        if ($Boto.source -ne $Module.source) { $differences += "source $($Boto.source) vs $($Module.source)" }
        $botoChain = @($Boto.chain); $moduleChain = @($Module.chain)
        if ($botoChain.Count -ne $moduleChain.Count) { $differences += "chain of $($botoChain.Count) vs $($moduleChain.Count) hops" }
        else {
            for ($i = 0; $i -lt $botoChain.Count; $i++) {
                $b = $botoChain[$i]; $m = $moduleChain[$i]
                foreach ($field in 'RoleArn', 'ExternalId', 'SerialNumber', 'DurationSeconds') {
                    if ([string] $b[$field] -ne [string] $m[$field]) { $differences += "hop $($i + 1) $field '$($b[$field])' vs '$($m[$field])'" }
                }
                if ($m.RoleSessionName -and $b.RoleSessionName -ne $m.RoleSessionName) { $differences += "hop $($i + 1) session name '$($b.RoleSessionName)' vs '$($m.RoleSessionName)'" }
                if (-not $m.RoleSessionName -and $b.RoleSessionName -notlike 'botocore-session-*') { $differences += "hop $($i + 1) session name '$($b.RoleSessionName)' not read by the module" }
            }
        }
        if ([string] $Boto.region -ne [string] $Module.region) { $differences += "region '$($Boto.region)' vs '$($Module.region)'" }
        if ($Boto.endpoint.TrimEnd('/') -ne $Module.endpoint) { $differences += "STS endpoint $($Boto.endpoint) vs $($Module.endpoint)" }
        , $differences
    }

    # The deliberate differences (tests/differential/README.md); each returns its name when it explains the result.
    function script:Get-DeliberateDifference($Setup, $Boto, $Module) {
        # 1. A named profile that gives no credentials: botocore goes on to container/instance metadata; the module
        #    refuses (it never signs as an identity the user did not name).
        if (-not $Module.ok -and $Module.error -eq 'ProfileHasNoCredentials' -and $Boto.ok -and $Boto.source -in 'Container', 'InstanceMetadata') { return 'named profile without credentials' }
        # 2. Keys in the environment with AWS_PROFILE: the module signs with the keys and reads nothing of the profile;
        #    botocore still reads the profile for the region and endpoints (and refuses a profile it cannot read).
        if ($Module.environmentKeys -and (-not $Boto.ok -or $Boto.source -eq 'Environment')) { return 'environment keys with AWS_PROFILE' }
        # 3. duration_seconds outside 900..43200: the module refuses before STS; botocore sends it and STS refuses.
        if (-not $Module.ok -and $Module.error -eq 'InvalidDurationSeconds') { return 'duration checked before STS' }
        $null
    }
}

AfterAll {
    if ($script:Work -and -not $env:CROSSACCTAPI_DIFF_KEEP) { Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Profiles resolved by botocore and by the module' {
    It 'agrees with botocore on every generated set-up, or the difference is a documented one' {
        if (-not $Python) { Set-ItResult -Skipped -Because 'no python3 with botocore 1.31 or later'; return }
        $Setups.Count | Should -BeGreaterOrEqual 300
        $failures = [Collections.Generic.List[string]]::new()
        $deliberate = @{}
        foreach ($setup in $Setups) {
            $boto = $Botocore[$setup.id]
            $module = Resolve-WithModule $setup
            $differences = Compare-Resolution $boto $module
            if ($differences.Count -eq 0) { continue }
            $reason = Get-DeliberateDifference $setup $boto $module
            if ($reason) { $deliberate[$reason] = 1 + [int] $deliberate[$reason]; continue }
            $failures.Add("$($setup.id) (profile '$($setup.profile)', explicit $($setup.explicit)): " + ($differences -join '; '))
        }
        foreach ($reason in $deliberate.Keys) { Write-Host "deliberate difference '$reason': $($deliberate[$reason]) set-up(s)" }
        $failures | Should -BeNullOrEmpty -Because "botocore and the module must read profiles alike ($($failures.Count) of $($Setups.Count) differ; set-ups kept in $Work)"
    }
}
