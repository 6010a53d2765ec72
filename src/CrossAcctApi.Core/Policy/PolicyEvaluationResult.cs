using System.Collections.Generic;
using System.Linq;

namespace CrossAcctApi.Core.Policy
{
    /// <summary>The outcome of evaluating policies against one request, with the reasons.</summary>
    public sealed class PolicyEvaluationResult
    {
        internal PolicyEvaluationResult(PolicyDecision decision, IReadOnlyList<StatementMatch> matchingStatements, IReadOnlyList<UnevaluatedCondition> unevaluatedConditions)
        {
            Decision = decision;
            MatchingStatements = matchingStatements;
            UnevaluatedConditions = unevaluatedConditions;
        }

        public PolicyDecision Decision { get; }

        /// <summary>Every statement that applies to the request (Allow and Deny), in document order.</summary>
        public IReadOnlyList<StatementMatch> MatchingStatements { get; }

        /// <summary>
        /// Conditions (and policy variables) that could not be evaluated: unknown keys in
        /// <see cref="MissingConditionKeys.Unknown"/> mode, or operators this engine does not implement. Their
        /// statements were not counted as matching, so a non-empty list means the decision may differ at IAM.
        /// </summary>
        public IReadOnlyList<UnevaluatedCondition> UnevaluatedConditions { get; }

        public bool IsAllowed => Decision == PolicyDecision.Allowed;

        /// <summary>True when nothing was left unevaluated, so the decision is what IAM would decide.</summary>
        public bool IsConclusive => UnevaluatedConditions.Count == 0;

        /// <summary>The matching Deny statements (non-empty exactly when the decision is ExplicitDeny).</summary>
        public IEnumerable<StatementMatch> DenyingStatements => MatchingStatements.Where(m => m.Effect == PolicyEffect.Deny);

        /// <summary>The matching Allow statements.</summary>
        public IEnumerable<StatementMatch> AllowingStatements => MatchingStatements.Where(m => m.Effect == PolicyEffect.Allow);

        public override string ToString() =>
            $"{Decision} ({MatchingStatements.Count} matching statement(s), {UnevaluatedConditions.Count} unevaluated)";
    }

    /// <summary>A statement that applies to the request.</summary>
    public sealed class StatementMatch
    {
        internal StatementMatch(int documentIndex, PolicyStatement statement)
        {
            DocumentIndex = documentIndex;
            Statement = statement;
        }

        /// <summary>Position of the statement's document in the sequence given to the evaluator.</summary>
        public int DocumentIndex { get; }

        public PolicyStatement Statement { get; }

        public PolicyEffect Effect => Statement.Effect;

        public override string ToString() => $"{Effect} policy #{DocumentIndex} statement {Statement.DisplayName}";
    }

    /// <summary>A condition that could not be decided, and why.</summary>
    public sealed class UnevaluatedCondition
    {
        internal UnevaluatedCondition(int documentIndex, PolicyStatement statement, PolicyCondition condition, string reason)
        {
            DocumentIndex = documentIndex;
            Statement = statement;
            Condition = condition;
            Reason = reason;
        }

        public int DocumentIndex { get; }

        public PolicyStatement Statement { get; }

        /// <summary>
        /// The condition. For an unresolved policy variable in Resource/NotResource the operator is that element's
        /// name and the key is the variable.
        /// </summary>
        public PolicyCondition Condition { get; }

        public string Reason { get; }

        public override string ToString() => $"policy #{DocumentIndex} statement {Statement.DisplayName}: {Condition.Operator} {Condition.Key}: {Reason}";
    }
}
