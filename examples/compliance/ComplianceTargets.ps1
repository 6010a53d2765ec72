<#
.SYNOPSIS
    Reads a compliance targets file (JSON) into one object per API with its checks, ready for Test-CrossAccountAccess.
    Dot-sourced by CrossAccount.Compliance.Tests.ps1 in Pester's discovery and run phases.

.DESCRIPTION
    {
      "apis": [ {
        "name": "...", "baseUrl": "https://<api-id>.execute-api.<region>.amazonaws.com", "region": "us-east-1",
        "roles":  { "<alias>": { "roleArn": "arn:aws:iam::<A>:role/<name>", "externalId": "..." } },
        "checks": [ { "role": "<alias>", "route": "GET /items", "stage": "prod", "expect": "Allowed",
                      "caller": "<profile>", "probe": "Unsigned", "why": "..." } ]
      } ]
    }
    Any string may contain {env:NAME}, replaced by that environment variable (an error when it is not set), so one file
    can serve machines with different ports, accounts or secrets (keep external ids out of files: {env:AUDIT_EXTERNAL_ID}).
    A check's URL is baseUrl + "/" + stage + path, without the stage segment for $default. "caller" names the profile
    whose credentials assume the role (default: the suite's -ProfileName, else the AWS SDK's default chain).
#>

function Expand-ComplianceText([string] $Text, [string] $Where) {
    if ($null -eq $Text) { return $null }
    [regex]::Replace($Text, '\{env:([A-Za-z_][A-Za-z0-9_]*)\}', {
            param($match)
            $value = [Environment]::GetEnvironmentVariable($match.Groups[1].Value)
            if ([string]::IsNullOrEmpty($value)) { throw "The targets file needs the environment variable $($match.Groups[1].Value) ($Where)." }
            $value
        })
}

function Read-ComplianceTargets {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)

    if (-not (Test-Path -LiteralPath $Path -PathType Leaf)) { throw "No targets file at '$Path'." }
    $file = Get-Content -LiteralPath $Path -Raw | ConvertFrom-Json
    $apiNumber = 0
    foreach ($api in @($file.apis)) {
        $apiNumber++
        $where = "api $apiNumber"
        if (-not $api.baseUrl) { throw "The targets file's $where has no baseUrl." }
        $baseUrl = (Expand-ComplianceText $api.baseUrl $where).TrimEnd('/')
        $roles = @{}
        if ($api.roles) {
            foreach ($property in $api.roles.PSObject.Properties) {
                $roles[$property.Name] = [pscustomobject] @{
                    RoleArn    = Expand-ComplianceText $property.Value.roleArn "$where role $($property.Name)"
                    ExternalId = Expand-ComplianceText $property.Value.externalId "$where role $($property.Name)"
                }
            }
        }

        # A role listed under two aliases (with and without its external id, say) is named by alias too.
        $aliasesPerRole = @{}
        foreach ($alias in $roles.Keys) { $aliasesPerRole[$roles[$alias].RoleArn] = 1 + [int] $aliasesPerRole[$roles[$alias].RoleArn] }

        $checks = [System.Collections.Generic.List[object]]::new()
        $index = 0
        foreach ($check in @($api.checks)) {
            $index++
            $checkWhere = "$where check $index"
            $route = [string] $check.route
            if ($route -notmatch '^\s*(\S+)\s+(/\S*)\s*$') { throw "The route '$route' of $checkWhere is not '<METHOD> /<path>'." }
            $method = $Matches[1].ToUpperInvariant()
            $path = $Matches[2]
            $stage = if ($check.stage) { [string] $check.stage } else { '$default' }
            $probe = if ($check.probe) { [string] $check.probe } else { 'Signed' }
            $role = $null
            if ($check.role) {
                $role = $roles[[string] $check.role]
                if (-not $role) { throw "The role '$($check.role)' of $checkWhere is not one of the API's roles ($($roles.Keys -join ', '))." }
            }
            elseif ($probe -ne 'Unsigned') { throw "$checkWhere is signed but names no role." }

            $stagePart = if ($stage -eq '$default') { '' } else { "/$stage" }
            $roleName = if ($role) { ($role.RoleArn -split '/')[-1] } else { $null }
            $who = if ($probe -eq 'Unsigned') { 'without a signature' }
            else {
                "as $roleName" + $(if ($aliasesPerRole[$role.RoleArn] -gt 1) { " ($($check.role))" } else { '' }) + $(if ($check.caller) { " from $($check.caller)" } else { '' })
            }
            $expect = if ($check.expect) { [string] $check.expect } elseif ($probe -eq 'Unsigned') { 'Denied' } else { 'Allowed' }
            $checks.Add([pscustomobject] @{
                    Id         = "$apiNumber.$index"
                    Name       = "$method $path on $stage $who is $expect" + $(if ($check.why) { " ($($check.why))" } else { '' })
                    Caller     = [string] $check.caller
                    RoleArn    = if ($role) { $role.RoleArn } else { $null }
                    ExternalId = if ($role) { $role.ExternalId } else { $null }
                    Uri        = "$baseUrl$stagePart$path"
                    Method     = $method
                    Stage      = $stage
                    Region     = Expand-ComplianceText $api.region $where
                    Probe      = $probe
                    Expect     = $expect
                })
        }

        [pscustomobject] @{
            Name    = if ($api.name) { [string] $api.name } else { $baseUrl }
            BaseUrl = $baseUrl
            Checks  = $checks.ToArray()
        }
    }
}
