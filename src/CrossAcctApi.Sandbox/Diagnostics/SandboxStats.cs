using System.Collections.Concurrent;
using System.Globalization;

namespace CrossAcctApi.Sandbox.Diagnostics;

/// <summary>
/// Counts STS and API calls by outcome, for <c>GET /_sandbox/stats</c> and for tests; also the SSO portal's calls
/// (GetRoleCredentials, ...) and the container and instance metadata calls.
/// </summary>
public sealed class SandboxStats
{
    /// <summary>Lambda function URL calls, by outcome, method and status.</summary>
    public CallCounter Lambda { get; } = new();

    public CallCounter Sts { get; } = new();

    public CallCounter Api { get; } = new();

    public CallCounter Sso { get; } = new();

    public CallCounter Metadata { get; } = new();

    public void Reset()
    {
        Lambda.Reset();
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
        lambda = Lambda.ToJsonModel(),
    };
}

/// <summary>
/// Thread-safe counters of one kind of call: the total, by outcome and by operation; for HTTP answers also by status,
/// and by the kind of API that answered (HTTP, REST, PRIVATE).
/// </summary>
public sealed class CallCounter
{
    private readonly ConcurrentDictionary<string, long> _byOutcome = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _byOperation = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _byStatus = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, long>> _byKind = new(StringComparer.Ordinal);
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Record(string operation, string outcome)
    {
        Interlocked.Increment(ref _total);
        _byOperation.AddOrUpdate(operation, 1, (_, n) => n + 1);
        _byOutcome.AddOrUpdate(outcome, 1, (_, n) => n + 1);
    }

    /// <summary>Records a call answered with an HTTP status, and under <paramref name="kind"/> when given.</summary>
    public void Record(string operation, string outcome, int statusCode, string? kind = null)
    {
        Record(operation, outcome);
        var status = statusCode.ToString(CultureInfo.InvariantCulture);
        _byStatus.AddOrUpdate(status, 1, (_, n) => n + 1);
        if (kind != null) _byKind.GetOrAdd(kind, _ => new(StringComparer.Ordinal)).AddOrUpdate(status, 1, (_, n) => n + 1);
    }

    public long CountOf(string outcome) => _byOutcome.TryGetValue(outcome, out var n) ? n : 0;

    /// <summary>Calls answered with <paramref name="statusCode"/>, of one kind of API or of all.</summary>
    public long CountOfStatus(int statusCode, string? kind = null)
    {
        var counts = kind == null ? _byStatus : _byKind.GetValueOrDefault(kind);
        return counts != null && counts.TryGetValue(statusCode.ToString(CultureInfo.InvariantCulture), out var n) ? n : 0;
    }

    public void Reset()
    {
        _byOutcome.Clear();
        _byOperation.Clear();
        _byStatus.Clear();
        _byKind.Clear();
        Interlocked.Exchange(ref _total, 0);
    }

    /// <summary>total, byOutcome and byOperation; byStatus and byKind (kind to status to count) once there is one.</summary>
    public object ToJsonModel()
    {
        var model = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["total"] = Total,
            ["byOutcome"] = Sorted(_byOutcome),
            ["byOperation"] = Sorted(_byOperation),
        };
        if (!_byStatus.IsEmpty) model["byStatus"] = Sorted(_byStatus);
        if (!_byKind.IsEmpty) model["byKind"] = new SortedDictionary<string, SortedDictionary<string, long>>(_byKind.ToDictionary(p => p.Key, p => Sorted(p.Value)), StringComparer.Ordinal);
        return model;
    }

    private static SortedDictionary<string, long> Sorted(ConcurrentDictionary<string, long> counts) =>
        new(counts.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
}
