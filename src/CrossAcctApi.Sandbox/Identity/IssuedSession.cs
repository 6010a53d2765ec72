using CrossAcctApi.Sandbox.Iam.Policies;

namespace CrossAcctApi.Sandbox.Identity;

/// <summary>
/// A role session the sandbox issued through AssumeRole: its temporary credentials and everything IAM
/// remembers about it (role, session name, expiry, session policies, source identity, tags, MFA).
/// </summary>
internal sealed class IssuedSession
{
    private long _expirationTicks;

    public required string AccessKeyId { get; init; }

    public required string SecretAccessKey { get; init; }

    public required string SessionToken { get; init; }

    public required IamRole Role { get; init; }

    public required string SessionName { get; init; }

    /// <summary><c>arn:aws:sts::&lt;account&gt;:assumed-role/&lt;role&gt;/&lt;session&gt;</c>.</summary>
    public required string AssumedRoleArn { get; init; }

    /// <summary><c>AROA...:&lt;session&gt;</c>.</summary>
    public required string AssumedRoleId { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public required DateTimeOffset Expiration
    {
        get => new(Interlocked.Read(ref _expirationTicks), TimeSpan.Zero);
        init => _expirationTicks = value.UtcTicks;
    }

    /// <summary>The inline Policy and the PolicyArns passed to AssumeRole; they narrow the role's permissions.</summary>
    public required IReadOnlyList<IamPolicy> SessionPolicies { get; init; }

    public string? SourceIdentity { get; init; }

    public required IReadOnlyDictionary<string, string> Tags { get; init; }

    /// <summary>Tag keys passed on to sessions this session creates by role chaining.</summary>
    public required IReadOnlyCollection<string> TransitiveTagKeys { get; init; }

    public required bool MultiFactorAuthenticated { get; init; }

    /// <summary>The ARN of whoever called AssumeRole.</summary>
    public required string IssuedTo { get; init; }

    /// <summary>True when the caller was itself a role session (role chaining: 1-hour cap).</summary>
    public required bool IsRoleChain { get; init; }

    public bool IsExpiredAt(DateTimeOffset now) => now >= Expiration;

    /// <summary>Ends the session (the "expire every issued session now" fault).</summary>
    public void ExpireAt(DateTimeOffset when)
    {
        var ticks = when.UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _expirationTicks);
            if (current <= ticks) return;
        }
        while (Interlocked.CompareExchange(ref _expirationTicks, ticks, current) != current);
    }

    // Only identifiers; the secret key and session token never leave through ToString.
    public override string ToString() => $"{AssumedRoleArn} ({AccessKeyId}, expires {Expiration:u})";
}
