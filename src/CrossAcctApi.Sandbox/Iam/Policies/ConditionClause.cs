using CrossAcctApi.Sandbox.Iam.Matching;

namespace CrossAcctApi.Sandbox.Iam.Policies;

/// <summary>
/// One operator-key pair of a Condition block with its values, e.g. <c>"StringEquals": {"sts:ExternalId": "x"}</c>.
/// A statement applies only when all its clauses hold; a clause holds when any of its values matches.
/// </summary>
internal sealed class ConditionClause
{
    public ConditionClause(ConditionOperator op, string key, IReadOnlyList<PolicyText> values)
    {
        Operator = op;
        Key = key;
        Values = values;
    }

    public ConditionOperator Operator { get; }

    /// <summary>The condition key; IAM compares key names case-insensitively.</summary>
    public string Key { get; }

    /// <summary>The policy's values; JSON numbers and booleans are kept as their text.</summary>
    public IReadOnlyList<PolicyText> Values { get; }

    public override string ToString() => $"{Operator} {Key} [{string.Join(", ", Values)}]";
}
