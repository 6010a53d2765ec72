using System.Text.Json.Nodes;
using CrossAcctApi.Sandbox.Iam.Evaluation;
using CrossAcctApi.Sandbox.Iam.Policies;

namespace CrossAcctApi.Sandbox.Tests.Differential;

/// <summary>
/// Disagreements with iam-simulate that a documented defect of iam-simulate explains exactly. Each explanation is a
/// check, not a waiver: the case must be one where the IAM User Guide's rule and iam-simulate's reading part, and
/// iam-simulate's answer must be the one its reading gives.
/// </summary>
internal static class KnownOracleDifferences
{
    /// <summary>
    /// "IAM role session – Within the same account, resource-based policies that grant permissions to an IAM role session
    /// ARN grant permissions directly to the assumed role session. Permissions granted directly to a session are not
    /// limited by an implicit deny in an identity-based policy, a permissions boundary, or session policy" (IAM User
    /// Guide, "Policy evaluation logic", resource-based policies; likewise a "*" Principal: "session policies do not limit
    /// permissions granted using the aws:PrincipalArn condition key with a wildcard(*) in the Principal element").
    /// iam-simulate lets the session policy's implicit deny stand (it does not for a permissions boundary).
    /// </summary>
    public const string SessionPolicyLimitsDirectGrant = "iam-simulate limits a same-account grant to the session itself by the session policy";

    /// <summary>
    /// "When you use NotPrincipal in the same policy statement as "Effect": "Deny", the actions specified in the policy
    /// statement are explicitly denied to all principals except for the ones specified" (IAM User Guide, NotPrincipal), and
    /// the final decision is Deny only if "the code finds even one explicit deny that applies" ("Policy evaluation
    /// logic"). When the caller has a permissions boundary, iam-simulate counts a Deny whose NotPrincipal excludes the caller
    /// as an explicit deny.
    /// </summary>
    public const string BoundaryTurnsNotPrincipalIntoDeny = "iam-simulate applies a Deny whose NotPrincipal excludes the caller when the caller has a permissions boundary";

    public static string? Explain(GeneratedCase generated, string sandbox, string oracle) =>
        ExplainSessionPolicy(generated, sandbox, oracle) ?? ExplainNotPrincipalDeny(generated, sandbox, oracle);

    private static string? ExplainNotPrincipalDeny(GeneratedCase generated, string sandbox, string oracle)
    {
        if (sandbox == "ExplicitlyDenied" || oracle != "ExplicitlyDenied" || generated.PermissionsBoundary == null || generated.ResourcePolicy == null) return null;

        // iam-simulate's reading: the resource policy's Deny statements with NotPrincipal, as if they named everyone.
        var policy = JsonNode.Parse(generated.ResourcePolicy)!.AsObject();
        var denies = new JsonArray();
        foreach (var statement in policy["Statement"]!.AsArray().Select(s => s!.AsObject()))
        {
            if ((string?)statement["Effect"] != "Deny" || !statement.ContainsKey("NotPrincipal")) continue;
            var asEveryone = statement.DeepClone().AsObject();
            asEveryone.Remove("NotPrincipal");
            asEveryone["Principal"] = "*";
            denies.Add(asEveryone);
        }

        var use = generated.ResourcePolicyIsTrust ? PolicyUse.Trust : PolicyUse.Resource;
        var reading = PolicyParser.Parse(new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = denies }.ToJsonString(), use);
        return PolicySetEvaluator.Evaluate(reading, generated.ToAccessRequest()).ExplicitDeny ? BoundaryTurnsNotPrincipalIntoDeny : null;
    }

    private static string? ExplainSessionPolicy(GeneratedCase generated, string sandbox, string oracle)
    {
        if (sandbox != "Allowed" || oracle != "ImplicitlyDenied" || generated.SessionPolicy == null) return null;

        var request = generated.ToAccessRequest();
        if (request.IsCrossAccount || !generated.Principal.IsSession) return null;

        // Allowed by the resource policy although the session policy allows nothing here: only a grant to the session
        // itself (or to everyone) does that; a grant to the role would have been limited too.
        var session = PolicySetEvaluator.Evaluate(PolicyParser.Parse(generated.SessionPolicy, PolicyUse.Identity), request);
        return generated.Decide().DecidedBy == PolicyType.Resource && !session.Allows ? SessionPolicyLimitsDirectGrant : null;
    }
}
