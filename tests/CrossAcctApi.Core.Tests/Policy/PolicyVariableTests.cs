using CrossAcctApi.Core.Policy;
using Xunit;
using static CrossAcctApi.Core.Tests.Policy.PolicyTestHelpers;

namespace CrossAcctApi.Core.Tests.Policy;

public class PolicyVariableTests
{
    private const string UserPathPattern = "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/*/users/${aws:username}/*";

    private static RequestContext UserRequest(string user) =>
        Request($"arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/users/{user}/profile");

    [Fact]
    public void Resource_variables_are_resolved_from_condition_keys()
    {
        PolicyDocument doc = Doc(Allow(UserPathPattern));

        Assert.Equal(PolicyDecision.Allowed, Decide(doc, UserRequest("alice").With("aws:username", "alice")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(doc, UserRequest("bob").With("aws:username", "alice")));
    }

    [Fact]
    public void Missing_variable_matches_nothing_at_IAM_and_is_unevaluated_offline()
    {
        PolicyDocument doc = Doc(Allow(UserPathPattern));

        PolicyEvaluationResult absent = PolicyEvaluator.Evaluate(new[] { doc }, UserRequest("alice"));
        PolicyEvaluationResult unknown = PolicyEvaluator.Evaluate(new[] { doc }, UserRequest("alice").WithMissing(MissingConditionKeys.Unknown));

        Assert.Equal(PolicyDecision.ImplicitDeny, absent.Decision);
        Assert.True(absent.IsConclusive);
        Assert.Equal(PolicyDecision.ImplicitDeny, unknown.Decision);
        UnevaluatedCondition pending = Assert.Single(unknown.UnevaluatedConditions);
        Assert.Equal("Resource", pending.Condition.Operator);
        Assert.Equal("${aws:username}", pending.Condition.Key);
    }

    [Fact]
    public void Variable_values_are_literal_even_when_they_contain_wildcards()
    {
        PolicyDocument doc = Doc(Allow(UserPathPattern));

        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(doc, UserRequest("alice").With("aws:username", "*")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(doc, UserRequest("alice").With("aws:username", "?lice")));
        Assert.Equal(PolicyDecision.Allowed, Decide(doc, UserRequest("*").With("aws:username", "*")));
    }

    [Fact]
    public void Special_literal_variables()
    {
        PolicyDocument doc = Doc(Allow("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/${*}${?}${$}"));

        Assert.Equal(PolicyDecision.Allowed, Decide(doc, Request("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/*?$")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(doc, Request("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/ab$")));
    }

    [Fact]
    public void Default_values_apply_when_the_key_is_absent()
    {
        PolicyDocument doc = Doc(Allow("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/*/users/${aws:PrincipalTag/team, 'shared'}/*"));

        Assert.Equal(PolicyDecision.Allowed, Decide(doc, UserRequest("shared")));
        Assert.Equal(PolicyDecision.Allowed, Decide(doc, UserRequest("blue").With("aws:PrincipalTag/team", "blue")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(doc, UserRequest("shared").With("aws:PrincipalTag/team", "blue")));
    }

    [Fact]
    public void Legacy_version_treats_variables_as_text()
    {
        PolicyDocument doc = PolicyDocument.Parse("{\"Version\":\"2008-10-17\",\"Statement\":" + Allow(UserPathPattern) + "}");

        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(doc, UserRequest("alice").With("aws:username", "alice")));
        Assert.Equal(PolicyDecision.Allowed, Decide(doc, UserRequest("${aws:username}")));
    }

    [Fact]
    public void Condition_values_take_variables()
    {
        PolicyDocument doc = AllowIf("StringEquals", "aws:PrincipalTag/owner", "\"${aws:username}\"");

        Assert.Equal(PolicyDecision.Allowed, Decide(doc, Request().With("aws:username", "alice").With("aws:PrincipalTag/owner", "alice")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(doc, Request().With("aws:username", "alice").With("aws:PrincipalTag/owner", "bob")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(doc, Request().With("aws:PrincipalTag/owner", "alice")));

        PolicyEvaluationResult unknown = PolicyEvaluator.Evaluate(new[] { doc }, Request().With("aws:PrincipalTag/owner", "alice").WithMissing(MissingConditionKeys.Unknown));
        Assert.Contains("${aws:username}", Assert.Single(unknown.UnevaluatedConditions).Reason);
    }

    [Fact]
    public void Multi_valued_key_is_not_a_variable()
    {
        PolicyDocument doc = Doc(Allow(UserPathPattern));

        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(doc, UserRequest("alice").With("aws:username", "alice", "bob")));
    }

    [Fact]
    public void NotResource_with_unknown_variable_is_unevaluated()
    {
        PolicyDocument doc = Doc(Allow("*"), "{\"Effect\":\"Deny\",\"Action\":\"*\",\"NotResource\":\"" + UserPathPattern + "\"}");

        PolicyEvaluationResult result = PolicyEvaluator.Evaluate(new[] { doc }, UserRequest("alice").WithMissing(MissingConditionKeys.Unknown));

        Assert.Equal(PolicyDecision.Allowed, result.Decision);
        Assert.Equal("NotResource", Assert.Single(result.UnevaluatedConditions).Condition.Operator);
    }
}
