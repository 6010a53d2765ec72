using CrossAcctApi.Core.Policy;
using CrossAcctApi.Core.Policy.Generator;

namespace CrossAcctApi.Core.Tests.PolicyGenerator;

/// <summary>The seed scenario's accounts and API, and helpers to evaluate generated policies.</summary>
internal static class GeneratorFixtures
{
    public const string ApiAccount = "111111111111";
    public const string CallerAccount = "222222222222";
    public const string OtherAccount = "333333333333";
    public const string ApiId = "a1b2c3d4e5";
    public const string Region = "us-east-1";

    public const string CallerSession = "arn:aws:sts::222222222222:assumed-role/ops-engineer/alice";
    public const string OtherSession = "arn:aws:sts::333333333333:assumed-role/outsider/mallory";

    public static CrossAccountPolicyRequest Request(params string[] routes) =>
        new(ApiAccount, CallerAccount, ApiId, Region) { Routes = routes };

    public static string InvokeArn(string stage, string method, string path, string account = ApiAccount, string apiId = ApiId, string region = Region) =>
        $"arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{method}/{path}";

    /// <summary>The invoke policy's decision for one call (identity policy: the role's permissions).</summary>
    public static PolicyDecision Invoke(CrossAccountPolicySet set, string stage, string method, string path) =>
        PolicyEvaluator.Evaluate(set.InvokePolicyDocument, new RequestContext("execute-api:Invoke", InvokeArn(stage, method, path))).Decision;

    /// <summary>The trust policy's decision on an AssumeRole by <paramref name="caller"/> (IAM's view: absent keys are absent).</summary>
    public static PolicyDecision Assume(CrossAccountPolicySet set, string caller, params (string Key, string Value)[] keys)
    {
        var context = new RequestContext("sts:AssumeRole", set.RoleArn) { PrincipalArn = caller };
        foreach (var (key, value) in keys)
        {
            context = context.WithConditionKey(key, value);
        }

        return PolicyEvaluator.Evaluate(set.TrustPolicyDocument, context, PolicyKind.Resource).Decision;
    }

    /// <summary>The caller policy's decision on AssumeRole of <paramref name="roleArn"/>.</summary>
    public static PolicyDecision CallerMayAssume(CrossAccountPolicySet set, string roleArn) =>
        PolicyEvaluator.Evaluate(set.CallerPolicyDocument, new RequestContext("sts:AssumeRole", roleArn)).Decision;
}

/// <summary>Sets a generator request's trust options (external id, MFA, caller principal) in one call.</summary>
internal static class RequestOptions
{
    public static CrossAccountPolicyRequest WithOptions(this CrossAccountPolicyRequest request, string? externalId = null, bool mfa = false, string? principal = null) =>
        request with { ExternalId = externalId, RequireMfa = mfa, CallerPrincipalArn = principal };
}
