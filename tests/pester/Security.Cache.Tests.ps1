#Requires -Version 7.0
# The disk cache's folder cannot be abused (issue 14, item 3), beyond the cases of Security.Secrets.Caches.Tests.ps1 (1777,
# a symbolic link, a file, 0755 kept, 0700 created, expired entries removed): a folder other users own, a group-writable
# folder, a symbolic link as the last component that points at a private folder of the user's own; and what stays
# allowed: a symbolic link earlier in the path (only the last component is the cache's own). Every refusal happens
# before STS is called and leaves the folder as it was.

BeforeAll {
    # Each case below sets its own CROSSACCTAPI_CACHE_DIR.
    . (Join-Path $PSScriptRoot 'SandboxSession.Fixture.ps1')
    $script:IsRoot = -not $IsWindows -and (id -u) -eq '0'
    # Another user's folder can be made here only by root (chown); otherwise that case is skipped, named.
    $script:OtherOwnerReason = if ($IsWindows) { 'POSIX owners only' } elseif (-not $IsRoot) { 'making a folder another user owns needs root (chown)' } else { $null }

    function script:Get-StsCount { [long] (Get-CrossAcctApiSandboxStats $Sandbox).sts.total }
    function script:Get-Owner([string] $Path) { (stat -c '%u' -- $Path) }
}

AfterAll {
    Stop-SandboxSessionFixture
}

Describe 'The disk cache refuses a folder it cannot trust, before any STS call' -Skip:$IsWindows {
    BeforeEach {
        [CrossAcctApi.Core.Sts.AssumedRoleCache]::Shared.Clear()
        $env:CROSSACCTAPI_CACHE_DIR = Join-Path $TestDrive ('cache-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $name = 'cache-' + [guid]::NewGuid().ToString('N').Substring(0, 12)
    }

    It 'refuses a folder <Case>' -ForEach @(
        @{ Case = 'another user owns (uid 65534), though private to them'; Make = { param($Path) $null = New-Item -ItemType Directory -Path $Path; chmod 0700 $Path; chown 65534 $Path }; Says = 'belongs to another user'; NeedsRoot = $true }
        @{ Case = 'its group may write to (0770)'; Make = { param($Path) $null = New-Item -ItemType Directory -Path $Path; chmod 0770 $Path }; Says = 'other users may write to it'; NeedsRoot = $false }
        @{ Case = 'others may write to, without the sticky bit (0777)'; Make = { param($Path) $null = New-Item -ItemType Directory -Path $Path; chmod 0777 $Path }; Says = 'other users may write to it'; NeedsRoot = $false }
        @{ Case = 'reached by a symbolic link (last component) to a private folder of the user''s own'; Make = { param($Path) $target = "$Path-private"; $null = New-Item -ItemType Directory -Path $target; chmod 0700 $target; $null = New-Item -ItemType SymbolicLink -Path $Path -Target $target }; Says = 'symbolic link'; NeedsRoot = $false }
        @{ Case = 'reached by a symbolic link to a shared folder (1777, as /tmp)'; Make = { param($Path) $target = "$Path-shared"; $null = New-Item -ItemType Directory -Path $target; chmod 1777 $target; $null = New-Item -ItemType SymbolicLink -Path $Path -Target $target }; Says = 'symbolic link'; NeedsRoot = $false }
    ) {
        if ($NeedsRoot -and $OtherOwnerReason) { Set-ItResult -Skipped -Because $OtherOwnerReason; return }
        $path = $env:CROSSACCTAPI_CACHE_DIR
        & $Make $path
        $resolved = (Get-Item -Force $path).ResolvedTarget ?? $path
        $modeBefore = (Get-Item -Force $resolved).UnixMode
        $ownerBefore = Get-Owner $resolved
        # (By name: other programs may write to a shared folder meanwhile.)
        $entriesBefore = @(Get-ChildItem -Force $resolved | Where-Object Name -Match '^[0-9a-f]{64}\.(json|tmp)$').Count
        $before = Get-StsCount

        $thrown = { Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name -DiskCache -ErrorAction Stop } |
            Should -Throw -ErrorId 'CacheDirectoryUnsafe,*' -PassThru
        $thrown.Exception.Message | Should -Match $Says
        $thrown.CategoryInfo.Category | Should -Be 'SecurityError'
        (Get-StsCount) - $before | Should -Be 0 -Because 'nothing is asked of STS for a session that could not be kept safely'
        (Get-Item -Force $resolved).UnixMode | Should -Be $modeBefore -Because 'the module never changes an existing folder''s mode'
        Get-Owner $resolved | Should -Be $ownerBefore
        @(Get-ChildItem -Force $resolved | Where-Object Name -Match '^[0-9a-f]{64}\.(json|tmp)$').Count | Should -Be $entriesBefore -Because 'no file was written into it'
    }

    It 'accepts a symbolic link earlier in the path (only the last component is the cache''s own)' {
        $real = Join-Path $TestDrive ('real-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $null = New-Item -ItemType Directory -Path $real
        $link = "$real-link"
        $null = New-Item -ItemType SymbolicLink -Path $link -Target $real
        $env:CROSSACCTAPI_CACHE_DIR = Join-Path $link 'cache'
        $null = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name -DiskCache
        @(Get-ChildItem -Force (Join-Path $real 'cache') -Filter *.json) | Should -HaveCount 1
        (Get-Item (Join-Path $real 'cache')).UnixMode | Should -Be 'drwx------'
    }

    It 'leaves a private folder of the user''s own (0700) as it is, and writes the session owner-only' {
        $null = New-Item -ItemType Directory -Path $env:CROSSACCTAPI_CACHE_DIR
        chmod 0700 $env:CROSSACCTAPI_CACHE_DIR
        $null = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -StsEndpoint $Sts -Region us-east-1 -RoleSessionName $name -DiskCache
        (Get-Item $env:CROSSACCTAPI_CACHE_DIR).UnixMode | Should -Be 'drwx------'
        @(Get-ChildItem -Force $env:CROSSACCTAPI_CACHE_DIR -Filter *.json).UnixMode | Should -Be '-rw-------'
    }
}
