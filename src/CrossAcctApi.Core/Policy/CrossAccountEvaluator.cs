using System;
using System.Collections.Generic;
using System.Linq;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Policy
{
    /// <summary>Which document decided a cross-account evaluation.</summary>
    public enum DecidingPolicy : long
    {
        /// <summary>The caller's identity policies (an explicit deny there, or the one allow needed, or no allow where one was needed).</summary>
        IdentityPolicy,

        /// <summary>The resource's policy (an explicit deny there, its allow alone within one account, or no allow across accounts).</summary>
        ResourcePolicy,

        /// <summary>Both allowed, and both had to (across accounts, or a resource policy that names only the account).</summary>
        Both,
    }

    /// <summary>One action's decision with both sides and who decided.</summary>
    public sealed class ActionDecision
    {
        internal ActionDecision(string action, PolicyDecision decision, DecidingPolicy decidedBy, PolicyEvaluationResult identity, PolicyEvaluationResult? resource, string reason)
        {
            Action = action;
            Decision = decision;
            DecidedBy = decidedBy;
            Identity = identity;
            Resource = resource;
            Reason = reason;
        }

        public string Action { get; }

        public PolicyDecision Decision { get; }

        public DecidingPolicy DecidedBy { get; }

        public PolicyEvaluationResult Identity { get; }

        /// <summary>Null when no resource policy was given.</summary>
        public PolicyEvaluationResult? Resource { get; }

        /// <summary>Why, in words (which rule applied).</summary>
        public string Reason { get; }

        public bool IsConclusive => Identity.IsConclusive && (Resource?.IsConclusive ?? true);

        public override string ToString() => Action + ": " + Decision + " (" + DecidedBy + ")";
    }

    /// <summary>
    /// IAM's decision for a caller and a resource policy together ("Policy evaluation logic", "Cross-account policy
    /// evaluation logic", IAM User Guide): an explicit deny in either document wins; within the resource's account either
    /// may allow - except that a resource policy naming only the account delegates to the identity policies; across
    /// accounts both must allow. A call needing several actions (a function URL: lambda:InvokeFunctionUrl and
    /// lambda:InvokeFunction) is allowed only when each is. Boundaries, session policies and SCPs are not modelled.
    /// </summary>
    public static class CrossAccountEvaluator
    {
        /// <param name="contextFor">The request context of each action (its condition keys may differ by action).</param>
        public static IReadOnlyList<ActionDecision> Evaluate(
            IReadOnlyList<PolicyDocument> identityPolicies,
            PolicyDocument? resourcePolicy,
            string resourceAccountId,
            IEnumerable<RequestContext> contextFor)
        {
            if (identityPolicies is null)
            {
                throw new ArgumentNullException(nameof(identityPolicies));
            }

            return contextFor.Select(context => Decide(identityPolicies, resourcePolicy, resourceAccountId, context)).ToArray();
        }

        private static ActionDecision Decide(IReadOnlyList<PolicyDocument> identityPolicies, PolicyDocument? resourcePolicy, string resourceAccountId, RequestContext context)
        {
            var identity = PolicyEvaluator.Evaluate(identityPolicies, context, PolicyKind.Identity);
            var resource = resourcePolicy is null ? null : PolicyEvaluator.Evaluate(resourcePolicy, context, PolicyKind.Resource);
            var callerAccount = context.EffectivePrincipalAccountId;
            var crossAccount = callerAccount is null || !string.Equals(callerAccount, resourceAccountId, StringComparison.Ordinal);
            var action = context.Action;

            if (identity.Decision == PolicyDecision.ExplicitDeny)
            {
                return new ActionDecision(action, PolicyDecision.ExplicitDeny, DecidingPolicy.IdentityPolicy, identity, resource, "A Deny statement of the identity policies matches: an explicit deny wins.");
            }

            if (resource?.Decision == PolicyDecision.ExplicitDeny)
            {
                return new ActionDecision(action, PolicyDecision.ExplicitDeny, DecidingPolicy.ResourcePolicy, identity, resource, "A Deny statement of the resource policy matches: an explicit deny wins.");
            }

            var resourceAllows = resource?.Decision == PolicyDecision.Allowed;
            if (crossAccount)
            {
                if (!resourceAllows)
                {
                    return new ActionDecision(action, PolicyDecision.ImplicitDeny, DecidingPolicy.ResourcePolicy, identity, resource,
                        "The caller is in account " + (callerAccount ?? "(unknown)") + ", the resource in " + resourceAccountId + ": across accounts the resource policy must allow, and "
                        + (resource is null ? "none was given." : "no statement of it allows the caller."));
                }

                return identity.IsAllowed
                    ? new ActionDecision(action, PolicyDecision.Allowed, DecidingPolicy.Both, identity, resource, "Across accounts both must allow, and both do.")
                    : new ActionDecision(action, PolicyDecision.ImplicitDeny, DecidingPolicy.IdentityPolicy, identity, resource,
                        "The resource policy allows, but across accounts the caller's identity policies must allow too, and none does.");
            }

            if (resourceAllows && NamesCallerBeyondAccount(resource!, context))
            {
                return new ActionDecision(action, PolicyDecision.Allowed, DecidingPolicy.ResourcePolicy, identity, resource,
                    "Within one account a resource policy that names the caller (or its role) allows on its own.");
            }

            if (identity.IsAllowed)
            {
                return new ActionDecision(action, PolicyDecision.Allowed, resourceAllows ? DecidingPolicy.Both : DecidingPolicy.IdentityPolicy, identity, resource,
                    "Within one account the identity policies may allow on their own, and they do.");
            }

            return new ActionDecision(action, PolicyDecision.ImplicitDeny, DecidingPolicy.IdentityPolicy, identity, resource,
                resourceAllows
                    ? "The resource policy names only the account, which delegates to the identity policies, and none of them allows."
                    : "Within one account either document may allow, and neither does.");
        }

        // A resource policy Allow that names the account only delegates to the account's identity policies; one that names
        // the caller itself, its role (for a session) or everyone allows on its own.
        private static bool NamesCallerBeyondAccount(PolicyEvaluationResult resource, RequestContext context) =>
            resource.AllowingStatements.Any(m => m.Statement.Principal != null
                ? PrincipalMatcher.NamesBeyondAccount(m.Statement.Principal, context)
                : m.Statement.NotPrincipal != null);
    }
}
