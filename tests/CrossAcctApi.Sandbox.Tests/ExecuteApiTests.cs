using System.Diagnostics;
using System.Net;
using CrossAcctApi.Sandbox.Tests.Infrastructure;

namespace CrossAcctApi.Sandbox.Tests;

/// <summary>
/// The HTTP API as API Gateway answers it, called with requests signed by the AWS SDK's SigV4 signer:
/// 200 with the caller echoed, routing and 404, IAM's allow and deny decisions, armed faults and the stats.
/// The 403s for the authentication itself (token, signature, presigned URLs) are in <see cref="ExecuteApiSignatureTests"/>.
/// </summary>
public sealed class ExecuteApiTests : ExecuteApiTestBase
{
    public ExecuteApiTests(SandboxFixture fixture)
        : base(fixture)
    {
    }

    [Fact]
    public async Task An_allowed_call_returns_the_routes_JSON_with_the_caller()
    {
        var session = await InvokerAsync("reader");
        var response = await ApiCaller.GetAsync(Api("prod", "/items"), session);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.Header("Content-Type"));
        Assert.Matches("^[A-Za-z0-9+/]{15}=$", response.Header("apigw-requestid"));
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/reader", response.Json.GetProperty("caller").GetString());
        Assert.Equal("prod", response.Json.GetProperty("stage").GetString());
        Assert.Equal(2, response.Json.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_default_stage_has_no_stage_segment_and_echoes_a_JSON_body()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Post, Api("$default", "/items"), session, """{"name":"gizmo"}""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("$default", response.Json.GetProperty("stage").GetString());
        Assert.Equal("gizmo", response.Json.GetProperty("created").GetProperty("name").GetString());
        Assert.EndsWith(":a1b2c3d4e5/$default/*", Fixture.Server.ApiUri(Seed.ApiId, "$default", "/items").AbsolutePath.Replace("/_aws/execute-api/a1b2c3d4e5/items", ":a1b2c3d4e5/$default/*"));
    }

    [Fact]
    public async Task A_path_parameter_with_an_encoded_space_is_signed_and_matched()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.GetAsync(Api("prod", "/items/a%20b"), session);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("a b", response.Json.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_path_that_decodes_to_a_control_character_is_a_bad_request()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.GetAsync(Api("prod", "/items/a%01b"), session);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Bad Request", response.Message);
    }

    [Fact]
    public async Task A_query_string_is_covered_by_the_signature()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.GetAsync(Api("prod", "/items?limit=10&next=a%2Fb&empty="), session);
        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task A_route_without_IAM_auth_needs_no_signature()
    {
        var response = await ApiCaller.GetAsync(Api("prod", "/health"), key: null);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("ok", response.Json.GetProperty("status").GetString());
        Assert.Equal(1, Fixture.Server.Stats.Api.CountOf("Public"));
    }

    [Theory]
    [InlineData("prod", "/nothing-here")]
    [InlineData("prod", "/items/1/extra")]
    [InlineData("beta", "/items")]
    public async Task An_unknown_route_is_404_Not_Found(string stage, string path)
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.GetAsync(Api(stage, path), session);
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("""{"message":"Not Found"}""", response.Body);
        Assert.Null(response.ErrorType);
    }

    [Fact]
    public async Task An_unknown_API_is_404_Not_Found()
    {
        var response = await ApiCaller.GetAsync(Fixture.Server.ApiUri("zzzzzzzzzz", "prod", "/items"), key: null);
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("Not Found", response.Message);
    }

    [Fact]
    public async Task A_method_the_policy_does_not_allow_is_denied_implicitly()
    {
        var session = await InvokerAsync("deleter");
        var response = await ApiCaller.SendAsync(HttpMethod.Delete, Api("prod", "/items/7"), session);
        AssertForbidden(response, "AccessDeniedException",
            "User: arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/deleter is not authorized to perform: execute-api:Invoke on resource: "
            + Seed.InvokeArn("prod", "DELETE", "items/7") + " because no identity-based policy allows the execute-api:Invoke action");
    }

    [Fact]
    public async Task The_admin_path_is_denied_explicitly_on_every_stage()
    {
        var session = await InvokerAsync("admin");
        foreach (var stage in new[] { "prod", "$default" })
        {
            var response = await ApiCaller.GetAsync(Api(stage, "/admin/report"), session);
            AssertForbidden(response, "AccessDeniedException",
                "User: arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/admin is not authorized to perform: execute-api:Invoke on resource: "
                + Seed.InvokeArn(stage, "GET", "admin/report") + " with an explicit deny in an identity-based policy");
        }
    }

    [Fact]
    public async Task The_default_stage_allows_every_method_except_admin()
    {
        var session = await InvokerAsync();
        Assert.Equal(HttpStatusCode.OK, (await ApiCaller.SendAsync(HttpMethod.Delete, Api("$default", "/items/7"), session)).Status);
    }

    [Fact]
    public async Task A_user_of_another_account_is_denied_without_a_resource_policy()
    {
        var response = await ApiCaller.GetAsync(Api("prod", "/items"), Seed.OpsEngineer);
        AssertForbidden(response, "AccessDeniedException",
            $"User: {Seed.OpsEngineer.Arn} is not authorized to perform: execute-api:Invoke on resource: {Seed.InvokeArn("prod", "GET", "items")} because no resource-based policy allows the execute-api:Invoke action");
    }

    [Fact]
    public async Task AuditReader_reads_but_cannot_write()
    {
        var session = await StsClients.AssumeAsync(Fixture.Server, Seed.OpsEngineer, Seed.AuditReader, "auditor", r => r.ExternalId = Seed.AuditExternalId);
        Assert.Equal(HttpStatusCode.OK, (await ApiCaller.GetAsync(Api("prod", "/admin/report"), session)).Status);
        var write = await ApiCaller.SendAsync(HttpMethod.Post, Api("prod", "/items"), session, "{}");
        AssertForbidden(write, "AccessDeniedException", null);
        Assert.EndsWith(" because no identity-based policy allows the execute-api:Invoke action", write.Message);
    }

    [Fact]
    public async Task MfaOperator_may_delete()
    {
        var session = await StsClients.AssumeAsync(Fixture.Server, Seed.OpsEngineer, Seed.MfaOperator, "operator", r =>
        {
            r.SerialNumber = Seed.MfaDevice;
            r.TokenCode = Seed.MfaCode;
        });
        var response = await ApiCaller.SendAsync(HttpMethod.Delete, Api("prod", "/items/9"), session);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("9", response.Json.GetProperty("deleted").GetString());
    }

    [Fact]
    public async Task A_session_policy_narrows_the_role()
    {
        var session = await StsClients.AssumeAsync(Fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker, "narrow", r => r.Policy =
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*/GET/items"},{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*/DELETE/*"}]}""");

        Assert.Equal(HttpStatusCode.OK, (await ApiCaller.GetAsync(Api("prod", "/items"), session)).Status);

        var notInSession = await ApiCaller.GetAsync(Api("prod", "/items/1"), session);
        AssertForbidden(notInSession, "AccessDeniedException", null);
        Assert.EndsWith(" because no session policy allows the execute-api:Invoke action", notInSession.Message);

        var deniedBySession = await ApiCaller.SendAsync(HttpMethod.Delete, Api("$default", "/items/1"), session);
        AssertForbidden(deniedBySession, "AccessDeniedException", null);
        Assert.EndsWith(" with an explicit deny in a session policy", deniedBySession.Message);
    }

    [Theory]
    [InlineData(500, "Internal Server Error", null)]
    [InlineData(502, "Bad Gateway", null)]
    [InlineData(503, "Service Unavailable", null)]
    [InlineData(429, "Too Many Requests", "TooManyRequestsException")]
    public async Task An_armed_API_fault_answers_the_next_calls(int status, string message, string? errorType)
    {
        var session = await InvokerAsync();
        Fixture.Server.Faults.FailApi(2, status, retryAfterSeconds: 3);

        for (var i = 0; i < 2; i++)
        {
            var failed = await ApiCaller.GetAsync(Api("prod", "/items"), session);
            Assert.Equal((HttpStatusCode)status, failed.Status);
            Assert.Equal(message, failed.Message);
            Assert.Equal("3", failed.Header("Retry-After"));
            Assert.Equal(errorType, failed.ErrorType);
        }

        Assert.Equal(HttpStatusCode.OK, (await ApiCaller.GetAsync(Api("prod", "/items"), session)).Status);
        Assert.Equal(2, Fixture.Server.Stats.Api.CountOf("Fault" + status));
        Assert.Equal(1, Fixture.Server.Stats.Api.CountOf("Allowed"));
    }

    [Fact]
    public async Task Added_latency_delays_each_call()
    {
        var session = await InvokerAsync();
        Fixture.Server.Faults.SetLatency(300);
        var watch = Stopwatch.StartNew();
        var response = await ApiCaller.GetAsync(Api("prod", "/items"), session);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(watch.ElapsedMilliseconds >= 290, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Stats_count_each_outcome()
    {
        var session = await InvokerAsync();
        await ApiCaller.GetAsync(Api("prod", "/items"), session);
        await ApiCaller.GetAsync(Api("prod", "/items"), key: null);
        await ApiCaller.GetAsync(Api("prod", "/admin/report"), session);
        await ApiCaller.GetAsync(Api("prod", "/missing"), session);

        var api = Fixture.Server.Stats.Api;
        Assert.Equal(4, api.Total);
        Assert.Equal(1, api.CountOf("Allowed"));
        Assert.Equal(1, api.CountOf("MissingAuthenticationToken"));
        Assert.Equal(1, api.CountOf("AccessDenied"));
        Assert.Equal(1, api.CountOf("NotFound"));
        Assert.Equal(1, Fixture.Server.Stats.Sts.CountOf("Success"));
    }
}
