# Get-AssumedRoleCredential against the local two-account sandbox: the memory and disk caches (STS call counts,
# cache keys, the owner-only disk cache shared with a second process) and refresh (renewal before expiry, after the
# sandbox ended every session, and no prompt to renew an MFA session). The shared setup is
# GetAssumedRoleCredential.Fixture.ps1.
BeforeAll { . (Join-Path $PSScriptRoot 'GetAssumedRoleCredential.Fixture.ps1') }

AfterAll { Stop-GetAssumedRoleCredentialFixture }

Describe 'Cache' {
    It 'makes one STS call in all (not only one AssumeRole) for 1,000 identical requests from a new source' {
        $name = New-SessionName 'cache'
        $before = Get-StsCount '*'
        $ids = 1..1000 | ForEach-Object { (Get-AssumedRoleCredential -RoleArn $Invoker -Credential $CountOne -RoleSessionName $name).AccessKeyId }
        ($ids | Sort-Object -Unique) | Should -HaveCount 1
        (Get-StsCount '*') - $before | Should -Be 1
    }

    It 'makes as many STS calls in all as there are distinct roles (three roles, each asked for 20 times)' {
        $name = New-SessionName 'roles'
        $before = Get-StsCount '*'
        $ids = foreach ($round in 1..20) {
            (Get-AssumedRoleCredential -RoleArn $Invoker -Credential $CountThree -RoleSessionName $name).AccessKeyId
            (Get-AssumedRoleCredential -RoleArn $AuditReader -ExternalId 'audit-2026' -Credential $CountThree -RoleSessionName $name).AccessKeyId
            (Get-AssumedRoleCredential -RoleArn $MfaOperator -SerialNumber 'arn:aws:iam::222222222222:mfa/sts-count-three' -TokenCode '123456' -Credential $CountThree -RoleSessionName $name).AccessKeyId
        }
        $ids | Should -HaveCount 60
        ($ids | Sort-Object -Unique) | Should -HaveCount 3
        (Get-StsCount '*') - $before | Should -Be 3
    }

    It 'calls STS every time with -NoCache' {
        $name = New-SessionName 'nocache'
        $before = Get-StsCount
        1..3 | ForEach-Object { Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -RoleSessionName $name -NoCache } | Out-Null
        (Get-StsCount) - $before | Should -Be 3
    }

    It 'keys the cache by parameters: another duration is another session' {
        $name = New-SessionName 'params'
        $a = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -RoleSessionName $name -DurationSeconds 900
        $b = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -RoleSessionName $name -DurationSeconds 1800
        $a.AccessKeyId | Should -Not -Be $b.AccessKeyId
    }

    It 'writes the opt-in disk cache owner-only, named without secrets, and a second process reuses the MFA session without a prompt' {
        $name = New-SessionName 'disk'
        $c = Get-AssumedRoleCredential -RoleArn $MfaOperator -SerialNumber $MfaSerial -TokenCode '123456' -Credential $Ops -RoleSessionName $name -DiskCache
        $files = @(Get-ChildItem $env:CROSSACCTAPI_CACHE_DIR -Filter *.json)
        $files.Count | Should -BeGreaterOrEqual 1
        $file = $files | Sort-Object LastWriteTime | Select-Object -Last 1
        $file.BaseName | Should -Match '^[0-9a-f]{64}$'
        $file.Name | Should -Not -Match 'MfaOperator|disk-|ops'
        if (-not $IsWindows) {
            $file.UnixMode | Should -Be '-rw-------'
            (Get-Item $env:CROSSACCTAPI_CACHE_DIR).UnixMode | Should -Be 'drwx------'
        }

        $before = Get-StsCount
        $pwsh = if ([Environment]::ProcessPath -match 'dotnet(\.exe)?$') { @('dotnet', (Join-Path $PSHOME 'pwsh.dll')) } else { @([Environment]::ProcessPath) }
        $script = "`$ErrorActionPreference='Stop'; Import-Module '$RepoRoot/out/CrossAcctApi/CrossAcctApi.psd1'; " +
            "(Get-AssumedRoleCredential -RoleArn '$MfaOperator' -SerialNumber '$MfaSerial' -Credential @{AccessKeyId='$($Ops.AccessKeyId)';SecretAccessKey='$($Ops.SecretAccessKey)'} -RoleSessionName '$name' -DiskCache).AccessKeyId"
        $child = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script 2>&1
        $LASTEXITCODE | Should -Be 0 -Because "$child"
        ($child | Select-Object -Last 1) | Should -Be $c.AccessKeyId
        (Get-StsCount) - $before | Should -Be 0
    }
}

Describe 'Refresh' {
    It 'renews itself five minutes before expiry with one STS call' {
        $c = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -RoleSessionName (New-SessionName 'refresh')
        $old = $c.AccessKeyId
        $before = Get-StsCount
        $c.GetKeys([DateTimeOffset]::UtcNow.AddMinutes(10)).AccessKeyId | Should -Be $old
        (Get-StsCount) - $before | Should -Be 0
        $renewed = $c.GetKeys($c.Expiration.AddMinutes(-4))
        $renewed.AccessKeyId | Should -Not -Be $old
        $c.AccessKeyId | Should -Be $renewed.AccessKeyId
        (Get-StsCount) - $before | Should -Be 1
    }

    It 'gets a working session again after the sandbox has ended every session' {
        $c = Get-AssumedRoleCredential -RoleArn $Invoker -Credential $Ops -RoleSessionName (New-SessionName 'expire')
        Set-CrossAcctApiSandboxFault $Sandbox -ExpireSessions | Out-Null
        $c | Get-AssumedRoleCredential -RoleArn $ChainTarget -NoCache -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SourceCredentialRejected,*'

        $c.GetKeys($c.Expiration.AddMinutes(-1)) | Out-Null
        $chained = $c | Get-AssumedRoleCredential -RoleArn $ChainTarget -NoCache
        $chained.RoleArn | Should -Be $ChainTarget
    }

    It 'does not prompt to renew an MFA session: it says to run the cmdlet again with a new code' {
        $c = Get-AssumedRoleCredential -RoleArn $MfaOperator -SerialNumber $MfaSerial -TokenCode '123456' -Credential $Ops -RoleSessionName (New-SessionName 'mfarefresh') -NoCache
        $thrown = { $c.GetKeys($c.Expiration.AddMinutes(-1)) } | Should -Throw -PassThru
        $inner = $thrown.Exception
        while ($inner -and $inner -isnot [CrossAcctApi.Core.CrossAcctApiException]) { $inner = $inner.InnerException }
        $inner.ErrorId | Should -Be 'MfaRefreshRequired'
        $inner.RecommendedAction | Should -Match 'TokenCode'
    }
}
