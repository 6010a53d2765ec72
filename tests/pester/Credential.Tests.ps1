# The module's credential type (CrossAcctApi.Core.Credentials.AwsCredential): its default views, and that its secret
# key and session token stay out of every way PowerShell can show or export it.
BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    $ModuleDir = Join-Path $RepoRoot 'out/CrossAcctApi'
    Import-Module (Join-Path $ModuleDir 'CrossAcctApi.psd1') -Force
    # The core assembly loads when a cmdlet first needs it; these tests use its types directly.
    Add-Type -Path (Join-Path $ModuleDir 'CrossAcctApi.Core.dll')

    $KeyId = 'ASIACREDTESTEXAMPLE1'
    $Secret = 'CredTest/Secret+Key0123456789abcdefghijklm'
    $Token = 'FwoGZXIvYXdzCredTest//////////SessionToken+Value/With=Padding=='
    $RoleArn = 'arn:aws:iam::111122223333:role/ops/CrossAccountInvoker'
    $AssumedRoleArn = 'arn:aws:sts::111122223333:assumed-role/CrossAccountInvoker/ops-session'

    function New-TestCredential([Nullable[datetime]] $Expiration, [string] $Source = 'AssumeRole', [switch] $NoRole) {
        $keys = [CrossAcctApi.Core.Credentials.CredentialKeys]::new($KeyId, $Secret, $Token)
        $identity = if ($NoRole) { $null } else {
            [CrossAcctApi.Core.Credentials.CredentialIdentity]::new($RoleArn, $AssumedRoleArn, 'AROAEXAMPLEID:ops-session')
        }
        [CrossAcctApi.Core.Credentials.AwsCredential]::new($keys, $Source, $Expiration, $null, $null, $null, $identity, 'eu-west-1', 'test fixture')
    }

    function Assert-NoSecret([string] $Text, [string] $Because) {
        $Text | Should -Not -BeNullOrEmpty -Because "$Because must produce text to check"
        foreach ($secret in $Secret, $Token) {
            foreach ($form in @($secret, [uri]::EscapeDataString($secret))) {
                $Text.Contains($form) | Should -BeFalse -Because "$Because must not contain a secret"
            }
        }
    }

    $Live = New-TestCredential ([datetime]::UtcNow.AddMinutes(42))
}

Describe 'AwsCredential views' {
    It 'shows who, in which account, as which role and for how long as its default table' {
        $lines = ($Live | Out-String -Width 200) -split "`r?`n" | Where-Object { $_.Trim() }

        $lines[0] | Should -Match '^Who\s+AccountId\s+Role\s+ExpiresIn$'
        $lines[2] | Should -Match '^ops-session\s+111122223333\s+CrossAccountInvoker\s+0:4[12]:\d\d$'
    }

    It 'takes the role from the assumed-role ARN, the key for long-term keys, and says never or expired' {
        $assumedOnly = [CrossAcctApi.Core.Credentials.AwsCredential]::new(
            [CrossAcctApi.Core.Credentials.CredentialKeys]::new($KeyId, $Secret, $Token), 'Object', [datetime]::UtcNow.AddHours(-1), $null, $null, $null,
            [CrossAcctApi.Core.Credentials.CredentialIdentity]::new($null, $AssumedRoleArn))
        $longTerm = New-TestCredential -Expiration $null -Source Environment -NoRole

        $text = $assumedOnly, $longTerm | Format-Table | Out-String -Width 200

        $text | Should -Match 'ops-session\s+111122223333\s+CrossAccountInvoker\s+expired'
        $text | Should -Match ([regex]::Escape($KeyId) + '\s+never')
    }

    It 'shows who, where from and until when in its list view' {
        $text = $Live | Format-List | Out-String -Width 200

        foreach ($expected in "AccessKeyId\s+: $KeyId", 'HasSessionToken\s+: True', "RoleArn\s+: $([regex]::Escape($RoleArn))",
            "AssumedRoleArn\s+: $([regex]::Escape($AssumedRoleArn))", 'AssumedRoleId\s+: AROAEXAMPLEID:ops-session', 'SessionName\s+: ops-session',
            'AccountId\s+: 111122223333', 'Region\s+: eu-west-1', 'Source\s+: AssumeRole', 'SourceDescription : test fixture',
            'Expiration\s+: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', 'ExpiresIn\s+: 0:4[12]:\d\d', 'IsExpired\s+: False', 'CanRefresh\s+: False') {
            $text | Should -Match $expected
        }
    }

    It 'reads as key, role and expiry in a string' {
        "$Live" | Should -Match ('^' + $KeyId + ' as ' + [regex]::Escape($AssumedRoleArn) + ', expires \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(test fixture\)$')
    }

    It 'has no public property that holds a secret' {
        $names = $Live.PSObject.Properties.Name

        $names | Should -Contain 'AccessKeyId'
        $names | Should -Contain 'Expiration'
        $names | Should -Not -Contain 'SecretAccessKey'
        $names | Should -Not -Contain 'SessionToken'
        $keys = $Live.GetKeys([DateTimeOffset]::UtcNow)
        $keys.PSObject.Properties.Name | Sort-Object | Should -Be @('AccessKeyId', 'HasSessionToken')
        $keys.SecretAccessKey | Should -BeNullOrEmpty
    }
}

Describe 'AwsCredential secrets' {
    It 'keeps them out of <Name>' -ForEach @(
        @{ Name = 'default formatting'; Render = { $Live | Out-String -Width 500 } }
        @{ Name = 'Format-List *'; Render = { $Live | Format-List * -Force | Out-String -Width 500 } }
        @{ Name = 'Format-Table *'; Render = { $Live | Format-Table * -Force | Out-String -Width 3000 } }
        @{ Name = 'Format-Custom'; Render = { $Live | Format-Custom -Depth 5 | Out-String -Width 500 } }
        @{ Name = 'ConvertTo-Json -Depth 10'; Render = { $Live | ConvertTo-Json -Depth 10 } }
        @{ Name = 'ConvertTo-Csv'; Render = { $Live | ConvertTo-Csv | Out-String } }
        @{ Name = 'ConvertTo-Xml'; Render = { ($Live | ConvertTo-Xml -Depth 5).OuterXml } }
        @{ Name = 'Export-Clixml'; Render = { $path = Join-Path $TestDrive 'credential.xml'; $Live | Export-Clixml -Path $path -Depth 5; Get-Content -Raw $path } }
        @{ Name = 'ToString()'; Render = { $Live.ToString() } }
        @{ Name = 'the keys object'; Render = { $Live.GetKeys([DateTimeOffset]::UtcNow) | Format-List * -Force | Out-String; "$($Live.GetKeys([DateTimeOffset]::UtcNow))" } }
        @{ Name = 'Get-Member'; Render = { $Live | Get-Member -Force | Out-String -Width 500 } }
    ) {
        Assert-NoSecret ((& $Render) -join "`n") $Name
    }

    It 'keeps them out of the error for an expired credential' {
        $expired = New-TestCredential ([datetime]::UtcNow.AddMinutes(-5))

        $e = { $expired.GetKeys([DateTimeOffset]::UtcNow) } | Should -Throw -PassThru

        $e.Exception.InnerException.ErrorId | Should -BeExactly 'ExpiredCredential'
        Assert-NoSecret (($e | Out-String -Width 500) + ($e.Exception.InnerException | Format-List * -Force | Out-String -Width 500)) 'the expiry error'
    }

    It 'is the credential New-SignedHttpApiRequest signs with, piped in' {
        $r = $Live | New-SignedHttpApiRequest -Uri 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/items'

        $r.AccessKeyId | Should -BeExactly $KeyId
        $r.GetHeaders()['X-Amz-Security-Token'] | Should -BeExactly $Token
    }
}
