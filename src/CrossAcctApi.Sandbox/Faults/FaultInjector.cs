namespace CrossAcctApi.Sandbox.Faults;

/// <summary>An API failure the sandbox answers instead of handling the request.</summary>
public sealed record InjectedApiFault(int StatusCode, int RetryAfterSeconds);

/// <summary>What is armed right now; the JSON shape of <c>GET /_sandbox/faults</c>.</summary>
public sealed record FaultState(
    int StsThrottleRemaining,
    int ApiErrorRemaining,
    int ApiErrorStatus,
    int ApiRetryAfterSeconds,
    int LatencyMilliseconds,
    double ClockOffsetSeconds);

/// <summary>
/// Armed failures: throttle the next N STS calls, answer the next N API calls with 500/502/503/429,
/// add latency to every STS and API call. Counts are consumed one per call, so a test can arm exactly
/// as many failures as it expects a client to retry through.
/// </summary>
public sealed class FaultInjector
{
    /// <summary>The API failures API Gateway itself produces and clients are expected to retry.</summary>
    public static readonly IReadOnlyList<int> SupportedApiStatuses = new[] { 429, 500, 502, 503 };

    public const int MaxLatencyMilliseconds = 60_000;

    private readonly object _gate = new();
    private int _stsThrottleRemaining;
    private int _apiErrorRemaining;
    private int _apiErrorStatus = 503;
    private int _apiRetryAfterSeconds = 1;
    private int _latencyMilliseconds;

    public TimeSpan Latency
    {
        get { lock (_gate) { return TimeSpan.FromMilliseconds(_latencyMilliseconds); } }
    }

    public void ThrottleSts(int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), "stsThrottleCount must be 0 or more.");
        lock (_gate) { _stsThrottleRemaining = count; }
    }

    public void FailApi(int count, int statusCode, int retryAfterSeconds)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), "apiErrorCount must be 0 or more.");
        if (!SupportedApiStatuses.Contains(statusCode))
            throw new ArgumentOutOfRangeException(nameof(statusCode), $"apiErrorStatus must be one of {string.Join(", ", SupportedApiStatuses)}.");
        if (retryAfterSeconds < 0) throw new ArgumentOutOfRangeException(nameof(retryAfterSeconds), "apiRetryAfterSeconds must be 0 or more.");
        lock (_gate)
        {
            _apiErrorRemaining = count;
            _apiErrorStatus = statusCode;
            _apiRetryAfterSeconds = retryAfterSeconds;
        }
    }

    public void SetLatency(int milliseconds)
    {
        if (milliseconds < 0 || milliseconds > MaxLatencyMilliseconds)
            throw new ArgumentOutOfRangeException(nameof(milliseconds), $"latencyMilliseconds must be between 0 and {MaxLatencyMilliseconds}.");
        lock (_gate) { _latencyMilliseconds = milliseconds; }
    }

    /// <summary>True when this STS call is to be throttled (and one armed throttle is used up).</summary>
    public bool TryConsumeStsThrottle()
    {
        lock (_gate)
        {
            if (_stsThrottleRemaining == 0) return false;
            _stsThrottleRemaining--;
            return true;
        }
    }

    /// <summary>The failure to answer this API call with, or null to handle it normally.</summary>
    public InjectedApiFault? TryConsumeApiFault()
    {
        lock (_gate)
        {
            if (_apiErrorRemaining == 0) return null;
            _apiErrorRemaining--;
            return new InjectedApiFault(_apiErrorStatus, _apiRetryAfterSeconds);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _stsThrottleRemaining = 0;
            _apiErrorRemaining = 0;
            _apiErrorStatus = 503;
            _apiRetryAfterSeconds = 1;
            _latencyMilliseconds = 0;
        }
    }

    public FaultState Snapshot(TimeSpan clockOffset)
    {
        lock (_gate)
        {
            return new FaultState(_stsThrottleRemaining, _apiErrorRemaining, _apiErrorStatus, _apiRetryAfterSeconds,
                _latencyMilliseconds, clockOffset.TotalSeconds);
        }
    }
}
