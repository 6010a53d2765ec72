namespace CrossAcctApi.Sandbox.Iam.Policies;

/// <summary>How a request value is compared with a policy value (IAM User Guide, "Condition operators").</summary>
internal enum ConditionTest
{
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    NumericEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    ArnLike,
    Null,
}

/// <summary>The <c>ForAllValues:</c> / <c>ForAnyValue:</c> prefix that compares a key's several values as a set.</summary>
internal enum SetQualifier
{
    None,
    ForAllValues,
    ForAnyValue,
}

/// <summary>
/// A condition operator, read from its name: <c>[ForAllValues:|ForAnyValue:]&lt;operator&gt;[IfExists]</c>. A negated
/// operator (StringNotEquals, NotIpAddress, ArnNotLike, ...) is its positive test with <see cref="IsNegated"/> set.
/// </summary>
internal sealed record ConditionOperator(string Name, ConditionTest Test, bool IsNegated, bool IfExists, SetQualifier Qualifier)
{
    private const string IfExistsSuffix = "IfExists";

    private static readonly Dictionary<string, (ConditionTest Test, bool Negated)> Operators = new(StringComparer.Ordinal)
    {
        ["StringEquals"] = (ConditionTest.StringEquals, false),
        ["StringNotEquals"] = (ConditionTest.StringEquals, true),
        ["StringEqualsIgnoreCase"] = (ConditionTest.StringEqualsIgnoreCase, false),
        ["StringNotEqualsIgnoreCase"] = (ConditionTest.StringEqualsIgnoreCase, true),
        ["StringLike"] = (ConditionTest.StringLike, false),
        ["StringNotLike"] = (ConditionTest.StringLike, true),
        ["NumericEquals"] = (ConditionTest.NumericEquals, false),
        ["NumericNotEquals"] = (ConditionTest.NumericEquals, true),
        ["NumericLessThan"] = (ConditionTest.NumericLessThan, false),
        ["NumericLessThanEquals"] = (ConditionTest.NumericLessThanEquals, false),
        ["NumericGreaterThan"] = (ConditionTest.NumericGreaterThan, false),
        ["NumericGreaterThanEquals"] = (ConditionTest.NumericGreaterThanEquals, false),
        ["DateEquals"] = (ConditionTest.DateEquals, false),
        ["DateNotEquals"] = (ConditionTest.DateEquals, true),
        ["DateLessThan"] = (ConditionTest.DateLessThan, false),
        ["DateLessThanEquals"] = (ConditionTest.DateLessThanEquals, false),
        ["DateGreaterThan"] = (ConditionTest.DateGreaterThan, false),
        ["DateGreaterThanEquals"] = (ConditionTest.DateGreaterThanEquals, false),
        ["Bool"] = (ConditionTest.Bool, false),
        ["BinaryEquals"] = (ConditionTest.BinaryEquals, false),
        ["IpAddress"] = (ConditionTest.IpAddress, false),
        ["NotIpAddress"] = (ConditionTest.IpAddress, true),
        ["ArnEquals"] = (ConditionTest.ArnLike, false),
        ["ArnLike"] = (ConditionTest.ArnLike, false),
        ["ArnNotEquals"] = (ConditionTest.ArnLike, true),
        ["ArnNotLike"] = (ConditionTest.ArnLike, true),
        ["Null"] = (ConditionTest.Null, false),
    };

    /// <summary>True for the operators whose values may hold policy variables (string, ARN and Bool operators).</summary>
    public bool AcceptsVariables => Test is ConditionTest.StringEquals or ConditionTest.StringEqualsIgnoreCase
        or ConditionTest.StringLike or ConditionTest.ArnLike or ConditionTest.Bool;

    /// <summary>Reads an operator name; null when IAM knows no such operator ("Null" takes no IfExists).</summary>
    public static ConditionOperator? Read(string name)
    {
        var qualifier = SetQualifier.None;
        var rest = name;
        if (rest.StartsWith("ForAllValues:", StringComparison.Ordinal)) qualifier = SetQualifier.ForAllValues;
        else if (rest.StartsWith("ForAnyValue:", StringComparison.Ordinal)) qualifier = SetQualifier.ForAnyValue;
        if (qualifier != SetQualifier.None) rest = rest.Substring(rest.IndexOf(':') + 1);

        var ifExists = rest.EndsWith(IfExistsSuffix, StringComparison.Ordinal) && rest.Length > IfExistsSuffix.Length;
        if (ifExists) rest = rest.Substring(0, rest.Length - IfExistsSuffix.Length);
        if (!Operators.TryGetValue(rest, out var known)) return null;
        if (known.Test == ConditionTest.Null && (ifExists || qualifier != SetQualifier.None)) return null;
        return new ConditionOperator(name, known.Test, known.Negated, ifExists, qualifier);
    }

    public override string ToString() => Name;
}
