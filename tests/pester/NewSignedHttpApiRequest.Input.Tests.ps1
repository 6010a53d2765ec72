# New-SignedHttpApiRequest: bad input refused with FullyQualifiedErrorIds, every credential shape, the environment
# fallback and pipeline binding. Shared setup: NewSignedHttpApiRequest.Fixture.ps1.
BeforeAll {
    . (Join-Path $PSScriptRoot 'NewSignedHttpApiRequest.Fixture.ps1')
}

AfterAll {
    Restore-EnvironmentVariable $SavedEnvironment
}

Describe 'New-SignedHttpApiRequest: bad input is refused with a stable FullyQualifiedErrorId' {
    BeforeAll {
        $keys = @{ AccessKeyId = $DocKeyId; SecretAccessKey = $DocSecret }
    }

    It '<Name>: <ErrorId> (<Category>)' -ForEach @(
        @{ Name = 'caller-supplied Authorization'; ErrorId = 'ReservedHeader'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl @keys -Header @{ Authorization = 'AWS4-HMAC-SHA256 x' } -ErrorAction Stop } }
        @{ Name = 'caller-supplied X-Amz-Date'; ErrorId = 'ReservedHeader'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl @keys -Header @{ 'x-amz-date' = '20150830T123600Z' } -ErrorAction Stop } }
        @{ Name = 'caller-supplied X-Amz-Security-Token'; ErrorId = 'ReservedHeader'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl @keys -Header @{ 'X-Amz-Security-Token' = 'x' } -ErrorAction Stop } }
        @{ Name = 'CR/LF in a header value'; ErrorId = 'InvalidHeader'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl @keys -Header @{ 'X-Note' = "a`r`nX-Injected: 1" } -ErrorAction Stop } }
        @{ Name = 'LF in a header name'; ErrorId = 'InvalidHeader'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl @keys -Header @{ "X-Note`nX-Injected" = 'a' } -ErrorAction Stop } }
        @{ Name = 'NUL in a header value'; ErrorId = 'InvalidHeader'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl @keys -Header @{ 'X-Note' = "a`0b" } -ErrorAction Stop } }
        @{ Name = 'null header value'; ErrorId = 'InvalidHeader'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl @keys -Header @{ 'X-Note' = $null } -ErrorAction Stop } }
        @{ Name = 'ftp URI'; ErrorId = 'InvalidUri'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri 'ftp://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/x' @keys -ErrorAction Stop } }
        @{ Name = 'file URI'; ErrorId = 'InvalidUri'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri 'file:///etc/hosts' @keys -ErrorAction Stop } }
        @{ Name = 'relative URI'; ErrorId = 'InvalidUri'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri 'prod/items' @keys -Region eu-west-1 -ErrorAction Stop } }
        @{ Name = 'URI with user-info'; ErrorId = 'UriUserInfoNotAllowed'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri 'https://admin:hunter2pass@a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/' @keys -ErrorAction Stop } }
        @{ Name = 'region of another partition in the host'; ErrorId = 'InvalidRegion'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri 'https://a1b2c3d4e5.execute-api.cn-north-1.amazonaws.com/' @keys -ErrorAction Stop } }
        @{ Name = 'malformed -Region'; ErrorId = 'InvalidRegion'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl @keys -Region 'Europe (Ireland)' -ErrorAction Stop } }
        @{ Name = 'malformed -Service'; ErrorId = 'InvalidService'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl @keys -Service 'execute api' -ErrorAction Stop } }
        @{ Name = 'method that is no HTTP token'; ErrorId = 'InvalidMethod'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl @keys -Method 'GE T' -ErrorAction Stop } }
        @{ Name = '-ExpiresIn 0'; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl @keys -Presign -ExpiresIn 0 -ErrorAction Stop } }
        @{ Name = '-ExpiresIn over seven days'; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl @keys -Presign -ExpiresIn 604801 -ErrorAction Stop } }
        @{ Name = '-ExpiresIn without -Presign'; ErrorId = 'ExpiresInRequiresPresign'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl @keys -ExpiresIn 60 -ErrorAction Stop } }
        @{ Name = '-PayloadHashHeader with -Presign'; ErrorId = 'PayloadHashHeaderWithPresign'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl @keys -Presign -PayloadHashHeader -ErrorAction Stop } }
        @{ Name = 'a script block as -Body'; ErrorId = 'InvalidBody'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl @keys -Method POST -Body { 'code' } -ErrorAction Stop } }
        @{ Name = 'no credentials anywhere (the one chain ends in container and instance metadata)'; ErrorId = 'SourceCredentialUnavailable'; Category = 'AuthenticationError'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl -ErrorAction Stop } }
        @{ Name = '-Credential $null'; ErrorId = 'CredentialRequired'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl -Credential $null -ErrorAction Stop } }
        @{ Name = 'a credential without its secret'; ErrorId = 'InvalidCredential'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl -Credential @{ AccessKeyId = $DocKeyId; SessionToken = $LeakToken } -ErrorAction Stop } }
        @{ Name = 'a credential with an empty secret'; ErrorId = 'InvalidCredential'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl -Credential @{ AccessKeyId = $DocKeyId; SecretAccessKey = '' } -ErrorAction Stop } }
        @{ Name = 'an object that is no credential'; ErrorId = 'InvalidCredential'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl -Credential ([pscustomobject] @{ User = 'me' }) -ErrorAction Stop } }
        @{ Name = 'text that is no credential JSON'; ErrorId = 'InvalidCredential'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl -Credential 'not json' -ErrorAction Stop } }
        @{ Name = 'an expired credential object'; ErrorId = 'ExpiredCredential'; Category = 'AuthenticationError'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl -Credential @{ AccessKeyId = $DocKeyId; SecretAccessKey = $DocSecret; SessionToken = 'token-token-token'; Expiration = [datetime]::UtcNow.AddMinutes(-1) } -ErrorAction Stop } }
        @{ Name = 'an empty -SecretAccessKey'; ErrorId = 'InvalidCredential'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl -AccessKeyId $DocKeyId -SecretAccessKey ([securestring]::new()) -ErrorAction Stop } }
        @{ Name = 'a number as -SecretAccessKey'; ErrorId = 'ParameterArgumentTransformationError'; Category = 'InvalidData'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl -AccessKeyId $DocKeyId -SecretAccessKey 12345 -ErrorAction Stop } }
        @{ Name = 'an access key id with a space'; ErrorId = 'InvalidCredential'; Category = 'InvalidArgument'; Script = { New-SignedHttpApiRequest -Uri $ApiUrl -AccessKeyId 'AKID EXAMPLE' -SecretAccessKey $DocSecret -ErrorAction Stop } }
    ) {
        $e = Get-ErrorRecord $Script

        $e.FullyQualifiedErrorId | Should -BeExactly "$ErrorId,$Cmdlet"
        $e.CategoryInfo.Category | Should -Be $Category
        $e.Exception.Message | Should -Not -BeNullOrEmpty
    }

    It 'names the properties of a credential it cannot use, but no values' {
        $e = Get-ErrorRecord { New-SignedHttpApiRequest -Uri $ApiUrl -Credential @{ AccessKeyId = $DocKeyId; SessionToken = $LeakToken } -ErrorAction Stop }

        $e.Exception.Message | Should -Match 'no SecretAccessKey'
        $e.Exception.Message | Should -Match 'SessionToken'
        $e.Exception.Message | Should -Not -Match ([regex]::Escape($LeakToken))
        $e.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }

    It 'does not repeat the password of a URI with user-info' {
        # Through a variable: PowerShell's error view quotes the command line as typed, which no cmdlet controls.
        $withPassword = 'https://admin:hunter2pass@a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/'
        $e = Get-ErrorRecord { New-SignedHttpApiRequest -Uri $withPassword -AccessKeyId $DocKeyId -SecretAccessKey $DocSecret -ErrorAction Stop }

        ($e | Out-String) + $e.TargetObject + $e.Exception.Message | Should -Not -Match 'hunter2pass'
    }

    It 'refuses request-wide input once, before reading any URI from the pipeline' {
        $e = Get-ErrorRecord { 'https://a.example.com/', 'https://b.example.com/' | ForEach-Object { [pscustomobject] @{ Uri = $_ } } |
                New-SignedHttpApiRequest -Region eu-west-1 -AccessKeyId $DocKeyId -SecretAccessKey $DocSecret -Header @{ Authorization = 'x' } }

        $e.FullyQualifiedErrorId | Should -BeExactly "ReservedHeader,$Cmdlet"
    }

    It 'reports a bad URI from the pipeline and goes on with the next' {
        $rows = 'ftp://bad.example.com/', $ApiUrl | ForEach-Object { [pscustomobject] @{ Uri = $_ } }

        $out = $rows | New-SignedHttpApiRequest -AccessKeyId $DocKeyId -SecretAccessKey $DocSecret -ErrorVariable failures -ErrorAction SilentlyContinue

        @($out) | Should -HaveCount 1
        $out.Uri.AbsoluteUri | Should -BeExactly $ApiUrl
        @($failures) | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly "InvalidUri,$Cmdlet"
    }
}

Describe 'New-SignedHttpApiRequest: credentials' {
    BeforeAll {
        $token = 'IQoJb3JpZ2luX2VjEXAMPLE/token+value=='
        $reference = New-SignedHttpApiRequest -Uri $ApiUrl -AccessKeyId $DocKeyId -SecretAccessKey $DocSecret -SessionToken $token -Timestamp $DocTime
        $expected = $reference.GetHeaders()['Authorization']
        $cliJson = @"
{
    "Credentials": {
        "AccessKeyId": "$DocKeyId",
        "SecretAccessKey": "$DocSecret",
        "SessionToken": "$token",
        "Expiration": "2099-11-01T20:26:47+00:00"
    },
    "AssumedRoleUser": {
        "AssumedRoleId": "AROA3XFRBF535PLBIFPI4:ops",
        "Arn": "arn:aws:sts::111122223333:assumed-role/CrossAccountInvoker/ops"
    }
}
"@
    }

    It 'signs the same with -Credential as <Name>' -ForEach @(
        @{ Name = 'a hashtable'; Credential = { @{ AccessKeyId = $DocKeyId; SecretAccessKey = $DocSecret; SessionToken = $token } } }
        @{ Name = 'a hashtable with other capitals'; Credential = { @{ accesskeyid = $DocKeyId; SECRETACCESSKEY = $DocSecret; sessiontoken = $token } } }
        @{ Name = 'AWS CLI assume-role JSON after ConvertFrom-Json'; Credential = { $cliJson | ConvertFrom-Json } }
        @{ Name = 'the .Credentials of that JSON'; Credential = { ($cliJson | ConvertFrom-Json).Credentials } }
        @{ Name = 'the AWS CLI JSON text itself'; Credential = { $cliJson } }
        @{ Name = 'the AWS CLI output as lines'; Credential = { $cliJson -split "`n" } }
        @{ Name = 'an object with AccessKey/SecretKey/Token'; Credential = { [pscustomobject] @{ AccessKey = $DocKeyId; SecretKey = $DocSecret; Token = $token; UseToken = $true } } }
        @{ Name = 'credential-file names'; Credential = { @{ aws_access_key_id = $DocKeyId; aws_secret_access_key = $DocSecret; aws_session_token = $token } } }
        @{ Name = 'environment-variable names'; Credential = { @{ AWS_ACCESS_KEY_ID = $DocKeyId; AWS_SECRET_ACCESS_KEY = $DocSecret; AWS_SESSION_TOKEN = $token } } }
        @{ Name = 'SecureString values'; Credential = { @{ AccessKeyId = $DocKeyId; SecretAccessKey = (ConvertTo-SecureString $DocSecret -AsPlainText -Force); SessionToken = (ConvertTo-SecureString $token -AsPlainText -Force) } } }
        @{ Name = 'the module credential type'; Credential = { [CrossAcctApi.Core.Credentials.AwsCredential]::new([CrossAcctApi.Core.Credentials.CredentialKeys]::new($DocKeyId, $DocSecret, $token), 'AssumeRole') } }
    ) {
        $r = New-SignedHttpApiRequest -Uri $ApiUrl -Credential (& $Credential) -Timestamp $DocTime

        $r.GetHeaders()['Authorization'] | Should -BeExactly $expected
    }

    It 'takes a PSCredential as access key id and secret' {
        $psCredential = [pscredential]::new($DocKeyId, (ConvertTo-SecureString $DocSecret -AsPlainText -Force))
        $plain = New-SignedHttpApiRequest -Uri $ApiUrl -AccessKeyId $DocKeyId -SecretAccessKey $DocSecret -Timestamp $DocTime

        (New-SignedHttpApiRequest -Uri $ApiUrl -Credential $psCredential -Timestamp $DocTime).GetHeaders()['Authorization'] | Should -BeExactly $plain.GetHeaders()['Authorization']
    }

    It 'takes -SecretAccessKey and -SessionToken as SecureStrings' {
        $r = New-SignedHttpApiRequest -Uri $ApiUrl -AccessKeyId $DocKeyId -SecretAccessKey (ConvertTo-SecureString $DocSecret -AsPlainText -Force) `
            -SessionToken (ConvertTo-SecureString $token -AsPlainText -Force) -Timestamp $DocTime

        $r.GetHeaders()['Authorization'] | Should -BeExactly $expected
    }

    It 'falls back to AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN' {
        try {
            $env:AWS_ACCESS_KEY_ID = $DocKeyId
            $env:AWS_SECRET_ACCESS_KEY = $DocSecret
            $env:AWS_SESSION_TOKEN = $token
            $verbose = New-SignedHttpApiRequest -Uri $ApiUrl -Timestamp $DocTime -Verbose 4>&1
            $r = $verbose | Where-Object { $_ -is [CrossAcctApi.SignedHttpApiRequest] }

            $r.GetHeaders()['Authorization'] | Should -BeExactly $expected
            ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n" | Should -Match 'environment variables'
        }
        finally {
            $env:AWS_ACCESS_KEY_ID = $null
            $env:AWS_SECRET_ACCESS_KEY = $null
            $env:AWS_SESSION_TOKEN = $null
        }
    }

    It 'prefers -Credential to the environment' {
        try {
            $env:AWS_ACCESS_KEY_ID = 'AKIAOTHEROTHEROTHER'
            $env:AWS_SECRET_ACCESS_KEY = 'other-secret-other-secret'
            (New-SignedHttpApiRequest -Uri $ApiUrl -Credential @{ AccessKeyId = $DocKeyId; SecretAccessKey = $DocSecret; SessionToken = $token } -Timestamp $DocTime).AccessKeyId | Should -BeExactly $DocKeyId
        }
        finally {
            $env:AWS_ACCESS_KEY_ID = $null
            $env:AWS_SECRET_ACCESS_KEY = $null
        }
    }

    It 'binds a credential piped in by value' {
        $credential = $cliJson | ConvertFrom-Json

        $r = $credential | New-SignedHttpApiRequest -Uri $ApiUrl -Timestamp $DocTime

        $r.GetHeaders()['Authorization'] | Should -BeExactly $expected
    }

    It 'binds -Uri and -Method by property name, one signed request per row' {
        $rows = @(
            [pscustomobject] @{ Uri = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/a'; Method = 'GET' }
            [pscustomobject] @{ Uri = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/b'; Method = 'delete' }
        )

        $out = $rows | New-SignedHttpApiRequest -Credential @{ AccessKeyId = $DocKeyId; SecretAccessKey = $DocSecret }

        $out | Should -HaveCount 2
        $out[0].Uri.AbsolutePath | Should -BeExactly '/prod/a'
        $out[1].Method | Should -BeExactly 'DELETE'
        $out[1].CanonicalRequest | Should -Match '^DELETE\n/prod/b\n'
    }

    It 'does not take a piped row without credential properties for a credential' {
        try {
            $env:AWS_ACCESS_KEY_ID = $DocKeyId
            $env:AWS_SECRET_ACCESS_KEY = $DocSecret

            $r = [pscustomobject] @{ Uri = $ApiUrl } | New-SignedHttpApiRequest -ErrorAction Stop

            $r.AccessKeyId | Should -BeExactly $DocKeyId
        }
        finally {
            $env:AWS_ACCESS_KEY_ID = $null
            $env:AWS_SECRET_ACCESS_KEY = $null
        }
    }

    It 'checks expiry at the signing time' {
        $credential = @{ AccessKeyId = $DocKeyId; SecretAccessKey = $DocSecret; SessionToken = $token; Expiration = '2015-08-30T13:36:00Z' }

        (New-SignedHttpApiRequest -Uri $ApiUrl -Credential $credential -Timestamp $DocTime).AccessKeyId | Should -BeExactly $DocKeyId
        $e = Get-ErrorRecord { New-SignedHttpApiRequest -Uri $ApiUrl -Credential $credential -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeExactly "ExpiredCredential,$Cmdlet"
        $e.Exception.Message | Should -Match '2015-08-30T13:36:00Z'
    }
}
