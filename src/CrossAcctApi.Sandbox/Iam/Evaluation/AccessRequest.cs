using CrossAcctApi.Sandbox.Iam.Matching;

namespace CrossAcctApi.Sandbox.Iam.Evaluation;

internal enum PrincipalKind
{
    /// <summary>An IAM user signing with its long-term key.</summary>
    User,

    /// <summary>A session of an IAM role (AssumeRole).</summary>
    RoleSession,

    /// <summary>An AWS service acting on its own behalf (<c>lambda.amazonaws.com</c>, ...).</summary>
    Service,
}

/// <summary>Who makes a request, with every identity a resource policy's Principal can name it by.</summary>
internal sealed class RequestPrincipal
{
    private RequestPrincipal(PrincipalKind kind, string arn, string partition, string accountId, string? roleArn)
    {
        Kind = kind;
        Arn = arn;
        Partition = partition;
        AccountId = accountId;
        RoleArn = roleArn;
    }

    public PrincipalKind Kind { get; }

    /// <summary>The user ARN, the session ARN (<c>arn:aws:sts::...:assumed-role/role/session</c>), or the service name.</summary>
    public string Arn { get; }

    public string Partition { get; }

    /// <summary>The caller's account (empty for a service principal).</summary>
    public string AccountId { get; }

    /// <summary>For a role session: the role's ARN with its path, which the session ARN does not carry.</summary>
    public string? RoleArn { get; }

    public static RequestPrincipal User(string userArn, string partition, string accountId) => new(PrincipalKind.User, userArn, partition, accountId, null);

    public static RequestPrincipal RoleSession(string sessionArn, string roleArn, string partition, string accountId) =>
        new(PrincipalKind.RoleSession, sessionArn, partition, accountId, roleArn);

    public static RequestPrincipal Service(string serviceName, string partition) => new(PrincipalKind.Service, serviceName, partition, string.Empty, null);

    public override string ToString() => Arn;
}

/// <summary>
/// The request context keys and their values. Key names are case-insensitive (IAM User Guide: "Key names are
/// case-insensitive"); a key with no values is treated as absent.
/// </summary>
internal sealed class ContextKeys : IVariableSource
{
    private readonly Dictionary<string, string[]> _values = new(StringComparer.OrdinalIgnoreCase);

    public int Count => _values.Count;

    public IEnumerable<string> Names => _values.Keys;

    public ContextKeys Set(string key, params string[] values)
    {
        _values[key] = values;
        return this;
    }

    /// <summary>The key's values, or null when the request does not have the key.</summary>
    public IReadOnlyList<string>? Lookup(string key) => _values.TryGetValue(key, out var values) && values.Length > 0 ? values : null;

    /// <summary>A multivalued key cannot be a policy variable (IAM User Guide, "Single-valued vs. multivalued context keys").</summary>
    public string? SingleValue(string key) => Lookup(key) is [var only] ? only : null;

    public override string ToString() => string.Join(", ", _values.Select(p => $"{p.Key}=[{string.Join(",", p.Value)}]"));
}

/// <summary>One authorization question: may <see cref="Principal"/> perform <see cref="Action"/> on <see cref="Resource"/>?</summary>
internal sealed class AccessRequest
{
    public required string Action { get; init; }

    /// <summary>The ARN of the resource acted on.</summary>
    public required string Resource { get; init; }

    /// <summary>The account that owns the resource; it decides between the same-account and cross-account rules.</summary>
    public required string ResourceAccountId { get; init; }

    public required RequestPrincipal Principal { get; init; }

    public required ContextKeys Keys { get; init; }

    public bool IsCrossAccount => !string.Equals(Principal.AccountId, ResourceAccountId, StringComparison.Ordinal);

    public override string ToString() => $"{Principal} {Action} {Resource}";
}
