using System.Net;
using CrossAcctApi.Sandbox.Tests.Infrastructure;

namespace CrossAcctApi.Sandbox.Tests;

/// <summary>
/// The seed's private REST API p9o8i7u6y5: reachable only through an interface VPC endpoint (the endpoint's alias host
/// name, or its own with x-apigw-api-id or Host), its resource policy deciding with aws:SourceVpce and aws:SourceVpc.
/// </summary>
public sealed class PrivateRestApiTests : IClassFixture<SandboxFixture>
{
    private const string ApiHost = "p9o8i7u6y5.execute-api.us-east-1.amazonaws.com";
    private readonly SandboxFixture _fixture;

    public PrivateRestApiTests(SandboxFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.Reset();
    }

    private Uri Ledger(string path, string? vpceId) => _fixture.Server.RestUri(Endpoints.PrivateApiId, "prod", path, vpceId);

    [Fact]
    public async Task Through_the_endpoint_the_policy_allows_account_Bs_user_is_let_in()
    {
        var response = await ApiCaller.GetAsync(Ledger("/balances", Endpoints.AccountBEndpoint), Seed.OpsEngineer);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(Seed.OpsEngineer.Arn, response.Json.GetProperty("caller").GetString());
        Assert.Equal(1, _fixture.Server.Stats.Api.CountOfStatus(200, "PRIVATE"));
    }

    [Fact]
    public async Task Through_another_endpoint_the_aws_SourceVpce_deny_applies()
    {
        var response = await ApiCaller.GetAsync(Ledger("/balances", Endpoints.AccountAEndpoint), Seed.OpsEngineer);
        EndpointAsserts.AccessDenied(response, Endpoints.NotAuthorized(Seed.OpsEngineer.Arn, Endpoints.PrivateApiId, "prod", "GET", "/balances", explicitDeny: true));
    }

    [Fact]
    public async Task Without_an_endpoint_a_private_API_is_Forbidden()
    {
        var signed = await ApiCaller.GetAsync(Ledger("/balances", vpceId: null), Seed.OpsEngineer);
        EndpointAsserts.Forbidden(signed);
        var unsigned = await ApiCaller.GetAsync(Ledger("/ping", vpceId: null), key: null);
        EndpointAsserts.Forbidden(unsigned);
        Assert.Equal(2, _fixture.Server.Stats.Api.CountOf("Forbidden"));
    }

    [Fact]
    public async Task The_endpoints_own_host_name_takes_the_API_from_x_apigw_api_id_or_Host()
    {
        var uri = _fixture.Server.VpceUri(Endpoints.AccountBEndpoint, "prod", "/balances");
        var byHeader = await ApiCaller.SendAsync(HttpMethod.Get, uri, Seed.OpsEngineer,
            signing: new SigningOptions { Headers = new() { ["x-apigw-api-id"] = Endpoints.PrivateApiId } });
        Assert.Equal(HttpStatusCode.OK, byHeader.Status);

        var byHost = await ApiCaller.SendAsync(HttpMethod.Get, uri, Seed.OpsEngineer,
            signing: new SigningOptions { Headers = new() { ["Host"] = ApiHost } }, afterSigning: m => m.Headers.Host = ApiHost);
        Assert.Equal(HttpStatusCode.OK, byHost.Status);

        var neither = await ApiCaller.GetAsync(uri, Seed.OpsEngineer);
        EndpointAsserts.Forbidden(neither);
    }

    [Fact]
    public async Task An_unknown_endpoint_and_a_public_API_behind_an_endpoint_are_Forbidden()
    {
        EndpointAsserts.Forbidden(await ApiCaller.GetAsync(Ledger("/balances", "vpce-0123456789abcdef0"), Seed.OpsEngineer));
        EndpointAsserts.Forbidden(await ApiCaller.GetAsync(_fixture.Server.RestUri(Endpoints.RestApiId, "prod", "/orders", Endpoints.AccountBEndpoint), Seed.OpsEngineer));
        EndpointAsserts.Forbidden(await ApiCaller.GetAsync(_fixture.Server.RestUri(Seed.ApiId, "prod", "/items", Endpoints.AccountBEndpoint), Seed.OpsEngineer));
        Assert.Equal(1, _fixture.Server.Stats.Api.CountOfStatus(403, "HTTP"));
        Assert.Equal(2, _fixture.Server.Stats.Api.CountOfStatus(403, "PRIVATE") + _fixture.Server.Stats.Api.CountOfStatus(403, "REST"));
    }

    [Fact]
    public async Task An_anonymous_route_is_allowed_by_aws_SourceVpc_and_denied_by_aws_SourceVpce()
    {
        var allowed = await ApiCaller.GetAsync(Ledger("/ping", Endpoints.AccountBEndpoint), key: null);
        Assert.Equal(HttpStatusCode.OK, allowed.Status);
        Assert.True(allowed.Json.GetProperty("pong").GetBoolean());

        var denied = await ApiCaller.GetAsync(Ledger("/ping", Endpoints.AccountAEndpoint), key: null);
        EndpointAsserts.AccessDenied(denied, Endpoints.NotAuthorized("anonymous", Endpoints.PrivateApiId, "prod", "GET", "/ping", explicitDeny: true));
    }

    [Fact]
    public async Task The_API_accounts_own_role_named_in_the_policy_is_let_in_through_the_endpoint()
    {
        var session = await StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker, "ledger");
        var response = await ApiCaller.GetAsync(Ledger("/balances", Endpoints.AccountBEndpoint), session);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(session.Arn, response.Json.GetProperty("caller").GetString());
    }

    [Fact]
    public async Task An_unsigned_call_through_the_endpoint_to_an_IAM_route_is_Missing_Authentication_Token()
    {
        var response = await ApiCaller.GetAsync(Ledger("/balances", Endpoints.AccountBEndpoint), key: null);
        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("MissingAuthenticationTokenException", response.ErrorType);
    }
}
