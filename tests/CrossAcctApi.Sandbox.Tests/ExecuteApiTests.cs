using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using CrossAcctApi.Sandbox.Tests.Infrastructure;

namespace CrossAcctApi.Sandbox.Tests;

/// <summary>
/// The HTTP API as API Gateway answers it, called with requests signed by the AWS SDK's SigV4 signer:
/// 200 with the caller echoed, every 403 variant with its x-amzn-ErrorType and message, and 404.
/// </summary>
public sealed class ExecuteApiTests : IClassFixture<SandboxFixture>
{
    private const string MismatchText = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    private readonly SandboxFixture _fixture;

    public ExecuteApiTests(SandboxFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.Reset();
    }

    private Uri Api(string stage, string path) => _fixture.Server.ApiUri(Seed.ApiId, stage, path);

    private Task<TestKey> InvokerAsync(string sessionName = "api-test") =>
        StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker, sessionName);

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
        Assert.EndsWith(":a1b2c3d4e5/$default/*", _fixture.Server.ApiUri(Seed.ApiId, "$default", "/items").AbsolutePath.Replace("/_aws/execute-api/a1b2c3d4e5/items", ":a1b2c3d4e5/$default/*"));
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
        Assert.Equal(1, _fixture.Server.Stats.Api.CountOf("Public"));
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
        var response = await ApiCaller.GetAsync(_fixture.Server.ApiUri("zzzzzzzzzz", "prod", "/items"), key: null);
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("Not Found", response.Message);
    }

    [Fact]
    public async Task An_unsigned_call_is_Missing_Authentication_Token()
    {
        var response = await ApiCaller.GetAsync(Api("prod", "/items"), key: null);
        AssertForbidden(response, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    [Fact]
    public async Task An_unknown_key_is_an_invalid_security_token()
    {
        var response = await ApiCaller.GetAsync(Api("prod", "/items"), new TestKey("ASIAUNKNOWNUNKNOWN00", "UnknownSecretUnknownSecretUnknownSecret0", "?", "token"));
        AssertForbidden(response, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    [Fact]
    public async Task A_session_key_without_its_token_is_an_invalid_security_token()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.GetAsync(Api("prod", "/items"), session with { SessionToken = null });
        AssertForbidden(response, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    [Fact]
    public async Task An_expired_session_is_an_expired_security_token()
    {
        var session = await InvokerAsync();
        _fixture.Server.ExpireAllSessions();
        var response = await ApiCaller.GetAsync(Api("prod", "/items"), session);
        AssertForbidden(response, "ExpiredTokenException", "The security token included in the request is expired");
    }

    [Fact]
    public async Task A_wrong_secret_gets_the_servers_canonical_request_and_string_to_sign()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.GetAsync(Api("prod", "/items/a%20b?x=1"), session with { SecretAccessKey = "WrongSecretWrongSecretWrongSecretWrongSe" });

        AssertForbidden(response, "InvalidSignatureException", null);
        var message = response.Message;
        Assert.StartsWith(MismatchText + "\n\nThe Canonical String for this request should have been\n'GET\n/_aws/execute-api/a1b2c3d4e5/prod/items/a%2520b\nx=1\n", message);
        Assert.Contains($"\nhost:127.0.0.1:{_fixture.Server.Port}\n", message);
        Assert.Matches(new Regex(@"\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n\d{8}T\d{6}Z\n\d{8}/us-east-1/execute-api/aws4_request\n[0-9a-f]{64}'\n$"), message);
        Assert.DoesNotContain(session.SecretAccessKey, message);
    }

    [Fact]
    public async Task A_header_changed_after_signing_is_refused()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Api("prod", "/items"), session,
            signing: new SigningOptions { Headers = { ["x-team"] = "ops" } },
            afterSigning: m =>
            {
                m.Headers.Remove("x-team");
                m.Headers.Add("x-team", "dev");
            });
        AssertForbidden(response, "InvalidSignatureException", null);
        Assert.Contains("\nx-team:dev\n", response.Message);
    }

    [Fact]
    public async Task A_path_changed_after_signing_is_refused()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Api("prod", "/items/1"), session,
            afterSigning: m => m.RequestUri = Api("prod", "/items/2"));
        AssertForbidden(response, "InvalidSignatureException", null);
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Post, Api("$default", "/items"), session, """{"name":"a"}""",
            afterSigning: m =>
            {
                m.Content = new StringContent("""{"name":"b"}""");
                m.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            });
        AssertForbidden(response, "InvalidSignatureException", null);
    }

    [Fact]
    public async Task An_unsigned_payload_is_accepted_when_declared_and_signed()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Post, Api("$default", "/items"), session, """{"name":"a"}""",
            signing: new SigningOptions { Headers = { ["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD" } });
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());

        // The marker is part of the signature: the same request with the real body hash declared instead fails.
        response = await ApiCaller.SendAsync(HttpMethod.Post, Api("$default", "/items"), session, """{"name":"a"}""",
            signing: new SigningOptions { Headers = { ["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD" } },
            afterSigning: m =>
            {
                m.Headers.Remove("x-amz-content-sha256");
                m.Headers.Add("x-amz-content-sha256", "0f0a0a9d5c3b4c2ca8ec9e4a20e42b52c26f34ac1ba3b4f1a1e5a79d0e1d2b8c");
            });
        AssertForbidden(response, "InvalidSignatureException", null);
    }

    [Fact]
    public async Task A_signature_older_than_five_minutes_has_expired()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Api("prod", "/items"), session, signing: new SigningOptions { SignedAt = DateTime.UtcNow.AddMinutes(-6) });
        AssertForbidden(response, "InvalidSignatureException", null);
        Assert.Matches(@"^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$", response.Message);
    }

    [Fact]
    public async Task A_signature_from_the_future_is_not_yet_current()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Api("prod", "/items"), session, signing: new SigningOptions { SignedAt = DateTime.UtcNow.AddMinutes(6) });
        AssertForbidden(response, "InvalidSignatureException", null);
        Assert.Matches(@"^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$", response.Message);
    }

    [Fact]
    public async Task A_skewed_server_clock_refuses_a_fresh_signature()
    {
        var session = await InvokerAsync();
        _fixture.Server.Clock.Offset = TimeSpan.FromMinutes(-10);
        var response = await ApiCaller.GetAsync(Api("prod", "/items"), session);
        AssertForbidden(response, "InvalidSignatureException", null);
        Assert.StartsWith("Signature not yet current: ", response.Message);

        // Within the window the same clock is fine.
        _fixture.Server.Clock.Offset = TimeSpan.FromMinutes(-4);
        Assert.Equal(HttpStatusCode.OK, (await ApiCaller.GetAsync(Api("prod", "/items"), session)).Status);
    }

    [Fact]
    public async Task A_credential_scoped_to_another_region_is_refused()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Api("prod", "/items"), session, signing: new SigningOptions { Region = "eu-west-1" });
        AssertForbidden(response, "InvalidSignatureException", "Credential should be scoped to a valid region, not 'eu-west-1'. ");
    }

    [Fact]
    public async Task A_credential_scoped_to_another_service_is_refused()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Api("prod", "/items"), session, signing: new SigningOptions { Service = "lambda" });
        AssertForbidden(response, "InvalidSignatureException", "Credential should be scoped to correct service: 'execute-api'. ");
    }

    [Fact]
    public async Task An_incomplete_Authorization_header_is_refused()
    {
        var message = new HttpRequestMessage(HttpMethod.Get, Api("prod", "/items"));
        message.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20260101/us-east-1/execute-api/aws4_request");
        message.Headers.TryAddWithoutValidation("X-Amz-Date", DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'"));
        var response = await ApiCaller.SendRawAsync(message);
        AssertForbidden(response, "IncompleteSignatureException",
            "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.");
    }

    [Fact]
    public async Task A_presigned_URL_is_accepted()
    {
        var session = await InvokerAsync("presigned");
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Api("prod", "/items/a%20b"), session, signing: new SigningOptions { PresignFor = TimeSpan.FromMinutes(5) });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/presigned", response.Json.GetProperty("caller").GetString());
    }

    [Fact]
    public async Task A_presigned_URL_past_its_expiry_is_refused()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Api("prod", "/items"), session,
            signing: new SigningOptions { PresignFor = TimeSpan.FromMinutes(1), SignedAt = DateTime.UtcNow.AddMinutes(-3) });
        AssertForbidden(response, "InvalidSignatureException", null);
        Assert.StartsWith("Signature expired: ", response.Message);
    }

    [Fact]
    public async Task A_presigned_URL_with_a_changed_query_is_refused()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Api("prod", "/items?limit=1"), session,
            signing: new SigningOptions { PresignFor = TimeSpan.FromMinutes(5) },
            afterSigning: m => m.RequestUri = new Uri(m.RequestUri!.ToString().Replace("limit=1", "limit=2")));
        AssertForbidden(response, "InvalidSignatureException", null);
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
        var session = await StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.AuditReader, "auditor", r => r.ExternalId = Seed.AuditExternalId);
        Assert.Equal(HttpStatusCode.OK, (await ApiCaller.GetAsync(Api("prod", "/admin/report"), session)).Status);
        var write = await ApiCaller.SendAsync(HttpMethod.Post, Api("prod", "/items"), session, "{}");
        AssertForbidden(write, "AccessDeniedException", null);
        Assert.EndsWith(" because no identity-based policy allows the execute-api:Invoke action", write.Message);
    }

    [Fact]
    public async Task MfaOperator_may_delete()
    {
        var session = await StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.MfaOperator, "operator", r =>
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
        var session = await StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker, "narrow", r => r.Policy =
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
        _fixture.Server.Faults.FailApi(2, status, retryAfterSeconds: 3);

        for (var i = 0; i < 2; i++)
        {
            var failed = await ApiCaller.GetAsync(Api("prod", "/items"), session);
            Assert.Equal((HttpStatusCode)status, failed.Status);
            Assert.Equal(message, failed.Message);
            Assert.Equal("3", failed.Header("Retry-After"));
            Assert.Equal(errorType, failed.ErrorType);
        }

        Assert.Equal(HttpStatusCode.OK, (await ApiCaller.GetAsync(Api("prod", "/items"), session)).Status);
        Assert.Equal(2, _fixture.Server.Stats.Api.CountOf("Fault" + status));
        Assert.Equal(1, _fixture.Server.Stats.Api.CountOf("Allowed"));
    }

    [Fact]
    public async Task Added_latency_delays_each_call()
    {
        var session = await InvokerAsync();
        _fixture.Server.Faults.SetLatency(300);
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

        var api = _fixture.Server.Stats.Api;
        Assert.Equal(4, api.Total);
        Assert.Equal(1, api.CountOf("Allowed"));
        Assert.Equal(1, api.CountOf("MissingAuthenticationToken"));
        Assert.Equal(1, api.CountOf("AccessDenied"));
        Assert.Equal(1, api.CountOf("NotFound"));
        Assert.Equal(1, _fixture.Server.Stats.Sts.CountOf("Success"));
    }

    private static void AssertForbidden(ApiResponse response, string errorType, string? message)
    {
        Assert.True(response.Status == HttpStatusCode.Forbidden, $"expected 403, got {response}");
        Assert.Equal(errorType, response.ErrorType);
        Assert.Equal("application/json", response.Header("Content-Type"));
        Assert.NotNull(response.Header("apigw-requestid"));
        if (message != null) Assert.Equal(message, response.Message);
    }
}
