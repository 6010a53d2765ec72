using System.Net;
using CrossAcctApi.Sandbox.Tests.Infrastructure;

namespace CrossAcctApi.Sandbox.Tests;

/// <summary>
/// The seed's REST API q1w2e3r4t5 as API Gateway answers it, called with requests signed by the AWS SDK's SigV4 signer:
/// account B's user straight in where the resource policy names it and its own policy allows, every refusal with its
/// text (capital-M Message, masked account), 403 for unknown routes, and the headers REST APIs send.
/// </summary>
public sealed class RestApiTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public RestApiTests(SandboxFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.Reset();
    }

    private Uri Orders(string stage, string path) => _fixture.Server.RestUri(Endpoints.RestApiId, stage, path);

    private Task<TestKey> InvokerAsync() => StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker, "rest");

    [Fact]
    public async Task Account_Bs_user_calls_directly_where_the_resource_policy_and_its_own_policy_allow()
    {
        var response = await ApiCaller.GetAsync(Orders("prod", "/orders"), Seed.OpsEngineer);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(Seed.OpsEngineer.Arn, response.Json.GetProperty("caller").GetString());
        Assert.True(Guid.TryParse(response.Header("x-amzn-RequestId"), out _), response.Header("x-amzn-RequestId"));
        Assert.Matches("^[A-Za-z0-9+/]{15}=$", response.Header("x-amz-apigw-id"));
        Assert.Matches("^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Sampled=0$", response.Header("X-Amzn-Trace-Id"));
        Assert.Null(response.Header("apigw-requestid"));

        var created = await ApiCaller.SendAsync(HttpMethod.Post, Orders("prod", "/orders"), Seed.OpsEngineer, """{"item":"gizmo"}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("gizmo", created.Json.GetProperty("created").GetProperty("item").GetString());
        Assert.Equal(2, _fixture.Server.Stats.Api.CountOfStatus(200, "REST") + _fixture.Server.Stats.Api.CountOfStatus(201, "REST"));
    }

    [Fact]
    public async Task An_explicit_deny_in_the_resource_policy_wins_over_both_allows()
    {
        var response = await ApiCaller.SendAsync(HttpMethod.Delete, Orders("prod", "/orders/42"), Seed.OpsEngineer);
        EndpointAsserts.AccessDenied(response, Endpoints.NotAuthorized(Seed.OpsEngineer.Arn, Endpoints.RestApiId, "prod", "DELETE", "/orders/42", explicitDeny: true));
    }

    [Fact]
    public async Task A_stage_the_resource_policy_does_not_name_is_an_implicit_deny_with_no_suffix()
    {
        var response = await ApiCaller.GetAsync(Orders("test", "/orders"), Seed.OpsEngineer);
        EndpointAsserts.AccessDenied(response, Endpoints.NotAuthorized(Seed.OpsEngineer.Arn, Endpoints.RestApiId, "test", "GET", "/orders"));
    }

    [Fact]
    public async Task Across_accounts_the_callers_own_policy_must_allow_too()
    {
        // The resource policy lets all of account B list orders; no-assume has no policy of its own.
        var response = await ApiCaller.GetAsync(Orders("prod", "/orders"), Seed.NoAssume);
        EndpointAsserts.AccessDenied(response, Endpoints.NotAuthorized(Seed.NoAssume.Arn, Endpoints.RestApiId, "prod", "GET", "/orders"));

        var outsider = await ApiCaller.GetAsync(Orders("prod", "/orders"), Seed.Outsider);
        EndpointAsserts.AccessDenied(outsider, Endpoints.NotAuthorized(Seed.Outsider.Arn, Endpoints.RestApiId, "prod", "GET", "/orders"));
    }

    [Fact]
    public async Task Within_the_account_the_resource_policy_alone_may_allow()
    {
        var session = await InvokerAsync();

        // CrossAccountInvoker's own policies know only the HTTP API; the REST API's policy names the role for GETs.
        var read = await ApiCaller.GetAsync(Orders("test", "/orders/7"), session);
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(session.Arn, read.Json.GetProperty("caller").GetString());

        var write = await ApiCaller.SendAsync(HttpMethod.Post, Orders("prod", "/orders"), session, "{}");
        EndpointAsserts.AccessDenied(write, Endpoints.NotAuthorized(session.Arn, Endpoints.RestApiId, "prod", "POST", "/orders"));
    }

    [Fact]
    public async Task An_unauthenticated_route_needs_the_resource_policys_explicit_allow()
    {
        var status = await ApiCaller.GetAsync(Orders("prod", "/status"), key: null);
        Assert.Equal(HttpStatusCode.OK, status.Status);
        Assert.Equal(1, _fixture.Server.Stats.Api.CountOf("Public"));

        var catalog = await ApiCaller.GetAsync(Orders("prod", "/catalog"), key: null);
        EndpointAsserts.AccessDenied(catalog, Endpoints.NotAuthorized("anonymous", Endpoints.RestApiId, "prod", "GET", "/catalog"));

        // A signature does not make a caller known on a route that does not authenticate.
        var signed = await ApiCaller.GetAsync(Orders("prod", "/catalog"), Seed.OpsEngineer);
        EndpointAsserts.AccessDenied(signed, Endpoints.NotAuthorized("anonymous", Endpoints.RestApiId, "prod", "GET", "/catalog"));
    }

    [Fact]
    public async Task An_unsigned_call_to_an_IAM_route_is_Missing_Authentication_Token()
    {
        var response = await ApiCaller.GetAsync(Orders("prod", "/orders"), key: null);
        EndpointAsserts.Refused(response, "MissingAuthenticationTokenException", """{"message":"Missing Authentication Token"}""");
    }

    [Theory]
    [InlineData("GET", "prod", "/nothing-here")]
    [InlineData("PUT", "prod", "/orders")]
    [InlineData("GET", "beta", "/orders")]
    [InlineData("GET", "prod", "/")]
    public async Task An_unknown_route_is_403_not_404(string method, string stage, string path)
    {
        var unsigned = await ApiCaller.SendAsync(new HttpMethod(method), Orders(stage, path), key: null);
        EndpointAsserts.Refused(unsigned, "MissingAuthenticationTokenException", """{"message":"Missing Authentication Token"}""");

        // With an Authorization header API Gateway reads it as if it were incomplete, whatever it holds.
        var signed = await ApiCaller.SendAsync(new HttpMethod(method), Orders(stage, path), Seed.OpsEngineer);
        EndpointAsserts.Refused(signed, "IncompleteSignatureException",
            """{"message":"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256"}""");
    }

    [Fact]
    public async Task A_bearer_token_on_an_unknown_route_is_echoed_up_to_its_first_space()
    {
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Orders("prod", "/nowhere"), key: null,
            afterSigning: m => m.Headers.TryAddWithoutValidation("Authorization", "Bearer eyJhbGciOi.secret"));
        Assert.EndsWith(" Authorization=Bearer", response.Message);
        Assert.DoesNotContain("secret", response.Body);
    }

    [Theory]
    [InlineData("eu-west-1", "execute-api", "Credential should be scoped to a valid region, not 'eu-west-1'. ")]
    [InlineData("us-east-1", "lambda", "Credential should be scoped to correct service: 'execute-api'. ")]
    public async Task A_wrong_credential_scope_is_refused_before_IAM(string region, string service, string message)
    {
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Orders("prod", "/orders"), Seed.OpsEngineer,
            signing: new SigningOptions { Region = region, Service = service });
        EndpointAsserts.Refused(response, "InvalidSignatureException", null);
        Assert.Equal(message, response.Message);
    }

    [Fact]
    public async Task A_wrong_secret_gets_the_canonical_request_and_an_expired_session_ExpiredToken()
    {
        var wrong = Seed.OpsEngineer with { SecretAccessKey = "WrongSecretWrongSecretWrongSecretWrong00" };
        var mismatch = await ApiCaller.GetAsync(Orders("prod", "/orders"), wrong);
        EndpointAsserts.Refused(mismatch, "InvalidSignatureException", null);
        Assert.Contains("The Canonical String for this request should have been\n'GET\n/_aws/execute-api/q1w2e3r4t5/prod/orders\n", mismatch.Message);

        var session = await InvokerAsync();
        _fixture.Server.ExpireAllSessions();
        var expired = await ApiCaller.GetAsync(Orders("prod", "/orders"), session);
        EndpointAsserts.Refused(expired, "ExpiredTokenException", """{"message":"The security token included in the request is expired"}""");
    }

    [Fact]
    public async Task A_presigned_URL_is_accepted()
    {
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Orders("prod", "/orders/9"), Seed.OpsEngineer,
            signing: new SigningOptions { PresignFor = TimeSpan.FromMinutes(5) });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("9", response.Json.GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_HTTP_API_keeps_its_own_answers_and_kind_in_the_stats()
    {
        var http = await ApiCaller.GetAsync(_fixture.Server.ApiUri(Seed.ApiId, "prod", "/nothing"), key: null);
        Assert.Equal(HttpStatusCode.NotFound, http.Status);
        Assert.NotNull(http.Header("apigw-requestid"));
        Assert.Null(http.Header("x-amzn-RequestId"));
        await ApiCaller.GetAsync(Orders("prod", "/nothing"), key: null);

        Assert.Equal(1, _fixture.Server.Stats.Api.CountOfStatus(404, "HTTP"));
        Assert.Equal(1, _fixture.Server.Stats.Api.CountOfStatus(403, "REST"));
        Assert.Equal(0, _fixture.Server.Stats.Api.CountOfStatus(403, "HTTP"));
        Assert.Equal(2, _fixture.Server.Stats.Api.Total);
    }
}
