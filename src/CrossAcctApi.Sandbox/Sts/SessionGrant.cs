using CrossAcctApi.Sandbox.Iam.Arns;
using CrossAcctApi.Sandbox.Iam.Policies;
using CrossAcctApi.Sandbox.Identity;
using CrossAcctApi.Sandbox.Scenario;

namespace CrossAcctApi.Sandbox.Sts;

/// <summary>
/// What every way of getting a role session shares (AssumeRole, AssumeRoleWithWebIdentity, the SSO portal, container
/// and instance credentials): reading the session policies, measuring them, and issuing the session.
/// </summary>
internal static class SessionGrant
{
    /// <summary>The budget a packed session policy and tags are measured against for PackedPolicySize.</summary>
    private const int PackedPolicyBudget = 2048;

    /// <summary>The inline Policy and the PolicyArns as policies, or null with the STS error.</summary>
    public static List<IamPolicy>? ReadSessionPolicies(SandboxDirectory directory, string? policy, IReadOnlyList<string> policyArns, out StsError? error)
    {
        error = null;
        var sessionPolicies = new List<IamPolicy>();
        if (policy != null)
        {
            if (!PolicyParser.TryParse(policy, PolicyUse.Identity, out var inline, out var problem))
            {
                error = new StsError(400, StsError.MalformedPolicyDocument, $"The policy is not valid: {problem}");
                return null;
            }

            sessionPolicies.Add(inline!);
        }

        foreach (var policyArn in policyArns)
        {
            var managed = directory.FindManagedPolicy(policyArn);
            if (managed == null)
            {
                error = StsError.Validation($"Policy {policyArn} does not exist or is not attachable.");
                return null;
            }

            sessionPolicies.Add(managed.Document);
        }

        return sessionPolicies;
    }

    /// <summary>
    /// PackedPolicySize (percent of the allotted space) when session policies or tags were given, else null; a size over
    /// 100 is the PackedPolicyTooLarge error.
    /// </summary>
    public static int? PackedPolicySize(IReadOnlyList<IamPolicy> sessionPolicies, IReadOnlyList<KeyValuePair<string, string>> tags, out StsError? error)
    {
        error = null;
        if (sessionPolicies.Count == 0 && tags.Count == 0) return null;
        var packed = (sessionPolicies.Sum(p => p.Json.Length) + tags.Sum(t => t.Key.Length + t.Value.Length)) * 100;
        var size = (packed + PackedPolicyBudget - 1) / PackedPolicyBudget;
        if (size > 100)
        {
            error = new StsError(400, StsError.PackedPolicyTooLarge, $"Packed policy consumes {size}% of allotted space, please use smaller policy for this request.");
        }

        return size;
    }

    /// <summary>A new session of <paramref name="role"/> (fresh keys, expiration truncated to the second), added to the store.</summary>
    public static IssuedSession Issue(SessionStore store, string partition, SessionRequest request)
    {
        var role = request.Role;
        var session = new IssuedSession
        {
            AccessKeyId = SessionStore.NewAccessKeyId(),
            SecretAccessKey = SessionStore.NewSecretAccessKey(),
            SessionToken = SessionStore.NewSessionToken(),
            Role = role,
            SessionName = request.SessionName,
            AssumedRoleArn = IamArns.AssumedRole(partition, role.AccountId, role.Name, request.SessionName),
            AssumedRoleId = role.RoleId + ":" + request.SessionName,
            IssuedAt = request.Now,
            Expiration = TruncateToSeconds(request.Now + request.Duration),
            SessionPolicies = request.SessionPolicies,
            SourceIdentity = request.SourceIdentity,
            Tags = request.Tags,
            TransitiveTagKeys = request.TransitiveTagKeys,
            MultiFactorAuthenticated = request.MultiFactorAuthenticated,
            IssuedTo = request.IssuedTo,
            IsRoleChain = request.IsRoleChain,
        };
        store.Add(session);
        return session;
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}

/// <summary>What a new session is made of.</summary>
internal sealed class SessionRequest
{
    public required IamRole Role { get; init; }

    public required string SessionName { get; init; }

    public required DateTimeOffset Now { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary>Who asked: a caller ARN, an OIDC provider ARN, a service or an Identity Center user.</summary>
    public required string IssuedTo { get; init; }

    public IReadOnlyList<IamPolicy> SessionPolicies { get; init; } = Array.Empty<IamPolicy>();

    public string? SourceIdentity { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public IReadOnlyCollection<string> TransitiveTagKeys { get; init; } = Array.Empty<string>();

    public bool MultiFactorAuthenticated { get; init; }

    public bool IsRoleChain { get; init; }
}
