# Bad input for every cmdlet, for tests/pester/Security.BadInput.Tests.ps1.
#
# Each case is a cmdlet's Base call (which does reach the sandbox, when it sends anything: the test checks that too)
# with some parameters replaced (Parameters) or left out (Remove). The case must be refused with exactly one error
# whose FullyQualifiedErrorId is "<ErrorId>,<the cmdlet's class>", whose category is Category, whose message or
# recommended action matches the regular expression Fix (it says what to do about it), and with no STS or API request
# reaching the sandbox (its /_sandbox/stats counters do not move).
#
# Values of the form '<<name>>' or '<<name:argument:argument>>' are made by the test (the data language has no
# variables): api:STAGE:PATH (a URL of the sandbox's API), api-userinfo:STAGE:PATH (the same with user:password@),
# sts (the sandbox's STS endpoint), role (a refreshable CrossAccountInvoker credential), tripwire (one that renews itself
# with an STS call whenever it is asked for keys at <<near-expiry>>), ops (account B's long-term keys), expired (an
# expired temporary credential), pscredential (a PSCredential), bytes:N, text:N, headers:COUNT:SIZE, tags:N, policy-arns:N, nested-json:DEPTH,
# missing-file, missing-folder-file, near-expiry (57 minutes from now), min-time ([DateTimeOffset]::MinValue), e-acute
# (the letter U+00E9: the data file stays ASCII).
@{
    Bases = @{
        'Invoke-SignedHttpApi'         = @{ Sends = 'api'; Parameters = @{ Uri = '<<api:prod:/items>>'; Credential = '<<role>>'; Region = 'us-east-1'; MaximumRetryCount = 0 } }
        'New-SignedHttpApiRequest'     = @{ Sends = 'sts'; Parameters = @{ Uri = '<<api:prod:/items>>'; Credential = '<<tripwire>>'; Region = 'us-east-1'; Timestamp = '<<near-expiry>>' } }
        'Get-AssumedRoleCredential'    = @{ Sends = 'sts'; Parameters = @{ RoleArn = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'; Credential = '<<ops>>'; StsEndpoint = '<<sts>>'; Region = 'us-east-1'; NoCache = $true } }
        'Export-AssumedRoleCredential' = @{ Sends = 'none'; Parameters = @{ Credential = '<<role>>'; WhatIf = $true } }
        'Get-ExecuteApiArn'            = @{ Sends = 'none'; Parameters = @{ Uri = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items/42'; Stage = 'prod'; AccountId = '111111111111' } }
        'New-CrossAccountPolicy'       = @{ Sends = 'none'; Parameters = @{ ApiAccountId = '111111111111'; CallerAccountId = '222222222222'; ApiId = 'a1b2c3d4e5'; Region = 'us-east-1'; Route = 'GET /items/*' } }
        'Test-CrossAccountAccess'      = @{ Sends = 'api'; Parameters = @{ RoleArn = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'; Uri = '<<api:prod:/items>>'; Stage = 'prod'; Region = 'us-east-1'; Credential = '<<ops>>'; StsEndpoint = '<<sts>>' } }
        'Test-CrossAccountPolicy'      = @{ Sends = 'none'; Parameters = @{ Arn = 'arn:aws:lambda:us-east-1:111111111111:function:report-generator'; CallerArn = 'arn:aws:iam::222222222222:user/ops-engineer'; IdentityPolicy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"lambda:*","Resource":"*"}]}'; ResourcePolicy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"lambda:*","Resource":"*"}]}' } }
        'Test-ExecuteApiPolicy'        = @{ Sends = 'none'; Parameters = @{ PolicyDocument = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}]}'; Arn = 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items' } }
    }

    Cases = @(
        # --- Invoke-SignedHttpApi: URLs
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'an ftp URL'; Parameters = @{ Uri = 'ftp://127.0.0.1/prod/items' }; ErrorId = 'InvalidUri'; Category = 'InvalidArgument'; Fix = 'absolute http or https URL' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a file URL'; Parameters = @{ Uri = 'file:///etc/hosts' }; ErrorId = 'InvalidUri'; Category = 'InvalidArgument'; Fix = 'only http and https' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a relative URL'; Parameters = @{ Uri = 'prod/items' }; ErrorId = 'InvalidUri'; Category = 'InvalidArgument'; Fix = 'needs a scheme and a host' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a URL that cannot be parsed'; Parameters = @{ Uri = 'http://exa mple.com/' }; ErrorId = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument'; Fix = 'hostname could not be parsed' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a URL with user-info'; Parameters = @{ Uri = '<<api-userinfo:prod:/items>>' }; ErrorId = 'UriUserInfoNotAllowed'; Category = 'InvalidArgument'; Fix = 'Remove the user:password@ part' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'plain http to an AWS host'; Parameters = @{ Uri = 'http://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items' }; ErrorId = 'InsecureEndpoint'; Category = 'SecurityError'; Fix = 'Use https://' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'plain http to a private address'; Parameters = @{ Uri = 'http://10.0.0.5/prod/items' }; ErrorId = 'InsecureEndpoint'; Category = 'SecurityError'; Fix = 'only for loopback' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'CR in the URL path'; Parameters = @{ Uri = "<<api:prod:/it`rems>>" }; ErrorId = 'InvalidUri'; Category = 'InvalidArgument'; Fix = 'control character' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'LF in the URL path'; Parameters = @{ Uri = "<<api:prod:/items/`nX-Injected: 1>>" }; ErrorId = 'InvalidUri'; Category = 'InvalidArgument'; Fix = 'control character' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'NUL in the URL path'; Parameters = @{ Uri = "<<api:prod:/items`0>>" }; ErrorId = 'InvalidUri'; Category = 'InvalidArgument'; Fix = 'control character' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a request line over 10 KB (long query)'; Parameters = @{ Uri = '<<api:prod:/items?q=<<text:11000>>>>' }; ErrorId = 'HeadersTooLarge'; Category = 'LimitsExceeded'; Fix = 'move large values .* into the body' }

        # --- Invoke-SignedHttpApi: Invoke-RestMethod's transport parameters
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'an ftp -Proxy'; Parameters = @{ Proxy = 'ftp://127.0.0.1:3128' }; ErrorId = 'InvalidProxy'; Category = 'InvalidArgument'; Fix = 'http:// or https:// URL of a proxy' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a -Proxy with user:password@'; Parameters = @{ Proxy = 'http://user:secret@127.0.0.1:3128' }; ErrorId = 'InvalidProxy'; Category = 'InvalidArgument'; Fix = '-ProxyCredential' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = '-Proxy with -NoProxy'; Parameters = @{ Proxy = 'http://127.0.0.1:3128'; NoProxy = $true }; ErrorId = 'ProxyWithNoProxy'; Category = 'InvalidArgument'; Fix = 'Leave out -NoProxy' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = '-ProxyCredential without -Proxy'; Parameters = @{ ProxyCredential = '<<pscredential>>' }; ErrorId = 'ProxyCredentialWithoutProxy'; Category = 'InvalidArgument'; Fix = 'Add -Proxy' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'an -HttpVersion that is no HTTP version'; Parameters = @{ HttpVersion = '9.9' }; ErrorId = 'InvalidHttpVersion'; Category = 'InvalidArgument'; Fix = '1.1 .*or 2.0' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'CR/LF in -UserAgent'; Parameters = @{ UserAgent = "tool/1`r`nX-Injected: 1" }; ErrorId = 'InvalidHeader'; Category = 'InvalidArgument'; Fix = 'visible ASCII' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a negative -OperationTimeoutSeconds'; Parameters = @{ OperationTimeoutSeconds = -1 }; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Fix = 'minimum allowed range of 0' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = '-PassThru without -OutFile'; Parameters = @{ PassThru = $true }; ErrorId = 'PassThruWithoutOutFile'; Category = 'InvalidArgument'; Fix = 'Add -OutFile' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = '-Form with -Body'; Parameters = @{ Method = 'POST'; Form = @{ a = 'b' }; Body = '{}' }; ErrorId = 'FormWithBody'; Category = 'InvalidArgument'; Fix = 'Leave out -Form' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a -Form value that is no field'; Parameters = @{ Method = 'POST'; Form = @{ a = @{ nested = 1 } } }; ErrorId = 'InvalidForm'; Category = 'InvalidArgument'; Fix = 'text, numbers or Get-Item file objects' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = '-Form on a GET'; Parameters = @{ Form = @{ a = 'b' } }; ErrorId = 'BodyNotAllowed'; Category = 'InvalidArgument'; Fix = 'query string' }

        # --- Invoke-SignedHttpApi: headers (injection, reserved names, size)
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'CR/LF in a header value (header injection)'; Parameters = @{ Header = @{ 'X-Note' = "a`r`nX-Injected: 1" } }; ErrorId = 'InvalidHeader'; Category = 'InvalidArgument'; Fix = 'values without CR, LF or NUL' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'LF in a header name'; Parameters = @{ Header = @{ "X-Note`nX-Injected" = 'a' } }; ErrorId = 'InvalidHeader'; Category = 'InvalidArgument'; Fix = 'names that are HTTP tokens' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'NUL in a header value'; Parameters = @{ Header = @{ 'X-Note' = "a`0b" } }; ErrorId = 'InvalidHeader'; Category = 'InvalidArgument'; Fix = 'without CR, LF or NUL' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a non-ASCII header value'; Parameters = @{ Header = @{ 'X-Note' = 'caf<<e-acute>>' } }; ErrorId = 'InvalidHeader'; Category = 'InvalidArgument'; Fix = 'ASCII' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'CR/LF in -ContentType'; Parameters = @{ Method = 'POST'; Body = '{}'; ContentType = "application/json`r`nX-Injected: 1" }; ErrorId = 'InvalidHeader'; Category = 'InvalidArgument'; Fix = 'without CR, LF or NUL' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a header name that is no HTTP token'; Parameters = @{ Header = @{ 'X Note' = 'a' } }; ErrorId = 'InvalidHeader'; Category = 'InvalidArgument'; Fix = 'HTTP token' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'an empty header name'; Parameters = @{ Header = @{ '' = 'a' } }; ErrorId = 'InvalidHeader'; Category = 'InvalidArgument'; Fix = 'the name is empty' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a null header value'; Parameters = @{ Header = @{ 'X-Note' = $null } }; ErrorId = 'InvalidHeader'; Category = 'InvalidArgument'; Fix = 'use an empty string' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a caller-supplied Authorization'; Parameters = @{ Header = @{ Authorization = 'AWS4-HMAC-SHA256 Credential=x' } }; ErrorId = 'ReservedHeader'; Category = 'InvalidArgument'; Fix = 'Remove the header' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a caller-supplied X-Amz-Date'; Parameters = @{ Header = @{ 'X-Amz-Date' = '20200101T000000Z' } }; ErrorId = 'ReservedHeader'; Category = 'InvalidArgument'; Fix = 'signer adds Authorization, X-Amz-Date' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a caller-supplied X-Amz-Security-Token'; Parameters = @{ Header = @{ 'x-amz-security-token' = 'token' } }; ErrorId = 'ReservedHeader'; Category = 'InvalidArgument'; Fix = 'Remove the header' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a caller-supplied Content-Length'; Parameters = @{ Header = @{ 'Content-Length' = '5' } }; ErrorId = 'InvalidHeader'; Category = 'InvalidArgument'; Fix = 'Remove the header' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'an x-amz-content-sha256 that is not the body''s hash'; Parameters = @{ Header = @{ 'x-amz-content-sha256' = 'UNSIGNED-PAYLOAD' } }; ErrorId = 'ConflictingPayloadHash'; Category = 'InvalidArgument'; Fix = 'Remove the x-amz-content-sha256 header' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'headers over API Gateway''s 10 KB'; Parameters = @{ Header = '<<headers:12:900>>' }; ErrorId = 'HeadersTooLarge'; Category = 'LimitsExceeded'; Fix = 'fewer or shorter headers' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'one header value of 10 KB'; Parameters = @{ Header = @{ 'X-Big' = '<<text:10240>>' } }; ErrorId = 'HeadersTooLarge'; Category = 'LimitsExceeded'; Fix = 'at most 10,240' }

        # --- Invoke-SignedHttpApi: bodies and methods
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a body over 10 MB'; Parameters = @{ Method = 'POST'; Body = '<<bytes:10485761>>' }; ErrorId = 'BodyTooLarge'; Category = 'LimitsExceeded'; Fix = 'Send less data per request' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'GET with a body'; Parameters = @{ Body = 'x' }; ErrorId = 'BodyNotAllowed'; Category = 'InvalidArgument'; Fix = 'query string instead|-Method POST' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'HEAD with an object body'; Parameters = @{ Method = 'HEAD'; Body = @{ a = 1 } }; ErrorId = 'BodyNotAllowed'; Category = 'InvalidArgument'; Fix = 'query string instead' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a method that is no HTTP token'; Parameters = @{ Method = 'GE T' }; ErrorId = 'InvalidMethod'; Category = 'InvalidArgument'; Fix = 'GET, POST, PUT, PATCH or DELETE' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'CR/LF in the method'; Parameters = @{ Method = "GET`r`nX-Injected: 1" }; ErrorId = 'InvalidMethod'; Category = 'InvalidArgument'; Fix = 'Use a method such as GET' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a method with a trailing CR/LF'; Parameters = @{ Method = "GET`r`n" }; ErrorId = 'InvalidMethod'; Category = 'InvalidArgument'; Fix = 'Use a method such as GET' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'the CONNECT method'; Parameters = @{ Method = 'CONNECT' }; ErrorId = 'InvalidMethod'; Category = 'InvalidArgument'; Fix = 'CONNECT' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = '-InFile and -Body together'; Parameters = @{ Method = 'POST'; Body = 'x'; InFile = '<<missing-file>>' }; ErrorId = 'InFileWithBody'; Category = 'InvalidArgument'; Fix = 'Leave out -Body' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'an -InFile that does not exist'; Parameters = @{ Method = 'PUT'; InFile = '<<missing-file>>' }; ErrorId = 'InFileNotReadable'; Category = 'InvalidArgument'; Fix = 'existing file' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'an -OutFile in a missing folder'; Parameters = @{ OutFile = '<<missing-folder-file>>' }; ErrorId = 'OutFileNotWritable'; Category = 'InvalidArgument'; Fix = 'file in an existing folder' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'one -OutFile for two URLs'; Parameters = @{ Uri = @('<<api:prod:/items>>', '<<api:prod:/items/1>>'); OutFile = '<<missing-file>>' }; ErrorId = 'OutFileWithSeveralUris'; Category = 'InvalidArgument'; Fix = 'one URL per -OutFile' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a negative -TimeoutSec'; Parameters = @{ TimeoutSec = -1 }; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData'; Fix = 'greater than or equal to 0' }

        # --- Invoke-SignedHttpApi: region and service
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a malformed region'; Parameters = @{ Region = 'Europe (Ireland)' }; ErrorId = 'InvalidRegion'; Category = 'InvalidArgument'; Fix = 'region such as' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a region of another partition than the host'; Parameters = @{ Uri = 'https://a1b2c3d4e5.execute-api.cn-north-1.amazonaws.com/prod/items' }; Remove = @('Region'); ErrorId = 'InvalidRegion'; Category = 'InvalidArgument'; Fix = 'amazonaws\.com\.cn|region' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'no region for a loopback host'; Remove = @('Region'); ErrorId = 'RegionRequired'; Category = 'InvalidArgument'; Fix = 'Pass -Region' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a malformed service'; Parameters = @{ Service = 'execute api' }; ErrorId = 'InvalidService'; Category = 'InvalidArgument'; Fix = 'Leave -Service out' }

        # --- Invoke-SignedHttpApi: credentials
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'an expired credential object'; Parameters = @{ Credential = '<<expired>>' }; ErrorId = 'ExpiredCredential'; Category = 'AuthenticationError'; Fix = 'Get fresh credentials' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'an empty secret'; Parameters = @{ Credential = @{ AccessKeyId = 'AKIAEMPTYSECRET00001'; SecretAccessKey = '' } }; ErrorId = 'InvalidCredential'; Category = 'InvalidArgument'; Fix = 'Give the secret access key' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a secret with a line break'; Parameters = @{ Credential = @{ AccessKeyId = 'AKIALINEBREAK0000001'; SecretAccessKey = "first`nsecond" } }; ErrorId = 'InvalidCredential'; Category = 'InvalidArgument'; Fix = 'exactly as AWS issued them' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a session token with CR/LF'; Parameters = @{ Credential = @{ AccessKeyId = 'ASIATOKENBREAK000001'; SecretAccessKey = 'Secret/0000000000000000000000000000000'; SessionToken = "token`r`nX-Injected: 1" } }; ErrorId = 'InvalidCredential'; Category = 'InvalidArgument'; Fix = 'single line|exactly as AWS issued' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a non-ASCII session token'; Parameters = @{ Credential = @{ AccessKeyId = 'ASIANONASCII00000001'; SecretAccessKey = 'Secret/0000000000000000000000000000000'; SessionToken = 'IQoJb3JpZ2lu<<e-acute>>token' } }; ErrorId = 'InvalidCredential'; Category = 'InvalidArgument'; Fix = 'exactly as AWS issued' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a non-ASCII secret access key'; Parameters = @{ Credential = @{ AccessKeyId = 'AKIANONASCII00000001'; SecretAccessKey = 'Secret/<<e-acute>>00000000000000000000000000000' } }; ErrorId = 'InvalidCredential'; Category = 'InvalidArgument'; Fix = 'exactly as AWS issued' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = '-Credential $null'; Parameters = @{ Credential = $null }; ErrorId = 'CredentialRequired'; Category = 'InvalidArgument'; Fix = 'Pass -Credential' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'credential text that is no JSON'; Parameters = @{ Credential = '{"Credentials":' }; ErrorId = 'InvalidCredential'; Category = 'InvalidArgument'; Fix = 'ConvertFrom-Json' }
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a profile that does not exist'; Parameters = @{ ProfileName = 'no-such-profile' }; Remove = @('Credential'); ErrorId = 'ProfileNotFound'; Category = 'ObjectNotFound'; Fix = 'Check the name' }

        # --- New-SignedHttpApiRequest (the tripwire credential would call STS if keys were read)
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'an ftp URL'; Parameters = @{ Uri = 'ftp://127.0.0.1/prod/items' }; ErrorId = 'InvalidUri'; Category = 'InvalidArgument'; Fix = 'absolute http or https URL' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'a URL with user-info'; Parameters = @{ Uri = '<<api-userinfo:prod:/items>>' }; ErrorId = 'UriUserInfoNotAllowed'; Category = 'InvalidArgument'; Fix = 'Remove the user:password@ part' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'a presigned URL over plain http to an AWS host'; Parameters = @{ Uri = 'http://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items'; Presign = $true }; ErrorId = 'InsecureEndpoint'; Category = 'SecurityError'; Fix = 'Use https://' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'a signing time of DateTimeOffset.MinValue'; Parameters = @{ Timestamp = '<<min-time>>' }; ErrorId = 'InvalidSigningTime'; Category = 'InvalidArgument'; Fix = 'between 1970 and 9999' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'a non-ASCII header value'; Parameters = @{ Header = @{ 'X-Note' = 'caf<<e-acute>>' } }; ErrorId = 'InvalidHeader'; Category = 'InvalidArgument'; Fix = 'ASCII' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'the CONNECT method'; Parameters = @{ Method = 'CONNECT' }; ErrorId = 'InvalidMethod'; Category = 'InvalidArgument'; Fix = 'CONNECT' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'CR/LF in a header value'; Parameters = @{ Header = @{ 'X-Note' = "a`r`nX-Injected: 1" } }; ErrorId = 'InvalidHeader'; Category = 'InvalidArgument'; Fix = 'without CR, LF or NUL' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'NUL in a header name'; Parameters = @{ Header = @{ "X-Note`0" = 'a' } }; ErrorId = 'InvalidHeader'; Category = 'InvalidArgument'; Fix = 'names that are HTTP tokens' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'a caller-supplied X-Amz-Security-Token'; Parameters = @{ Header = @{ 'X-Amz-Security-Token' = 'token' } }; ErrorId = 'ReservedHeader'; Category = 'InvalidArgument'; Fix = 'Remove the header' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'a caller-supplied Authorization'; Parameters = @{ Header = @{ 'authorization' = 'Bearer x' } }; ErrorId = 'ReservedHeader'; Category = 'InvalidArgument'; Fix = 'Remove the header' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'an x-amz-content-sha256 that is not the body''s hash'; Parameters = @{ Header = @{ 'x-amz-content-sha256' = 'not-a-hash' } }; ErrorId = 'ConflictingPayloadHash'; Category = 'InvalidArgument'; Fix = 'body''s SHA-256' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'a presigned URL whose query already has X-Amz-Signature'; Parameters = @{ Uri = '<<api:prod:/items?X-Amz-Signature=abc>>'; Presign = $true }; ErrorId = 'ReservedQueryParameter'; Category = 'InvalidArgument'; Fix = 'Remove the X-Amz-\* authentication parameters' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = '-ExpiresIn without -Presign'; Parameters = @{ ExpiresIn = 60 }; ErrorId = 'ExpiresInRequiresPresign'; Category = 'InvalidArgument'; Fix = 'Add -Presign' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = '-PayloadHashHeader with -Presign'; Parameters = @{ Presign = $true; PayloadHashHeader = $true }; ErrorId = 'PayloadHashHeaderWithPresign'; Category = 'InvalidArgument'; Fix = 'Leave out -PayloadHashHeader' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'a script block as -Body'; Parameters = @{ Method = 'POST'; Body = { 'code' } }; ErrorId = 'InvalidBody'; Category = 'InvalidArgument'; Fix = 'Pick the values to send' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'a malformed region'; Parameters = @{ Region = 'us east 1' }; ErrorId = 'InvalidRegion'; Category = 'InvalidArgument'; Fix = 'region such as' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'no region for a loopback host'; Remove = @('Region'); ErrorId = 'RegionRequired'; Category = 'InvalidArgument'; Fix = 'Pass -Region' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'a method that is no HTTP token'; Parameters = @{ Method = 'GE T' }; ErrorId = 'InvalidMethod'; Category = 'InvalidArgument'; Fix = 'GET, POST' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'an expired credential object'; Parameters = @{ Credential = '<<expired>>' }; ErrorId = 'ExpiredCredential'; Category = 'AuthenticationError'; Fix = 'Get fresh credentials' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'an empty -SecretAccessKey'; Parameters = @{ AccessKeyId = 'AKIAEMPTYSECRET00001'; SecretAccessKey = '' }; Remove = @('Credential'); ErrorId = 'InvalidCredential'; Category = 'InvalidArgument'; Fix = 'Give the secret access key' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'an access key id with a space'; Parameters = @{ AccessKeyId = 'AKIA SPACE'; SecretAccessKey = 'Secret/0000000000000000000000000000000' }; Remove = @('Credential'); ErrorId = 'InvalidCredential'; Category = 'InvalidArgument'; Fix = 'not an access key id' }

        # --- Get-AssumedRoleCredential
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'a role name instead of an ARN'; Parameters = @{ RoleArn = 'CrossAccountInvoker' }; ErrorId = 'InvalidRoleArn'; Category = 'InvalidArgument'; Fix = 'arn:<partition>:iam::<12-digit account>:role/' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'a user ARN'; Parameters = @{ RoleArn = 'arn:aws:iam::111111111111:user/bob' }; ErrorId = 'InvalidRoleArn'; Category = 'InvalidArgument'; Fix = ':role/' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'an assumed-role (sts) ARN'; Parameters = @{ RoleArn = 'arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/s' }; ErrorId = 'InvalidRoleArn'; Category = 'InvalidArgument'; Fix = ':role/' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'an unknown partition'; Parameters = @{ RoleArn = 'arn:aws-moon:iam::111111111111:role/CrossAccountInvoker' }; ErrorId = 'InvalidRoleArn'; Category = 'InvalidArgument'; Fix = 'arn:<partition>' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'an account id of 4 digits'; Parameters = @{ RoleArn = 'arn:aws:iam::1111:role/CrossAccountInvoker' }; ErrorId = 'InvalidRoleArn'; Category = 'InvalidArgument'; Fix = '12-digit account' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'an empty role name'; Parameters = @{ RoleArn = 'arn:aws:iam::111111111111:role/' }; ErrorId = 'InvalidRoleArn'; Category = 'InvalidArgument'; Fix = 'role-name' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'a duration of 899 s'; Parameters = @{ DurationSeconds = 899 }; ErrorId = 'InvalidDurationSeconds'; Category = 'InvalidArgument'; Fix = 'from 900 to 43200' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'a duration of 43201 s'; Parameters = @{ DurationSeconds = 43201 }; ErrorId = 'InvalidDurationSeconds'; Category = 'InvalidArgument'; Fix = 'from 900 to 43200' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'a negative duration'; Parameters = @{ DurationSeconds = -1 }; ErrorId = 'InvalidDurationSeconds'; Category = 'InvalidArgument'; Fix = 'from 900 to 43200' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'a session name with a space'; Parameters = @{ RoleSessionName = 'my session' }; ErrorId = 'InvalidRoleSessionName'; Category = 'InvalidArgument'; Fix = 'no spaces' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'a session name with non-ASCII letters'; Parameters = @{ RoleSessionName = 'sessión' }; ErrorId = 'InvalidRoleSessionName'; Category = 'InvalidArgument'; Fix = '2 to 64 characters' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'a session name of 65 characters'; Parameters = @{ RoleSessionName = '<<text:65>>' }; ErrorId = 'InvalidRoleSessionName'; Category = 'InvalidArgument'; Fix = '2 to 64 characters' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'an external id with CR/LF'; Parameters = @{ ExternalId = "audit`r`n2026" }; ErrorId = 'InvalidExternalId'; Category = 'InvalidArgument'; Fix = '2 to 1224 characters' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'an external id of 1225 characters'; Parameters = @{ ExternalId = '<<text:1225>>' }; ErrorId = 'InvalidExternalId'; Category = 'InvalidArgument'; Fix = '2 to 1224 characters' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'a token code without a serial number'; Parameters = @{ TokenCode = '123456' }; ErrorId = 'TokenCodeWithoutSerialNumber'; Category = 'InvalidArgument'; Fix = 'SerialNumber' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'MFA without a code in a non-interactive session'; Parameters = @{ RoleArn = 'arn:aws:iam::111111111111:role/MfaOperator'; SerialNumber = 'arn:aws:iam::222222222222:mfa/ops-engineer' }; ErrorId = 'MfaTokenCodeRequired'; Category = 'InvalidArgument'; Fix = 'Pass -TokenCode' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'garbage session policy JSON'; Parameters = @{ Policy = '{"Version": "2012-10-17", "Statement": [' }; ErrorId = 'InvalidSessionPolicy'; Category = 'InvalidArgument'; Fix = 'Pass an IAM policy document' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'session policy JSON nested 10,000 deep'; Parameters = @{ Policy = '<<nested-json:10000>>' }; ErrorId = 'InvalidSessionPolicy'; Category = 'InvalidArgument'; Fix = 'Pass an IAM policy document' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'a session policy over 2048 characters'; Parameters = @{ Policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"<<text:2100>>"}]}' }; ErrorId = 'InvalidSessionPolicy'; Category = 'InvalidArgument'; Fix = 'Shorten the policy' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = '51 session tags'; Parameters = @{ Tag = '<<tags:51>>' }; ErrorId = 'InvalidSessionTag'; Category = 'InvalidArgument'; Fix = '50 or fewer' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = '11 managed session policies'; Parameters = @{ PolicyArn = '<<policy-arns:11>>' }; ErrorId = 'InvalidPolicyArn'; Category = 'InvalidArgument'; Fix = '10 or fewer' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'a malformed region'; Parameters = @{ Region = 'moon' }; ErrorId = 'InvalidRegion'; Category = 'InvalidArgument'; Fix = 'region such as us-east-1' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'an ftp STS endpoint'; Parameters = @{ StsEndpoint = 'ftp://127.0.0.1/' }; ErrorId = 'InvalidStsEndpoint'; Category = 'InvalidArgument'; Fix = 'https://sts' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'an STS endpoint with user-info'; Parameters = @{ StsEndpoint = 'http://user:pass@127.0.0.1/' }; ErrorId = 'InvalidStsEndpoint'; Category = 'InvalidArgument'; Fix = 'Remove the user information' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'a plain http STS endpoint on an AWS host'; Parameters = @{ StsEndpoint = 'http://sts.amazonaws.com' }; ErrorId = 'InsecureEndpoint'; Category = 'SecurityError'; Fix = 'Use https://' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'a China role with a us-east-1 STS region'; Parameters = @{ RoleArn = 'arn:aws-cn:iam::111111111111:role/CrossAccountInvoker' }; ErrorId = 'InvalidRegion'; Category = 'InvalidArgument'; Fix = 'cn-north-1|partition' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'a non-ASCII source session token'; Parameters = @{ Credential = @{ AccessKeyId = 'ASIANONASCII00000001'; SecretAccessKey = 'Secret/0000000000000000000000000000000'; SessionToken = 'tok<<e-acute>>n' } }; ErrorId = 'InvalidCredential'; Category = 'InvalidArgument'; Fix = 'exactly as AWS issued' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'an expired source credential'; Parameters = @{ Credential = '<<expired>>' }; ErrorId = 'ExpiredCredential'; Category = 'AuthenticationError'; Fix = 'Get fresh credentials' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = 'a source credential with an empty secret'; Parameters = @{ Credential = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = '' } }; ErrorId = 'InvalidCredential'; Category = 'InvalidArgument'; Fix = 'Give the secret access key' }
        @{ Cmdlet = 'Get-AssumedRoleCredential'; Name = '-NoCache with -DiskCache'; Parameters = @{ DiskCache = $true }; ErrorId = 'NoCacheWithDiskCache'; Category = 'InvalidArgument'; Fix = 'Use one of them' }

        # --- Export-AssumedRoleCredential
        @{ Cmdlet = 'Export-AssumedRoleCredential'; Name = 'text that is no credential'; Parameters = @{ Credential = 'not json' }; ErrorId = 'InvalidCredential'; Category = 'InvalidArgument'; Fix = 'ConvertFrom-Json' }
        @{ Cmdlet = 'Export-AssumedRoleCredential'; Name = 'an expired credential object'; Parameters = @{ Credential = '<<expired>>' }; ErrorId = 'ExpiredCredential'; Category = 'AuthenticationError'; Fix = 'Get fresh credentials' }
        @{ Cmdlet = 'Export-AssumedRoleCredential'; Name = 'an empty secret'; Parameters = @{ Credential = @{ AccessKeyId = 'AKIAEMPTYSECRET00001'; SecretAccessKey = '' } }; ErrorId = 'InvalidCredential'; Category = 'InvalidArgument'; Fix = 'Give the secret access key' }
        @{ Cmdlet = 'Export-AssumedRoleCredential'; Name = 'a secret without an access key id'; Parameters = @{ Credential = @{ SecretAccessKey = 'Secret/0000000000000000000000000000000' } }; ErrorId = 'InvalidCredential'; Category = 'InvalidArgument'; Fix = 'access key id together with' }

        # --- Test-CrossAccountAccess (every target is checked before any role is assumed)
        @{ Cmdlet = 'Test-CrossAccountAccess'; Name = 'a role name instead of an ARN'; Parameters = @{ RoleArn = 'CrossAccountInvoker' }; ErrorId = 'InvalidRoleArn'; Category = 'InvalidArgument'; Fix = 'arn:<partition>:iam::' }
        @{ Cmdlet = 'Test-CrossAccountAccess'; Name = 'no role for a signed check'; Remove = @('RoleArn'); ErrorId = 'RoleArnRequired'; Category = 'InvalidArgument'; Fix = 'Pass -RoleArn' }
        @{ Cmdlet = 'Test-CrossAccountAccess'; Name = 'an ftp URL'; Parameters = @{ Uri = 'ftp://127.0.0.1/prod/items' }; ErrorId = 'InvalidUri'; Category = 'InvalidArgument'; Fix = 'absolute http or https URL' }
        @{ Cmdlet = 'Test-CrossAccountAccess'; Name = 'a URL with user-info'; Parameters = @{ Uri = '<<api-userinfo:prod:/items>>' }; ErrorId = 'UriUserInfoNotAllowed'; Category = 'InvalidArgument'; Fix = 'Remove the user:password@ part' }
        @{ Cmdlet = 'Test-CrossAccountAccess'; Name = 'plain http to an AWS host'; Parameters = @{ Uri = 'http://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items' }; ErrorId = 'InsecureEndpoint'; Category = 'SecurityError'; Fix = 'Use https://' }
        @{ Cmdlet = 'Test-CrossAccountAccess'; Name = 'a plain http STS endpoint on an AWS host'; Parameters = @{ StsEndpoint = 'http://sts.us-east-1.amazonaws.com' }; ErrorId = 'InsecureEndpoint'; Category = 'SecurityError'; Fix = 'Use https://' }
        @{ Cmdlet = 'Test-CrossAccountAccess'; Name = 'a request line over 10 KB (long query)'; Parameters = @{ Uri = '<<api:prod:/items?q=<<text:11000>>>>' }; ErrorId = 'HeadersTooLarge'; Category = 'LimitsExceeded'; Fix = 'move large values .* into the body' }
        @{ Cmdlet = 'Test-CrossAccountAccess'; Name = 'no region for a loopback host'; Remove = @('Region'); ErrorId = 'RegionRequired'; Category = 'InvalidArgument'; Fix = 'Pass -Region' }
        @{ Cmdlet = 'Test-CrossAccountAccess'; Name = 'a malformed region'; Parameters = @{ Region = 'moon' }; ErrorId = 'InvalidRegion'; Category = 'InvalidArgument'; Fix = 'region such as' }
        @{ Cmdlet = 'Test-CrossAccountAccess'; Name = 'a method that is no HTTP token'; Parameters = @{ Method = 'GE T' }; ErrorId = 'InvalidMethod'; Category = 'InvalidArgument'; Fix = 'GET, POST' }
        @{ Cmdlet = 'Test-CrossAccountAccess'; Name = 'an external id with a line break'; Parameters = @{ ExternalId = "audit`n2026" }; ErrorId = 'InvalidExternalId'; Category = 'InvalidArgument'; Fix = '2 to 1224 characters' }
        @{ Cmdlet = 'Test-CrossAccountAccess'; Name = 'an expectation that is neither Allowed nor Denied'; Parameters = @{ Expect = 'Maybe' }; ErrorId = 'InvalidExpectation'; Category = 'InvalidArgument'; Fix = 'Set -Expect to Allowed' }
        @{ Cmdlet = 'Test-CrossAccountAccess'; Name = 'an unknown probe'; Parameters = @{ Probe = 'Sideways' }; ErrorId = 'InvalidProbe'; Category = 'InvalidArgument'; Fix = 'Set -Probe to Signed' }
        @{ Cmdlet = 'Test-CrossAccountAccess'; Name = 'a session name with a space'; Parameters = @{ RoleSessionName = 'my session' }; ErrorId = 'InvalidRoleSessionName'; Category = 'InvalidArgument'; Fix = 'no spaces' }
        @{ Cmdlet = 'Test-CrossAccountAccess'; Name = 'an ftp STS endpoint'; Parameters = @{ StsEndpoint = 'ftp://127.0.0.1/' }; ErrorId = 'InvalidStsEndpoint'; Category = 'InvalidArgument'; Fix = 'https://sts' }
        @{ Cmdlet = 'Test-CrossAccountAccess'; Name = 'a source credential with an empty secret'; Parameters = @{ Credential = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = '' } }; ErrorId = 'InvalidCredential'; Category = 'InvalidArgument'; Fix = 'Give the secret access key' }

        # --- Get-ExecuteApiArn, New-CrossAccountPolicy, Test-ExecuteApiPolicy (offline: they must stay so)
        @{ Cmdlet = 'Get-ExecuteApiArn'; Name = 'a URL with user-info'; Parameters = @{ Uri = 'https://u:p@a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items' }; ErrorId = 'UriUserInfoNotAllowed'; Category = 'InvalidArgument'; Fix = 'Remove the user:password@ part' }
        @{ Cmdlet = 'Get-ExecuteApiArn'; Name = 'a custom domain without -ApiId'; Parameters = @{ Uri = 'https://api.example.com/prod/items'; Region = 'us-east-1' }; ErrorId = 'ApiIdRequired'; Category = 'InvalidArgument'; Fix = 'Pass -ApiId' }
        @{ Cmdlet = 'Get-ExecuteApiArn'; Name = 'an account id of 3 digits'; Parameters = @{ AccountId = '123' }; ErrorId = 'InvalidAccountId'; Category = 'InvalidArgument'; Fix = '12-digit account id' }
        @{ Cmdlet = 'Get-ExecuteApiArn'; Name = 'a stage that is not in the path'; Parameters = @{ Stage = 'dev' }; ErrorId = 'StageNotInPath'; Category = 'InvalidArgument'; Fix = 'at the start of the path' }
        # --- endpoint kinds (issue 18)
        @{ Cmdlet = 'Invoke-SignedHttpApi'; Name = 'a kind that contradicts the URL'; Parameters = @{ EndpointKind = 'FunctionUrl' }; ErrorId = 'EndpointKindMismatch'; Category = 'InvalidArgument'; Fix = 'Leave -EndpointKind out' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'a private API kind for a public execute-api URL'; Parameters = @{ Uri = 'https://q1w2e3r4t5.execute-api.us-east-1.amazonaws.com/prod/orders'; EndpointKind = 'PrivateRestApi' }; ErrorId = 'EndpointKindMismatch'; Category = 'InvalidArgument'; Fix = 'Leave -EndpointKind out' }
        @{ Cmdlet = 'New-SignedHttpApiRequest'; Name = 'a function ARN that is none'; Parameters = @{ Uri = 'https://reportgenerator11111111111111111.lambda-url.us-east-1.on.aws/'; FunctionArn = 'arn:aws:s3:::bucket' }; ErrorId = 'InvalidFunctionArn'; Category = 'InvalidArgument'; Fix = 'function.s ARN' }
        @{ Cmdlet = 'Test-CrossAccountAccess'; Name = 'an endpoint kind that does not exist'; Parameters = @{ EndpointKind = 'GraphQl' }; ErrorId = 'EndpointKindMismatch'; Category = 'InvalidArgument'; Fix = 'HttpApi, RestApi, PrivateRestApi, FunctionUrl' }
        @{ Cmdlet = 'New-CrossAccountPolicy'; Name = 'a REST API without a stage'; Parameters = @{ EndpointKind = 'RestApi' }; ErrorId = 'StageRequired'; Category = 'InvalidArgument'; Fix = 'stage, for example prod' }
        @{ Cmdlet = 'New-CrossAccountPolicy'; Name = 'a VPC endpoint for a public API'; Parameters = @{ VpcEndpointId = 'vpce-0b2b2b2b2b2b2b2b2' }; ErrorId = 'InvalidEndpointInput'; Category = 'InvalidArgument'; Fix = 'PrivateRestApi' }
        @{ Cmdlet = 'New-CrossAccountPolicy'; Name = 'a VPC endpoint id that is none'; Parameters = @{ EndpointKind = 'PrivateRestApi'; Stage = 'prod'; VpcEndpointId = 'vpc-12345678' }; ErrorId = 'InvalidEndpointInput'; Category = 'InvalidArgument'; Fix = 'interface VPC endpoint id' }
        @{ Cmdlet = 'Test-CrossAccountPolicy'; Name = 'a caller that is no ARN'; Parameters = @{ CallerArn = 'ops-engineer' }; ErrorId = 'InvalidPrincipalArn'; Category = 'InvalidArgument'; Fix = 'caller.s ARN' }
        @{ Cmdlet = 'Test-CrossAccountPolicy'; Name = 'a resource whose account is not known'; Parameters = @{ Arn = 'arn:aws:lambda:us-east-1:*:function:report-generator' }; ErrorId = 'AccountIdRequired'; Category = 'InvalidArgument'; Fix = '12-digit account' }
        @{ Cmdlet = 'Test-CrossAccountPolicy'; Name = 'a resource that is no ARN'; Parameters = @{ Arn = 'report-generator' }; ErrorId = 'InvalidResourceArn'; Category = 'InvalidArgument'; Fix = 'function ARN' }
        @{ Cmdlet = 'Test-CrossAccountPolicy'; Name = 'a resource policy that is not JSON'; Parameters = @{ ResourcePolicy = '{"Version":' }; ErrorId = 'InvalidPolicyDocument'; Category = 'InvalidArgument'; Fix = '.' }
        @{ Cmdlet = 'New-CrossAccountPolicy'; Name = 'an account id of 2 digits'; Parameters = @{ ApiAccountId = '11' }; ErrorId = 'InvalidAccountId'; Category = 'InvalidArgument'; Fix = '12-digit account id' }
        @{ Cmdlet = 'New-CrossAccountPolicy'; Name = 'a route with an unknown method'; Parameters = @{ Route = 'FETCH /items' }; ErrorId = 'InvalidRoute'; Category = 'InvalidArgument'; Fix = 'METHOD /path' }
        @{ Cmdlet = 'New-CrossAccountPolicy'; Name = 'an external id with a line break'; Parameters = @{ ExternalId = "audit`n2026" }; ErrorId = 'InvalidExternalId'; Category = 'InvalidArgument'; Fix = 'external id such as' }
        @{ Cmdlet = 'New-CrossAccountPolicy'; Name = 'a maximum session duration of 100 s'; Parameters = @{ MaxSessionDuration = 100 }; ErrorId = 'InvalidMaxSessionDuration'; Category = 'InvalidArgument'; Fix = 'from 3600 to 43200' }
        @{ Cmdlet = 'Test-ExecuteApiPolicy'; Name = 'garbage policy JSON'; Parameters = @{ PolicyDocument = '{"Version": "2012-10-17", "Statement": [' }; ErrorId = 'InvalidPolicyDocument'; Category = 'InvalidArgument'; Fix = 'not valid JSON' }
        @{ Cmdlet = 'Test-ExecuteApiPolicy'; Name = 'policy JSON nested 10,000 deep'; Parameters = @{ PolicyDocument = '<<nested-json:10000>>' }; ErrorId = 'InvalidPolicyDocument'; Category = 'InvalidArgument'; Fix = 'not valid JSON' }
        @{ Cmdlet = 'Test-ExecuteApiPolicy'; Name = 'an ARN with a wildcard stage'; Parameters = @{ Arn = 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*/GET/items' }; ErrorId = 'ArnIsPattern'; Category = 'InvalidArgument'; Fix = 'Pass the call''s stage' }
        @{ Cmdlet = 'Test-ExecuteApiPolicy'; Name = 'an ARN of another service'; Parameters = @{ Arn = 'arn:aws:s3:::bucket' }; ErrorId = 'InvalidExecuteApiArn'; Category = 'InvalidArgument'; Fix = 'arn:<partition>:execute-api' }
    )
}
