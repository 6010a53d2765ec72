using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CrossAcctApi.Core.Http
{
    /// <summary>
    /// How far each server's clock is from ours, learned from a 403 "Signature expired" (or "not yet current") and
    /// measured again from the Date header of every answer, so that later calls to the same host are signed with the
    /// server's time from the start - and an offset that no longer holds (the server's clock was fixed) heals with
    /// the next answer instead of poisoning every later call. Differences within <see cref="Tolerance"/> are noise (a
    /// Date header has whole seconds, and the answer took time to arrive) and count as none; an offset not measured
    /// again for <see cref="MaxAge"/> is forgotten. Keyed by scheme, host and port.
    /// </summary>
    public sealed class ClockSkewTracker
    {
        /// <summary>Smaller differences between a server's Date and our clock are not an offset.</summary>
        public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(30);

        /// <summary>How long a measured offset is trusted without being measured again.</summary>
        public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(30);

        // "...(20250101T120000Z - 5 min.)" or "(... + 5 min.)": the server's own now, when there is no Date header.
        private static readonly Regex ServerNowInMessage = new Regex(@"\((?<now>\d{8}T\d{6}Z)\s*[-+]", RegexOptions.CultureInvariant);

        private readonly ConcurrentDictionary<string, Measurement> _offsets = new ConcurrentDictionary<string, Measurement>(StringComparer.OrdinalIgnoreCase);
        private readonly Runtime.ISystemClock _clock;

        public ClockSkewTracker(Runtime.ISystemClock? clock = null) => _clock = clock ?? Runtime.SystemClock.Instance;

        /// <summary>The process-wide tracker the cmdlets share (one PowerShell session = one process).</summary>
        public static ClockSkewTracker Shared { get; } = new ClockSkewTracker();

        /// <summary>The offset to add to our clock for <paramref name="uri"/>'s server (zero when none holds).</summary>
        public TimeSpan OffsetFor(Uri uri)
        {
            var key = Key(uri);
            if (!_offsets.TryGetValue(key, out var measurement))
            {
                return TimeSpan.Zero;
            }

            if (_clock.UtcNow - measurement.MeasuredAt > MaxAge)
            {
                _offsets.TryRemove(key, out _);
                return TimeSpan.Zero;
            }

            return measurement.Offset;
        }

        /// <summary>Keeps <paramref name="offset"/> for the server (none, when it is within the tolerance).</summary>
        public void Record(Uri uri, TimeSpan offset)
        {
            if (offset.Duration() <= Tolerance)
            {
                _offsets.TryRemove(Key(uri), out _);
                return;
            }

            _offsets[Key(uri)] = new Measurement(offset, _clock.UtcNow);
        }

        /// <summary>Measures the server's offset again from an answer's Date header (nothing to learn without one).</summary>
        public void Observe(Uri uri, DateTimeOffset? serverDate)
        {
            if (serverDate.HasValue)
            {
                Record(uri, serverDate.Value.ToUniversalTime() - _clock.UtcNow);
            }
        }

        /// <summary>Forgets every learned offset.</summary>
        public void Reset() => _offsets.Clear();

        /// <summary>
        /// The server's time when it answered: its Date header, else the time its "Signature expired" message states.
        /// Null when neither is there.
        /// </summary>
        public static DateTimeOffset? ServerTime(DateTimeOffset? dateHeader, string? message)
        {
            if (dateHeader.HasValue)
            {
                return dateHeader.Value.ToUniversalTime();
            }

            if (message != null)
            {
                var match = ServerNowInMessage.Match(message);
                if (match.Success
                    && DateTimeOffset.TryParseExact(match.Groups["now"].Value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                {
                    return parsed;
                }
            }

            return null;
        }

        private static string Key(Uri uri) => uri.Scheme + "://" + uri.Authority;

        private sealed class Measurement
        {
            public Measurement(TimeSpan offset, DateTimeOffset measuredAt)
            {
                Offset = offset;
                MeasuredAt = measuredAt;
            }

            public TimeSpan Offset { get; }

            public DateTimeOffset MeasuredAt { get; }
        }
    }
}
