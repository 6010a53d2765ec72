using CrossAcctApi.Core.Policy;

namespace CrossAcctApi.Sandbox.Identity;

/// <summary>Who signed a request: an IAM user with a long-term key, or a role session.</summary>
internal sealed class Caller
{
    private Caller(string arn, string accountId, string userId, IamUser? user, IssuedSession? session)
    {
        Arn = arn;
        AccountId = accountId;
        UserId = userId;
        User = user;
        Session = session;
    }

    public string Arn { get; }

    public string AccountId { get; }

    /// <summary>GetCallerIdentity's UserId: AIDA... for a user, AROA...:session for a role session.</summary>
    public string UserId { get; }

    public IamUser? User { get; }

    public IssuedSession? Session { get; }

    /// <summary>The identity-based policies: the user's, or the session's role's.</summary>
    public IEnumerable<PolicyDocument> IdentityPolicies =>
        (User?.Policies ?? Session!.Role.Policies).Select(p => p.Document);

    /// <summary>Session policies, which further limit a role session (none for a user).</summary>
    public IReadOnlyList<PolicyDocument> SessionPolicies => Session?.SessionPolicies ?? Array.Empty<PolicyDocument>();

    public static Caller ForUser(IamUser user) => new(user.Arn, user.AccountId, user.UserId, user, null);

    public static Caller ForSession(IssuedSession session) =>
        new(session.AssumedRoleArn, session.Role.AccountId, session.AssumedRoleId, null, session);

    public override string ToString() => Arn;
}
