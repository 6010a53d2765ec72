using CrossAcctApi.Sandbox.Iam.Matching;
using CrossAcctApi.Sandbox.Iam.Policies;

namespace CrossAcctApi.Sandbox.Iam.Evaluation;

/// <summary>What a set of policies of one type says about a request.</summary>
internal readonly record struct PolicySetOutcome(bool ExplicitDeny, bool Allows, PrincipalGrant Grant)
{
    /// <summary>At least one statement allows and none denies.</summary>
    public bool IsAllowed => Allows && !ExplicitDeny;
}

/// <summary>
/// Evaluates the statements of one or more policies of one type against a request (IAM User Guide, "Policy evaluation
/// logic"): a statement applies when its action, resource, principal (resource-based policies only) and every condition
/// match; a Deny that applies is an explicit deny, an Allow that applies allows.
/// </summary>
internal static class PolicySetEvaluator
{
    public static PolicySetOutcome Evaluate(IEnumerable<IamPolicy> policies, AccessRequest request)
    {
        var allows = false;
        var grant = PrincipalGrant.None;
        foreach (var policy in policies)
        {
            foreach (var statement in policy.Statements)
            {
                var statementGrant = Applies(statement, request);
                if (statementGrant == PrincipalGrant.None) continue;
                if (statement.Effect == Effect.Deny) return new PolicySetOutcome(true, allows, grant);
                allows = true;
                if (statementGrant > grant) grant = statementGrant;
            }
        }

        return new PolicySetOutcome(false, allows, grant);
    }

    public static PolicySetOutcome Evaluate(IamPolicy policy, AccessRequest request) => Evaluate(new[] { policy }, request);

    /// <summary>
    /// None when the statement does not apply; otherwise how its Principal names the caller (<see cref="PrincipalGrant.Caller"/>
    /// for identity-type policies, whose principal is the identity they are attached to).
    /// </summary>
    private static PrincipalGrant Applies(PolicyStatement statement, AccessRequest request)
    {
        if (!MatchesAny(statement.Actions, request.Action, (pattern, action) => Glob.Matches(pattern, action, ignoreCase: true), request.Keys)) return PrincipalGrant.None;
        if (statement.Resources is { } resources && !MatchesAny(resources, request.Resource, ArnMatcher.MatchesResourceElement, request.Keys)) return PrincipalGrant.None;

        var grant = statement.Principal is { } principal ? PrincipalMatcher.Match(principal, request.Principal) : PrincipalGrant.Caller;
        if (grant == PrincipalGrant.None) return grant;

        foreach (var clause in statement.Conditions)
        {
            if (!ConditionEvaluator.Holds(clause, request.Keys)) return PrincipalGrant.None;
        }

        return grant;
    }

    // Action/Resource: one value matching is enough. NotAction/NotResource: the statement applies when none matches. A
    // value whose policy variable has no value matches nothing, and "any attempt to match it fails" ("IAM policy
    // elements: Variables and tags"), so a NotResource holding one applies to nothing.
    private static bool MatchesAny(ValueList list, string requested, Func<PatternChar[], string, bool> matches, ContextKeys keys)
    {
        foreach (var value in list.Values)
        {
            var pattern = value.Resolve(keys);
            if (pattern == null)
            {
                if (list.IsNot) return false;
                continue;
            }

            if (matches(pattern, requested)) return !list.IsNot;
        }

        return list.IsNot;
    }
}
