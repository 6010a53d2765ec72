namespace CrossAcctApi.Sandbox.Tests.Differential;

/// <summary>
/// The words generated cases are made of. Left out on purpose, because iam-simulate reads them against the IAM User
/// Guide (each is checked in <see cref="KnownOracleDefectTests"/>): wildcards in the API-id part of an execute-api ARN,
/// epoch-second date values, and bare IP addresses (no /prefix) in NotIpAddress. Also left out: a request on an invoke
/// ARN with an empty path (<c>.../prod/GET/</c>, the root resource), which iam-simulate refuses to simulate
/// ("no.resource.types"); policies may still name it.
/// </summary>
internal static class CaseVocabulary
{
    public const string AccountA = "111111111111";
    public const string AccountB = "222222222222";
    public const string TargetRole = "arn:aws:iam::111111111111:role/Target";
    public const string Now = "2026-06-01T12:00:00Z";
    public const string NowEpoch = "1780315200";
    public const string IssuedAt = "2026-06-01T11:30:00Z";

    public static readonly CasePrincipal[] Callers =
    {
        new("arn:aws:iam::111111111111:user/Bob", AccountA, null),
        new("arn:aws:iam::222222222222:user/Carol", AccountB, null),
        new("arn:aws:sts::111111111111:assumed-role/Reader/s1", AccountA, "arn:aws:iam::111111111111:role/Reader"),
        new("arn:aws:sts::222222222222:assumed-role/Caller/s2", AccountB, "arn:aws:iam::222222222222:role/Caller"),
    };

    public static readonly string[] InvokeArns =
    {
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items",
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/DELETE/items/7",
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/POST/items",
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/admin/report",
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/dev/GET/users/Bob",
    };

    public static readonly string[] InvokeActions =
    {
        "execute-api:Invoke", "execute-api:*", "execute-api:Inv*", "execute-api:In?oke", "EXECUTE-API:invoke", "*",
        "execute-api:ManageConnections", "sts:AssumeRole",
    };

    public static readonly string[] AssumeActions = { "sts:AssumeRole", "sts:*", "sts:Assume*", "*", "sts:TagSession", "execute-api:Invoke" };

    public static readonly string[] InvokeResources =
    {
        "*",
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*",
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*/GET/*",
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/*/items*",
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*/*/admin/*",
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/*",
        "arn:aws:execute-api:*:111111111111:a1b2c3d4e5/*/*/*",
        "arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/prod/GET/items",
        "arn:aws:execute-api:eu-west-1:111111111111:a1b2c3d4e5/*",
        "arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/*",
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*/GET/users/${aws:username}",
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/pro?/*",
        "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/",
    };

    public static readonly string[] RoleResources =
    {
        "*", TargetRole, "arn:aws:iam::111111111111:role/*", "arn:aws:iam::*:role/Target", "arn:aws:iam::111111111111:role/Other",
        "arn:aws:iam::222222222222:role/*",
    };

    public static readonly string[] Principals =
    {
        "\"*\"",
        """{"AWS":"*"}""",
        """{"AWS":"111111111111"}""",
        """{"AWS":"arn:aws:iam::111111111111:root"}""",
        """{"AWS":"222222222222"}""",
        """{"AWS":"arn:aws:iam::222222222222:root"}""",
        """{"AWS":"arn:aws:iam::111111111111:user/Bob"}""",
        """{"AWS":"arn:aws:iam::222222222222:user/Carol"}""",
        """{"AWS":"arn:aws:iam::111111111111:role/Reader"}""",
        """{"AWS":"arn:aws:iam::222222222222:role/Caller"}""",
        """{"AWS":"arn:aws:sts::111111111111:assumed-role/Reader/s1"}""",
        """{"AWS":"arn:aws:sts::222222222222:assumed-role/Caller/s2"}""",
        """{"AWS":["arn:aws:iam::222222222222:user/Carol","arn:aws:iam::222222222222:root"]}""",
        """{"AWS":["arn:aws:sts::111111111111:assumed-role/Reader/s1","arn:aws:iam::111111111111:role/Reader","111111111111"]}""",
        """{"Service":"lambda.amazonaws.com"}""",
        """{"AWS":"arn:aws:iam::333333333333:root"}""",
    };

    /// <summary>
    /// NotPrincipal lists, each naming every identity of one caller (its session or user, its role, its account). A list
    /// is only used for a caller it names wholly or not at all: for a caller with some identities listed, the IAM User
    /// Guide's NotPrincipal page and iam-simulate disagree (checked in <see cref="KnownOracleDefectTests"/>).
    /// </summary>
    public static readonly string[][] NotPrincipals =
    {
        new[] { "arn:aws:iam::111111111111:user/Bob", "arn:aws:iam::111111111111:root" },
        new[] { "arn:aws:iam::222222222222:user/Carol", "222222222222" },
        new[] { "arn:aws:sts::111111111111:assumed-role/Reader/s1", "arn:aws:iam::111111111111:role/Reader", "111111111111" },
        new[] { "arn:aws:sts::222222222222:assumed-role/Caller/s2", "arn:aws:iam::222222222222:role/Caller", "arn:aws:iam::222222222222:root" },
        new[] { "arn:aws:iam::333333333333:root" },
    };

    public static readonly string[] SourceIps = { "203.0.113.7", "198.51.100.1", "10.1.2.3", "2001:db8::5", "2001:db8:1::1" };
    public static readonly string[] Teams = { "ops", "dev", "Ops" };
    public static readonly string[] Owners = { "Bob", "Carol" };
    public static readonly string[] TagKeys = { "team", "env", "cost-center" };
    public static readonly string[] MfaAges = { "0", "100", "5000" };
    public static readonly string[] ExternalIds = { "x-1", "x-2" };

    private static readonly string[] StringOps =
    {
        "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
        "StringEqualsIfExists", "StringNotEqualsIfExists", "StringLikeIfExists", "StringNotLikeIfExists",
    };

    private static readonly string[] SetOps =
    {
        "ForAllValues:StringEquals", "ForAllValues:StringLike", "ForAllValues:StringNotEquals", "ForAllValues:StringNotLike",
        "ForAnyValue:StringEquals", "ForAnyValue:StringLike", "ForAnyValue:StringNotEquals", "ForAnyValue:StringNotLike",
    };

    private static readonly string[] NumericOps = { "NumericLessThan", "NumericGreaterThanEquals", "NumericEquals", "NumericNotEquals", "NumericLessThanEqualsIfExists" };
    private static readonly string[] DateOps = { "DateGreaterThan", "DateLessThan", "DateEquals", "DateNotEquals", "DateLessThanEquals", "DateGreaterThanIfExists" };
    private static readonly string[] ArnOps = { "ArnLike", "ArnNotLike", "ArnEquals", "ArnNotEquals", "ArnLikeIfExists" };

    /// <summary>Condition clauses: the operators to choose from, the key, and the policy values to choose from.</summary>
    public static readonly (string[] Ops, string Key, string[] Values)[] Conditions =
    {
        (StringOps, "aws:PrincipalTag/team", new[] { "ops", "dev", "Ops", "o*", "d?v" }),
        (StringOps, "aws:username", new[] { "Bob", "Carol", "B*" }),
        (new[] { "StringEquals", "StringNotEquals", "StringLike" }, "aws:PrincipalTag/owner", new[] { "${aws:username}", "${aws:username, 'Bob'}", "Carol" }),
        (SetOps, "aws:TagKeys", new[] { "team", "env", "cost*", "t?am" }),
        (new[] { "Bool", "BoolIfExists" }, "aws:MultiFactorAuthPresent", new[] { "true", "false" }),
        (new[] { "Null" }, "aws:TokenIssueTime", new[] { "true", "false" }),
        (new[] { "Null" }, "aws:PrincipalTag/team", new[] { "true", "false" }),
        (NumericOps, "aws:MultiFactorAuthAge", new[] { "300", "3600", "0" }),
        (DateOps, "aws:CurrentTime", new[] { "2020-01-01T00:00:00Z", "2030-01-01T00:00:00Z", Now, "2026-06-01" }),
        (new[] { "IpAddress", "NotIpAddress" }, "aws:SourceIp", new[] { "203.0.113.0/24", "10.0.0.0/8", "2001:db8::/32", "198.51.100.1/32" }),
        (new[] { "IpAddress" }, "aws:SourceIp", new[] { "203.0.113.7", "10.1.2.3" }),
        (ArnOps, "aws:PrincipalArn", new[] { "arn:aws:iam::111111111111:role/*", "arn:aws:iam::222222222222:*", "arn:aws:iam::*:user/Bob", "arn:aws:iam::111111111111:role/Reader" }),
    };

    /// <summary>Resources iam-simulate misreads (a wildcard in the API id); for comparing with the module only.</summary>
    public static readonly string[] BeyondOracleResources =
    {
        "arn:aws:execute-api:us-east-1:111111111111:a1b2*/*", "arn:aws:execute-api:us-east-1:111111111111:*/prod/*", "arn:aws:execute-api:us-east-1:111111111111:?1b2c3d4e5/*/GET/*",
    };

    /// <summary>Conditions iam-simulate misreads (epoch dates, bare addresses in NotIpAddress); for comparing with the module only.</summary>
    public static readonly (string[] Ops, string Key, string[] Values)[] BeyondOracleConditions =
    {
        (DateOps, "aws:CurrentTime", new[] { "1577836800", "1893456000", NowEpoch }),
        (DateOps, "aws:EpochTime", new[] { "2020-01-01T00:00:00Z", "1893456000", Now }),
        (new[] { "NotIpAddress", "NotIpAddressIfExists" }, "aws:SourceIp", new[] { "203.0.113.7", "2001:db8::5", "10.1.2.3" }),
    };

    /// <summary>For sts:AssumeRole: the above, and the external id a trust policy asks for.</summary>
    public static readonly (string[] Ops, string Key, string[] Values)[] AssumeConditions =
        Conditions.Append((new[] { "StringEquals", "StringNotEquals", "StringEqualsIfExists" }, "sts:ExternalId", new[] { "x-1", "x-2" })).ToArray();
}
