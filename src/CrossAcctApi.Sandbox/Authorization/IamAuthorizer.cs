using CrossAcctApi.Core.Policy;
using CrossAcctApi.Sandbox.Identity;

namespace CrossAcctApi.Sandbox.Authorization;

/// <summary>Which policy decided a denial; AWS words its AccessDenied messages after it.</summary>
internal enum DenialReason
{
    None,
    NoIdentityPolicyAllows,
    IdentityPolicyExplicitDeny,
    NoSessionPolicyAllows,
    SessionPolicyExplicitDeny,
    NotTrusted,
}

internal sealed class AuthorizationDecision
{
    public static readonly AuthorizationDecision Allow = new(DenialReason.None);

    public AuthorizationDecision(DenialReason reason)
    {
        Reason = reason;
    }

    public bool IsAllowed => Reason == DenialReason.None;

    public DenialReason Reason { get; }

    /// <summary>AWS's tail of an AccessDenied message for this reason, e.g. " with an explicit deny in an identity-based policy".</summary>
    public string MessageSuffix(string action) => Reason switch
    {
        DenialReason.NoIdentityPolicyAllows => $" because no identity-based policy allows the {action} action",
        DenialReason.IdentityPolicyExplicitDeny => " with an explicit deny in an identity-based policy",
        DenialReason.NoSessionPolicyAllows => $" because no session policy allows the {action} action",
        DenialReason.SessionPolicyExplicitDeny => " with an explicit deny in a session policy",
        _ => string.Empty,
    };

    public override string ToString() => Reason.ToString();
}

/// <summary>
/// IAM decisions with the shared policy evaluator: a caller's identity policies intersected with its
/// session policies (explicit deny anywhere wins), and resource (trust) policies with the Principal checked.
/// </summary>
internal static class IamAuthorizer
{
    public static AuthorizationDecision AuthorizeIdentity(Caller caller, RequestContext context)
    {
        var identity = PolicyEvaluator.Evaluate(caller.IdentityPolicies, context, PolicyKind.Identity);
        var session = caller.SessionPolicies.Count == 0
            ? null
            : PolicyEvaluator.Evaluate(caller.SessionPolicies, context, PolicyKind.Identity);

        if (identity.Decision == PolicyDecision.ExplicitDeny) return new AuthorizationDecision(DenialReason.IdentityPolicyExplicitDeny);
        if (session?.Decision == PolicyDecision.ExplicitDeny) return new AuthorizationDecision(DenialReason.SessionPolicyExplicitDeny);
        if (!identity.IsAllowed) return new AuthorizationDecision(DenialReason.NoIdentityPolicyAllows);
        if (session != null && !session.IsAllowed) return new AuthorizationDecision(DenialReason.NoSessionPolicyAllows);
        return AuthorizationDecision.Allow;
    }

    /// <summary>Evaluates a resource-based policy (a role's trust policy) for the caller in the context.</summary>
    public static PolicyEvaluationResult EvaluateResourcePolicy(PolicyDocument policy, RequestContext context) =>
        PolicyEvaluator.Evaluate(new[] { policy }, context, PolicyKind.Resource);
}
