# New-SignedHttpApiRequest: the secret key, session token and signatures never leave through formatting, serialisation,
# the verbose and debug streams or error records. Shared setup: NewSignedHttpApiRequest.Fixture.ps1.
BeforeAll {
    . (Join-Path $PSScriptRoot 'NewSignedHttpApiRequest.Fixture.ps1')
}

AfterAll {
    Restore-EnvironmentVariable $SavedEnvironment
}

Describe 'New-SignedHttpApiRequest: secrets never leave through an output stream' {
    BeforeAll {
        function Assert-NoSecret([string] $Text, [string[]] $Secrets, [string] $Because) {
            $Text | Should -Not -BeNullOrEmpty -Because "$Because must produce text to check"
            foreach ($secret in $Secrets) {
                foreach ($form in @($secret, [uri]::EscapeDataString($secret))) {
                    $Text.Contains($form) | Should -BeFalse -Because "$Because must not contain a secret"
                }
            }
        }

        $headerSigned = New-SignedHttpApiRequest -Uri $ApiUrl -Method POST -Body '{}' -Credential $LeakCredential
        $presigned = New-SignedHttpApiRequest -Uri $ApiUrl -Credential $LeakCredential -Presign
        $headerSignature = Get-SignatureOf $headerSigned.GetHeaders()['Authorization']
        $presignSignature = ($presigned.GetUri().Query -split 'X-Amz-Signature=')[1]
        $secrets = @($LeakSecret, $LeakToken, $headerSignature, $presignSignature)
    }

    It 'has real secrets to look for' {
        $headerSignature | Should -Match '^[0-9a-f]{64}$'
        $presignSignature | Should -Match '^[0-9a-f]{64}$'
    }

    It 'keeps them out of <Name>' -ForEach @(
        @{ Name = 'default formatting'; Render = { param($r) $r | Out-String -Width 500 } }
        @{ Name = 'the list view'; Render = { param($r) $r | Format-List | Out-String -Width 500 } }
        @{ Name = 'Format-List *'; Render = { param($r) $r | Format-List * -Force | Out-String -Width 500 } }
        @{ Name = 'Format-Table *'; Render = { param($r) $r | Format-Table * -Force | Out-String -Width 2000 } }
        @{ Name = 'ConvertTo-Json -Depth 10'; Render = { param($r) $r | ConvertTo-Json -Depth 10 } }
        @{ Name = 'ConvertTo-Csv'; Render = { param($r) $r | ConvertTo-Csv | Out-String } }
        @{ Name = 'ToString()'; Render = { param($r) $r.ToString() } }
        @{ Name = 'the Headers property'; Render = { param($r) $r.Headers | Out-String -Width 500 } }
    ) {
        Assert-NoSecret (& $Render $headerSigned) $secrets "$Name of a header-signed request"
        Assert-NoSecret (& $Render $presigned) $secrets "$Name of a presigned request"
    }

    It 'keeps them out of -Verbose and -Debug output' {
        $DebugPreference = 'Continue'
        $records = @(
            New-SignedHttpApiRequest -Uri $ApiUrl -Credential $LeakCredential -Timestamp $DocTime -Verbose -Debug 4>&1 5>&1
            New-SignedHttpApiRequest -Uri $ApiUrl -Credential $LeakCredential -Timestamp $DocTime -Presign -Verbose -Debug 4>&1 5>&1
        )
        $streams = $records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -or $_ -is [System.Management.Automation.DebugRecord] }
        $signatures = $records | Where-Object { $_ -is [CrossAcctApi.SignedHttpApiRequest] } | ForEach-Object {
            if ($_.IsPresigned) { ($_.GetUri().Query -split 'X-Amz-Signature=')[1] } else { Get-SignatureOf $_.GetHeaders()['Authorization'] }
        }
        $text = ($streams | ForEach-Object Message) -join "`n"

        @($streams | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }) | Should -Not -BeNullOrEmpty
        $text | Should -Match 'x-amz-security-token:\(redacted\)'
        $text | Should -Match 'X-Amz-Security-Token=\(redacted\)'
        $text | Should -Match 'host;x-amz-date;x-amz-security-token'
        Assert-NoSecret $text (@($LeakSecret, $LeakToken) + $signatures) 'verbose and debug output'
    }

    It 'keeps them out of the error records of <Name>' -ForEach @(
        @{ Name = 'an expired credential'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl -Credential @{ AccessKeyId = $LeakKeyId; SecretAccessKey = $LeakSecret; SessionToken = $LeakToken; Expiration = '2000-01-01T00:00:00Z' } -ErrorAction Stop } }
        @{ Name = 'a credential without secret'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl -Credential @{ AccessKeyId = $LeakKeyId; SessionToken = $LeakToken } -ErrorAction Stop } }
        @{ Name = 'a reserved header'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl -Credential $LeakCredential -Header @{ 'X-Amz-Security-Token' = $LeakToken } -ErrorAction Stop } }
        @{ Name = 'a missing region'; Script = { New-SignedHttpApiRequest -Uri 'http://127.0.0.1:9/' -Credential $LeakCredential -ErrorAction Stop } }
        @{ Name = 'a secret passed where the key id goes'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl -AccessKeyId $LeakSecret -SecretAccessKey $LeakSecret -ErrorAction Stop } }
    ) {
        $Error.Clear()
        $e = Get-ErrorRecord $Script
        $text = @(
            $e | Out-String -Width 500
            $e | Format-List * -Force | Out-String -Width 500
            $e.Exception | Format-List * -Force | Out-String -Width 500
            $Error | Out-String -Width 500
            "$($e.TargetObject)"
            $e.ErrorDetails.RecommendedAction
        ) -join "`n"

        Assert-NoSecret $text @($LeakSecret, $LeakToken) "the error record of $Name"
    }
}
