using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using CrossAcctApi.Sandbox.Hosting;
using CrossAcctApi.Sandbox.Tests.Infrastructure;

namespace CrossAcctApi.Sandbox.Tests.Federation;

/// <summary>The built-in scenario's credential sources, and the control calls that act as the identity provider or `aws sso login`.</summary>
internal static class FederationCalls
{
    public const string Issuer = "https://token.ci.example.com";
    public const string ProviderArn = "arn:aws:iam::222222222222:oidc-provider/token.ci.example.com";
    public const string CiDeployer = "arn:aws:iam::222222222222:role/CiDeployer";
    public const string AllowedSubject = "repo:acme/items:ref:refs/heads/main";
    public const string SsoRoleArnPrefix = "arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_ItemsReader_0a1b2c3d4e5f6a7b/";

    public static Uri Control(SandboxServer server, string path) => new(server.BaseUri, "_sandbox/" + path);

    public static async Task<ApiResponse> PostJsonAsync(SandboxServer server, string path, string json) =>
        await ApiCaller.SendRawAsync(new HttpRequestMessage(HttpMethod.Post, Control(server, path)) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    /// <summary>A token minted by the sandbox's provider for the given claims (JSON object text).</summary>
    public static async Task<string> MintAsync(SandboxServer server, string claimsJson)
    {
        var response = await PostJsonAsync(server, "oidc/token", claimsJson);
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        return response.Json.GetProperty("token").GetString()!;
    }

    /// <summary>An SSO access token for an Identity Center user, as `aws sso login` would have obtained.</summary>
    public static async Task<JsonElement> SsoLoginAsync(SandboxServer server, string userName, long expiresInSeconds = 3600, string? sessionName = null)
    {
        var body = JsonSerializer.Serialize(new { userName, expiresInSeconds, sessionName });
        var response = await PostJsonAsync(server, "sso/token", body);
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        return response.Json;
    }

    /// <summary>The AWS SDK's STS client without credentials (AssumeRoleWithWebIdentity needs none).</summary>
    public static AmazonSecurityTokenServiceClient AnonymousSts(SandboxServer server) =>
        new(new AnonymousAWSCredentials(), new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = server.StsEndpoint.ToString(),
            AuthenticationRegion = Seed.Region,
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromSeconds(20),
        });

    public static async Task<AssumeRoleWithWebIdentityResponse> AssumeWithTokenAsync(SandboxServer server, string token, string roleArn = CiDeployer, int? durationSeconds = null)
    {
        using var client = AnonymousSts(server);
        var request = new AssumeRoleWithWebIdentityRequest { RoleArn = roleArn, RoleSessionName = "ci-job", WebIdentityToken = token };
        if (durationSeconds != null) request.DurationSeconds = durationSeconds;
        return await client.AssumeRoleWithWebIdentityAsync(request);
    }

    public static TestKey Key(Amazon.SecurityToken.Model.Credentials credentials, string arn) =>
        new(credentials.AccessKeyId, credentials.SecretAccessKey, arn, credentials.SessionToken);

    /// <summary>GET /federation/credentials as the SDKs send it: the bearer token in x-amz-sso_bearer_token.</summary>
    public static Task<ApiResponse> GetRoleCredentialsAsync(SandboxServer server, string? accessToken, string roleName = "ItemsReader", string accountId = Seed.AccountA)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUri, $"federation/credentials?role_name={roleName}&account_id={accountId}"));
        if (accessToken != null) request.Headers.TryAddWithoutValidation("x-amz-sso_bearer_token", accessToken);
        return ApiCaller.SendRawAsync(request);
    }
}
