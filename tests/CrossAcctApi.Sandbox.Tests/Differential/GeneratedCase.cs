using System.Text.Json.Nodes;
using CrossAcctApi.Sandbox.Iam.Evaluation;
using CrossAcctApi.Sandbox.Iam.Policies;

namespace CrossAcctApi.Sandbox.Tests.Differential;

/// <summary>A caller of a generated case: a user, or a role session (with the role's ARN, which its ARN does not carry).</summary>
internal sealed record CasePrincipal(string Arn, string AccountId, string? RoleArn)
{
    public bool IsSession => RoleArn != null;

    /// <summary>
    /// True when a NotPrincipal list names some of this caller's identities (its account, its role for a session, itself)
    /// but not all: the case where the IAM User Guide's NotPrincipal rule and other evaluators part.
    /// </summary>
    public bool IsNamedPartlyBy(IReadOnlyCollection<string> principals)
    {
        var account = new[] { AccountId, $"arn:aws:iam::{AccountId}:root" };
        var identities = new List<Func<string, bool>> { account.Contains, v => v == Arn };
        if (RoleArn != null) identities.Add(v => v == RoleArn);
        var named = identities.Count(isIdentity => principals.Any(isIdentity));
        return named > 0 && named < identities.Count;
    }

    public RequestPrincipal ToRequestPrincipal() => IsSession
        ? RequestPrincipal.RoleSession(Arn, RoleArn!, "aws", AccountId)
        : RequestPrincipal.User(Arn, "aws", AccountId);

    public override string ToString() => Arn;
}

/// <summary>
/// One generated authorization question with every policy that applies to it, in a form the sandbox's evaluator, the
/// module's evaluator and iam-simulate can all read: policies as JSON text, context keys as strings.
/// </summary>
internal sealed class GeneratedCase
{
    public required int Id { get; init; }

    public required CasePrincipal Principal { get; init; }

    public required string Action { get; init; }

    public required string Resource { get; init; }

    public required string ResourceAccount { get; init; }

    public required IReadOnlyDictionary<string, string[]> Context { get; init; }

    public required IReadOnlyList<string> IdentityPolicies { get; init; }

    public string? SessionPolicy { get; init; }

    public string? PermissionsBoundary { get; init; }

    /// <summary>A role's trust policy (the action is sts:AssumeRole) or another resource's policy.</summary>
    public string? ResourcePolicy { get; init; }

    public bool ResourcePolicyIsTrust => Action == "sts:AssumeRole";

    /// <summary>The sandbox's decision, as iam-simulate names its results.</summary>
    public string DecideWithSandbox() => Decide().Verdict switch
    {
        Verdict.Allowed => "Allowed",
        Verdict.ExplicitDeny => "ExplicitlyDenied",
        _ => "ImplicitlyDenied",
    };

    public AccessDecision Decide() => AccessDecider.Decide(new AccessQuery
    {
        Request = ToAccessRequest(),
        IdentityPolicies = IdentityPolicies.Select(p => PolicyParser.Parse(p, PolicyUse.Identity)).ToList(),
        SessionPolicies = SessionPolicy == null ? Array.Empty<IamPolicy>() : new[] { PolicyParser.Parse(SessionPolicy, PolicyUse.Identity) },
        PermissionsBoundary = PermissionsBoundary == null ? null : PolicyParser.Parse(PermissionsBoundary, PolicyUse.Identity),
        ResourcePolicy = ResourcePolicy == null ? null : PolicyParser.Parse(ResourcePolicy, ResourcePolicyIsTrust ? PolicyUse.Trust : PolicyUse.Resource),
        ResourcePolicyRole = ResourcePolicyIsTrust ? ResourcePolicyRole.MustAllow : ResourcePolicyRole.MayAllow,
    });

    public AccessRequest ToAccessRequest()
    {
        var keys = new ContextKeys();
        foreach (var (key, values) in Context) keys.Set(key, values);
        return new AccessRequest { Action = Action, Resource = Resource, ResourceAccountId = ResourceAccount, Principal = Principal.ToRequestPrincipal(), Keys = keys };
    }

    /// <summary>The case in the input format of tests/oracle/evaluate.mjs.</summary>
    public JsonObject ToOracleJson()
    {
        var context = new JsonObject();
        foreach (var (key, values) in Context) context[key] = values.Length == 1 ? JsonValue.Create(values[0]) : new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
        var json = new JsonObject
        {
            ["id"] = Id,
            ["principal"] = Principal.Arn,
            ["action"] = Action,
            ["resource"] = Resource,
            ["resourceAccount"] = ResourceAccount,
            ["context"] = context,
            ["identityPolicies"] = new JsonArray(IdentityPolicies.Select(p => JsonNode.Parse(p)).ToArray()),
        };
        if (SessionPolicy != null) json["sessionPolicy"] = JsonNode.Parse(SessionPolicy);
        if (PermissionsBoundary != null) json["boundary"] = JsonNode.Parse(PermissionsBoundary);
        if (ResourcePolicy != null) json["resourcePolicy"] = JsonNode.Parse(ResourcePolicy);
        return json;
    }

    public override string ToString() => ToOracleJson().ToJsonString();
}
