using CrossAcctApi.Sandbox.Iam.Arns;
using CrossAcctApi.Sandbox.Iam.Policies;

namespace CrossAcctApi.Sandbox.Identity;

/// <summary>Who signed a request: an IAM user with a long-term key, or a role session.</summary>
internal sealed class Caller
{
    private Caller(string arn, string accountId, string userId, IamUser? user, IssuedSession? session,
        IReadOnlyList<IamPolicy> identityPolicies, NamedPolicy? boundary)
    {
        Arn = arn;
        Partition = ArnText.TryParse(arn, out var parsed) ? parsed.Partition : AwsNames.DefaultPartition;
        AccountId = accountId;
        UserId = userId;
        User = user;
        Session = session;
        IdentityPolicies = identityPolicies;
        PermissionsBoundary = boundary?.Document;
    }

    public string Arn { get; }

    public string Partition { get; }

    public string AccountId { get; }

    /// <summary>GetCallerIdentity's UserId: AIDA... for a user, AROA...:session for a role session.</summary>
    public string UserId { get; }

    public IamUser? User { get; }

    public IssuedSession? Session { get; }

    /// <summary>The identity-based policies: the user's, or the session's role's.</summary>
    public IReadOnlyList<IamPolicy> IdentityPolicies { get; }

    /// <summary>The user's or role's permissions boundary, if it has one.</summary>
    public IamPolicy? PermissionsBoundary { get; }

    /// <summary>Session policies, which further limit a role session (none for a user).</summary>
    public IReadOnlyList<IamPolicy> SessionPolicies => Session?.SessionPolicies ?? Array.Empty<IamPolicy>();

    public static Caller ForUser(IamUser user) => new(user.Arn, user.AccountId, user.UserId, user, null, user.PolicyDocuments, user.PermissionsBoundary);

    public static Caller ForSession(IssuedSession session) =>
        new(session.AssumedRoleArn, session.Role.AccountId, session.AssumedRoleId, null, session, session.Role.PolicyDocuments, session.Role.PermissionsBoundary);

    public override string ToString() => Arn;
}
