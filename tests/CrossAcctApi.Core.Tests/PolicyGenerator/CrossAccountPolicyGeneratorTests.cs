using System.Text.Json;
using CrossAcctApi.Core.Policy;
using CrossAcctApi.Core.Policy.Generator;
using Xunit;
using static CrossAcctApi.Core.Tests.PolicyGenerator.GeneratorFixtures;
using CrossAcctApi.Core.Arns;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Tests.PolicyGenerator;

/// <summary>
/// The generator's documents and invoke policy: layout, routes to resources, stage and partition, and input validation.
/// The trust and caller policies are in <see cref="CrossAccountTrustPolicyTests"/>.
/// </summary>
public class CrossAccountPolicyGeneratorTests
{
    [Fact]
    public void The_three_documents_have_a_stable_layout()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request("GET /items/*", "POST /orders"));

        Assert.Equal(
            """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": "InvokeApiRoutes",
                  "Effect": "Allow",
                  "Action": "execute-api:Invoke",
                  "Resource": [
                    "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/items/*",
                    "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/POST/orders"
                  ]
                }
              ]
            }
            """.ReplaceLineEndings("\n"),
            set.InvokePolicy);
        Assert.Equal(
            """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": "TrustCallerAccount",
                  "Effect": "Allow",
                  "Principal": {
                    "AWS": "arn:aws:iam::222222222222:root"
                  },
                  "Action": "sts:AssumeRole"
                }
              ]
            }
            """.ReplaceLineEndings("\n"),
            set.TrustPolicy);
        Assert.Equal(
            """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": "AssumeInvokerRole",
                  "Effect": "Allow",
                  "Action": "sts:AssumeRole",
                  "Resource": "arn:aws:iam::111111111111:role/CrossAccountInvoker"
                }
              ]
            }
            """.ReplaceLineEndings("\n"),
            set.CallerPolicy);
        Assert.Equal("arn:aws:iam::111111111111:role/CrossAccountInvoker", set.RoleArn);
        Assert.Equal(new[] { "GET /items/*", "POST /orders" }, set.Routes);
    }

    [Fact]
    public void Condition_elements_come_last_in_the_documented_order()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request("GET /x").WithOptions(externalId: "audit-2026", mfa: true));

        using JsonDocument trust = JsonDocument.Parse(set.TrustPolicy);
        JsonElement statement = trust.RootElement.GetProperty("Statement")[0];
        Assert.Equal(new[] { "Sid", "Effect", "Principal", "Action", "Condition" }, statement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(new[] { "StringEquals", "Bool" }, statement.GetProperty("Condition").EnumerateObject().Select(p => p.Name));
        Assert.Equal("audit-2026", statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("sts:ExternalId").GetString());
        Assert.Equal("true", statement.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:MultiFactorAuthPresent").GetString());
        Assert.Equal(new[] { "Version", "Statement" }, trust.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData()]
    [InlineData("GET /items/*")]
    [InlineData("GET /items/{id}", "ANY /{proxy+}", "$default")]
    public void Every_document_round_trips_through_the_strict_parser(params string[] routes)
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request(routes).WithOptions(externalId: "x+y=z,a.b@c:d/e-f_g", mfa: true, principal: "arn:aws:iam::222222222222:role/ops-engineer"));

        foreach (string json in new[] { set.InvokePolicy, set.TrustPolicy, set.CallerPolicy })
        {
            PolicyDocument parsed = PolicyDocument.Parse(json);
            Assert.Equal(PolicyDocument.Version2012, parsed.Version);
            Assert.DoesNotContain("\r", json);
            Assert.DoesNotContain("\\u", json);
        }

        Assert.Equal(set.InvokePolicy, set.InvokePolicyDocument.Json);
        Assert.Equal(set.TrustPolicy, set.TrustPolicyDocument.Json);
        Assert.Equal(set.CallerPolicy, set.CallerPolicyDocument.Json);
    }

    [Fact]
    public void A_wildcard_route_allows_its_calls_and_nothing_else()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request("GET /items/*"));

        Assert.Equal(PolicyDecision.Allowed, Invoke(set, "$default", "GET", "items/42"));
        Assert.Equal(PolicyDecision.Allowed, Invoke(set, "$default", "GET", "items/42/parts/7"));
        Assert.Equal(PolicyDecision.ImplicitDeny, Invoke(set, "$default", "POST", "items/42"));
        Assert.Equal(PolicyDecision.ImplicitDeny, Invoke(set, "$default", "GET", "admin/report"));
        Assert.Equal(PolicyDecision.ImplicitDeny, Invoke(set, "$default", "GET", "items"));
        Assert.Equal(PolicyDecision.ImplicitDeny, Invoke(set, "prod", "GET", "items/42"));
        Assert.Equal(PolicyDecision.ImplicitDeny, PolicyEvaluator.Evaluate(set.InvokePolicyDocument, new RequestContext("execute-api:Invoke", InvokeArn("$default", "GET", "items/42", account: OtherAccount))).Decision);
        Assert.Equal(PolicyDecision.ImplicitDeny, PolicyEvaluator.Evaluate(set.InvokePolicyDocument, new RequestContext("execute-api:Invoke", InvokeArn("$default", "GET", "items/42", apiId: "zzzzzzzzzz"))).Decision);
        Assert.Equal(PolicyDecision.ImplicitDeny, PolicyEvaluator.Evaluate(set.InvokePolicyDocument, new RequestContext("execute-api:Invoke", InvokeArn("$default", "GET", "items/42", region: "us-west-2"))).Decision);
        Assert.Equal(PolicyDecision.ImplicitDeny, PolicyEvaluator.Evaluate(set.InvokePolicyDocument, new RequestContext("execute-api:ManageConnections", InvokeArn("$default", "GET", "items/42"))).Decision);
    }

    [Fact]
    public void Literal_routes_allow_exactly_their_method_and_path()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request("get /items", "POST /orders", "GET /"));

        Assert.Equal(PolicyDecision.Allowed, Invoke(set, "$default", "GET", "items"));
        Assert.Equal(PolicyDecision.Allowed, Invoke(set, "$default", "POST", "orders"));
        Assert.Equal(PolicyDecision.Allowed, Invoke(set, "$default", "GET", ""));
        Assert.Equal(PolicyDecision.ImplicitDeny, Invoke(set, "$default", "GET", "items/1"));
        Assert.Equal(PolicyDecision.ImplicitDeny, Invoke(set, "$default", "GET", "orders"));
        Assert.Equal(PolicyDecision.ImplicitDeny, Invoke(set, "$default", "POST", "items"));
        Assert.Equal(PolicyDecision.ImplicitDeny, Invoke(set, "$default", "GET", "Items"));
    }

    [Fact]
    public void Any_allows_every_method_on_the_path_only()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request("ANY /items/{proxy+}"));

        Assert.Equal(
            new[] { "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT" }.Select(m => InvokeArn("$default", m, "items/*")),
            set.InvokeResources);
        foreach (string method in new[] { "GET", "POST", "DELETE", "PATCH", "PUT", "HEAD", "OPTIONS" })
        {
            Assert.Equal(PolicyDecision.Allowed, Invoke(set, "$default", method, "items/1/2"));
            Assert.Equal(PolicyDecision.ImplicitDeny, Invoke(set, "$default", method, "orders/1"));
        }

        Assert.Empty(set.Warnings);
    }

    [Fact]
    public void Any_is_not_a_method_wildcard_that_could_span_into_the_path()
    {
        // ".../$default/*/items" would match ".../$default/GET/admin/items": '*' spans '/'.
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request("ANY /items"));

        Assert.Equal(PolicyDecision.Allowed, Invoke(set, "$default", "GET", "items"));
        Assert.Equal(PolicyDecision.ImplicitDeny, Invoke(set, "$default", "GET", "admin/items"));
        Assert.DoesNotContain(set.InvokeResources, r => r.Contains("/*/"));
    }

    [Fact]
    public void The_default_route_allows_the_whole_stage()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request("$default") with { Stage = "prod" });

        Assert.Equal(new[] { InvokeArn("prod", "*", "*") }, set.InvokeResources);
        Assert.Equal(PolicyDecision.Allowed, Invoke(set, "prod", "PATCH", "x/y"));
        Assert.Equal(PolicyDecision.ImplicitDeny, Invoke(set, "$default", "PATCH", "x/y"));
    }

    [Fact]
    public void A_path_parameter_becomes_a_wildcard_and_the_widening_is_reported()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request("GET /items/{id}"));

        Assert.Equal(new[] { InvokeArn("$default", "GET", "items/*") }, set.InvokeResources);
        Assert.Equal(PolicyDecision.Allowed, Invoke(set, "$default", "GET", "items/42"));
        Assert.Contains(set.Warnings, w => w.Contains("GET /items/{id}") && w.Contains("deeper paths"));
    }

    [Fact]
    public void Routes_that_give_the_same_resource_are_listed_once()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request("GET /items/*", "get /items/{proxy+}", "GET /items/*"));

        Assert.Equal(new[] { InvokeArn("$default", "GET", "items/*") }, set.InvokeResources);
        Assert.Equal(new[] { "GET /items/*", "GET /items/{proxy+}" }, set.Routes);
    }

    [Fact]
    public void Without_routes_the_whole_stage_is_allowed_with_a_warning()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request());

        Assert.Equal(new[] { InvokeArn("$default", "*", "*") }, set.InvokeResources);
        Assert.Equal(PolicyDecision.Allowed, Invoke(set, "$default", "DELETE", "anything/at/all"));
        Assert.Equal(PolicyDecision.ImplicitDeny, Invoke(set, "prod", "GET", "items"));
        Assert.Contains(set.Warnings, w => w.StartsWith("No route was given (the Route setting)", StringComparison.Ordinal));
        set.UsePhrasing(new DashPhrasing());
        Assert.Contains(set.Warnings, w => w.StartsWith("No route was given (-Route)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_named_stage_is_the_stage_of_every_resource()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request("GET /items/*") with { Stage = "prod" });

        Assert.Equal("prod", set.Stage);
        Assert.Equal(PolicyDecision.Allowed, Invoke(set, "prod", "GET", "items/1"));
        Assert.Equal(PolicyDecision.ImplicitDeny, Invoke(set, "$default", "GET", "items/1"));
        Assert.Equal(PolicyDecision.ImplicitDeny, Invoke(set, "dev", "GET", "items/1"));
    }

    [Fact]
    public void The_partition_follows_the_region()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(new CrossAccountPolicyRequest(ApiAccount, CallerAccount, ApiId, "cn-north-1") { Routes = new[] { "GET /x" } });

        Assert.Equal("aws-cn", set.Partition);
        Assert.Equal("arn:aws-cn:execute-api:cn-north-1:111111111111:a1b2c3d4e5/$default/GET/x", Assert.Single(set.InvokeResources));
        Assert.Equal("arn:aws-cn:iam::111111111111:role/CrossAccountInvoker", set.RoleArn);
        Assert.Equal("arn:aws-cn:iam::222222222222:root", set.TrustedPrincipal);
    }

    [Fact]
    public void Inputs_are_normalised()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(new CrossAccountPolicyRequest(" 111111111111 ", "222222222222", "A1B2C3D4E5", "US-EAST-1"));

        Assert.Equal("a1b2c3d4e5", set.ApiId);
        Assert.Equal("us-east-1", set.Region);
        Assert.Equal("111111111111", set.ApiAccountId);
    }

    public static TheoryData<Func<CrossAccountPolicyRequest>, string> InvalidRequests() => new()
    {
        { () => new(ApiAccount[..11], CallerAccount, ApiId, Region), RequestErrors.InvalidAccountId },
        { () => new("11111111111a", CallerAccount, ApiId, Region), RequestErrors.InvalidAccountId },
        { () => new(ApiAccount, "2222222222222", ApiId, Region), RequestErrors.InvalidAccountId },
        { () => new(ApiAccount, "", ApiId, Region), RequestErrors.InvalidAccountId },
        { () => new(ApiAccount, CallerAccount, "a1b2c3d4e", Region), RequestErrors.InvalidApiId },
        { () => new(ApiAccount, CallerAccount, "a1b2c3d4e5f", Region), RequestErrors.InvalidApiId },
        { () => new(ApiAccount, CallerAccount, "a1b2c3d4e_", Region), RequestErrors.InvalidApiId },
        { () => new(ApiAccount, CallerAccount, ApiId, "useast1"), AwsRegion.InvalidRegion },
        { () => new(ApiAccount, CallerAccount, ApiId, ""), AwsRegion.InvalidRegion },
        { () => new(ApiAccount, CallerAccount, ApiId, Region) { Stage = "" }, RequestErrors.InvalidStage },
        { () => new(ApiAccount, CallerAccount, ApiId, Region) { Stage = "pr od" }, RequestErrors.InvalidStage },
        { () => new(ApiAccount, CallerAccount, ApiId, Region) { Stage = "*" }, RequestErrors.InvalidStage },
        { () => new(ApiAccount, CallerAccount, ApiId, Region) { Stage = "prod*" }, RequestErrors.InvalidStage },
        { () => new(ApiAccount, CallerAccount, ApiId, Region) { Stage = "default" + new string('x', 128) }, RequestErrors.InvalidStage },
        { () => new(ApiAccount, CallerAccount, ApiId, Region) { Routes = new[] { "GET /ok", "FETCH /x" } }, PolicyToolErrors.InvalidRoute },
        { () => new(ApiAccount, CallerAccount, ApiId, Region) { RoleName = "" }, PolicyToolErrors.InvalidRoleName },
        { () => new(ApiAccount, CallerAccount, ApiId, Region) { RoleName = "bad/name" }, PolicyToolErrors.InvalidRoleName },
        { () => new(ApiAccount, CallerAccount, ApiId, Region) { RoleName = new string('r', 65) }, PolicyToolErrors.InvalidRoleName },
        { () => new(ApiAccount, CallerAccount, ApiId, Region) { CallerPrincipalArn = "ops-engineer" }, PolicyToolErrors.InvalidPrincipalArn },
        { () => new(ApiAccount, CallerAccount, ApiId, Region) { CallerPrincipalArn = "arn:aws:iam::333333333333:role/ops" }, PolicyToolErrors.InvalidPrincipalArn },
        { () => new(ApiAccount, CallerAccount, ApiId, Region) { CallerPrincipalArn = "arn:aws:sts::222222222222:assumed-role/ops/s" }, PolicyToolErrors.InvalidPrincipalArn },
        { () => new(ApiAccount, CallerAccount, ApiId, Region) { CallerPrincipalArn = "arn:aws:iam::222222222222:group/ops" }, PolicyToolErrors.InvalidPrincipalArn },
        { () => new(ApiAccount, CallerAccount, ApiId, Region) { CallerPrincipalArn = "arn:aws-cn:iam::222222222222:role/ops" }, PolicyToolErrors.InvalidPrincipalArn },
        { () => new(ApiAccount, CallerAccount, ApiId, Region) { ExternalId = "x" }, PolicyToolErrors.InvalidExternalId },
        { () => new(ApiAccount, CallerAccount, ApiId, Region) { ExternalId = "has space" }, PolicyToolErrors.InvalidExternalId },
        { () => new(ApiAccount, CallerAccount, ApiId, Region) { ExternalId = new string('e', 1225) }, PolicyToolErrors.InvalidExternalId },
        { () => new(ApiAccount, CallerAccount, ApiId, Region) { MaxSessionDuration = 3599 }, PolicyToolErrors.InvalidMaxSessionDuration },
        { () => new(ApiAccount, CallerAccount, ApiId, Region) { MaxSessionDuration = 43201 }, PolicyToolErrors.InvalidMaxSessionDuration },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public void Invalid_inputs_have_stable_error_ids(Func<CrossAccountPolicyRequest> request, string errorId)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => CrossAccountPolicyGenerator.Generate(request()));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
    }

    [Fact]
    public void An_empty_stage_hints_at_double_quotes()
    {
        var error = Assert.Throws<CrossAcctApiException>(() => CrossAccountPolicyGenerator.Generate(Request() with { Stage = "" }));

        Assert.Contains("double quotes", error.Message);
    }

    [Theory]
    [InlineData(3600)]
    [InlineData(43200)]
    public void The_session_duration_bounds_are_inclusive(int seconds)
    {
        Assert.Equal(seconds, CrossAccountPolicyGenerator.Generate(Request() with { MaxSessionDuration = seconds }).MaxSessionDuration);
    }
}
