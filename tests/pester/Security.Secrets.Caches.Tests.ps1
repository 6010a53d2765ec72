#Requires -Version 7.0
# What the caches keep, where and for how long: replaced keys are forgotten, nothing on disk without -DiskCache,
# nothing in memory with -NoCache, the disk cache owner-only whatever the folder or umask, expired and damaged
# sessions replaced. The shared setup is Security.Secrets.Fixture.ps1.

BeforeAll { . (Join-Path $PSScriptRoot 'Security.Secrets.Fixture.ps1') }

AfterAll { Stop-SecuritySecretsFixture }

Describe 'Caches: secrets kept in few places, for a short time, owner-only on disk' {
    BeforeEach {
        $null = Set-CrossAcctApiSandboxFault $Sandbox -Clear
        [CrossAcctApi.Core.Sts.AssumedRoleCache]::Shared.Clear()
        $env:CROSSACCTAPI_CACHE_DIR = Join-Path $TestDrive ('cache-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $name = 'cache-' + [guid]::NewGuid().ToString('N').Substring(0, 12)
    }

    It 'forgets the keys a refresh replaced: nothing reachable from the credential still holds them' {
        $credential = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name
        $old = Get-SessionSecret $credential
        $null = Set-CrossAcctApiSandboxFault $Sandbox -ExpireSessions
        $null = Invoke-SignedHttpApi -Uri $Sandbox.ApiUrl('prod', '/items') -Credential $credential -Region us-east-1
        $new = Get-SessionSecret $credential
        $new[0] | Should -Not -Be $old[0] -Because 'the refused session was renewed'

        # Every string reachable through fields, private ones included (the memory cache and the refresher among them).
        $strings = [System.Collections.Generic.HashSet[string]]::new()
        $seen = [System.Collections.Generic.HashSet[object]]::new([System.Collections.Generic.ReferenceEqualityComparer]::Instance)
        $queue = [System.Collections.Generic.Queue[object]]::new()
        $queue.Enqueue($credential)
        $flags = [Reflection.BindingFlags] 'Public,NonPublic,Instance'
        while ($queue.Count -gt 0 -and $seen.Count -lt 50000) {
            $item = $queue.Dequeue()
            if ($null -eq $item -or -not $seen.Add($item)) { continue }
            if ($item -is [string]) { $null = $strings.Add($item); continue }
            $type = $item.GetType()
            if ($type.IsPrimitive -or $type.IsEnum -or $item -is [System.Reflection.MemberInfo] -or $item -is [System.Reflection.Assembly] -or $item -is [System.Threading.WaitHandle]) { continue }
            if ($item -is [System.Collections.IEnumerable] -and $item -isnot [System.Collections.IDictionary]) { foreach ($element in $item) { $queue.Enqueue($element) }; continue }
            if ($item -is [System.Collections.IDictionary]) { foreach ($entry in $item.GetEnumerator()) { $queue.Enqueue($entry.Key); $queue.Enqueue($entry.Value) }; continue }
            for ($t = $type; $null -ne $t -and $t -ne [object]; $t = $t.BaseType) {
                foreach ($field in $t.GetFields($flags)) { try { $queue.Enqueue($field.GetValue($item)) } catch { } }
            }
        }

        $strings.Contains($new[0]) | Should -BeTrue -Because 'the walk reaches the keys in use (so it can see any others)'
        $strings.Contains($old[0]) | Should -BeFalse -Because 'the replaced secret key is dropped'
        $strings.Contains($old[1]) | Should -BeFalse -Because 'the replaced session token is dropped'
    }

    It 'writes nothing to disk without -DiskCache' {
        $null = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name
        $null = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName "$name-n" -NoCache
        Test-Path $env:CROSSACCTAPI_CACHE_DIR | Should -BeFalse
    }

    It 'keeps nothing in memory with -NoCache: the next cached call asks STS again' {
        $before = Get-StsCount
        $first = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name -NoCache
        $second = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name
        $third = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name
        (Get-StsCount) - $before | Should -Be 2
        $second.AccessKeyId | Should -Not -Be $first.AccessKeyId
        $third.AccessKeyId | Should -Be $second.AccessKeyId
    }

    It 'stores only the session on disk, owner-only, under a name that says nothing, even in a folder others could read' {
        $null = New-Item -ItemType Directory -Path $env:CROSSACCTAPI_CACHE_DIR
        if (-not $IsWindows) { chmod 0755 $env:CROSSACCTAPI_CACHE_DIR }
        $credential = Get-AssumedRoleCredential -RoleArn 'arn:aws:iam::111111111111:role/AuditReader' -ExternalId 'audit-2026' -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name -DiskCache
        $files = @(Get-ChildItem -Force $env:CROSSACCTAPI_CACHE_DIR)
        $files | Should -HaveCount 1
        $files[0].Name | Should -Match '^[0-9a-f]{64}\.json$'
        $content = Get-Content -Raw $files[0].FullName
        $session = Get-SessionSecret $credential
        ($content | ConvertFrom-Json).SecretAccessKey | Should -BeExactly $session[0] -Because 'the file holds the session, so that another process can reuse it'
        foreach ($absent in $Ops.SecretAccessKey, $Ops.AccessKeyId, 'audit-2026') { $content.Contains($absent) | Should -BeFalse -Because 'the source keys and the external id are not kept' }
        if (-not $IsWindows) {
            $files[0].UnixMode | Should -Be '-rw-------'
            (Get-Item $env:CROSSACCTAPI_CACHE_DIR).UnixMode | Should -Be 'drwxr-xr-x' -Because 'a folder the user made is never chmodded behind their back'
        }
    }

    It 'creates a missing cache folder private (0700)' -Skip:$IsWindows {
        $null = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name -DiskCache
        (Get-Item $env:CROSSACCTAPI_CACHE_DIR).UnixMode | Should -Be 'drwx------'
    }

    It 'refuses a cache folder <Case>, before calling STS, and leaves it as it was' -Skip:$IsWindows -ForEach @(
        @{ Case = 'others may write to (a shared folder such as /tmp, mode 1777)'; Make = { param($Path) $null = New-Item -ItemType Directory -Path $Path; chmod 1777 $Path }; Says = 'other users may write to it' }
        @{ Case = 'that is a symbolic link'; Make = { param($Path) $target = "$Path-target"; $null = New-Item -ItemType Directory -Path $target; chmod 0700 $target; $null = New-Item -ItemType SymbolicLink -Path $Path -Target $target }; Says = 'symbolic link' }
        @{ Case = 'that is a file'; Make = { param($Path) Set-Content -LiteralPath $Path -Value 'x' }; Says = 'not a folder' }
    ) {
        & $Make $env:CROSSACCTAPI_CACHE_DIR
        $modeBefore = (Get-Item -Force $env:CROSSACCTAPI_CACHE_DIR).UnixMode
        $before = Get-StsCount
        { Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName "$name-unsafe" -DiskCache -ErrorAction Stop } |
            Should -Throw -ErrorId 'CacheDirectoryUnsafe,*' -ExpectedMessage "*$Says*"
        (Get-StsCount) - $before | Should -Be 0 -Because 'nothing is asked of STS for a session that could not be kept safely'
        (Get-Item -Force $env:CROSSACCTAPI_CACHE_DIR).UnixMode | Should -Be $modeBefore
        if ((Get-Item -Force $env:CROSSACCTAPI_CACHE_DIR).PSIsContainer) { @(Get-ChildItem -Force $env:CROSSACCTAPI_CACHE_DIR) | Should -HaveCount 0 }
    }

    It 'deletes expired sessions when it writes' -Skip:$IsWindows {
        $null = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name -DiskCache
        $stale = Join-Path $env:CROSSACCTAPI_CACHE_DIR ('{0}.json' -f ('0' * 64))
        $expired = Get-Content -Raw (Get-ChildItem $env:CROSSACCTAPI_CACHE_DIR)[0].FullName | ConvertFrom-Json
        $expired.Expiration = '2020-01-01T00:00:00Z'
        $expired | ConvertTo-Json | Set-Content -LiteralPath $stale
        chmod 0600 $stale
        $null = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName "$name-2" -DiskCache
        Test-Path -LiteralPath $stale | Should -BeFalse
        @(Get-ChildItem $env:CROSSACCTAPI_CACHE_DIR) | Should -HaveCount 2
    }

    It 'writes the cache owner-only whatever the umask' -Skip:$IsWindows {
        $script = "`$ErrorActionPreference = 'Stop'; Import-Module '$ModuleManifest'; " +
            "`$null = Get-AssumedRoleCredential -RoleArn '$Invoker' -Credential @{ AccessKeyId = `$env:CP_KEY; SecretAccessKey = `$env:CP_SECRET } -StsEndpoint '$Sts' -Region us-east-1 -RoleSessionName '$name' -DiskCache"
        $command = "umask 000 && exec $($Pwsh -join ' ') -NoProfile -NonInteractive -Command -"
        $env:CP_KEY = $Ops.AccessKeyId; $env:CP_SECRET = $Ops.SecretAccessKey
        try { $output = $script | sh -c $command 2>&1 | Out-String }
        finally { Remove-Item env:CP_KEY, env:CP_SECRET }
        $LASTEXITCODE | Should -Be 0 -Because $output

        $file = @(Get-ChildItem -Force $env:CROSSACCTAPI_CACHE_DIR -Filter *.json)
        $file | Should -HaveCount 1
        $file[0].UnixMode | Should -Be '-rw-------'
        (Get-Item $env:CROSSACCTAPI_CACHE_DIR).UnixMode | Should -Be 'drwx------'
        @(Get-ChildItem -Force $env:CROSSACCTAPI_CACHE_DIR -Filter *.tmp) | Should -HaveCount 0
    }

    It 'does not use a session about to expire, or a damaged file, and replaces it' -ForEach @(
        @{ Damage = 'about to expire'; Edit = { param($json) $json -replace '"Expiration": "[^"]+"', ('"Expiration": "' + [DateTime]::UtcNow.AddMinutes(2).ToString('yyyy-MM-ddTHH:mm:ssZ') + '"') } }
        @{ Damage = 'cut short'; Edit = { param($json) $json.Substring(0, 40) } }
    ) {
        $first = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name -DiskCache
        $file = (Get-ChildItem $env:CROSSACCTAPI_CACHE_DIR -Filter *.json)[0].FullName
        [IO.File]::WriteAllText($file, (& $Edit ([IO.File]::ReadAllText($file))))
        [CrossAcctApi.Core.Sts.AssumedRoleCache]::Shared.Clear()

        $before = Get-StsCount
        $second = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name -DiskCache
        (Get-StsCount) - $before | Should -Be 1 -Because "a session $Damage is not reused"
        $second.AccessKeyId | Should -Not -Be $first.AccessKeyId
        $second.ExpiresIn.TotalMinutes | Should -BeGreaterThan 50
        (Get-Content -Raw $file) | Should -Match ([regex]::Escape($second.AccessKeyId))
    }
}
