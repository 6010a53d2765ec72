#Requires -Version 7.0
# Policy input from anything a user has at hand (issue 16): JSON text from the pipeline, ConvertFrom-Json objects,
# hashtables, what IAM's API, the AWS CLI and AWS.Tools answer (the document wrapped in PolicyDocument or
# PolicyVersion.Document, sometimes URL-encoded), and files via -Path. Every shape must give the decision the plain
# JSON text gives. Bad shapes are in tests/pester/data/bad-input.psd1; the ones that need a real file are here.
BeforeAll {
    $RepoRoot = if ($env:CROSSACCTAPI_REPO_ROOT) { $env:CROSSACCTAPI_REPO_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    Import-Module (Join-Path $RepoRoot 'out/CrossAcctApi/CrossAcctApi.psd1') -Force

    # Allows GET on the prod stage, denies the admin paths; the Version is a date, which ConvertFrom-Json turns into
    # a DateTime, and the condition holds an ISO time, which it does too.
    $Json = @'
{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "ReadProd", "Effect": "Allow", "Action": "execute-api:Invoke",
      "Resource": "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/*",
      "Condition": { "DateLessThan": { "aws:CurrentTime": "2099-01-01T00:00:00Z" } } },
    { "Sid": "NoAdmin", "Effect": "Deny", "Action": "execute-api:Invoke",
      "Resource": "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/*/admin/*" }
  ]
}
'@
    $Allowed = 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items/42'
    $Denied = 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/admin/users'
    $Now = @{ 'aws:CurrentTime' = '2026-01-01T00:00:00Z' }
    $Encoded = [uri]::EscapeDataString(($Json | ConvertFrom-Json | ConvertTo-Json -Depth 10 -Compress))

    function Get-Decisions($Policy) {
        # The decision for an allowed and a denied call, with the statements that decided.
        foreach ($arn in $Allowed, $Denied) {
            $r = Test-ExecuteApiPolicy -PolicyDocument $Policy -Arn $arn -ConditionKey $Now -ErrorAction Stop
            '{0} by {1}' -f $r.Decision, ($r.DecidedBy -join ',')
        }
    }
    $Expected = @('Allowed by ReadProd (policy #0)', 'ExplicitDeny by NoAdmin (policy #0)')
}

Describe 'Policy input shapes' {
    It 'reads the plain JSON text (the reference)' {
        Get-Decisions $Json | Should -Be $Expected
    }

    It 'takes JSON text from the pipeline (Get-Content -Raw file | Test-ExecuteApiPolicy)' {
        $file = Join-Path $TestDrive 'invoke.json'
        Set-Content -Path $file -Value $Json
        $r = Get-Content -Raw $file | Test-ExecuteApiPolicy -Arn $Allowed -ConditionKey $Now -ErrorAction Stop
        $r.Decision | Should -Be 'Allowed'
    }

    It 'takes ConvertFrom-Json output, with its dates put back as written' {
        Get-Decisions ($Json | ConvertFrom-Json) | Should -Be $Expected
        $r = $Json | ConvertFrom-Json | Test-ExecuteApiPolicy -Arn $Allowed -ConditionKey $Now -ErrorAction Stop
        $r.Decision | Should -Be 'Allowed'
        $r.IsConclusive | Should -BeTrue
    }

    It 'takes a hashtable' {
        $policy = @{
            Version   = '2012-10-17'
            Statement = @(
                @{ Sid = 'ReadProd'; Effect = 'Allow'; Action = 'execute-api:Invoke'; Resource = 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/*' }
                [ordered] @{ Sid = 'NoAdmin'; Effect = 'Deny'; Action = @('execute-api:Invoke'); Resource = 'arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/*/admin/*' }
            )
        }
        Get-Decisions $policy | Should -Be $Expected
    }

    It 'takes aws iam get-role-policy output (the document in PolicyDocument)' {
        # Shape of the AWS CLI's answer, as in the CLI reference's example for get-role-policy.
        $cli = "{`n  ""RoleName"": ""CrossAccountInvoker"",`n  ""PolicyName"": ""invoke"",`n  ""PolicyDocument"": $Json`n}"
        Get-Decisions $cli | Should -Be $Expected
        Get-Decisions ($cli | ConvertFrom-Json) | Should -Be $Expected
    }

    It 'takes aws iam get-policy-version output (the document in PolicyVersion.Document)' {
        $cli = "{ ""PolicyVersion"": { ""Document"": $Json, ""VersionId"": ""v2"", ""IsDefaultVersion"": true, ""CreateDate"": ""2026-01-05T10:00:00+00:00"" } }"
        Get-Decisions $cli | Should -Be $Expected
    }

    It 'takes IAM API answers whose document is URL-encoded (the Query API, Get-IAMRolePolicy)' {
        Get-Decisions $Encoded | Should -Be $Expected
        Get-Decisions "{ ""RoleName"": ""CrossAccountInvoker"", ""PolicyName"": ""invoke"", ""PolicyDocument"": ""$Encoded"" }" | Should -Be $Expected
        # What AWS.Tools' Get-IAMRolePolicy and Get-IAMPolicyVersion write: objects with URL-encoded text.
        Get-Decisions ([pscustomobject] @{ RoleName = 'CrossAccountInvoker'; PolicyName = 'invoke'; PolicyDocument = $Encoded }) | Should -Be $Expected
        Get-Decisions ([pscustomobject] @{ VersionId = 'v2'; IsDefaultVersion = $true; Document = $Encoded }) | Should -Be $Expected
        $r = [pscustomobject] @{ RoleName = 'CrossAccountInvoker'; PolicyDocument = $Encoded } | Test-ExecuteApiPolicy -Arn $Denied -ErrorAction Stop
        $r.Decision | Should -Be 'ExplicitDeny'
    }

    It 'still takes the module''s own objects and CSV rows of calls' {
        $set = New-CrossAccountPolicy -ApiAccountId 111111111111 -CallerAccountId 222222222222 -ApiId a1b2c3d4e5 -Region us-east-1 -Stage prod -Route 'GET /items/*'
        ($set | Test-ExecuteApiPolicy -Arn $Allowed -ErrorAction Stop).Decision | Should -Be 'Allowed'
        $rows = @([pscustomobject] @{ Arn = $Allowed }, [pscustomobject] @{ Arn = $Denied })
        @($rows | Test-ExecuteApiPolicy -PolicyDocument $Json -ConditionKey $Now -ErrorAction Stop).Decision | Should -Be @('Allowed', 'ExplicitDeny')
    }
}

Describe 'Policy files (-Path)' {
    BeforeAll {
        $Folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'policies')
        Set-Content -Path (Join-Path $Folder 'allow.json') -Value $Json
        Set-Content -Path (Join-Path $Folder 'cli.json') -Value "{ ""PolicyName"": ""p"", ""PolicyDocument"": ""$Encoded"" }"
    }

    It 'reads a file, the AWS CLI''s answer in a file, and a wildcard of files evaluated together' {
        (Test-ExecuteApiPolicy -Path (Join-Path $Folder 'allow.json') -Arn $Allowed -ConditionKey $Now -ErrorAction Stop).Decision | Should -Be 'Allowed'
        (Test-ExecuteApiPolicy -Path (Join-Path $Folder 'cli.json') -Arn $Denied -ErrorAction Stop).Decision | Should -Be 'ExplicitDeny'
        $both = Test-ExecuteApiPolicy -Path (Join-Path $Folder '*.json') -Arn $Allowed -ConditionKey $Now -ErrorAction Stop
        $both.PolicyCount | Should -Be 2
    }

    It 'reads a path relative to the current location, with -Uri' {
        Push-Location $Folder
        try {
            $r = Test-ExecuteApiPolicy -Path ./allow.json -Uri https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items/42 -Stage prod -AccountId 111111111111 -ConditionKey $Now -ErrorAction Stop
            $r.Decision | Should -Be 'Allowed'
        }
        finally { Pop-Location }
    }

    It 'evaluates each file that Get-ChildItem pipes' {
        $results = @(Get-ChildItem (Join-Path $Folder '*.json') | Test-ExecuteApiPolicy -Arn $Denied -ConditionKey $Now -ErrorAction Stop)
        $results.Count | Should -Be 2
        $results.Decision | Should -Be @('ExplicitDeny', 'ExplicitDeny')
    }

    It 'refuses a file name given as the policy text, naming -Path' {
        $errors = $null
        $null = Test-ExecuteApiPolicy -PolicyDocument (Join-Path $Folder 'allow.json') -Arn $Allowed -ErrorAction SilentlyContinue -ErrorVariable errors
        @($errors).Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidPolicyDocument,CrossAcctApi.TestExecuteApiPolicyCommand'
        "$($errors[0].Exception.Message) $($errors[0].ErrorDetails.RecommendedAction)" | Should -Match 'name of a file.*-Path'
    }

    It 'refuses a folder' {
        $errors = $null
        $null = Test-ExecuteApiPolicy -Path $Folder -Arn $Allowed -ErrorAction SilentlyContinue -ErrorVariable errors
        $errors[0].FullyQualifiedErrorId | Should -Be 'PolicyFileNotReadable,CrossAcctApi.TestExecuteApiPolicyCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}
