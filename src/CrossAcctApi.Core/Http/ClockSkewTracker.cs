using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CrossAcctApi.Core.Http
{
    /// <summary>
    /// How far each server's clock is from ours, learned from a 403 "Signature expired" (or "not yet current") and
    /// the response's Date header, and kept for the rest of the session so that later calls to the same host are
    /// signed with the server's time from the start. Keyed by scheme, host and port.
    /// </summary>
    public sealed class ClockSkewTracker
    {
        // "...(20250101T120000Z - 5 min.)" or "(... + 5 min.)": the server's own now, when there is no Date header.
        private static readonly Regex ServerNowInMessage = new Regex(@"\((?<now>\d{8}T\d{6}Z)\s*[-+]", RegexOptions.CultureInvariant);

        private readonly ConcurrentDictionary<string, TimeSpan> _offsets = new ConcurrentDictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The process-wide tracker the cmdlets share (one PowerShell session = one process).</summary>
        public static ClockSkewTracker Shared { get; } = new ClockSkewTracker();

        /// <summary>The offset to add to our clock for <paramref name="uri"/>'s server (zero when none was learned).</summary>
        public TimeSpan OffsetFor(Uri uri) => _offsets.TryGetValue(Key(uri), out var offset) ? offset : TimeSpan.Zero;

        public void Record(Uri uri, TimeSpan offset) => _offsets[Key(uri)] = offset;

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
    }
}
