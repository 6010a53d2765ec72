using CrossAcctApi.Core.Policy;
using Xunit;
using static CrossAcctApi.Core.Tests.Policy.PolicyTestHelpers;

namespace CrossAcctApi.Core.Tests.Policy;

public class PolicyEvaluatorTests
{
    [Fact]
    public void No_policies_means_implicit_deny()
    {
        PolicyEvaluationResult result = PolicyEvaluator.Evaluate(Array.Empty<PolicyDocument>(), Request());

        Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
        Assert.False(result.IsAllowed);
        Assert.True(result.IsConclusive);
    }

    [Theory]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/*/*", true)]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*/GET/*", true)]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:*/GET/*", true)]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:*/POST/*", false)]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:*/*/GET/*", true)]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/items/??", true)]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/items/?", false)]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/items/4?", true)]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/items", false)]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/items*", true)]
    [InlineData("arn:aws:execute-api:*:111111111111:a1b2c3d4e5/*", true)]
    [InlineData("arn:aws:execute-api:*:*:a1b2c3d4e5/*/*/items/*", true)]
    [InlineData("arn:aws:execute-api:us-east-?:111111111111:a1b2c3d4e5/*", true)]
    [InlineData("arn:aws:execute-api:us-west-2:111111111111:a1b2c3d4e5/*", false)]
    [InlineData("arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/*", false)]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:A1B2C3D4E5/*", false)]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/*", false)]
    [InlineData("arn:aws:*:us-east-1:111111111111:a1b2c3d4e5/*", true)]
    [InlineData("arn:*", true)]
    [InlineData("arn:aws:execute-api:*", true)]
    [InlineData("arn:aws:execute-api:*:*", true)]
    [InlineData("arn:aws:execute-api:*:222222222222:*", false)]
    [InlineData("arn:aws:execute-api:*:*:*", true)]
    [InlineData("*", true)]
    public void Resource_wildcards(string pattern, bool allowed)
    {
        Assert.Equal(allowed ? PolicyDecision.Allowed : PolicyDecision.ImplicitDeny, Decide(Doc(Allow(pattern)), Request()));
    }

    [Fact]
    public void Wildcard_in_an_arn_part_does_not_span_colons()
    {
        // "us-east-1:111111111111" cannot be eaten by the region's '*': the account part is still compared.
        PolicyDocument doc = Doc(Allow("arn:aws:execute-api:*:a1b2c3d4e5/*"));

        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(doc, Request()));
    }

    [Theory]
    [InlineData("execute-api:Invoke", true)]
    [InlineData("execute-api:*", true)]
    [InlineData("execute-api:Inv*", true)]
    [InlineData("execute-api:Invok?", true)]
    [InlineData("EXECUTE-API:INVOKE", true)]
    [InlineData("*", true)]
    [InlineData("execute-api:InvalidateCache", false)]
    [InlineData("apigateway:*", false)]
    public void Action_patterns(string action, bool allowed)
    {
        Assert.Equal(allowed ? PolicyDecision.Allowed : PolicyDecision.ImplicitDeny, Decide(Doc(Allow("*", action)), Request()));
    }

    [Fact]
    public void Explicit_deny_beats_allow_across_documents_and_order()
    {
        PolicyDocument allow = Doc(Allow("*"));
        PolicyDocument deny = Doc(Deny(ItemsArn));

        foreach (PolicyDocument[] set in new[] { new[] { allow, deny }, new[] { deny, allow } })
        {
            PolicyEvaluationResult result = PolicyEvaluator.Evaluate(set, Request());
            Assert.Equal(PolicyDecision.ExplicitDeny, result.Decision);
            Assert.Equal(2, result.MatchingStatements.Count);
            Assert.Single(result.DenyingStatements);
        }
    }

    [Fact]
    public void Deny_alone_is_explicit_deny_and_unrelated_deny_is_ignored()
    {
        Assert.Equal(PolicyDecision.ExplicitDeny, Decide(Doc(Deny("*")), Request()));
        Assert.Equal(PolicyDecision.Allowed, Decide(Doc(Allow("*"), Deny("arn:aws:execute-api:*:*:other/*")), Request()));
    }

    [Fact]
    public void Matching_statements_report_document_index_and_statement()
    {
        PolicyEvaluationResult result = PolicyEvaluator.Evaluate(
            new[] { Doc(Allow("arn:aws:s3:::x")), Doc("{\"Sid\":\"Second\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}") },
            Request());

        StatementMatch match = Assert.Single(result.MatchingStatements);
        Assert.Equal(1, match.DocumentIndex);
        Assert.Equal("Second", match.Statement.Sid);
        Assert.Equal(PolicyEffect.Allow, match.Effect);
        Assert.Contains("Second", match.ToString());
    }

    [Fact]
    public void NotAction_allows_everything_except_the_listed_actions()
    {
        PolicyDocument doc = Doc("{\"Effect\":\"Allow\",\"NotAction\":\"execute-api:ManageConnections\",\"Resource\":\"*\"}");

        Assert.Equal(PolicyDecision.Allowed, Decide(doc, Request()));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(doc, Request(action: "execute-api:ManageConnections")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(doc, Request(action: "EXECUTE-API:managecONNECTIONS")));
    }

    [Fact]
    public void NotAction_deny_denies_everything_except_the_listed_actions()
    {
        PolicyDocument doc = Doc(Allow("*", "*"), "{\"Effect\":\"Deny\",\"NotAction\":[\"execute-api:*\",\"sts:GetCallerIdentity\"],\"Resource\":\"*\"}");

        Assert.Equal(PolicyDecision.Allowed, Decide(doc, Request()));
        Assert.Equal(PolicyDecision.ExplicitDeny, Decide(doc, Request(action: "s3:GetObject")));
    }

    [Fact]
    public void NotResource_applies_to_every_resource_except_the_listed()
    {
        PolicyDocument doc = Doc(
            Allow("*"),
            "{\"Effect\":\"Deny\",\"Action\":\"execute-api:Invoke\",\"NotResource\":\"arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/*\"}");

        Assert.Equal(PolicyDecision.Allowed, Decide(doc, Request()));
        Assert.Equal(PolicyDecision.ExplicitDeny, Decide(doc, Request("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items")));
    }

    [Fact]
    public void Identity_statement_without_resource_grants_nothing()
    {
        PolicyDocument doc = PolicyDocument.Parse("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\"}}");

        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(doc, Request()));
    }

    [Fact]
    public void Identity_policies_ignore_principal_matching()
    {
        PolicyDocument doc = Doc("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"999999999999\"},\"Action\":\"*\",\"Resource\":\"*\"}");

        Assert.Equal(PolicyDecision.Allowed, Decide(doc, Request()));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(doc, new RequestContext(Invoke, ItemsArn) { PrincipalArn = "arn:aws:iam::111111111111:user/u" }, PolicyKind.Resource));
    }

    [Fact]
    public void Resource_policy_statement_without_principal_applies_to_nobody()
    {
        PolicyDocument doc = Doc(Allow("*"));

        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(doc, new RequestContext(Invoke, ItemsArn) { PrincipalArn = "arn:aws:iam::111111111111:root" }, PolicyKind.Resource));
    }

    [Fact]
    public void Multiple_conditions_are_anded_and_multiple_values_ored()
    {
        PolicyDocument doc = Doc("""
            {"Effect":"Allow","Action":"*","Resource":"*","Condition":{
              "StringEquals":{"aws:PrincipalTag/team":["blue","green"],"aws:RequestedRegion":"us-east-1"},
              "Bool":{"aws:SecureTransport":"true"}}}
            """);
        RequestContext all = Request().With("aws:PrincipalTag/team", "green").With("aws:RequestedRegion", "us-east-1").With("aws:SecureTransport", "true");

        Assert.Equal(PolicyDecision.Allowed, Decide(doc, all));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(doc, all.With("aws:PrincipalTag/team", "red")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(doc, all.With("aws:RequestedRegion", "eu-west-1")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(doc, all.With("aws:SecureTransport", "false")));
    }

    [Fact]
    public void Evaluate_rejects_null_arguments()
    {
        Assert.Throws<ArgumentNullException>(() => PolicyEvaluator.Evaluate((IEnumerable<PolicyDocument>)null!, Request()));
        Assert.Throws<ArgumentNullException>(() => PolicyEvaluator.Evaluate(new[] { Doc(Allow("*")) }, null!));
        Assert.Throws<ArgumentException>(() => PolicyEvaluator.Evaluate(new PolicyDocument[] { null! }, Request()));
    }

    [Fact]
    public void Request_context_rejects_empty_action_and_resource()
    {
        Assert.Equal("InvalidRequestContext", Assert.Throws<CrossAcctApiException>(() => new RequestContext("", ItemsArn)).ErrorId);
        Assert.Equal("InvalidRequestContext", Assert.Throws<CrossAcctApiException>(() => new RequestContext(Invoke, "")).ErrorId);
    }
}
