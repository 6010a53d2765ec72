using CrossAcctApi.Sandbox.Iam.Arns;

namespace CrossAcctApi.Sandbox.Iam.Policies;

/// <summary>What an <c>"AWS"</c> principal value names (IAM User Guide, "AWS JSON policy elements: Principal").</summary>
internal enum AwsPrincipalKind
{
    /// <summary><c>"*"</c>: every principal, anonymous ones included.</summary>
    Everyone,

    /// <summary>A 12-digit account id or <c>arn:aws:iam::account:root</c>: delegates to the whole account.</summary>
    Account,

    /// <summary><c>arn:aws:iam::account:user/path/name</c>.</summary>
    User,

    /// <summary><c>arn:aws:iam::account:role/path/name</c>: every session of the role.</summary>
    Role,

    /// <summary><c>arn:aws:sts::account:assumed-role/role/session</c>: that one session.</summary>
    AssumedRole,

    /// <summary><c>arn:aws:sts::account:federated-user/name</c>.</summary>
    FederatedUser,
}

/// <summary>One value of the <c>"AWS"</c> principal key, classified when the policy is read.</summary>
/// <param name="Partition">Empty for a bare account id, which names the account in the partition of the request.</param>
internal sealed record AwsPrincipal(AwsPrincipalKind Kind, string Text, string Partition, string AccountId)
{
    /// <summary>Classifies a value; null when IAM would call it an invalid principal (a partial wildcard, a malformed ARN).</summary>
    public static AwsPrincipal? Read(string text)
    {
        if (text == "*") return new AwsPrincipal(AwsPrincipalKind.Everyone, text, string.Empty, string.Empty);
        if (ArnText.IsAccountId(text)) return new AwsPrincipal(AwsPrincipalKind.Account, text, string.Empty, text);
        if (text.Contains('*') || text.Contains('?') || !ArnText.TryParse(text, out var arn)) return null;
        if (!AwsNames.IsKnownPartition(arn.Partition) || arn.Region.Length != 0 || !ArnText.IsAccountId(arn.Account)) return null;

        var kind = (arn.Service, arn.Resource) switch
        {
            ("iam", "root") => AwsPrincipalKind.Account,
            ("iam", var r) when r.StartsWith("user/", StringComparison.Ordinal) => AwsPrincipalKind.User,
            ("iam", var r) when r.StartsWith("role/", StringComparison.Ordinal) => AwsPrincipalKind.Role,
            ("sts", var r) when r.StartsWith("assumed-role/", StringComparison.Ordinal) && r.Count(c => c == '/') == 2 => AwsPrincipalKind.AssumedRole,
            ("sts", var r) when r.StartsWith("federated-user/", StringComparison.Ordinal) => AwsPrincipalKind.FederatedUser,
            _ => (AwsPrincipalKind?)null,
        };
        return kind == null ? null : new AwsPrincipal(kind.Value, text, arn.Partition, arn.Account);
    }

    public override string ToString() => Text;
}

/// <summary>
/// The Principal or NotPrincipal element of a resource-based policy: <c>"*"</c>, or principals by type (<c>AWS</c>,
/// <c>Service</c>, <c>Federated</c>, <c>CanonicalUser</c>).
/// </summary>
internal sealed class PrincipalElement
{
    public const string AwsKey = "AWS";
    public const string ServiceKey = "Service";
    public const string FederatedKey = "Federated";
    public const string CanonicalUserKey = "CanonicalUser";

    public PrincipalElement(bool isNot, bool isEveryone, IReadOnlyList<AwsPrincipal> aws, IReadOnlyList<string> services,
        IReadOnlyList<string> federated, IReadOnlyList<string> canonicalUsers)
    {
        IsNot = isNot;
        IsEveryone = isEveryone;
        Aws = aws;
        Services = services;
        Federated = federated;
        CanonicalUsers = canonicalUsers;
    }

    /// <summary>True for NotPrincipal: the statement applies to every principal except those listed.</summary>
    public bool IsNot { get; }

    /// <summary>True for <c>"Principal": "*"</c>.</summary>
    public bool IsEveryone { get; }

    public IReadOnlyList<AwsPrincipal> Aws { get; }

    public IReadOnlyList<string> Services { get; }

    public IReadOnlyList<string> Federated { get; }

    /// <summary>Amazon S3 canonical user ids; no sandbox caller has one.</summary>
    public IReadOnlyList<string> CanonicalUsers { get; }

    public override string ToString() => (IsNot ? "NotPrincipal " : "Principal ") + (IsEveryone ? "*" : string.Join(", ", Aws.Select(a => a.Text).Concat(Services).Concat(Federated)));
}
