using CrossAcctApi.Sandbox.Iam.Policies;

namespace CrossAcctApi.Sandbox.Iam.Evaluation;

/// <summary>The kinds of policy that take part in a decision; AWS names the one that decided a denial in its message.</summary>
internal enum PolicyType
{
    Identity,
    Session,
    PermissionsBoundary,
    Resource,
}

internal enum Verdict
{
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
}

/// <summary>A decision and the kind of policy that decided it (for a denial: where the Deny is, or which kind allows nothing).</summary>
internal sealed record AccessDecision(Verdict Verdict, PolicyType DecidedBy)
{
    public bool IsAllowed => Verdict == Verdict.Allowed;

    public override string ToString() => $"{Verdict} by {DecidedBy} policy";
}

/// <summary>Whether a resource policy must allow even within one account.</summary>
internal enum ResourcePolicyRole
{
    /// <summary>Most resources (REST APIs, Lambda functions, ...): within one account an identity policy may allow instead.</summary>
    MayAllow,

    /// <summary>Role trust policies (and KMS key policies): "they must explicitly allow access for principals".</summary>
    MustAllow,
}

/// <summary>Everything one decision looks at: the request and every policy that applies to it.</summary>
internal sealed class AccessQuery
{
    public required AccessRequest Request { get; init; }

    /// <summary>The caller's identity-based policies (a user's, or a session's role's).</summary>
    public required IReadOnlyList<IamPolicy> IdentityPolicies { get; init; }

    /// <summary>The session policies passed to AssumeRole; empty when none were (then they limit nothing).</summary>
    public IReadOnlyList<IamPolicy> SessionPolicies { get; init; } = Array.Empty<IamPolicy>();

    /// <summary>The caller's permissions boundary, if it has one.</summary>
    public IamPolicy? PermissionsBoundary { get; init; }

    /// <summary>The resource's policy (a role's trust policy, a REST API's resource policy, ...), if it has one.</summary>
    public IamPolicy? ResourcePolicy { get; init; }

    public ResourcePolicyRole ResourcePolicyRole { get; init; } = ResourcePolicyRole.MayAllow;
}

/// <summary>
/// IAM's decision for one request, written from the IAM User Guide's "Policy evaluation logic" (requests within a single
/// account) and "Cross-account policy evaluation logic":
/// <list type="number">
/// <item>An explicit Deny in any applicable policy decides.</item>
/// <item>Within one account, a resource policy Allow that names the caller itself (user or session ARN, or everyone) is
/// enough on its own; one that names the caller's role still needs the permissions boundary and session policies to
/// allow; one that names the account is a delegation, so the identity policies must allow as well.</item>
/// <item>Otherwise the identity policies must allow, and so must the permissions boundary and the session policies
/// (an intersection) when there are any.</item>
/// <item>Across accounts both sides must allow: the resource policy in the resource's account and the identity side
/// (identity, boundary and session policies) in the caller's account.</item>
/// <item>A trust policy must allow in every case ("IAM role trust policies ... must explicitly allow access").</item>
/// </list>
/// </summary>
internal static class AccessDecider
{
    public static AccessDecision Decide(AccessQuery query)
    {
        var request = query.Request;
        var identity = PolicySetEvaluator.Evaluate(query.IdentityPolicies, request);
        var session = query.SessionPolicies.Count == 0 ? (PolicySetOutcome?)null : PolicySetEvaluator.Evaluate(query.SessionPolicies, request);
        var boundary = query.PermissionsBoundary == null ? (PolicySetOutcome?)null : PolicySetEvaluator.Evaluate(query.PermissionsBoundary, request);
        var resource = query.ResourcePolicy == null ? (PolicySetOutcome?)null : PolicySetEvaluator.Evaluate(query.ResourcePolicy, request);

        if (identity.ExplicitDeny) return Denied(Verdict.ExplicitDeny, PolicyType.Identity);
        if (session?.ExplicitDeny == true) return Denied(Verdict.ExplicitDeny, PolicyType.Session);
        if (boundary?.ExplicitDeny == true) return Denied(Verdict.ExplicitDeny, PolicyType.PermissionsBoundary);
        if (resource?.ExplicitDeny == true) return Denied(Verdict.ExplicitDeny, PolicyType.Resource);

        var resourceGrant = resource is { Allows: true } granted ? granted.Grant : PrincipalGrant.None;
        var resourceMustAllow = request.IsCrossAccount || query.ResourcePolicyRole == ResourcePolicyRole.MustAllow;
        if (resourceMustAllow && resourceGrant == PrincipalGrant.None) return Denied(Verdict.ImplicitDeny, PolicyType.Resource);

        // Across accounts a resource policy only opens the door: the caller's own account must allow as well, whoever
        // the Principal names. Within one account, how it names the caller decides what else must allow.
        var identityNeeded = request.IsCrossAccount || resourceGrant is PrincipalGrant.None or PrincipalGrant.Account;
        if (!request.IsCrossAccount && resourceGrant == PrincipalGrant.Caller) return new AccessDecision(Verdict.Allowed, PolicyType.Resource);
        if (identityNeeded && !identity.Allows) return Denied(Verdict.ImplicitDeny, PolicyType.Identity);
        if (boundary is { Allows: false }) return Denied(Verdict.ImplicitDeny, PolicyType.PermissionsBoundary);
        if (session is { Allows: false }) return Denied(Verdict.ImplicitDeny, PolicyType.Session);
        return new AccessDecision(Verdict.Allowed, identityNeeded ? PolicyType.Identity : PolicyType.Resource);
    }

    private static AccessDecision Denied(Verdict verdict, PolicyType type) => new(verdict, type);
}
