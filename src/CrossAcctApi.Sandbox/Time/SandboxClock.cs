namespace CrossAcctApi.Sandbox.Time;

/// <summary>
/// The sandbox's notion of "now": real time plus an offset that tests set to simulate clock skew.
/// Every time-dependent decision (the ±5-minute signature window, session expiry, issued expirations)
/// reads this clock, so one offset moves them all together, as a skewed AWS clock would.
/// </summary>
public sealed class SandboxClock
{
    private readonly TimeProvider _source;
    private long _offsetTicks;

    public SandboxClock(TimeProvider? source = null)
    {
        _source = source ?? TimeProvider.System;
    }

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public DateTimeOffset UtcNow => _source.GetUtcNow() + Offset;
}
