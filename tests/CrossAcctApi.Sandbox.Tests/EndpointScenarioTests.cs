using System.Net;
using CrossAcctApi.Sandbox.Tests.Infrastructure;
using static CrossAcctApi.Sandbox.Tests.Infrastructure.EndpointScenario;

namespace CrossAcctApi.Sandbox.Tests;

/// <summary>
/// IAM's same-account and cross-account rules for REST APIs and function URLs, caller by caller (apigateway-authorization-flow
/// Tables A and B; urls-auth), with <see cref="EndpointScenario"/>.
/// </summary>
public sealed class EndpointScenarioTests : IClassFixture<EndpointSandboxFixture>
{
    private readonly EndpointSandboxFixture _fixture;

    public EndpointScenarioTests(EndpointSandboxFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.Reset();
    }

    private Task<ApiResponse> RestAsync(string path, TestKey? key, string method = "GET") =>
        ApiCaller.SendAsync(new HttpMethod(method), _fixture.Server.RestUri(RestId, "prod", path), key);

    private Task<ApiResponse> FunctionAsync(string name, TestKey? key) =>
        ApiCaller.SendAsync(HttpMethod.Get, _fixture.Server.FunctionUri(UrlId(name)), key, signing: Endpoints.Lambda());

    private static string Denied(string who, string path, bool explicitDeny = false) =>
        $"User: {who} is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********1111:{RestId}/prod/GET/{path.TrimStart('/')}"
        + (explicitDeny ? " with an explicit deny" : string.Empty);

    [Theory]
    [InlineData("a-user", true)]    // same account: the identity policy alone
    [InlineData("a-plain", false)]  // same account, allowed by nothing
    [InlineData("b-user", true)]    // other account: resource policy and identity policy
    [InlineData("b-plain", false)]  // other account: the resource policy alone is not enough
    public async Task Each_caller_kind_is_decided_as_IAM_decides(string user, bool allowed)
    {
        var key = new[] { AUser, APlain, BUser, BPlain }.Single(k => k.Arn.EndsWith("/" + user, StringComparison.Ordinal));
        var response = await RestAsync("/open", key);
        if (allowed) Assert.Equal(HttpStatusCode.OK, response.Status);
        else EndpointAsserts.AccessDenied(response, Denied(key.Arn, "/open"));
    }

    [Fact]
    public async Task An_explicit_deny_on_either_side_wins()
    {
        EndpointAsserts.AccessDenied(await RestAsync("/mine", AUser), Denied(AUser.Arn, "/mine", explicitDeny: true));
        EndpointAsserts.AccessDenied(await RestAsync("/secret", BUser), Denied(BUser.Arn, "/secret", explicitDeny: true));
        EndpointAsserts.AccessDenied(await RestAsync("/blocked", key: null), Denied("anonymous", "/blocked", explicitDeny: true));
    }

    [Fact]
    public async Task The_execute_api_shorthand_stands_for_the_APIs_own_ARN()
    {
        var response = await RestAsync("/files/a/b.txt", BUser, "PUT");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("a/b.txt", response.Json.GetProperty("proxy").GetString());
    }

    [Fact]
    public async Task Through_an_endpoint_aws_VpcSourceIp_is_known_and_aws_SourceIp_is_not()
    {
        var vpcIp = await ApiCaller.GetAsync(_fixture.Server.RestUri(PrivateId, "prod", "/vpc-ip", Associated), key: null);
        Assert.Equal(HttpStatusCode.OK, vpcIp.Status);

        var sourceIp = await ApiCaller.GetAsync(_fixture.Server.RestUri(PrivateId, "prod", "/source-ip", Associated), key: null);
        EndpointAsserts.AccessDenied(sourceIp, $"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********1111:{PrivateId}/prod/GET/source-ip");
    }

    [Fact]
    public async Task An_endpoint_not_associated_with_the_API_has_no_alias_name_but_may_use_the_header()
    {
        EndpointAsserts.Forbidden(await ApiCaller.GetAsync(_fixture.Server.RestUri(PrivateId, "prod", "/vpc-ip", NotAssociated), key: null));

        var byHeader = await ApiCaller.SendAsync(HttpMethod.Get, _fixture.Server.VpceUri(NotAssociated, "prod", "/vpc-ip"), key: null,
            signing: new SigningOptions { Headers = new() { ["x-apigw-api-id"] = PrivateId } });
        Assert.Equal(HttpStatusCode.OK, byHeader.Status);
    }

    [Fact]
    public async Task A_function_without_a_policy_admits_its_own_account_by_identity_policy_only()
    {
        var own = await FunctionAsync("by-identity", AUser);
        Assert.Equal(HttpStatusCode.OK, own.Status);
        Assert.Equal(AUser.Arn, own.Json.GetProperty("caller").GetString());

        Assert.Equal(HttpStatusCode.Forbidden, (await FunctionAsync("by-identity", APlain)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await FunctionAsync("by-identity", BUser)).Status);
        Assert.Equal(2, _fixture.Server.Stats.Lambda.CountOf("AccessDeniedInvokeFunctionUrl"));
    }

    [Theory]
    [InlineData("wrong-auth-type", "AccessDeniedInvokeFunctionUrl")] // lambda:FunctionUrlAuthType is AWS_IAM, not NONE
    [InlineData("swapped-keys", "AccessDeniedInvokeFunction")]       // InvokeFunction carries no lambda:FunctionUrlAuthType
    [InlineData("denied-invoke", "AccessDeniedInvokeFunction")]      // an explicit deny with lambda:InvokedViaFunctionUrl
    public async Task Function_policy_conditions_are_evaluated_per_action(string function, string outcome)
    {
        var response = await FunctionAsync(function, BUser);
        EndpointAsserts.AccessDenied(response, "Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html");
        Assert.Equal(1, _fixture.Server.Stats.Lambda.CountOf(outcome));
    }

    [Fact]
    public async Task A_public_URL_granted_only_lambda_InvokeFunctionUrl_is_Forbidden_since_the_2026_deadline()
    {
        var response = await FunctionAsync("public-url-only", key: null);
        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal(1, _fixture.Server.Stats.Lambda.CountOf("AccessDeniedInvokeFunction"));
    }
}
