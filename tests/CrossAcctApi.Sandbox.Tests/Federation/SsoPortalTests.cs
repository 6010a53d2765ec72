using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.SecurityToken.Model;
using CrossAcctApi.Sandbox.Tests.Infrastructure;

namespace CrossAcctApi.Sandbox.Tests.Federation;

/// <summary>The IAM Identity Center portal's GetRoleCredentials, called as the AWS SDKs call it (raw HTTP and the SDK's SSO client).</summary>
public sealed class SsoPortalTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public SsoPortalTests(SandboxFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.Reset();
    }

    [Fact]
    public async Task An_assigned_user_gets_the_permission_sets_role_session_named_after_the_user()
    {
        var login = await FederationCalls.SsoLoginAsync(_fixture.Server, "alice");

        var response = await FederationCalls.GetRoleCredentialsAsync(_fixture.Server, login.GetProperty("accessToken").GetString());

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var credentials = response.Json.GetProperty("roleCredentials");
        Assert.Matches("^ASIA[A-Z2-7]{16}$", credentials.GetProperty("accessKeyId").GetString());
        var expiration = DateTimeOffset.FromUnixTimeMilliseconds(credentials.GetProperty("expiration").GetInt64());
        Assert.InRange(expiration, DateTimeOffset.UtcNow.AddSeconds(3590), DateTimeOffset.UtcNow.AddSeconds(3605));

        var key = new TestKey(credentials.GetProperty("accessKeyId").GetString()!, credentials.GetProperty("secretAccessKey").GetString()!, "sso", credentials.GetProperty("sessionToken").GetString());
        using var sts = StsClients.For(_fixture.Server, key);
        Assert.Equal(FederationCalls.SsoRoleArnPrefix + "alice", (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn);
        Assert.Equal(HttpStatusCode.OK, (await ApiCaller.GetAsync(_fixture.Server.ApiUri(Seed.ApiId, "prod", "/items"), key)).Status);
    }

    [Fact]
    public async Task The_AWS_SDK_SSO_client_reads_the_answer()
    {
        var login = await FederationCalls.SsoLoginAsync(_fixture.Server, "alice");
        using var client = new Amazon.SSO.AmazonSSOClient(new Amazon.Runtime.AnonymousAWSCredentials(), new Amazon.SSO.AmazonSSOConfig
        {
            ServiceURL = _fixture.Server.BaseUri.ToString(),
            AuthenticationRegion = Seed.Region,
            MaxErrorRetry = 0,
        });

        var response = await client.GetRoleCredentialsAsync(new Amazon.SSO.Model.GetRoleCredentialsRequest
        {
            AccessToken = login.GetProperty("accessToken").GetString(),
            AccountId = Seed.AccountA,
            RoleName = "ItemsReader",
        });
        Assert.StartsWith("ASIA", response.RoleCredentials.AccessKeyId);

        var refused = await Assert.ThrowsAsync<Amazon.SSO.Model.UnauthorizedException>(() => client.GetRoleCredentialsAsync(new Amazon.SSO.Model.GetRoleCredentialsRequest
        {
            AccessToken = "aoa-not-issued-by-the-sandbox",
            AccountId = Seed.AccountA,
            RoleName = "ItemsReader",
        }));
        Assert.Equal("Session token not found or invalid", refused.Message);
    }

    [Fact]
    public async Task An_unknown_missing_expired_or_logged_out_token_is_UnauthorizedException()
    {
        var expired = await FederationCalls.SsoLoginAsync(_fixture.Server, "alice", expiresInSeconds: 0);
        var live = (await FederationCalls.SsoLoginAsync(_fixture.Server, "alice")).GetProperty("accessToken").GetString()!;
        var logout = new HttpRequestMessage(HttpMethod.Post, new Uri(_fixture.Server.BaseUri, "logout"));
        logout.Headers.TryAddWithoutValidation("x-amz-sso_bearer_token", live);
        Assert.Equal(HttpStatusCode.OK, (await ApiCaller.SendRawAsync(logout)).Status);

        foreach (var token in new[] { "aoa-unknown", null, expired.GetProperty("accessToken").GetString(), live })
        {
            var response = await FederationCalls.GetRoleCredentialsAsync(_fixture.Server, token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
            Assert.Equal("UnauthorizedException", response.ErrorType);
            Assert.Equal("Session token not found or invalid", response.Message);
        }
    }

    [Theory]
    [InlineData("bob", "ItemsReader", Seed.AccountA)]
    [InlineData("alice", "ItemsAdmin", Seed.AccountA)]
    [InlineData("alice", "ItemsReader", Seed.AccountB)]
    public async Task A_role_the_user_is_not_assigned_is_ForbiddenException(string user, string roleName, string accountId)
    {
        var token = (await FederationCalls.SsoLoginAsync(_fixture.Server, user)).GetProperty("accessToken").GetString();
        var response = await FederationCalls.GetRoleCredentialsAsync(_fixture.Server, token, roleName, accountId);
        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("ForbiddenException", response.ErrorType);
        Assert.Equal("No access", response.Message);
    }

    [Fact]
    public async Task A_throttled_call_is_TooManyRequestsException_and_calls_are_counted()
    {
        var token = (await FederationCalls.SsoLoginAsync(_fixture.Server, "alice")).GetProperty("accessToken").GetString();
        Assert.Equal(HttpStatusCode.OK, (await FederationCalls.PostJsonAsync(_fixture.Server, "sso/throttle", """{"count": 1}""")).Status);

        var throttled = await FederationCalls.GetRoleCredentialsAsync(_fixture.Server, token);
        Assert.Equal((HttpStatusCode)429, throttled.Status);
        Assert.Equal("TooManyRequestsException", throttled.ErrorType);
        Assert.Equal(HttpStatusCode.OK, (await FederationCalls.GetRoleCredentialsAsync(_fixture.Server, token)).Status);

        Assert.Equal(2, _fixture.Server.Stats.Sso.Total);
        Assert.Equal(1, _fixture.Server.Stats.Sso.CountOf("TooManyRequestsException"));
        Assert.Equal(0, _fixture.Server.Stats.Sts.Total);
    }

    [Fact]
    public async Task The_login_answer_gives_the_cache_file_aws_sso_login_would_write()
    {
        var named = await FederationCalls.SsoLoginAsync(_fixture.Server, "alice", sessionName: "sandbox");
        Assert.Equal(Sha1Hex("sandbox") + ".json", named.GetProperty("cacheFileName").GetString());
        var legacy = await FederationCalls.SsoLoginAsync(_fixture.Server, "alice");
        Assert.Equal(Sha1Hex("https://sandbox-sso.awsapps.com/start") + ".json", legacy.GetProperty("cacheFileName").GetString());

        var file = named.GetProperty("cacheFile");
        Assert.Equal(named.GetProperty("accessToken").GetString(), file.GetProperty("accessToken").GetString());
        Assert.Equal("us-east-1", file.GetProperty("region").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", file.GetProperty("expiresAt").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await FederationCalls.PostJsonAsync(_fixture.Server, "sso/token", """{"userName": "mallory"}""")).Status);
    }

    private static string Sha1Hex(string text) => Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}
