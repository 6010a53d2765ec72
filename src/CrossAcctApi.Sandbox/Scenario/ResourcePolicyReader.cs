using System.Text.Json;
using CrossAcctApi.Sandbox.Iam.Policies;

namespace CrossAcctApi.Sandbox.Scenario;

/// <summary>Parses the resource policy of a scenario resource (REST API, Lambda function) once, at start-up.</summary>
internal static class ResourcePolicyReader
{
    /// <summary>The parsed policy; null when there is none (an absent element or JSON null) or it is not valid (then a problem is added).</summary>
    /// <param name="rewrite">Applied to the policy's JSON text before parsing (API Gateway's <c>execute-api:/</c> shorthand).</param>
    public static IamPolicy? Read(JsonElement json, string where, List<string> problems, Func<string, string>? rewrite = null)
    {
        if (json.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return null;
        if (json.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{where} is not a JSON object (write the policy document itself, not a string)");
            return null;
        }

        var text = rewrite == null ? json.GetRawText() : rewrite(json.GetRawText());
        if (PolicyParser.TryParse(text, PolicyUse.Resource, out var policy, out var error)) return policy;
        problems.Add($"{where} is not a valid resource policy: {error}");
        return null;
    }
}
