using System.Collections.Generic;
using System.Linq;

namespace CrossAcctApi.Core.Policy.Generator
{
    /// <summary>
    /// The offline decision of a set of identity policies on one execute-api:Invoke call, with the reasons. Its texts
    /// name inputs as markers, rendered with the phrasing of <see cref="UsePhrasing"/> (neutral words until then).
    /// </summary>
    public sealed class ExecuteApiPolicyTestResult : IPhrasable
    {
        private readonly IReadOnlyList<string> _assumptions;
        private IPhrasing? _phrasing;

        internal ExecuteApiPolicyTestResult(
            PolicyDecision decision,
            string arn,
            string accountId,
            string stage,
            string method,
            string path,
            IReadOnlyList<PolicyStatementMatch> matchingStatements,
            IReadOnlyList<PolicyConditionNotEvaluated> unevaluatedConditions,
            IReadOnlyList<string> assumptions,
            int policyCount)
        {
            Decision = decision;
            Arn = arn;
            AccountId = accountId;
            Stage = stage;
            Method = method;
            Path = path;
            MatchingStatements = OutputList<PolicyStatementMatch>.Of(matchingStatements);
            UnevaluatedConditions = OutputList<PolicyConditionNotEvaluated>.Of(unevaluatedConditions);
            _assumptions = assumptions;
            PolicyCount = policyCount;
        }

        public PolicyDecision Decision { get; }

        public bool IsAllowed => Decision == PolicyDecision.Allowed;

        /// <summary>
        /// True when every condition that mattered could be evaluated. False means the statements listed in
        /// <see cref="UnevaluatedConditions"/> were left out, and IAM may decide otherwise.
        /// </summary>
        public bool IsConclusive => UnevaluatedConditions.Count == 0;

        public string Action => ExecuteApiPolicyTester.InvokeAction;

        /// <summary>The request's resource ARN as evaluated.</summary>
        public string Arn { get; }

        public string AccountId { get; }

        public string Stage { get; }

        public string Method { get; }

        public string Path { get; }

        /// <summary>Every statement that applies to the call, Allow and Deny, in document order.</summary>
        public IReadOnlyList<PolicyStatementMatch> MatchingStatements { get; }

        /// <summary>Conditions that could not be evaluated offline: reported, never treated as true or false.</summary>
        public IReadOnlyList<PolicyConditionNotEvaluated> UnevaluatedConditions { get; }

        /// <summary>What the call's description did not say and was assumed (stage, account), in words.</summary>
        public IReadOnlyList<string> Assumptions => Phrasing.RenderAll(_assumptions, _phrasing);

        public int PolicyCount { get; }

        /// <summary>
        /// The statements that decided: the Deny statements for ExplicitDeny, the Allow statements otherwise (none
        /// for ImplicitDeny, where nothing allows). The table view's DecidedBy column.
        /// </summary>
        public IReadOnlyList<PolicyStatementMatch> DecidedBy =>
            OutputList<PolicyStatementMatch>.Of(MatchingStatements.Where(m => m.Effect == (Decision == PolicyDecision.ExplicitDeny ? PolicyEffect.Deny : PolicyEffect.Allow)));

        /// <summary>Why, in one sentence: which statement decided, or that none allows.</summary>
        public string Reason
        {
            get
            {
                string reason = Decision switch
                {
                    PolicyDecision.ExplicitDeny => "Explicitly denied by " + Names(DecidedBy) + ".",
                    PolicyDecision.Allowed => "Allowed by " + Names(DecidedBy) + ".",
                    _ => "No statement allows execute-api:Invoke on " + Arn + ".",
                };
                if (!IsConclusive)
                {
                    reason += $" Not conclusive: {UnevaluatedConditions.Count} condition(s) could not be evaluated ({string.Join(", ", UnevaluatedConditions.Select(c => c.Key).Distinct())}); "
                        + Phrasing.Render("pass their values with {@ConditionKey}.", _phrasing);
                }

                return reason;
            }
        }

        /// <summary>How this result's texts name inputs from now on.</summary>
        public void UsePhrasing(IPhrasing phrasing) => _phrasing = phrasing;

        private static string Names(IEnumerable<PolicyStatementMatch> matches) => string.Join(", ", matches.Select(m => m.ToString()));

        public override string ToString() => Decision.ToString();
    }

    /// <summary>A statement that applies to the call.</summary>
    public sealed class PolicyStatementMatch
    {
        internal PolicyStatementMatch(StatementMatch match)
        {
            DocumentIndex = match.DocumentIndex;
            StatementIndex = match.Statement.Index;
            Sid = match.Statement.Sid;
            Effect = match.Effect;
            Json = match.Statement.Json;
        }

        /// <summary>Which of the given policy documents (0-based).</summary>
        public int DocumentIndex { get; }

        /// <summary>Position of the statement in its document (0-based).</summary>
        public int StatementIndex { get; }

        public string? Sid { get; }

        public PolicyEffect Effect { get; }

        /// <summary>The statement's JSON as written in the document.</summary>
        public string Json { get; }

        public override string ToString() =>
            $"{(string.IsNullOrEmpty(Sid) ? "statement #" + StatementIndex : Sid)} (policy #{DocumentIndex})";
    }

    /// <summary>A condition (or resource policy variable) of an applicable statement that could not be evaluated.</summary>
    public sealed class PolicyConditionNotEvaluated
    {
        internal PolicyConditionNotEvaluated(UnevaluatedCondition condition)
        {
            DocumentIndex = condition.DocumentIndex;
            StatementIndex = condition.Statement.Index;
            Sid = condition.Statement.Sid;
            Effect = condition.Statement.Effect;
            Operator = condition.Condition.Operator;
            Key = condition.Condition.Key;
            Values = OutputList<string>.Of(condition.Condition.Values);
            Reason = condition.Reason;
        }

        public int DocumentIndex { get; }

        public int StatementIndex { get; }

        public string? Sid { get; }

        /// <summary>The effect of the statement the condition guards: what would follow if it held.</summary>
        public PolicyEffect Effect { get; }

        public string Operator { get; }

        public string Key { get; }

        public IReadOnlyList<string> Values { get; }

        public string Reason { get; }

        public override string ToString() =>
            $"{Operator} {Key} in {(string.IsNullOrEmpty(Sid) ? "statement #" + StatementIndex : Sid)} (policy #{DocumentIndex}): {Reason}";
    }
}
