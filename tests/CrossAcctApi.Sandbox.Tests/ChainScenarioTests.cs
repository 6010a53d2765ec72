using System.Net;
using Amazon.SecurityToken.Model;
using CrossAcctApi.Sandbox.Tests.Infrastructure;

namespace CrossAcctApi.Sandbox.Tests;

/// <summary>Role chaining, same-account trust, managed session policies and route matching, on a second scenario.</summary>
public sealed class ChainScenarioTests : IClassFixture<ChainSandboxFixture>
{
    private readonly ChainSandboxFixture _fixture;

    public ChainScenarioTests(ChainSandboxFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.Reset();
    }

    private Uri Api(string path) => _fixture.Server.ApiUri(ChainScenario.ApiId, "$default", path);

    private Task<TestKey> Hop1Async(Action<AssumeRoleRequest>? customise = null) =>
        StsClients.AssumeAsync(_fixture.Server, ChainScenario.Ops, ChainScenario.Hop1, "hop1", r =>
        {
            r.Tags = new List<Tag> { new() { Key = "team", Value = "ops" } };
            r.TransitiveTagKeys = new List<string> { "team" };
            r.SourceIdentity = "alice";
            customise?.Invoke(r);
        });

    [Fact]
    public async Task A_role_session_assumes_the_next_role_and_carries_transitive_tags_and_source_identity()
    {
        var hop1 = await Hop1Async();
        using var client = StsClients.For(_fixture.Server, hop1);
        var response = await client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = ChainScenario.Hop2, RoleSessionName = "hop2" });

        // The session ARN carries the role name, not its path.
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/Hop2/hop2", response.AssumedRoleUser.Arn);
        Assert.Equal("alice", response.SourceIdentity);
        var hop2 = new TestKey(response.Credentials.AccessKeyId, response.Credentials.SecretAccessKey, response.AssumedRoleUser.Arn, response.Credentials.SessionToken);

        // Hop2 may read only with the transitive tag team=ops and source identity alice, which came along the chain.
        var read = await ApiCaller.SendAsync(HttpMethod.Get, Api("/files/report.csv"), hop2, signing: new SigningOptions { Region = ChainScenario.Region });
        Assert.True(read.Status == HttpStatusCode.OK, read.ToString());
        Assert.Equal(hop2.Arn, read.Json.GetProperty("caller").GetString());
    }

    [Fact]
    public async Task Without_the_tag_the_chained_session_is_denied()
    {
        var hop1 = await StsClients.AssumeAsync(_fixture.Server, ChainScenario.Ops, ChainScenario.Hop1, "untagged", r => r.SourceIdentity = "alice");
        var hop2 = await StsClients.AssumeAsync(_fixture.Server, hop1, ChainScenario.Hop2, "hop2");
        var read = await ApiCaller.SendAsync(HttpMethod.Get, Api("/files/report.csv"), hop2, signing: new SigningOptions { Region = ChainScenario.Region });
        Assert.Equal("AccessDeniedException", read.ErrorType);
    }

    [Fact]
    public async Task Role_chaining_caps_the_duration_at_one_hour()
    {
        var hop1 = await Hop1Async();
        var error = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, hop1, ChainScenario.Hop2, "long", r => r.DurationSeconds = 7200));
        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Equal("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", error.Message);

        // Assumed directly (no chain), the same role allows its own 12-hour maximum.
        var direct = await StsClients.AssumeAsync(_fixture.Server, ChainScenario.Ops, ChainScenario.Hop1, "long", r => r.DurationSeconds = 43200);
        Assert.StartsWith("ASIA", direct.AccessKeyId);
    }

    [Fact]
    public async Task A_transitive_tag_cannot_be_set_again_down_the_chain()
    {
        var hop1 = await Hop1Async();
        var error = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, hop1, ChainScenario.Hop2, "retag",
            r => r.Tags = new List<Tag> { new() { Key = "Team", Value = "dev" } }));
        Assert.Equal("ValidationError", error.ErrorCode);
    }

    [Fact]
    public async Task A_user_cannot_assume_a_role_that_trusts_only_another_role()
    {
        var error = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, ChainScenario.Ops, ChainScenario.Hop2));
        StsAssumeRoleTests.AssertAccessDenied(error, ChainScenario.Ops.Arn, ChainScenario.Hop2);
    }

    [Fact]
    public async Task In_one_account_a_trust_policy_naming_the_user_is_enough()
    {
        var session = await StsClients.AssumeAsync(_fixture.Server, ChainScenario.Dev, ChainScenario.LocalRole, "local");
        Assert.Equal("arn:aws:sts::222222222222:assumed-role/LocalRole/local", session.Arn);
    }

    [Fact]
    public async Task In_one_account_trusting_the_account_still_needs_an_identity_policy()
    {
        var error = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, ChainScenario.Dev, ChainScenario.LocalRootTrust, "local"));
        StsAssumeRoleTests.AssertAccessDenied(error, ChainScenario.Dev.Arn, ChainScenario.LocalRootTrust);
    }

    [Fact]
    public async Task A_managed_session_policy_narrows_the_session()
    {
        var session = await StsClients.AssumeAsync(_fixture.Server, ChainScenario.Ops, ChainScenario.Wide, "narrow",
            r => r.PolicyArns = new List<PolicyDescriptorType> { new() { Arn = ChainScenario.GetOnlyPolicy } });
        var signing = new SigningOptions { Region = ChainScenario.Region };
        Assert.Equal(HttpStatusCode.OK, (await ApiCaller.SendAsync(HttpMethod.Get, Api("/files/a"), session, signing: signing)).Status);
        var put = await ApiCaller.SendAsync(HttpMethod.Put, Api("/files/a"), session, "{}", signing: signing);
        Assert.Equal("AccessDeniedException", put.ErrorType);
        Assert.EndsWith(" because no session policy allows the execute-api:Invoke action", put.Message);
    }

    [Fact]
    public async Task An_unknown_managed_policy_is_a_ValidationError()
    {
        var error = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, ChainScenario.Ops, ChainScenario.Wide, "narrow",
            r => r.PolicyArns = new List<PolicyDescriptorType> { new() { Arn = "arn:aws:iam::111111111111:policy/Nope" } }));
        Assert.Equal("ValidationError", error.ErrorCode);
    }

    [Fact]
    public async Task A_greedy_route_takes_the_rest_of_the_path_for_any_method()
    {
        var session = await StsClients.AssumeAsync(_fixture.Server, ChainScenario.Ops, ChainScenario.Wide);
        var response = await ApiCaller.SendAsync(HttpMethod.Patch, Api("/files/a/b/c.txt"), session, "{}", signing: new SigningOptions { Region = ChainScenario.Region });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("a/b/c.txt", response.Json.GetProperty("proxy").GetString());
        Assert.Equal("PATCH", response.Json.GetProperty("method").GetString());
    }

    [Fact]
    public async Task A_literal_route_beats_the_greedy_one_and_an_anonymous_caller_is_null()
    {
        var response = await ApiCaller.GetAsync(Api("/files/readme"), key: null);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("readme", response.Json.GetProperty("route").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, response.Json.GetProperty("caller").ValueKind);

        // Another method on the same path falls to ANY /files/{proxy+}, which needs a signature.
        var post = await ApiCaller.SendAsync(HttpMethod.Post, Api("/files/readme"), key: null, "{}");
        Assert.Equal("MissingAuthenticationTokenException", post.ErrorType);
    }

    [Fact]
    public async Task The_default_route_catches_everything_else_with_its_status_and_headers()
    {
        var response = await ApiCaller.GetAsync(Api("/somewhere/else?q=hello%20world"), key: null);
        Assert.Equal(HttpStatusCode.Accepted, response.Status);
        Assert.Equal("default", response.Header("x-route"));
        Assert.Equal("/somewhere/else", response.Json.GetProperty("path").GetString());
        Assert.Equal("hello world", response.Json.GetProperty("q").GetString());
    }

    [Fact]
    public async Task The_API_verifies_its_own_region()
    {
        var session = await StsClients.AssumeAsync(_fixture.Server, ChainScenario.Ops, ChainScenario.Wide);
        var response = await ApiCaller.GetAsync(Api("/files/a"), session);
        Assert.Equal("InvalidSignatureException", response.ErrorType);
        Assert.Equal("Credential should be scoped to a valid region, not 'us-east-1'. ", response.Message);
    }
}
