namespace CrossAcctApi.Sandbox.Iam.Arns;

/// <summary>A role named by its ARN: <c>arn:partition:iam::account:role/path/name</c>.</summary>
internal sealed record RoleName(string Partition, string AccountId, string Path, string Name)
{
    public string Arn => $"arn:{Partition}:iam::{AccountId}:role{Path}{Name}";

    public override string ToString() => Arn;
}

/// <summary>The ARNs of IAM identities and STS sessions, as the IAM User Guide's "IAM identifiers" page gives them.</summary>
internal static class IamArns
{
    private const string RolePrefix = "role/";
    private const string AssumedRolePrefix = "assumed-role/";

    /// <summary>Reads a role ARN; false unless it is an IAM ARN with no region, a 12-digit account and a valid path and name.</summary>
    public static bool TryParseRole(string? text, out RoleName role)
    {
        role = null!;
        if (!ArnText.TryParse(text, out var arn) || arn.Service != "iam" || arn.Region.Length != 0) return false;
        if (!ArnText.IsAccountId(arn.Account) || !arn.Resource.StartsWith(RolePrefix, StringComparison.Ordinal)) return false;

        var pathAndName = arn.Resource.Substring(RolePrefix.Length - 1);
        var lastSlash = pathAndName.LastIndexOf('/');
        var path = pathAndName.Substring(0, lastSlash + 1);
        var name = pathAndName.Substring(lastSlash + 1);
        if (!AwsNames.IsPath(path) || !AwsNames.IsEntityName(name)) return false;

        role = new RoleName(arn.Partition, arn.Account, path, name);
        return true;
    }

    /// <summary><c>arn:partition:sts::account:assumed-role/role-name/session-name</c>; the role's path is not part of it.</summary>
    public static string AssumedRole(string partition, string accountId, string roleName, string sessionName) =>
        $"arn:{partition}:sts::{accountId}:{AssumedRolePrefix}{roleName}/{sessionName}";
}
