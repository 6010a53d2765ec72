using System.Net;
using System.Text;
using Amazon.SecurityToken.Model;
using CrossAcctApi.Sandbox.Tests.Infrastructure;

namespace CrossAcctApi.Sandbox.Tests.Federation;

/// <summary>ECS container credentials and the IMDSv2 stand-in, and the faults that make them hang or refuse.</summary>
public sealed class MetadataTests : IClassFixture<SandboxFixture>
{
    private const string PodToken = "sandbox-container-authorization-token";
    private readonly SandboxFixture _fixture;

    public MetadataTests(SandboxFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.Reset();
    }

    private Uri At(string path) => new(_fixture.Server.BaseUri, path);

    private static Task<ApiResponse> SendAsync(HttpMethod method, Uri uri, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, uri);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return ApiCaller.SendRawAsync(request);
    }

    [Fact]
    public async Task A_container_gets_its_task_role_session_in_the_ECS_shape_and_the_same_one_until_it_rotates()
    {
        var first = await ApiCaller.GetAsync(At("v2/credentials/items-task"), key: null);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var json = first.Json;
        Assert.Equal("arn:aws:iam::222222222222:role/ItemsTaskRole", json.GetProperty("RoleArn").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", json.GetProperty("Expiration").GetString());
        var key = new TestKey(json.GetProperty("AccessKeyId").GetString()!, json.GetProperty("SecretAccessKey").GetString()!, "task", json.GetProperty("Token").GetString());
        using (var sts = StsClients.For(_fixture.Server, key))
        {
            Assert.Matches("^arn:aws:sts::222222222222:assumed-role/ItemsTaskRole/[0-9a-f]{32}$", (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn);
        }

        var again = await ApiCaller.GetAsync(At("v2/credentials/items-task"), key: null);
        Assert.Equal(key.AccessKeyId, again.Json.GetProperty("AccessKeyId").GetString());
        _fixture.Server.ExpireAllSessions();
        var rotated = await ApiCaller.GetAsync(At("v2/credentials/items-task"), key: null);
        Assert.NotEqual(key.AccessKeyId, rotated.Json.GetProperty("AccessKeyId").GetString());
        Assert.Equal(3, _fixture.Server.Stats.Metadata.Total);
    }

    [Fact]
    public async Task A_container_with_an_authorization_token_needs_it_and_an_unknown_id_is_refused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiCaller.GetAsync(At("v2/credentials/items-pod"), key: null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, At("v2/credentials/items-pod"), ("Authorization", "wrong"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, At("v2/credentials/items-pod"), ("Authorization", PodToken))).Status);

        var unknown = await ApiCaller.GetAsync(At("v2/credentials/no-such-task"), key: null);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("CredentialsV2Request: Credentials not found", unknown.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task IMDSv2_hands_out_the_instance_role_session_for_a_session_token_only()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Put, At("latest/api/token"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Put, At("latest/api/token"), ("X-aws-ec2-metadata-token-ttl-seconds", "21601"))).Status);
        var tokenResponse = await SendAsync(HttpMethod.Put, At("latest/api/token"), ("X-aws-ec2-metadata-token-ttl-seconds", "300"));
        Assert.Equal(HttpStatusCode.OK, tokenResponse.Status);
        var token = tokenResponse.Body;

        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiCaller.GetAsync(At("latest/meta-data/iam/security-credentials/"), key: null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, At("latest/meta-data/iam/security-credentials/"), ("X-aws-ec2-metadata-token", "AQAEAforged=="))).Status);
        var roleName = await SendAsync(HttpMethod.Get, At("latest/meta-data/iam/security-credentials/"), ("X-aws-ec2-metadata-token", token));
        Assert.Equal("ItemsInstanceRole", roleName.Body);

        var credentials = await SendAsync(HttpMethod.Get, At("latest/meta-data/iam/security-credentials/ItemsInstanceRole"), ("X-aws-ec2-metadata-token", token));
        Assert.Equal("Success", credentials.Json.GetProperty("Code").GetString());
        Assert.Equal("AWS-HMAC", credentials.Json.GetProperty("Type").GetString());
        var key = new TestKey(credentials.Json.GetProperty("AccessKeyId").GetString()!, credentials.Json.GetProperty("SecretAccessKey").GetString()!, "instance", credentials.Json.GetProperty("Token").GetString());
        using var sts = StsClients.For(_fixture.Server, key);
        Assert.Equal("arn:aws:sts::222222222222:assumed-role/ItemsInstanceRole/i-0a1b2c3d4e5f60718", (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn);

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, At("latest/meta-data/iam/security-credentials/OtherRole"), ("X-aws-ec2-metadata-token", token))).Status);
        _fixture.Server.Clock.Offset = TimeSpan.FromSeconds(301);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, At("latest/meta-data/iam/security-credentials/"), ("X-aws-ec2-metadata-token", token))).Status);
    }

    [Fact]
    public async Task The_reset_fault_drops_the_connection_and_the_error_fault_answers_500()
    {
        Assert.Equal(HttpStatusCode.OK, (await FederationCalls.PostJsonAsync(_fixture.Server, "metadata/fault", """{"mode": "reset", "targets": ["container"]}""")).Status);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => ApiCaller.GetAsync(At("v2/credentials/items-task"), key: null));
        var imds = await SendAsync(HttpMethod.Put, At("latest/api/token"), ("X-aws-ec2-metadata-token-ttl-seconds", "60"));
        Assert.Equal(HttpStatusCode.OK, imds.Status);

        await FederationCalls.PostJsonAsync(_fixture.Server, "metadata/fault", """{"mode": "error"}""");
        Assert.Equal(HttpStatusCode.InternalServerError, (await SendAsync(HttpMethod.Put, At("latest/api/token"), ("X-aws-ec2-metadata-token-ttl-seconds", "60"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await FederationCalls.PostJsonAsync(_fixture.Server, "metadata/fault", """{"mode": "sometimes"}""")).Status);

        _fixture.Server.Reset();
        Assert.Equal(HttpStatusCode.OK, (await ApiCaller.GetAsync(At("v2/credentials/items-task"), key: null)).Status);
    }

    [Fact]
    public async Task The_hang_fault_holds_the_answer_until_the_client_gives_up()
    {
        await FederationCalls.PostJsonAsync(_fixture.Server, "metadata/fault", """{"mode": "hang"}""");
        using var client = new HttpClient { Timeout = TimeSpan.FromMilliseconds(500) };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => client.GetAsync(At("v2/credentials/items-task")));
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(10));
        Assert.Equal(1, _fixture.Server.Stats.Metadata.CountOf("Hang"));
    }
}
