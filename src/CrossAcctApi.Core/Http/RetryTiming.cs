using System;
using System.Globalization;
using System.Net.Http.Headers;
using CrossAcctApi.Core.Runtime;

namespace CrossAcctApi.Core.Http
{
    /// <summary>When to retry and how long to wait first.</summary>
    internal static class RetryTiming
    {
        /// <summary>Throttling and the gateway statuses that mean "try again": 429, 502, 503, 504. A 500 is not: it is usually the integration's own bug.</summary>
        public static bool IsRetryableStatus(int status) => status == 429 || status == 502 || status == 503 || status == 504;

        /// <summary>
        /// Exponential backoff with "equal jitter": for retry n the ceiling is RetryInterval × 2^(n-1) (at most
        /// MaximumBackoff), and the wait is half the ceiling plus a random part of the other half, so that clients
        /// that failed together do not retry together, yet none retries at once.
        /// </summary>
        public static TimeSpan Backoff(int retryNumber, ApiCallOptions options, IRandomSource random)
        {
            if (options.RetryInterval <= TimeSpan.Zero)
            {
                return TimeSpan.Zero;
            }

            var exponent = Math.Min(Math.Max(retryNumber - 1, 0), 30);
            var ceilingTicks = Math.Min(options.RetryInterval.Ticks * Math.Pow(2, exponent), options.MaximumBackoff.Ticks);
            var half = ceilingTicks / 2;
            return TimeSpan.FromTicks((long)(half + (random.NextDouble() * half)));
        }

        /// <summary>The Retry-After header as a wait: delta-seconds, or an HTTP date relative to <paramref name="now"/>. Null when absent or unreadable.</summary>
        public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
        {
            if (header is null)
            {
                return null;
            }

            if (header.Delta.HasValue)
            {
                return header.Delta.Value < TimeSpan.Zero ? TimeSpan.Zero : header.Delta.Value;
            }

            if (header.Date.HasValue)
            {
                var wait = header.Date.Value - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }

            return null;
        }

        public static string Describe(TimeSpan wait) =>
            wait.TotalSeconds >= 1
                ? wait.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture) + " s"
                : ((int)wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";
    }
}
