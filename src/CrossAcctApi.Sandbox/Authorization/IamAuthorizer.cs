using CrossAcctApi.Sandbox.Iam.Evaluation;
using CrossAcctApi.Sandbox.Iam.Policies;
using CrossAcctApi.Sandbox.Identity;

namespace CrossAcctApi.Sandbox.Authorization;

/// <summary>An IAM decision as the sandbox words it in AccessDenied answers.</summary>
internal sealed class AuthorizationDecision
{
    public AuthorizationDecision(AccessDecision decision)
    {
        Decision = decision;
    }

    public AccessDecision Decision { get; }

    public bool IsAllowed => Decision.IsAllowed;

    public bool IsExplicitDeny => Decision.Verdict == Verdict.ExplicitDeny;

    /// <summary>
    /// AWS's tail of an AccessDenied message, e.g. " with an explicit deny in an identity-based policy" or " because no
    /// session policy allows the execute-api:Invoke action" (wording as in AWS's answers quoted in
    /// docs/design/api-gateway-errors.md and the IAM User Guide's "Troubleshoot access denied error messages").
    /// </summary>
    public string MessageSuffix(string action)
    {
        if (IsAllowed) return string.Empty;
        var (explicitName, implicitName) = Decision.DecidedBy switch
        {
            PolicyType.Identity => ("an identity-based policy", "identity-based policy"),
            PolicyType.Session => ("a session policy", "session policy"),
            PolicyType.PermissionsBoundary => ("a permissions boundary", "permissions boundary"),
            _ => ("a resource-based policy", "resource-based policy"),
        };
        return IsExplicitDeny ? $" with an explicit deny in {explicitName}" : $" because no {implicitName} allows the {action} action";
    }

    public override string ToString() => Decision.ToString();
}

/// <summary>
/// The sandbox's IAM decisions, made by its own evaluator (<see cref="AccessDecider"/>), which shares no code with the
/// module's policy engine: a caller's identity policies, its permissions boundary, its session policies and the
/// resource's policy, with the same-account and cross-account rules.
/// </summary>
internal static class IamAuthorizer
{
    /// <summary>Decides a request on a resource of <see cref="AccessRequest.ResourceAccountId"/>.</summary>
    /// <param name="resourcePolicy">The resource's policy: a role's trust policy, or null for a resource that has none (an HTTP API).</param>
    public static AuthorizationDecision Authorize(Caller caller, AccessRequest request, IamPolicy? resourcePolicy = null,
        ResourcePolicyRole role = ResourcePolicyRole.MayAllow) =>
        new(AccessDecider.Decide(new AccessQuery
        {
            Request = request,
            IdentityPolicies = caller.IdentityPolicies,
            SessionPolicies = caller.SessionPolicies,
            PermissionsBoundary = caller.PermissionsBoundary,
            ResourcePolicy = resourcePolicy,
            ResourcePolicyRole = role,
        }));
}
