using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using CrossAcctApi.Sandbox.Hosting;

namespace CrossAcctApi.Sandbox.Tests.Infrastructure;

/// <summary>The AWS SDK for .NET's own STS client, pointed at the sandbox with ServiceURL.</summary>
internal static class StsClients
{
    public static AmazonSecurityTokenServiceClient For(SandboxServer server, TestKey key, int maxErrorRetry = 0)
    {
        var config = new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = server.StsEndpoint.ToString(),
            AuthenticationRegion = Seed.Region,
            MaxErrorRetry = maxErrorRetry,
            Timeout = TimeSpan.FromSeconds(20),
        };
        return new AmazonSecurityTokenServiceClient(key.ToAwsCredentials(), config);
    }

    /// <summary>Assumes a role as <paramref name="caller"/> and returns the session's key.</summary>
    public static async Task<TestKey> AssumeAsync(SandboxServer server, TestKey caller, string roleArn, string sessionName = "test-session", Action<AssumeRoleRequest>? customise = null)
    {
        using var client = For(server, caller);
        var request = new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = sessionName };
        customise?.Invoke(request);
        var response = await client.AssumeRoleAsync(request);
        var credentials = response.Credentials;
        return new TestKey(credentials.AccessKeyId, credentials.SecretAccessKey, response.AssumedRoleUser.Arn, credentials.SessionToken);
    }

    public static Task<TestKey> AssumeRoleWithNameAsync(SandboxServer server, string sessionName) =>
        AssumeAsync(server, Seed.OpsEngineer, Seed.CrossAccountInvoker, sessionName);

    /// <summary>Runs a call that must fail and returns the STS error.</summary>
    public static async Task<AmazonSecurityTokenServiceException> FailsAsync(Func<Task> call)
    {
        return await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(call);
    }
}
