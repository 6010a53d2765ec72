using CrossAcctApi.Sandbox.Iam.Evaluation;
using CrossAcctApi.Sandbox.Iam.Policies;

namespace CrossAcctApi.Sandbox.Tests.Iam;

/// <summary>Short ways to write the policies, principals and requests of the evaluator's tests.</summary>
internal static class IamCases
{
    public const string AccountA = "111111111111";
    public const string AccountB = "222222222222";
    public const string Bucket = "arn:aws:s3:::amzn-s3-demo-bucket";

    public static readonly RequestPrincipal UserBobA = RequestPrincipal.User("arn:aws:iam::111111111111:user/Bob", "aws", AccountA);
    public static readonly RequestPrincipal UserAliceA = RequestPrincipal.User("arn:aws:iam::111111111111:user/Alice", "aws", AccountA);
    public static readonly RequestPrincipal UserCarolB = RequestPrincipal.User("arn:aws:iam::222222222222:user/Carol", "aws", AccountB);

    public static readonly RequestPrincipal SessionA = RequestPrincipal.RoleSession(
        "arn:aws:sts::111111111111:assumed-role/Reader/s1", "arn:aws:iam::111111111111:role/Reader", "aws", AccountA);

    public static readonly RequestPrincipal SessionB = RequestPrincipal.RoleSession(
        "arn:aws:sts::222222222222:assumed-role/Caller/s2", "arn:aws:iam::222222222222:role/Caller", "aws", AccountB);

    /// <summary>An identity-type policy of one statement.</summary>
    public static IamPolicy IdentityPolicy(string effect, string action, string resource, string? condition = null) =>
        PolicyParser.Parse(Statement(effect, action, resource, null, condition), PolicyUse.Identity);

    /// <summary>A resource policy of one statement; <paramref name="principal"/> is the JSON of the Principal element.</summary>
    public static IamPolicy ResourcePolicy(string effect, string principal, string action, string resource, string? condition = null, bool notPrincipal = false) =>
        PolicyParser.Parse(Statement(effect, action, resource, (notPrincipal ? "NotPrincipal" : "Principal", principal), condition), PolicyUse.Resource);

    public static IamPolicy TrustPolicy(string principal, string? condition = null) =>
        PolicyParser.Parse(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":" + principal + ",\"Action\":\"sts:AssumeRole\""
            + (condition == null ? string.Empty : ",\"Condition\":" + condition) + "}]}",
            PolicyUse.Trust);

    public static AccessRequest Request(RequestPrincipal principal, string action, string resource, string resourceAccount, ContextKeys? keys = null) =>
        new() { Action = action, Resource = resource, ResourceAccountId = resourceAccount, Principal = principal, Keys = keys ?? new ContextKeys() };

    public static AccessDecision Decide(AccessRequest request, IamPolicy[] identity, IamPolicy? resource = null, IamPolicy[]? session = null,
        IamPolicy? boundary = null, ResourcePolicyRole role = ResourcePolicyRole.MayAllow) =>
        AccessDecider.Decide(new AccessQuery
        {
            Request = request,
            IdentityPolicies = identity,
            ResourcePolicy = resource,
            SessionPolicies = session ?? Array.Empty<IamPolicy>(),
            PermissionsBoundary = boundary,
            ResourcePolicyRole = role,
        });

    private static string Statement(string effect, string action, string resource, (string Name, string Json)? principal, string? condition) =>
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\""
        + (principal is { } p ? $",\"{p.Name}\":{p.Json}" : string.Empty)
        + ",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\""
        + (condition == null ? string.Empty : ",\"Condition\":" + condition) + "}]}";
}
