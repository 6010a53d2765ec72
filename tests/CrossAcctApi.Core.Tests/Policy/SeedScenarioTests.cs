using CrossAcctApi.Core.Policy;
using Xunit;

namespace CrossAcctApi.Core.Tests.Policy;

public class SeedScenarioTests
{
    private static readonly PolicyDocument Permissions = PolicyDocument.Parse(SeedPolicies.CrossAccountInvokerPermissions);

    private static PolicyEvaluationResult Invoke(string stage, string method, string path) =>
        PolicyEvaluator.Evaluate(
            new[] { Permissions },
            new RequestContext("execute-api:Invoke", SeedPolicies.InvokeArn(stage, method, path))
            {
                PrincipalArn = SeedPolicies.CrossAccountInvokerSession,
            });

    [Theory]
    [InlineData("$default", "GET", "items/42")]
    [InlineData("$default", "POST", "items")]
    [InlineData("$default", "DELETE", "items/42/parts/7")]
    [InlineData("prod", "GET", "items")]
    [InlineData("prod", "GET", "items/42")]
    public void Allows_the_seed_routes(string stage, string method, string path)
    {
        PolicyEvaluationResult result = Invoke(stage, method, path);

        Assert.Equal(PolicyDecision.Allowed, result.Decision);
        Assert.True(result.IsAllowed);
        Assert.True(result.IsConclusive);
        Assert.Contains(result.MatchingStatements, m => m.Statement.Sid == "InvokeDefaultAndProdReads");
    }

    [Theory]
    [InlineData("prod", "POST", "items")]
    [InlineData("dev", "GET", "items")]
    public void Implicitly_denies_routes_outside_the_allow(string stage, string method, string path)
    {
        PolicyEvaluationResult result = Invoke(stage, method, path);

        Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
        Assert.Empty(result.MatchingStatements);
    }

    [Theory]
    [InlineData("$default")]
    [InlineData("prod")]
    public void Root_path_is_matched_by_a_trailing_wildcard_because_star_matches_nothing(string stage)
    {
        // The root route's ARN ends in ".../GET/"; the '*' after the last '/' matches the empty path.
        Assert.Equal(PolicyDecision.Allowed, Invoke(stage, "GET", "").Decision);
    }

    [Theory]
    [InlineData("$default", "GET", "v1/admin/users")]
    [InlineData("prod", "GET", "x/admin/y")]
    [InlineData("$default", "DELETE", "tenants/7/admin/settings")]
    public void Explicit_deny_on_admin_paths_wins_over_allow(string stage, string method, string path)
    {
        PolicyEvaluationResult result = Invoke(stage, method, path);

        Assert.Equal(PolicyDecision.ExplicitDeny, result.Decision);
        Assert.Contains(result.DenyingStatements, m => m.Statement.Sid == "NeverAdmin");
        Assert.Contains(result.AllowingStatements, m => m.Statement.Sid == "InvokeDefaultAndProdReads");
    }

    [Fact]
    public void Admin_right_after_the_method_is_denied_too()
    {
        // In ".../*/*/admin/*" the second '*' matches the method, so "GET/admin/x" is covered.
        Assert.Equal(PolicyDecision.ExplicitDeny, Invoke("$default", "GET", "admin/x").Decision);
    }

    [Theory]
    [InlineData("administrator/x")]
    [InlineData("items/admin")]
    public void Admin_only_as_a_whole_segment_followed_by_slash_is_denied(string path)
    {
        Assert.Equal(PolicyDecision.Allowed, Invoke("$default", "GET", path).Decision);
    }

    [Fact]
    public void Other_api_id_is_implicitly_denied()
    {
        var context = new RequestContext("execute-api:Invoke", "arn:aws:execute-api:us-east-1:111111111111:zzzzzzzzzz/$default/GET/items");

        Assert.Equal(PolicyDecision.ImplicitDeny, PolicyEvaluator.Evaluate(new[] { Permissions }, context).Decision);
    }

    [Fact]
    public void Other_action_is_implicitly_denied()
    {
        var context = new RequestContext("execute-api:ManageConnections", SeedPolicies.InvokeArn("$default", "GET", "items"));

        Assert.Equal(PolicyDecision.ImplicitDeny, PolicyEvaluator.Evaluate(new[] { Permissions }, context).Decision);
    }

    [Fact]
    public void Action_match_is_case_insensitive()
    {
        var context = new RequestContext("Execute-API:invoke", SeedPolicies.InvokeArn("$default", "GET", "items"));

        Assert.Equal(PolicyDecision.Allowed, PolicyEvaluator.Evaluate(new[] { Permissions }, context).Decision);
    }

    [Fact]
    public void Resource_match_is_case_sensitive()
    {
        var context = new RequestContext("execute-api:Invoke", SeedPolicies.InvokeArn("prod", "get", "items"));

        Assert.Equal(PolicyDecision.ImplicitDeny, PolicyEvaluator.Evaluate(new[] { Permissions }, context).Decision);
    }

    private static PolicyEvaluationResult AssumeRole(string trustJson, string roleName, string callerArn, RequestContextOptions? options = null)
    {
        var context = new RequestContext("sts:AssumeRole", SeedPolicies.RoleArn(roleName))
        {
            PrincipalArn = callerArn,
            ConditionKeys = options?.Keys ?? new Dictionary<string, IReadOnlyList<string>>(),
            Missing = options?.Missing ?? MissingConditionKeys.Absent,
        };
        return PolicyEvaluator.Evaluate(new[] { PolicyDocument.Parse(trustJson) }, context, PolicyKind.Resource);
    }

    private sealed record RequestContextOptions(Dictionary<string, IReadOnlyList<string>> Keys, MissingConditionKeys Missing = MissingConditionKeys.Absent);

    [Theory]
    [InlineData("arn:aws:sts::222222222222:assumed-role/CallerRole/ci-run")]
    [InlineData("arn:aws:iam::222222222222:user/alice")]
    [InlineData("arn:aws:iam::222222222222:role/deploy/CallerRole")]
    [InlineData("arn:aws:iam::222222222222:root")]
    public void Trust_of_account_root_admits_every_principal_of_that_account(string caller)
    {
        Assert.Equal(PolicyDecision.Allowed, AssumeRole(SeedPolicies.CrossAccountInvokerTrust, "CrossAccountInvoker", caller).Decision);
    }

    [Theory]
    [InlineData("arn:aws:sts::333333333333:assumed-role/CallerRole/ci-run")]
    [InlineData("arn:aws:iam::111111111111:user/alice")]
    [InlineData("arn:aws-cn:iam::222222222222:user/alice")]
    public void Trust_of_account_root_rejects_other_accounts(string caller)
    {
        Assert.Equal(PolicyDecision.ImplicitDeny, AssumeRole(SeedPolicies.CrossAccountInvokerTrust, "CrossAccountInvoker", caller).Decision);
    }

    [Fact]
    public void Trust_policy_for_other_action_does_not_apply()
    {
        var context = new RequestContext("sts:AssumeRoleWithWebIdentity", SeedPolicies.RoleArn("CrossAccountInvoker"))
        {
            PrincipalArn = SeedPolicies.CallerSession,
        };

        PolicyEvaluationResult result = PolicyEvaluator.Evaluate(new[] { PolicyDocument.Parse(SeedPolicies.CrossAccountInvokerTrust) }, context, PolicyKind.Resource);

        Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
    }

    [Fact]
    public void AuditReader_requires_the_exact_external_id()
    {
        var keys = new Dictionary<string, IReadOnlyList<string>> { ["sts:ExternalId"] = new[] { "audit-2026" } };
        Assert.Equal(PolicyDecision.Allowed, AssumeRole(SeedPolicies.AuditReaderTrust, "AuditReader", SeedPolicies.CallerSession, new(keys)).Decision);

        keys["sts:ExternalId"] = new[] { "audit-2025" };
        Assert.Equal(PolicyDecision.ImplicitDeny, AssumeRole(SeedPolicies.AuditReaderTrust, "AuditReader", SeedPolicies.CallerSession, new(keys)).Decision);

        keys["sts:ExternalId"] = new[] { "AUDIT-2026" };
        Assert.Equal(PolicyDecision.ImplicitDeny, AssumeRole(SeedPolicies.AuditReaderTrust, "AuditReader", SeedPolicies.CallerSession, new(keys)).Decision);
    }

    [Fact]
    public void AuditReader_condition_key_name_is_case_insensitive()
    {
        var keys = new Dictionary<string, IReadOnlyList<string>> { ["STS:externalid"] = new[] { "audit-2026" } };

        Assert.Equal(PolicyDecision.Allowed, AssumeRole(SeedPolicies.AuditReaderTrust, "AuditReader", SeedPolicies.CallerSession, new(keys)).Decision);
    }

    [Fact]
    public void AuditReader_without_external_id_is_denied_at_IAM_and_unevaluated_offline()
    {
        PolicyEvaluationResult absent = AssumeRole(SeedPolicies.AuditReaderTrust, "AuditReader", SeedPolicies.CallerSession);
        Assert.Equal(PolicyDecision.ImplicitDeny, absent.Decision);
        Assert.True(absent.IsConclusive);

        PolicyEvaluationResult unknown = AssumeRole(SeedPolicies.AuditReaderTrust, "AuditReader", SeedPolicies.CallerSession, new(new(), MissingConditionKeys.Unknown));
        Assert.Equal(PolicyDecision.ImplicitDeny, unknown.Decision);
        UnevaluatedCondition pending = Assert.Single(unknown.UnevaluatedConditions);
        Assert.Equal("sts:ExternalId", pending.Condition.Key);
        Assert.Equal("StringEquals", pending.Condition.Operator);
        Assert.Contains("not in the request context", pending.Reason);
    }

    [Theory]
    [InlineData("true", PolicyDecision.Allowed)]
    [InlineData("TRUE", PolicyDecision.Allowed)]
    [InlineData("false", PolicyDecision.ImplicitDeny)]
    public void MfaOperator_requires_mfa(string mfa, PolicyDecision expected)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>> { ["aws:MultiFactorAuthPresent"] = new[] { mfa } };

        Assert.Equal(expected, AssumeRole(SeedPolicies.MfaOperatorTrust, "MfaOperator", SeedPolicies.CallerSession, new(keys)).Decision);
    }

    [Fact]
    public void MfaOperator_without_the_mfa_key_is_denied_at_IAM_and_unevaluated_offline()
    {
        Assert.Equal(PolicyDecision.ImplicitDeny, AssumeRole(SeedPolicies.MfaOperatorTrust, "MfaOperator", SeedPolicies.CallerSession).Decision);

        PolicyEvaluationResult unknown = AssumeRole(SeedPolicies.MfaOperatorTrust, "MfaOperator", SeedPolicies.CallerSession, new(new(), MissingConditionKeys.Unknown));
        Assert.False(unknown.IsConclusive);
        Assert.Equal("aws:MultiFactorAuthPresent", Assert.Single(unknown.UnevaluatedConditions).Condition.Key);
    }

    [Fact]
    public void Seed_policy_with_trailing_comma_is_rejected()
    {
        var error = Assert.Throws<CrossAcctApiException>(() => PolicyDocument.Parse(SeedPolicies.CrossAccountInvokerWithTrailingComma));

        Assert.Equal("InvalidPolicyDocument", error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.Contains("not valid JSON", error.Message);
    }
}
