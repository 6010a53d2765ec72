using System.Collections.Generic;
using System.Linq;

namespace CrossAcctApi.Core.Policy.Generator
{
    /// <summary>
    /// The offline decision for one call with identity and resource policies: allowed only when every action it needs is;
    /// the first refused action (in the order AWS checks them) says which document decided and why.
    /// </summary>
    public sealed class CrossAccountPolicyTestResult : IPhrasable
    {
        private readonly IReadOnlyList<string> _notes;
        private IPhrasing? _phrasing;

        internal CrossAccountPolicyTestResult(string callerArn, string resource, string resourceAccountId, IReadOnlyList<ActionDecision> actions, IEnumerable<string> notes)
        {
            CallerArn = callerArn;
            Resource = resource;
            ResourceAccountId = resourceAccountId;
            Actions = OutputList<ActionDecision>.Of(actions);
            _notes = notes.ToArray();
            var deciding = actions.FirstOrDefault(a => a.Decision != PolicyDecision.Allowed) ?? actions.Last();
            Decision = deciding.Decision;
            DecidedBy = deciding.DecidedBy;
            DecidingAction = deciding.Action;
            Reason = deciding.Action + ": " + deciding.Reason;
        }

        public PolicyDecision Decision { get; }

        public bool IsAllowed => Decision == PolicyDecision.Allowed;

        /// <summary>False when a condition could not be evaluated (a key not given): the decision may change with it.</summary>
        public bool IsConclusive => Actions.All(a => a.IsConclusive);

        /// <summary>IdentityPolicy, ResourcePolicy or Both.</summary>
        public DecidingPolicy DecidedBy { get; }

        /// <summary>The action whose decision is the call's (the first refused, else the last).</summary>
        public string DecidingAction { get; }

        public string Reason { get; }

        public string CallerArn { get; }

        public string Resource { get; }

        public string ResourceAccountId { get; }

        /// <summary>True when the caller is in another account than the resource: then both documents must allow.</summary>
        public bool IsCrossAccount => !(Arns.Arn.TryParse(CallerArn, out var caller) && caller!.AccountId == ResourceAccountId);

        /// <summary>Each action's decision, in the order AWS checks them.</summary>
        public IReadOnlyList<ActionDecision> Actions { get; }

        /// <summary>What was read from the URL or assumed.</summary>
        public IReadOnlyList<string> Notes => OutputList<string>.Of(Phrasing.RenderAll(_notes, _phrasing));

        public void UsePhrasing(IPhrasing phrasing) => _phrasing = phrasing;

        public override string ToString() => Decision + " (" + DecidedBy + ")";
    }
}
