using CrossAcctApi.Core.Policy;

namespace CrossAcctApi.Core.Tests.Policy;

internal static class PolicyTestHelpers
{
    public const string Invoke = "execute-api:Invoke";
    public const string ItemsArn = "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/items/42";

    /// <summary>A 2012-10-17 document from statement JSON objects.</summary>
    public static PolicyDocument Doc(params string[] statements) =>
        PolicyDocument.Parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + string.Join(",", statements) + "]}");

    public static string Allow(string resource, string action = Invoke, string extra = "") =>
        $"{{\"Effect\":\"Allow\",\"Action\":\"{action}\",\"Resource\":\"{resource}\"{extra}}}";

    public static string Deny(string resource, string action = Invoke, string extra = "") =>
        $"{{\"Effect\":\"Deny\",\"Action\":\"{action}\",\"Resource\":\"{resource}\"{extra}}}";

    /// <summary>An Allow on everything guarded by one condition.</summary>
    public static PolicyDocument AllowIf(string op, string key, string valuesJson) =>
        Doc($"{{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{{\"{op}\":{{\"{key}\":{valuesJson}}}}}}}");

    public static RequestContext Request(string resource = ItemsArn, string action = Invoke) => new(action, resource);

    public static RequestContext With(this RequestContext context, string key, params string[] values) => context.WithConditionKey(key, values);

    public static PolicyDecision Decide(PolicyDocument doc, RequestContext context, PolicyKind kind = PolicyKind.Identity) =>
        PolicyEvaluator.Evaluate(new[] { doc }, context, kind).Decision;
}
