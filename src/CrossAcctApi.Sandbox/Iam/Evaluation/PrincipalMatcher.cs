using CrossAcctApi.Sandbox.Iam.Policies;

namespace CrossAcctApi.Sandbox.Iam.Evaluation;

/// <summary>
/// How a resource policy's Principal names the caller. It matters within one account, where (IAM User Guide,
/// "Policy evaluation logic", resource-based policies) a grant to the account is only a delegation, a grant to a role ARN
/// is still limited by permissions boundaries and session policies, and a grant to the caller itself is not limited by
/// implicit denies elsewhere.
/// </summary>
internal enum PrincipalGrant
{
    /// <summary>The Principal does not name the caller.</summary>
    None = 0,

    /// <summary>The caller's account (account id or root ARN): its identity policies must allow too.</summary>
    Account = 1,

    /// <summary>The role of a role session: identity policies need not allow, boundaries and session policies still apply.</summary>
    Role = 2,

    /// <summary>The caller itself (user ARN, session ARN, service), or everyone (<c>"*"</c>, NotPrincipal excluding others).</summary>
    Caller = 3,
}

internal static class PrincipalMatcher
{
    /// <summary>The strongest way <paramref name="element"/> names <paramref name="caller"/>.</summary>
    public static PrincipalGrant Match(PrincipalElement element, RequestPrincipal caller)
    {
        if (element.IsNot)
        {
            // "AWS might validate the account first, then the role, and then the assumed-role user" (IAM User Guide,
            // NotPrincipal): the caller escapes a NotPrincipal statement only when each of its identities is listed.
            var excluded = element.IsEveryone || Identities(caller).All(identity => Names(element, caller, identity));
            return excluded ? PrincipalGrant.None : PrincipalGrant.Caller;
        }

        if (element.IsEveryone) return PrincipalGrant.Caller;
        if (caller.Kind == PrincipalKind.Service) return element.Services.Contains(caller.Arn, StringComparer.Ordinal) ? PrincipalGrant.Caller : PrincipalGrant.None;

        var best = PrincipalGrant.None;
        foreach (var principal in element.Aws)
        {
            var grant = Grant(principal, caller);
            if (grant > best) best = grant;
        }

        return best;
    }

    private static PrincipalGrant Grant(AwsPrincipal principal, RequestPrincipal caller) => principal.Kind switch
    {
        AwsPrincipalKind.Everyone => PrincipalGrant.Caller,
        AwsPrincipalKind.Account => SameAccount(principal, caller) ? PrincipalGrant.Account : PrincipalGrant.None,
        AwsPrincipalKind.User when caller.Kind == PrincipalKind.User => Same(principal.Text, caller.Arn) ? PrincipalGrant.Caller : PrincipalGrant.None,
        AwsPrincipalKind.Role when caller.Kind == PrincipalKind.RoleSession => Same(principal.Text, caller.RoleArn) ? PrincipalGrant.Role : PrincipalGrant.None,
        AwsPrincipalKind.AssumedRole when caller.Kind == PrincipalKind.RoleSession => Same(principal.Text, caller.Arn) ? PrincipalGrant.Caller : PrincipalGrant.None,
        _ => PrincipalGrant.None,
    };

    // The caller's identities, widest first: its account, its role (for a session), itself.
    private static IEnumerable<CallerIdentity> Identities(RequestPrincipal caller)
    {
        if (caller.Kind == PrincipalKind.Service)
        {
            yield return CallerIdentity.Service;
            yield break;
        }

        yield return CallerIdentity.Account;
        if (caller.Kind == PrincipalKind.RoleSession) yield return CallerIdentity.Role;
        yield return CallerIdentity.Self;
    }

    private static bool Names(PrincipalElement element, RequestPrincipal caller, CallerIdentity identity) => identity switch
    {
        CallerIdentity.Service => element.Services.Contains(caller.Arn, StringComparer.Ordinal),
        CallerIdentity.Account => element.Aws.Any(p => p.Kind == AwsPrincipalKind.Everyone || (p.Kind == AwsPrincipalKind.Account && SameAccount(p, caller))),
        CallerIdentity.Role => element.Aws.Any(p => p.Kind == AwsPrincipalKind.Everyone || (p.Kind == AwsPrincipalKind.Role && Same(p.Text, caller.RoleArn))),
        _ => element.Aws.Any(p => p.Kind == AwsPrincipalKind.Everyone
            || (p.Kind is AwsPrincipalKind.User or AwsPrincipalKind.AssumedRole && Same(p.Text, caller.Arn))),
    };

    private static bool SameAccount(AwsPrincipal principal, RequestPrincipal caller) =>
        principal.AccountId == caller.AccountId && (principal.Partition.Length == 0 || principal.Partition == caller.Partition);

    // The user name part of a principal ARN is case sensitive (IAM User Guide, Principal: IAM user principals).
    private static bool Same(string policyArn, string? callerArn) => string.Equals(policyArn, callerArn, StringComparison.Ordinal);

    private enum CallerIdentity
    {
        Account,
        Role,
        Self,
        Service,
    }
}
