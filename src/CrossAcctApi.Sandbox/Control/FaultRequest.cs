namespace CrossAcctApi.Sandbox.Control;

/// <summary>
/// The body of <c>POST /_sandbox/faults</c>. Every field is optional; only the fields given change.
/// </summary>
public sealed class FaultRequest
{
    /// <summary>Throttle the next N STS calls (Throttling, 400, "Rate exceeded").</summary>
    public int? StsThrottleCount { get; set; }

    /// <summary>Answer the next N API calls with <see cref="ApiErrorStatus"/>.</summary>
    public int? ApiErrorCount { get; set; }

    /// <summary>429, 500, 502 or 503 (default 503).</summary>
    public int? ApiErrorStatus { get; set; }

    /// <summary>The Retry-After header of injected API errors, in seconds (default 1).</summary>
    public int? ApiRetryAfterSeconds { get; set; }

    /// <summary>Added to every STS and API call, 0..60000 ms.</summary>
    public int? LatencyMilliseconds { get; set; }

    /// <summary>The server clock's offset from real time, in seconds (positive: the server runs ahead).</summary>
    public double? ClockOffsetSeconds { get; set; }

    /// <summary>True: every session issued so far expires now.</summary>
    public bool? ExpireSessions { get; set; }
}
