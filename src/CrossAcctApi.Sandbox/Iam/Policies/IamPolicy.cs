using CrossAcctApi.Sandbox.Iam.Matching;

namespace CrossAcctApi.Sandbox.Iam.Policies;

internal enum Effect
{
    Allow,
    Deny,
}

/// <summary>Where a policy is attached, which decides the elements IAM requires or refuses in it.</summary>
internal enum PolicyUse
{
    /// <summary>Identity, session and permissions-boundary policies: Resource required, Principal refused.</summary>
    Identity,

    /// <summary>A role's trust policy: Principal required, Resource refused.</summary>
    Trust,

    /// <summary>A resource-based policy of another service (REST API, Lambda function): Principal and Resource required.</summary>
    Resource,
}

/// <summary>A parsed IAM policy document. Immutable; parsed once when the scenario (or the AssumeRole call) is read.</summary>
internal sealed class IamPolicy
{
    public const string CurrentVersion = "2012-10-17";
    public const string LegacyVersion = "2008-10-17";

    public IamPolicy(string json, string? version, string? id, IReadOnlyList<PolicyStatement> statements)
    {
        Json = json;
        Version = version;
        Id = id;
        Statements = statements;
    }

    /// <summary>The document as given.</summary>
    public string Json { get; }

    public string? Version { get; }

    public string? Id { get; }

    public IReadOnlyList<PolicyStatement> Statements { get; }

    public override string ToString() => $"IamPolicy({Statements.Count} statement(s))";
}

/// <summary>One statement. Action, Resource and Principal lists each come with their Not-form flag.</summary>
internal sealed class PolicyStatement
{
    public required int Index { get; init; }

    public string? Sid { get; init; }

    public required Effect Effect { get; init; }

    public required ValueList Actions { get; init; }

    /// <summary>Null when the statement names no resource (a trust policy: the role it is attached to).</summary>
    public ValueList? Resources { get; init; }

    /// <summary>Null in identity policies.</summary>
    public PrincipalElement? Principal { get; init; }

    public required IReadOnlyList<ConditionClause> Conditions { get; init; }

    public override string ToString() => $"{Effect} {Sid ?? "#" + Index}";
}

/// <summary>The values of Action/NotAction or Resource/NotResource, read as patterns.</summary>
internal sealed class ValueList
{
    public ValueList(IReadOnlyList<PolicyText> values, bool isNot)
    {
        Values = values;
        IsNot = isNot;
    }

    public IReadOnlyList<PolicyText> Values { get; }

    /// <summary>True for NotAction / NotResource: the statement applies to everything the values do not match.</summary>
    public bool IsNot { get; }

    public override string ToString() => (IsNot ? "Not " : string.Empty) + string.Join(", ", Values);
}
