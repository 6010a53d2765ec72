using System.Collections.Generic;

namespace CrossAcctApi.Core.Policy
{
    /// <summary>One statement of a policy document, as parsed (string-or-array elements normalised to lists).</summary>
    public sealed class PolicyStatement
    {
        internal PolicyStatement(
            int index,
            string? sid,
            PolicyEffect effect,
            IReadOnlyList<string> actions,
            IReadOnlyList<string> notActions,
            IReadOnlyList<string> resources,
            IReadOnlyList<string> notResources,
            PolicyPrincipal? principal,
            PolicyPrincipal? notPrincipal,
            IReadOnlyList<PolicyCondition> conditions,
            bool hasResourceElement,
            string json)
        {
            Index = index;
            Sid = sid;
            Effect = effect;
            Actions = actions;
            NotActions = notActions;
            Resources = resources;
            NotResources = notResources;
            Principal = principal;
            NotPrincipal = notPrincipal;
            Conditions = conditions;
            HasResourceElement = hasResourceElement;
            Json = json;
        }

        /// <summary>Position of the statement in the document (0-based).</summary>
        public int Index { get; }

        public string? Sid { get; }

        public PolicyEffect Effect { get; }

        public IReadOnlyList<string> Actions { get; }

        public IReadOnlyList<string> NotActions { get; }

        public IReadOnlyList<string> Resources { get; }

        public IReadOnlyList<string> NotResources { get; }

        public PolicyPrincipal? Principal { get; }

        public PolicyPrincipal? NotPrincipal { get; }

        public IReadOnlyList<PolicyCondition> Conditions { get; }

        /// <summary>
        /// False when the statement has neither Resource nor NotResource, as trust policies are written: the
        /// resource is then the one the policy is attached to.
        /// </summary>
        public bool HasResourceElement { get; }

        /// <summary>The statement's JSON exactly as it appears in the document.</summary>
        public string Json { get; }

        /// <summary>The Sid when there is one, else "#index", for messages.</summary>
        public string DisplayName => string.IsNullOrEmpty(Sid) ? "#" + Index : Sid!;

        public override string ToString() => $"{Effect} {DisplayName}";
    }
}
