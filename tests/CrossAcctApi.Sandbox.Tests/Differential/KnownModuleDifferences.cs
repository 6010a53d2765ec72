using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CrossAcctApi.Sandbox.Iam.Evaluation;
using CrossAcctApi.Sandbox.Iam.Policies;

namespace CrossAcctApi.Sandbox.Tests.Differential;

/// <summary>
/// Disagreements with the module's PolicyEvaluator that a defect of the module explains exactly. The module is not fixed
/// here (it is being restructured elsewhere); each defect is written down, checked case by case, and pinned by
/// <see cref="KnownModuleDefectTests"/> so that fixing it shows.
/// </summary>
internal static class KnownModuleDifferences
{
    /// <summary>
    /// A policy variable whose key the request lacks (e.g. <c>${aws:username}</c> for a role session): "any attempt to
    /// match it fails and causes the statement to be invalid" (IAM User Guide, "IAM policy elements: Variables and
    /// tags"), and iam-simulate agrees. The module reads it as a value that matches nothing, so a NotResource naming it
    /// applies, and a negated operator (StringNotEquals, ...) against it holds.
    /// </summary>
    public const string MissingVariableMatchesNothing = "the module reads a policy variable with no value as a value that matches nothing (NotResource and negated operators then apply)";

    /// <summary>
    /// "When you use NotPrincipal with Deny, you must also specify the account ARN of the not-denied principal. Otherwise,
    /// the policy might deny access to the entire account containing the principal ... AWS might validate the account
    /// first and then the user" (IAM User Guide, NotPrincipal): a caller escapes a NotPrincipal statement only when each of
    /// its identities is listed. The module spares it when any one is listed (so does iam-simulate).
    /// </summary>
    public const string NotPrincipalAnyIdentity = "the module spares a caller from a NotPrincipal statement that lists only some of its identities";

    public static string? Explain(string json, PolicyUse use, GeneratedCase generated, string sandbox, string module) =>
        ExplainMissingVariable(json, use, generated, sandbox, module) ?? ExplainNotPrincipal(json, use, generated, sandbox, module);

    // ${key} without a default; "${key, 'default'}" always has a value.
    private static readonly Regex VariableWithoutDefault = new(@"\$\{([^},']+)\}", RegexOptions.CultureInvariant);

    private static string? ExplainMissingVariable(string json, PolicyUse use, GeneratedCase generated, string sandbox, string module)
    {
        var keys = generated.ToAccessRequest().Keys;
        var missing = VariableWithoutDefault.Matches(json).Where(m => keys.SingleValue(m.Groups[1].Value.Trim()) == null).ToList();
        if (missing.Count == 0) return null;

        // The module's reading, in the sandbox: each such variable replaced by text no request value holds.
        var reading = VariableWithoutDefault.Replace(json, m => keys.SingleValue(m.Groups[1].Value.Trim()) == null ? "#no-value#" : m.Value);
        return Reads(reading, use, generated, sandbox, module) ? MissingVariableMatchesNothing : null;
    }

    private static string? ExplainNotPrincipal(string json, PolicyUse use, GeneratedCase generated, string sandbox, string module)
    {
        // The module's reading, in the sandbox: the statements whose NotPrincipal lists some of the caller's identities do not apply.
        var policy = JsonNode.Parse(json)!.AsObject();
        var statements = policy["Statement"]!.AsArray();
        var partly = statements.Where(s => s!["NotPrincipal"]?["AWS"] is JsonNode listed && generated.Principal.IsNamedPartlyBy(Strings(listed))).ToList();
        if (partly.Count == 0) return null;
        foreach (var statement in partly) statements.Remove(statement);
        return Reads(policy.ToJsonString(), use, generated, sandbox, module) ? NotPrincipalAnyIdentity : null;
    }

    // True when the sandbox, given the module's reading of the policy, decides as the module did (and not as it does itself).
    private static bool Reads(string reading, PolicyUse use, GeneratedCase generated, string sandbox, string module)
    {
        var asModule = PolicySetEvaluator.Evaluate(PolicyParser.Parse(reading, use), generated.ToAccessRequest()).Name();
        return asModule == module && asModule != sandbox;
    }

    private static string[] Strings(JsonNode node) => node is JsonArray array ? array.Select(v => (string)v!).ToArray() : new[] { (string)node! };
}
