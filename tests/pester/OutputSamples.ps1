# One real object of each output type of the module, made against the sandbox, for the tests of how they show
# (Views.Tests.ps1) and how they serialise (Serialization.Tests.ps1). Dot-source it after starting the sandbox into
# $Sandbox, with the module imported. It sets $Ops, $InvokerArn, $Api, $Role and $script:Secrets (the secret keys,
# session token and a signature, to search the output for) and defines Get-Sample <type name>.
$Ops = @{ AccessKeyId = 'AKIAOPSENGINEER22222'; SecretAccessKey = 'OpsEngineerSecretKeyForAccountB/22222222' }
$InvokerArn = 'arn:aws:iam::111111111111:role/CrossAccountInvoker'
$Api = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com'
$Role = Get-AssumedRoleCredential -RoleArn $InvokerArn -Credential $Ops -StsEndpoint $Sandbox.StsEndpoint -Region us-east-1 -NoCache

# The session's secret key and token, learnt the way a user hands them to the AWS CLI, so that the views can be
# searched for them; the environment is put back afterwards.
$saved = @{}
foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
try {
    $Role | Export-AssumedRoleCredential
    $script:Secrets = @($Ops.SecretAccessKey, $env:AWS_SECRET_ACCESS_KEY, $env:AWS_SESSION_TOKEN)
}
finally {
    foreach ($name in $saved.Keys) {
        if ($null -eq $saved[$name]) { Remove-Item "env:$name" -ErrorAction SilentlyContinue } else { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
}

# One real object of each type, made once.
$script:Samples = @{}
function Get-Sample([string] $TypeName) {
    if (-not $script:Samples.ContainsKey($TypeName)) { $script:Samples[$TypeName] = @(New-Sample $TypeName) }
    $script:Samples[$TypeName]
}

function New-Sample([string] $TypeName) {
    switch ($TypeName) {
        'CrossAcctApi.Core.Credentials.AwsCredential' { $Role }
        'CrossAcctApi.SignedHttpApiRequest' {
            $request = New-SignedHttpApiRequest -Uri "$Api/prod/items?limit=2" -Method Post -Body '{"name":"widget"}' -Credential $Role
            # The signature is a secret of the request: it must not be shown either.
            $script:Secrets += ([regex]::Match($request.GetHeaders()['Authorization'], 'Signature=([0-9a-f]{64})')).Groups[1].Value
            $request
            # A presigned URL too: it has an expiry date, and its signature is in the query.
            $presigned = New-SignedHttpApiRequest -Uri "$Api/prod/items?limit=2" -Presign -ExpiresIn 300 -Credential $Role
            $script:Secrets += ([regex]::Match($presigned.GetUri().Query, 'X-Amz-Signature=([0-9a-f]{64})')).Groups[1].Value
            $presigned
        }
        'CrossAcctApi.SignedHttpApiResponse' { Invoke-SignedHttpApi -Uri $Sandbox.ApiUrl('prod', '/items') -Credential $Role -Region us-east-1 -Stage prod -AsResponse }
        'CrossAcctApi.Core.Http.ApiErrorDiagnosis' {
            $errors = $null
            $null = Invoke-SignedHttpApi -Uri $Sandbox.ApiUrl('prod', '/admin/report') -Credential $Role -Region us-east-1 -Stage prod -ErrorAction SilentlyContinue -ErrorVariable errors
            $errors[0].Exception.Diagnosis
        }
        'CrossAcctApi.Core.Http.CanonicalLine' {
            $wrong = @{ AccessKeyId = $Ops.AccessKeyId; SecretAccessKey = 'NotTheSecret/000000000000000000000000000' }
            $errors = $null
            $null = Invoke-SignedHttpApi -Uri $Sandbox.ApiUrl('prod', '/items') -Credential $wrong -Region us-east-1 -ErrorAction SilentlyContinue -ErrorVariable errors
            $errors[0].Exception.Diagnosis.SignatureMismatch.CanonicalRequestLines
        }
        'CrossAcctApi.Core.Requests.ResolvedInvokeArn' { Get-ExecuteApiArn -Uri "$Api/prod/items/7" -Stage prod -AccountId 111111111111 }
        'CrossAcctApi.Core.Policy.Generator.CrossAccountPolicySet' {
            New-CrossAccountPolicy -ApiAccountId 111111111111 -CallerAccountId 222222222222 -ApiId a1b2c3d4e5 -Region us-east-1 -Stage prod -Route 'GET /items', 'GET /items/*'
        }
        'CrossAcctApi.Core.Policy.Generator.ExecuteApiPolicyTestResult' {
            $policy = (Get-Sample 'CrossAcctApi.Core.Policy.Generator.CrossAccountPolicySet').InvokePolicy
            Test-ExecuteApiPolicy -PolicyDocument $policy -Uri "$Api/prod/items" -Stage prod -AccountId 111111111111
        }
        'CrossAcctApi.Core.Policy.Generator.CrossAccountPolicyTestResult' {
            $fn = New-CrossAccountPolicy -ApiAccountId 111111111111 -CallerAccountId 222222222222 -FunctionName report-generator -Region us-east-1
            Test-CrossAccountPolicy -Arn $fn.FunctionArn -CallerArn 'arn:aws:iam::222222222222:user/ops-engineer' -IdentityPolicy $fn.DirectCallerPolicy -ResourcePolicy $fn.ResourcePolicy
        }
        'CrossAcctApi.Core.Access.CrossAccountAccessResult' {
            $targets = @(
                [pscustomobject] @{ RoleArn = $InvokerArn; Uri = $Sandbox.ApiUrl('prod', '/items'); Expect = 'Allowed' }
                [pscustomobject] @{ RoleArn = $InvokerArn; Uri = $Sandbox.ApiUrl('prod', '/admin/report'); Expect = 'Allowed' }
                [pscustomobject] @{ Probe = 'Unsigned'; Uri = $Sandbox.ApiUrl('prod', '/items') }
            )
            $targets | Test-CrossAccountAccess -Credential $Ops -StsEndpoint $Sandbox.StsEndpoint -Region us-east-1
        }
        default { throw "No sample for $TypeName." }
    }
}
