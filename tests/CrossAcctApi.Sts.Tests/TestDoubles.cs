using CrossAcctApi.Core;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Runtime;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi.Sts.Tests;

internal sealed class ManualClock : ISystemClock
{
    public ManualClock(DateTimeOffset now) => UtcNow = now;

    public DateTimeOffset UtcNow { get; set; }
}

/// <summary>An STS stand-in that counts calls and issues numbered sessions valid for one hour.</summary>
internal sealed class CountingRoleAssumer : IRoleAssumer
{
    private readonly ISystemClock _clock;
    private int _calls;

    public CountingRoleAssumer(ISystemClock clock) => _clock = clock;

    public int Calls => Volatile.Read(ref _calls);

    public TimeSpan Latency { get; set; }

    public List<AssumeRoleRequest> Requests { get; } = new();

    public async Task<AssumeRoleResult> AssumeRoleAsync(AssumeRoleRequest request, CredentialKeys caller, StsEndpoint endpoint, CancellationToken cancellationToken)
    {
        int n = Interlocked.Increment(ref _calls);
        lock (Requests) Requests.Add(request);
        if (Latency > TimeSpan.Zero) await Task.Delay(Latency, cancellationToken);
        var keys = new CredentialKeys("ASIATEST" + n.ToString("D12"), "secret-" + n + "-0123456789abcdefghij", "token-" + n + "-0123456789abcdefghij");
        return new AssumeRoleResult(keys, _clock.UtcNow.UtcDateTime.AddHours(1), "arn:aws:sts::111111111111:assumed-role/R/" + request.RoleSessionName, "AROATEST:" + request.RoleSessionName);
    }

    public Task<CallerIdentity> GetCallerIdentityAsync(CredentialKeys caller, StsEndpoint endpoint, CancellationToken cancellationToken) =>
        Task.FromResult(new CallerIdentity("222222222222", "arn:aws:iam::222222222222:user/test", "AIDATEST"));
}

internal static class Samples
{
    public const string Role = "arn:aws:iam::111111111111:role/CrossAccountInvoker";

    public static readonly CredentialKeys Caller = new("AKIAOPSENGINEER22222", "OpsEngineerSecretKeyForAccountB/22222222");

    public static StsEndpoint Endpoint(string url = "http://127.0.0.1:1/") => StsEndpoint.Resolve(new Uri(url), "us-east-1", _ => null);

    public static AssumeRoleRequest Request(string session = "test-session", string? serial = null, string? token = null, int? duration = null, string? externalId = null) =>
        new(Role, session, duration, externalId, serial, token);

    public static CrossAcctApiException Catch(Action action)
    {
        var error = Assert.ThrowsAny<CrossAcctApiException>(action);
        return error;
    }
}
