using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Runtime;

namespace CrossAcctApi.Core.Tests.Credentials;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock : ISystemClock
{
    public ManualClock(DateTimeOffset now) => UtcNow = now;

    public DateTimeOffset UtcNow { get; set; }
}

/// <summary>
/// Counts refreshes and hands out numbered keys. <see cref="Gate"/>, when set, holds every refresh until the test
/// opens it, so that concurrent callers really do overlap.
/// </summary>
internal sealed class CountingRefresher : ICredentialRefresher
{
    private int _calls;

    public CountingRefresher(Func<DateTime?> nextExpiration) => NextExpiration = nextExpiration;

    public Func<DateTime?> NextExpiration { get; }

    public TaskCompletionSource<bool>? Gate { get; set; }

    public Exception? Failure { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public async Task<RefreshedCredential> RefreshAsync(CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        if (Gate != null)
        {
            await Gate.Task.WaitAsync(cancellationToken);
        }

        if (Failure != null)
        {
            throw Failure;
        }

        return new RefreshedCredential(
            new CredentialKeys("ASIAREFRESHED" + call.ToString("D4"), "refreshed-secret-" + call + "-xxxxxxxxxxxx", "refreshed-token-" + call + "-xxxxxxxxxxxx"),
            NextExpiration());
    }
}

internal static class Secrets
{
    public const string AccessKeyId = "ASIAIOSFODNN7EXAMPLE";
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public const string SessionToken = "IQoJb3JpZ2luX2VjEXAMPLEtokenValue/With+Symbols==";
}
