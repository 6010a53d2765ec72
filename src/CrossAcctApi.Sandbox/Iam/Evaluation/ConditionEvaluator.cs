using CrossAcctApi.Sandbox.Iam.Matching;
using CrossAcctApi.Sandbox.Iam.Policies;

namespace CrossAcctApi.Sandbox.Iam.Evaluation;

/// <summary>
/// Decides one condition clause against the request's context keys, by the rules of the IAM User Guide
/// ("Condition operators" and "Creating a condition with multiple keys or values"):
/// <list type="bullet">
/// <item>A key the request lacks: the condition is false, but true for a negated operator ("If the policy condition
/// requires that the key is not matched, such as StringNotLike ... the condition is true"), for ...IfExists, and for
/// ForAllValues ("returns true if there are no context keys in the request"); ForAnyValue is false.</item>
/// <item>Several policy values: any one matching is enough (a logical OR). A negated operator holds for a request
/// value that matches none of them.</item>
/// <item>ForAllValues: every request value must hold; ForAnyValue: at least one.</item>
/// <item>A policy variable whose key the request lacks (or holds several values of) leaves its policy value with no
/// value, and "any attempt to match it fails" ("IAM policy elements: Variables and tags"): it matches no request value,
/// and it is not unequal to one either, so a negated operator with such a value never holds.</item>
/// </list>
/// </summary>
internal static class ConditionEvaluator
{
    public static bool Holds(ConditionClause clause, ContextKeys keys)
    {
        var op = clause.Operator;
        var requestValues = keys.Lookup(clause.Key);
        if (op.Test == ConditionTest.Null)
        {
            // "true": the key is absent; "false": the key is present.
            return clause.Values.Any(v => TypedValues.TryBool(v.Text, out var wantsAbsent) && wantsAbsent == (requestValues == null));
        }

        if (requestValues == null)
        {
            if (op.IfExists || op.Qualifier == SetQualifier.ForAllValues) return true;
            return op.Qualifier != SetQualifier.ForAnyValue && op.IsNegated;
        }

        var policyValues = Resolve(clause, keys, out var someUnresolved);
        if (op.IsNegated && someUnresolved) return false;

        bool Matches(string requestValue)
        {
            foreach (var (chars, text) in policyValues)
            {
                if (Compare(op.Test, chars, text, requestValue)) return true;
            }

            return false;
        }

        return op.Qualifier switch
        {
            SetQualifier.ForAllValues => requestValues.All(v => Matches(v) != op.IsNegated),
            SetQualifier.ForAnyValue => requestValues.Any(v => Matches(v) != op.IsNegated),
            _ => requestValues.Any(Matches) != op.IsNegated,
        };
    }

    // The policy values with their variables replaced; a value whose variable has no value is left out and reported.
    private static List<(PatternChar[] Chars, string Text)> Resolve(ConditionClause clause, ContextKeys keys, out bool someUnresolved)
    {
        someUnresolved = false;
        var resolved = new List<(PatternChar[], string)>(clause.Values.Count);
        foreach (var value in clause.Values)
        {
            var chars = value.Resolve(keys);
            if (chars == null) someUnresolved = true;
            else resolved.Add((chars, value.HasVariables ? new string(chars.Select(c => c.Value).ToArray()) : value.Text));
        }

        return resolved;
    }

    private static bool Compare(ConditionTest test, PatternChar[] pattern, string policyText, string requestValue) => test switch
    {
        ConditionTest.StringEquals => Glob.EqualsLiterally(pattern, requestValue, ignoreCase: false),
        ConditionTest.StringEqualsIgnoreCase => Glob.EqualsLiterally(pattern, requestValue, ignoreCase: true),
        ConditionTest.StringLike => Glob.Matches(pattern, requestValue, ignoreCase: false),
        ConditionTest.ArnLike => ArnMatcher.MatchesArnCondition(pattern, requestValue),
        ConditionTest.Bool => TypedValues.TryBool(policyText, out var p) && TypedValues.TryBool(requestValue, out var r) && p == r,
        ConditionTest.BinaryEquals => TypedValues.TryBinary(policyText, out var pb) && TypedValues.TryBinary(requestValue, out var rb) && pb.AsSpan().SequenceEqual(rb),
        ConditionTest.IpAddress => TypedValues.InRange(policyText, requestValue),
        ConditionTest.NumericEquals or ConditionTest.NumericLessThan or ConditionTest.NumericLessThanEquals
            or ConditionTest.NumericGreaterThan or ConditionTest.NumericGreaterThanEquals => CompareNumbers(test, policyText, requestValue),
        _ => CompareDates(test, policyText, requestValue),
    };

    // The request value is on the left: NumericLessThan holds when the request's value is less than the policy's.
    private static bool CompareNumbers(ConditionTest test, string policyText, string requestValue) =>
        TypedValues.TryNumber(policyText, out var policy) && TypedValues.TryNumber(requestValue, out var request)
        && Ordered(test, request.CompareTo(policy));

    private static bool CompareDates(ConditionTest test, string policyText, string requestValue) =>
        TypedValues.TryDate(policyText, out var policy) && TypedValues.TryDate(requestValue, out var request)
        && Ordered(test, request.CompareTo(policy));

    private static bool Ordered(ConditionTest test, int order) => test switch
    {
        ConditionTest.NumericEquals or ConditionTest.DateEquals => order == 0,
        ConditionTest.NumericLessThan or ConditionTest.DateLessThan => order < 0,
        ConditionTest.NumericLessThanEquals or ConditionTest.DateLessThanEquals => order <= 0,
        ConditionTest.NumericGreaterThan or ConditionTest.DateGreaterThan => order > 0,
        _ => order >= 0,
    };
}
