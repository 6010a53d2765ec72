#Requires -Version 5.1
<#
.SYNOPSIS
    Cross-account access compliance: for every API in the targets file, proves that each role can call what it must
    and cannot call what it must not, and that unsigned calls are refused. One Describe per API, one It per route and
    role (or unsigned probe).

.DESCRIPTION
    Runs unchanged against the local sandbox and against real AWS; only the targets file differs.

        # against AWS, with account B's profile (or the default credential chain):
        $container = New-PesterContainer -Path ./CrossAccount.Compliance.Tests.ps1 -Data @{ TargetFile = './targets.prod.json'; ProfileName = 'account-b' }
        Invoke-Pester -Container $container -Output Detailed

    Parameters (each also read from the environment when not given):
      TargetFile    CROSSACCT_TARGETS, else targets.sandbox.json beside this file
      ProfileName   CROSSACCT_PROFILE, else the AWS SDK's default chain (AWS_ACCESS_KEY_ID..., AWS_PROFILE, SSO, instance role)
      StsEndpoint   AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL (read by Test-CrossAccountAccess), else regional STS
      ThrottleLimit how many checks run at once (default 8)
    A check's "caller" names the profile that assumes its role (for example an account that must be refused).
    Every check of an API runs once, concurrently, in the Describe's BeforeAll; each It asserts its own result, so a
    failure names the route, the role, what was expected and what happened (the diagnosis).
#>
param(
    [string] $TargetFile = $(if ($env:CROSSACCT_TARGETS) { $env:CROSSACCT_TARGETS } else { Join-Path $PSScriptRoot 'targets.sandbox.json' }),
    [string] $ProfileName = $env:CROSSACCT_PROFILE,
    [string] $StsEndpoint,
    [int] $ThrottleLimit = 8
)

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'ComplianceTargets.ps1')
    # Pester turns the keys of each hashtable into variables of its Describe or It.
    $Apis = @(Read-ComplianceTargets -Path $TargetFile | ForEach-Object {
            @{ Name = $_.Name; Checks = $_.Checks; Tests = @($_.Checks | ForEach-Object { @{ Name = $_.Name; Id = $_.Id } }) }
        })
}

BeforeAll {
    if (-not (Get-Command Test-CrossAccountAccess -ErrorAction Ignore)) { Import-Module CrossAcctApi -ErrorAction Stop }

    # Runs an API's checks: one Test-CrossAccountAccess per caller, every check of the caller concurrently.
    function Invoke-ComplianceChecks([object[]] $Checks) {
        $results = @{}
        foreach ($group in $Checks | Group-Object -Property Caller) {
            $arguments = @{ ThrottleLimit = $ThrottleLimit; ErrorAction = 'Stop' }
            $caller = if ($group.Name) { $group.Name } else { $ProfileName }
            if ($caller) { $arguments.ProfileName = $caller }
            if ($StsEndpoint) { $arguments.StsEndpoint = $StsEndpoint }
            $checked = @($group.Group | Test-CrossAccountAccess @arguments)
            for ($i = 0; $i -lt $checked.Count; $i++) { $results[$group.Group[$i].Id] = $checked[$i] }
        }
        $results
    }
}

Describe '<Name>' -ForEach $Apis {
    BeforeAll {
        $Results = Invoke-ComplianceChecks $Checks
    }

    It '<Name>' -ForEach $Tests {
        $result = $Results[$Id]
        $result | Should -Not -BeNullOrEmpty -Because "the check $Id must have run"
        $result.Passed | Should -BeTrue -Because $result.Message
    }
}
