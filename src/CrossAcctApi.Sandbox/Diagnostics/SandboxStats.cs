using System.Collections.Concurrent;

namespace CrossAcctApi.Sandbox.Diagnostics;

/// <summary>
/// Counts STS and API calls by outcome, for <c>GET /_sandbox/stats</c> and for tests; also the SSO portal's calls
/// (GetRoleCredentials, ...) and the container and instance metadata calls.
/// </summary>
public sealed class SandboxStats
{
    public CallCounter Sts { get; } = new();

    public CallCounter Api { get; } = new();

    public CallCounter Sso { get; } = new();

    public CallCounter Metadata { get; } = new();

    public void Reset()
    {
        Sts.Reset();
        Api.Reset();
        Sso.Reset();
        Metadata.Reset();
    }

    public object ToJsonModel(int activeSessions, int issuedSessions) => new
    {
        sts = Sts.ToJsonModel(),
        api = Api.ToJsonModel(),
        sso = Sso.ToJsonModel(),
        metadata = Metadata.ToJsonModel(),
        sessions = new { issued = issuedSessions, active = activeSessions },
    };
}

/// <summary>Thread-safe counters of one kind of call: the total, by outcome and by operation.</summary>
public sealed class CallCounter
{
    private readonly ConcurrentDictionary<string, long> _byOutcome = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _byOperation = new(StringComparer.Ordinal);
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Record(string operation, string outcome)
    {
        Interlocked.Increment(ref _total);
        _byOperation.AddOrUpdate(operation, 1, (_, n) => n + 1);
        _byOutcome.AddOrUpdate(outcome, 1, (_, n) => n + 1);
    }

    public long CountOf(string outcome) => _byOutcome.TryGetValue(outcome, out var n) ? n : 0;

    public void Reset()
    {
        _byOutcome.Clear();
        _byOperation.Clear();
        Interlocked.Exchange(ref _total, 0);
    }

    public object ToJsonModel() => new
    {
        total = Total,
        byOutcome = Sorted(_byOutcome),
        byOperation = Sorted(_byOperation),
    };

    private static SortedDictionary<string, long> Sorted(ConcurrentDictionary<string, long> counts) =>
        new(counts.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
}
