#
# Module manifest for CrossAcctApi.
# ModuleVersion is stamped by build.ps1 from Directory.Build.props (the one version source);
# import the built module from out/CrossAcctApi/, not this file.
#
@{
    RootModule             = 'CrossAcctApi.dll'
    ModuleVersion          = '0.0.0'
    CompatiblePSEditions   = @('Core', 'Desktop')
    GUID                   = '6f0f7d3e-0b0e-4a8c-9d55-2f1b7c3e9a41'
    Author                 = 'CrossAcctApi contributors'
    CompanyName            = 'CrossAcctApi'
    Copyright              = '(c) CrossAcctApi contributors. MIT licence.'
    Description            = 'Cross-account, IAM-authorized (SigV4) calls to AWS API Gateway HTTP APIs: assume the role, sign, invoke, diagnose 403s, and prove access with Pester.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    # No RequiredAssemblies: the engine (CrossAcctApi.Core.dll, beside the module) loads with the first command that
    # needs it, as the AWS SDK loads with the first STS call. Listing it here would make PowerShell load it, and bind
    # the session again, on every import (bench/README.md, "Import").
    # No FormatsToProcess: the *.Format.ps1xml views beside the module are registered by its first command in a
    # session (src/CrossAcctApi/Infrastructure/ModuleViews.cs), which keeps them out of Import-Module's time.
    CmdletsToExport        = @(
        'Export-AssumedRoleCredential'
        'Get-AssumedRoleCredential'
        'Get-ExecuteApiArn'
        'Invoke-SignedHttpApi'
        'New-CrossAccountPolicy'
        'New-SignedHttpApiRequest'
        'Test-CrossAccountAccess'
        'Test-CrossAccountPolicy'
        'Test-ExecuteApiPolicy'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('AWS', 'APIGateway', 'HttpApi', 'SigV4', 'IAM', 'STS', 'CrossAccount', 'PSEdition_Core', 'PSEdition_Desktop')
            ProjectUri   = 'https://github.com/crossacctapi/CrossAcctApi'
            LicenseUri   = 'https://github.com/crossacctapi/CrossAcctApi/blob/main/LICENSE'
        }
    }
}
