using System;
using System.Collections.Generic;

namespace CrossAcctApi.Core.Policy
{
    /// <summary>
    /// IAM's evaluation of a set of policies of one kind against one request: an explicit Deny in any
    /// applicable statement wins, otherwise any applicable Allow allows, otherwise the request is implicitly
    /// denied. A statement applies when its action, resource, principal (resource policies) and every
    /// condition match. Combining kinds (identity AND trust AND session policy, or a resource policy OR an
    /// identity policy within one account) is the caller's job: evaluate each set and combine the decisions.
    /// </summary>
    public static class PolicyEvaluator
    {
        public static PolicyEvaluationResult Evaluate(IEnumerable<PolicyDocument> policies, RequestContext context, PolicyKind kind = PolicyKind.Identity)
        {
            if (policies == null)
            {
                throw new ArgumentNullException(nameof(policies));
            }

            if (context == null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            var matches = new List<StatementMatch>();
            var unevaluated = new List<UnevaluatedCondition>();
            bool anyDeny = false, anyAllow = false;
            int documentIndex = 0;
            foreach (PolicyDocument document in policies)
            {
                if (document == null)
                {
                    throw new ArgumentException("The policy list contains a null document.", nameof(policies));
                }

                foreach (PolicyStatement statement in document.Statements)
                {
                    var pending = new List<UnevaluatedCondition>();
                    Tri applies = StatementApplies(document, documentIndex, statement, context, kind, pending);
                    if (applies == Tri.True)
                    {
                        matches.Add(new StatementMatch(documentIndex, statement));
                        anyDeny |= statement.Effect == PolicyEffect.Deny;
                        anyAllow |= statement.Effect == PolicyEffect.Allow;
                    }
                    else if (applies == Tri.Unknown)
                    {
                        unevaluated.AddRange(pending);
                    }
                }

                documentIndex++;
            }

            PolicyDecision decision = anyDeny ? PolicyDecision.ExplicitDeny
                : anyAllow ? PolicyDecision.Allowed
                : PolicyDecision.ImplicitDeny;
            return new PolicyEvaluationResult(decision, matches, unevaluated);
        }

        /// <summary>Evaluates one document.</summary>
        public static PolicyEvaluationResult Evaluate(PolicyDocument policy, RequestContext context, PolicyKind kind = PolicyKind.Identity) =>
            Evaluate(new[] { policy ?? throw new ArgumentNullException(nameof(policy)) }, context, kind);

        private static Tri StatementApplies(PolicyDocument document, int documentIndex, PolicyStatement statement, RequestContext context, PolicyKind kind, List<UnevaluatedCondition> pending)
        {
            // Cheap, certain checks first; conditions are evaluated only for statements that could apply, so
            // unrelated statements never show up as "unevaluated".
            if (!ActionMatches(statement, context.Action))
            {
                return Tri.False;
            }

            if (kind == PolicyKind.Resource && !PrincipalApplies(statement, context))
            {
                return Tri.False;
            }

            Tri result = ResourceApplies(document, documentIndex, statement, context, kind, pending);
            if (result == Tri.False)
            {
                return Tri.False;
            }

            foreach (PolicyCondition condition in statement.Conditions)
            {
                Tri holds = ConditionEvaluator.Evaluate(condition, context, document.SupportsPolicyVariables, out string? reason);
                if (holds == Tri.False)
                {
                    return Tri.False;
                }

                if (holds == Tri.Unknown)
                {
                    pending.Add(new UnevaluatedCondition(documentIndex, statement, condition, reason ?? "the condition could not be evaluated"));
                }

                result = TriLogic.And(result, holds);
            }

            return result;
        }

        private static bool ActionMatches(PolicyStatement statement, string action)
        {
            if (statement.Actions.Count > 0)
            {
                return AnyActionPattern(statement.Actions, action);
            }

            return !AnyActionPattern(statement.NotActions, action);
        }

        private static bool AnyActionPattern(IReadOnlyList<string> patterns, string action)
        {
            foreach (string pattern in patterns)
            {
                if (IamWildcard.IsMatch(pattern, action, ignoreCase: true))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool PrincipalApplies(PolicyStatement statement, RequestContext context)
        {
            if (statement.Principal != null)
            {
                return PrincipalMatcher.Matches(statement.Principal, context);
            }

            if (statement.NotPrincipal != null)
            {
                return !PrincipalMatcher.Excludes(statement.NotPrincipal, context);
            }

            // IAM requires a principal in resource policies; a statement without one applies to nobody.
            return false;
        }

        private static Tri ResourceApplies(PolicyDocument document, int documentIndex, PolicyStatement statement, RequestContext context, PolicyKind kind, List<UnevaluatedCondition> pending)
        {
            if (!statement.HasResourceElement)
            {
                // Trust policies name no resource: the role they are attached to is the resource. Identity
                // policies must name one; IAM rejects them otherwise, so such a statement grants nothing.
                return TriLogic.From(kind == PolicyKind.Resource);
            }

            bool negated = statement.Resources.Count == 0;
            IReadOnlyList<string> patterns = negated ? statement.NotResources : statement.Resources;
            string element = negated ? "NotResource" : "Resource";
            Tri any = Tri.False;
            var unresolved = new List<UnevaluatedCondition>();
            foreach (string pattern in patterns)
            {
                VariableResolution resolution = PolicyVariables.Resolve(pattern, context, document.SupportsPolicyVariables);
                Tri one;
                if (resolution.State == Tri.True)
                {
                    one = TriLogic.From(ArnPatternMatcher.IsMatch(resolution.Pattern, context.Resource));
                }
                else if (resolution.State == Tri.Unknown)
                {
                    one = Tri.Unknown;
                    unresolved.Add(new UnevaluatedCondition(
                        documentIndex,
                        statement,
                        new PolicyCondition(element, resolution.Variable ?? pattern, new[] { pattern }),
                        resolution.Reason ?? "a policy variable in the resource could not be resolved"));
                }
                else if (negated)
                {
                    // A variable with no value: "any attempt to match it fails and causes the statement to be invalid"
                    // (IAM User Guide, policy variables), so a NotResource holding one applies to nothing.
                    return Tri.False;
                }
                else
                {
                    one = Tri.False;
                }

                any = TriLogic.Or(any, one);
                if (any == Tri.True)
                {
                    break;
                }
            }

            if (any == Tri.Unknown)
            {
                pending.AddRange(unresolved);
            }

            return negated ? TriLogic.Not(any) : any;
        }
    }
}
