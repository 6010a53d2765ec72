using System.Net;
using System.Text;
using System.Text.Json;
using CrossAcctApi.Sandbox.Tests.Infrastructure;

namespace CrossAcctApi.Sandbox.Tests;

/// <summary>The /_sandbox control API over HTTP, as the PowerShell helper and the demo use it.</summary>
public sealed class ControlApiTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public ControlApiTests(SandboxFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.Reset();
    }

    private Uri Control(string path) => new(_fixture.Server.BaseUri, "_sandbox/" + path);

    private Task<ApiResponse> PostAsync(string path, string json) =>
        ApiCaller.SendRawAsync(new HttpRequestMessage(HttpMethod.Post, Control(path)) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    [Fact]
    public async Task Stats_report_API_calls_by_kind_and_status_and_function_URL_calls_by_status()
    {
        await ApiCaller.GetAsync(_fixture.Server.ApiUri(Seed.ApiId, "prod", "/items"), key: null);
        await ApiCaller.GetAsync(_fixture.Server.RestUri(Endpoints.RestApiId, "prod", "/status"), key: null);
        await ApiCaller.GetAsync(_fixture.Server.RestUri(Endpoints.PrivateApiId, "prod", "/ping"), key: null);
        await ApiCaller.GetAsync(_fixture.Server.FunctionUri(Endpoints.PublicStatus), key: null);
        await ApiCaller.GetAsync(_fixture.Server.FunctionUri(Endpoints.ReportGenerator), key: null);

        var stats = (await ApiCaller.GetAsync(Control("stats"), key: null)).Json;

        var byKind = stats.GetProperty("api").GetProperty("byKind");
        Assert.Equal("""{"HTTP":{"403":1},"PRIVATE":{"403":1},"REST":{"200":1}}""", byKind.GetRawText());
        Assert.Equal("""{"200":1,"403":2}""", stats.GetProperty("api").GetProperty("byStatus").GetRawText());
        var lambda = stats.GetProperty("lambda");
        Assert.Equal(2, lambda.GetProperty("total").GetInt64());
        Assert.Equal("""{"200":1,"403":1}""", lambda.GetProperty("byStatus").GetRawText());
        Assert.Equal(1, lambda.GetProperty("byOutcome").GetProperty("Public").GetInt64());

        await PostAsync("reset", "{}");
        var reset = (await ApiCaller.GetAsync(Control("stats"), key: null)).Json;
        Assert.Equal(0, reset.GetProperty("lambda").GetProperty("total").GetInt64());
        Assert.False(reset.GetProperty("api").TryGetProperty("byKind", out _));
    }

    [Fact]
    public async Task Stats_report_STS_and_API_calls_by_outcome()
    {
        var session = await StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker);
        await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, Seed.NoAssume, Seed.CrossAccountInvoker));
        await ApiCaller.GetAsync(_fixture.Server.ApiUri(Seed.ApiId, "prod", "/items"), session);
        await ApiCaller.GetAsync(_fixture.Server.ApiUri(Seed.ApiId, "prod", "/items"), key: null);

        var stats = (await ApiCaller.GetAsync(Control("stats"), key: null)).Json;

        Assert.Equal(2, stats.GetProperty("sts").GetProperty("total").GetInt64());
        Assert.Equal(1, stats.GetProperty("sts").GetProperty("byOutcome").GetProperty("Success").GetInt64());
        Assert.Equal(1, stats.GetProperty("sts").GetProperty("byOutcome").GetProperty("AccessDenied").GetInt64());
        Assert.Equal(2, stats.GetProperty("sts").GetProperty("byOperation").GetProperty("AssumeRole").GetInt64());
        Assert.Equal(2, stats.GetProperty("api").GetProperty("total").GetInt64());
        Assert.Equal(1, stats.GetProperty("api").GetProperty("byOutcome").GetProperty("Allowed").GetInt64());
        Assert.Equal(1, stats.GetProperty("api").GetProperty("byOutcome").GetProperty("MissingAuthenticationToken").GetInt64());
        Assert.Equal(1, stats.GetProperty("sessions").GetProperty("issued").GetInt64());
        Assert.Equal(1, stats.GetProperty("sessions").GetProperty("active").GetInt64());
    }

    [Fact]
    public async Task Reset_clears_sessions_faults_clock_and_stats()
    {
        var session = await StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker);
        await PostAsync("faults", """{"stsThrottleCount":3,"apiErrorCount":2,"latencyMilliseconds":5,"clockOffsetSeconds":60}""");

        var reset = await ApiCaller.SendRawAsync(new HttpRequestMessage(HttpMethod.Post, Control("reset")));
        Assert.Equal(HttpStatusCode.OK, reset.Status);

        var faults = (await ApiCaller.GetAsync(Control("faults"), key: null)).Json;
        Assert.Equal(0, faults.GetProperty("stsThrottleRemaining").GetInt32());
        Assert.Equal(0, faults.GetProperty("apiErrorRemaining").GetInt32());
        Assert.Equal(0, faults.GetProperty("latencyMilliseconds").GetInt32());
        Assert.Equal(0, faults.GetProperty("clockOffsetSeconds").GetDouble());
        Assert.Equal(0, _fixture.Server.Stats.Sts.Total);

        // The session is gone: its key is now unknown.
        var response = await ApiCaller.GetAsync(_fixture.Server.ApiUri(Seed.ApiId, "prod", "/items"), session);
        Assert.Equal("UnrecognizedClientException", response.ErrorType);
    }

    [Fact]
    public async Task Faults_are_armed_over_HTTP()
    {
        var armed = await PostAsync("faults", """{"stsThrottleCount":1,"apiErrorCount":1,"apiErrorStatus":429,"apiRetryAfterSeconds":7}""");
        Assert.Equal(HttpStatusCode.OK, armed.Status);
        var faults = armed.Json.GetProperty("faults");
        Assert.Equal(1, faults.GetProperty("stsThrottleRemaining").GetInt32());
        Assert.Equal(429, faults.GetProperty("apiErrorStatus").GetInt32());

        var throttled = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker));
        Assert.Equal("Throttling", throttled.ErrorCode);
        var tooMany = await ApiCaller.GetAsync(_fixture.Server.ApiUri(Seed.ApiId, "prod", "/health"), key: null);
        Assert.Equal((HttpStatusCode)429, tooMany.Status);
        Assert.Equal("7", tooMany.Header("Retry-After"));
    }

    [Fact]
    public async Task Deleting_faults_disarms_them()
    {
        await PostAsync("faults", """{"apiErrorCount":5,"clockOffsetSeconds":-30}""");
        var cleared = await ApiCaller.SendRawAsync(new HttpRequestMessage(HttpMethod.Delete, Control("faults")));
        Assert.Equal(0, cleared.Json.GetProperty("apiErrorRemaining").GetInt32());
        Assert.Equal(TimeSpan.Zero, _fixture.Server.Clock.Offset);
        Assert.Equal(HttpStatusCode.OK, (await ApiCaller.GetAsync(_fixture.Server.ApiUri(Seed.ApiId, "prod", "/health"), key: null)).Status);
    }

    [Fact]
    public async Task The_clock_offset_moves_the_Date_header_and_the_clock_endpoint()
    {
        await PostAsync("faults", """{"clockOffsetSeconds":3600}""");
        var clock = await ApiCaller.GetAsync(Control("clock"), key: null);
        Assert.Equal(3600, clock.Json.GetProperty("offsetSeconds").GetDouble());
        var serverDate = clock.Raw.Headers.Date!.Value;
        Assert.InRange(serverDate - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task Expiring_sessions_over_HTTP_ends_them()
    {
        var session = await StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker);
        var expired = await ApiCaller.SendRawAsync(new HttpRequestMessage(HttpMethod.Post, Control("sessions/expire")));
        Assert.Equal(1, expired.Json.GetProperty("expired").GetInt32());
        var response = await ApiCaller.GetAsync(_fixture.Server.ApiUri(Seed.ApiId, "prod", "/items"), session);
        Assert.Equal("ExpiredTokenException", response.ErrorType);

        var viaFaults = await PostAsync("faults", """{"expireSessions":true}""");
        Assert.Equal(0, viaFaults.Json.GetProperty("expiredSessions").GetInt32());
    }

    [Fact]
    public async Task The_session_list_shows_identifiers_but_no_secrets()
    {
        var session = await StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker, "listed");
        var list = await ApiCaller.GetAsync(Control("sessions"), key: null);

        var entry = list.Json.EnumerateArray().Single();
        Assert.Equal(session.AccessKeyId, entry.GetProperty("accessKeyId").GetString());
        Assert.Equal(session.Arn, entry.GetProperty("arn").GetString());
        Assert.Equal(Seed.OpsEngineer.Arn, entry.GetProperty("issuedTo").GetString());
        Assert.DoesNotContain(session.SecretAccessKey, list.Body);
        Assert.DoesNotContain(session.SessionToken!, list.Body);
    }

    [Theory]
    [InlineData("""{"apiErrorStatus":404}""", "apiErrorStatus must be one of 429, 500, 502, 503.")]
    [InlineData("""{"stsThrottleCount":-1}""", "stsThrottleCount must be 0 or more.")]
    [InlineData("""{"latencyMilliseconds":60001}""", "latencyMilliseconds must be between 0 and 60000.")]
    [InlineData("""{"clockOffsetSeconds":1e9}""", "clockOffsetSeconds must be between -604800 and 604800.")]
    public async Task Bad_fault_values_are_a_400_that_names_the_field(string json, string message)
    {
        var response = await PostAsync("faults", json);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(message, response.Message);
    }

    [Fact]
    public async Task An_unknown_fault_field_is_a_400()
    {
        var response = await PostAsync("faults", """{"throttle":1}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("'throttle'", response.Message);
    }

    [Fact]
    public async Task Unknown_paths_are_404_JSON()
    {
        var response = await ApiCaller.GetAsync(new Uri(_fixture.Server.BaseUri, "favicon.ico"), key: null);
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("Not Found", response.Message);
    }
}
