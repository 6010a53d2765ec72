using CrossAcctApi.Core.Arns;
using CrossAcctApi.Core.Policy;
using CrossAcctApi.Core.Policy.Generator;
using CrossAcctApi.Core.Tests.Policy;
using Xunit;

namespace CrossAcctApi.Core.Tests.PolicyGenerator;

public class ExecuteApiPolicyTesterTests
{
    private static readonly IReadOnlyList<PolicyDocument> Seed = ExecuteApiPolicyTester.ParseDocuments(new[] { SeedPolicies.CrossAccountInvokerPermissions });

    private static ExecuteApiPolicyTestResult Test(string arn, IReadOnlyList<PolicyDocument>? policies = null, Dictionary<string, IReadOnlyList<string>>? keys = null) =>
        ExecuteApiPolicyTester.Test(policies ?? Seed, ExecuteApiArn.Parse(arn), keys);

    [Fact]
    public void The_seed_policy_allows_denies_and_leaves_out()
    {
        ExecuteApiPolicyTestResult allowed = Test(SeedPolicies.InvokeArn("prod", "GET", "items/1"));
        ExecuteApiPolicyTestResult denied = Test(SeedPolicies.InvokeArn("$default", "GET", "v1/admin/users"));
        ExecuteApiPolicyTestResult implicitly = Test(SeedPolicies.InvokeArn("prod", "POST", "items"));

        Assert.Equal(PolicyDecision.Allowed, allowed.Decision);
        Assert.True(allowed.IsAllowed);
        Assert.True(allowed.IsConclusive);
        Assert.Equal("InvokeDefaultAndProdReads", Assert.Single(allowed.MatchingStatements).Sid);
        Assert.StartsWith("Allowed by InvokeDefaultAndProdReads (policy #0)", allowed.Reason);

        Assert.Equal(PolicyDecision.ExplicitDeny, denied.Decision);
        Assert.Contains(denied.MatchingStatements, m => m.Sid == "NeverAdmin" && m.Effect == PolicyEffect.Deny && m.DocumentIndex == 0 && m.StatementIndex == 1);
        Assert.Contains("NeverAdmin", denied.Reason);

        Assert.Equal(PolicyDecision.ImplicitDeny, implicitly.Decision);
        Assert.Empty(implicitly.MatchingStatements);
        Assert.Equal("ImplicitDeny", implicitly.ToString());
    }

    [Fact]
    public void An_unknown_account_is_taken_from_the_policies_when_they_name_one()
    {
        ExecuteApiPolicyTestResult result = Test("arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/prod/GET/items");

        Assert.Equal(PolicyDecision.Allowed, result.Decision);
        Assert.Equal("111111111111", result.AccountId);
        Assert.Contains(result.Assumptions, a => a.Contains("111111111111"));
    }

    [Fact]
    public void An_unknown_account_with_policies_naming_none_cannot_change_the_decision()
    {
        var policies = new[] { PolicyTestHelpers.Doc(PolicyTestHelpers.Allow("arn:aws:execute-api:*:*:a1b2c3d4e5/*")) };

        ExecuteApiPolicyTestResult result = Test("arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/prod/GET/items", policies);

        Assert.Equal(PolicyDecision.Allowed, result.Decision);
        Assert.Equal("*", result.AccountId);
    }

    [Fact]
    public void An_unknown_account_with_policies_naming_several_is_AccountIdRequired()
    {
        var policies = new[]
        {
            PolicyTestHelpers.Doc(PolicyTestHelpers.Allow("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*")),
            PolicyTestHelpers.Doc(PolicyTestHelpers.Deny("arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/*")),
        };

        var error = Assert.Throws<CrossAcctApiException>(() => Test("arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/prod/GET/items", policies));

        Assert.Equal(PolicyToolErrors.AccountIdRequired, error.ErrorId);
    }

    [Fact]
    public void Accounts_in_statements_that_cannot_apply_to_invoke_are_ignored()
    {
        var policies = new[]
        {
            PolicyTestHelpers.Doc(
                PolicyTestHelpers.Allow("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*"),
                PolicyTestHelpers.Allow("arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/*", action: "execute-api:ManageConnections")),
        };

        Assert.Equal("111111111111", Test("arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/prod/GET/items", policies).AccountId);
    }

    [Theory]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/*/items")]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*/GET/items")]
    [InlineData("arn:aws:execute-api:us-east-?:111111111111:a1b2c3d4e5/prod/GET/items")]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e*/prod/GET/items")]
    [InlineData("arn:aws:execute-api:us-east-1:1111111111*:a1b2c3d4e5/prod/GET/items")]
    public void A_pattern_is_not_a_call(string arn)
    {
        Assert.Equal(PolicyToolErrors.ArnIsPattern, Assert.Throws<CrossAcctApiException>(() => Test(arn)).ErrorId);
    }

    [Fact]
    public void A_star_in_the_path_is_a_literal_character_of_the_call()
    {
        ExecuteApiPolicyTestResult result = Test(SeedPolicies.InvokeArn("prod", "GET", "items/*"));

        Assert.Equal(PolicyDecision.Allowed, result.Decision);
    }

    [Fact]
    public void Conditions_without_values_are_reported_not_assumed()
    {
        var policies = new[]
        {
            PolicyTestHelpers.Doc(PolicyTestHelpers.Allow(
                "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*",
                extra: ",\"Sid\":\"OfficeOnly\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}")),
        };
        string arn = SeedPolicies.InvokeArn("prod", "GET", "items");

        ExecuteApiPolicyTestResult unknown = Test(arn, policies);
        ExecuteApiPolicyTestResult inside = Test(arn, policies, new() { ["aws:SourceIp"] = new[] { "203.0.113.9" } });
        ExecuteApiPolicyTestResult outside = Test(arn, policies, new() { ["aws:SourceIp"] = new[] { "198.51.100.1" } });

        Assert.Equal(PolicyDecision.ImplicitDeny, unknown.Decision);
        Assert.False(unknown.IsConclusive);
        PolicyConditionNotEvaluated condition = Assert.Single(unknown.UnevaluatedConditions);
        Assert.Equal(("IpAddress", "aws:SourceIp", "OfficeOnly", PolicyEffect.Allow), (condition.Operator, condition.Key, condition.Sid, condition.Effect));
        Assert.Equal(new[] { "203.0.113.0/24" }, condition.Values);
        Assert.Contains("Not conclusive", unknown.Reason);
        Assert.Contains("pass their values with the ConditionKey setting", unknown.Reason);
        unknown.UsePhrasing(new DashPhrasing());
        Assert.Contains("pass their values with -ConditionKey", unknown.Reason);

        Assert.Equal(PolicyDecision.Allowed, inside.Decision);
        Assert.True(inside.IsConclusive);
        Assert.Equal(PolicyDecision.ImplicitDeny, outside.Decision);
        Assert.True(outside.IsConclusive);
    }

    [Fact]
    public void Documents_are_numbered_in_errors()
    {
        var error = Assert.Throws<CrossAcctApiException>(() => ExecuteApiPolicyTester.ParseDocuments(new[] { SeedPolicies.CrossAccountInvokerPermissions, SeedPolicies.CrossAccountInvokerWithTrailingComma }));

        Assert.Equal(PolicyToolErrors.InvalidPolicyDocument, error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.StartsWith("Policy document #1 (of 2", error.Message);
        Assert.Equal("PolicyDocument[1]", error.Target);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("{\"Statement\":[]}x")]
    public void Garbage_is_InvalidPolicyDocument(string text)
    {
        Assert.Equal(PolicyToolErrors.InvalidPolicyDocument, Assert.Throws<CrossAcctApiException>(() => ExecuteApiPolicyTester.ParseDocuments(new[] { text })).ErrorId);
    }

    [Fact]
    public void No_documents_is_InvalidPolicyDocument()
    {
        Assert.Equal(PolicyToolErrors.InvalidPolicyDocument, Assert.Throws<CrossAcctApiException>(() => ExecuteApiPolicyTester.ParseDocuments(Array.Empty<string>())).ErrorId);
    }

    [Fact]
    public void A_deny_in_a_second_document_wins_and_is_attributed_to_it()
    {
        var policies = new[]
        {
            PolicyTestHelpers.Doc(PolicyTestHelpers.Allow("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*")),
            PolicyTestHelpers.Doc(PolicyTestHelpers.Deny("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/DELETE/*")),
        };

        ExecuteApiPolicyTestResult result = Test(SeedPolicies.InvokeArn("prod", "DELETE", "items/1"), policies);

        Assert.Equal(PolicyDecision.ExplicitDeny, result.Decision);
        Assert.Equal(new[] { (0, PolicyEffect.Allow), (1, PolicyEffect.Deny) }, result.MatchingStatements.Select(m => (m.DocumentIndex, m.Effect)));
        Assert.Equal(2, result.PolicyCount);
        Assert.Contains("statement #0 (policy #1)", result.Reason);
    }

    [Fact]
    public void Generated_policies_test_as_intended()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(GeneratorFixtures.Request("GET /items/*"));
        IReadOnlyList<PolicyDocument> invoke = ExecuteApiPolicyTester.ParseDocuments(new[] { set.InvokePolicy });

        Assert.Equal(PolicyDecision.Allowed, ExecuteApiPolicyTester.Test(invoke, ExecuteApiArn.Parse(GeneratorFixtures.InvokeArn("$default", "GET", "items/42"))).Decision);
        Assert.Equal(PolicyDecision.ImplicitDeny, ExecuteApiPolicyTester.Test(invoke, ExecuteApiArn.Parse(GeneratorFixtures.InvokeArn("$default", "POST", "items/42"))).Decision);
        Assert.Equal(PolicyDecision.ImplicitDeny, ExecuteApiPolicyTester.Test(invoke, ExecuteApiArn.Parse(GeneratorFixtures.InvokeArn("$default", "GET", "admin/report"))).Decision);
    }
}
