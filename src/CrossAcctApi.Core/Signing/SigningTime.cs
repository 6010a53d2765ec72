using System;
using System.Globalization;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// The one rule for the time a request is signed at: SigV4 dates have whole seconds, so the time is truncated to
    /// the second (in UTC) before anything shows it, and it must lie where a signature can be checked at all:
    /// from 1970 (no AWS credential is older) to a week before the end of year 9999 (a presigned URL's expiry must
    /// still be a date). Everything that signs takes its time from here.
    /// </summary>
    public static class SigningTime
    {
        public const string InvalidSigningTime = "InvalidSigningTime";

        private static readonly DateTimeOffset Earliest = new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);
        private static readonly DateTimeOffset Latest = DateTimeOffset.MaxValue.AddDays(-8);

        /// <summary><paramref name="requested"/> in UTC, truncated to the second; <c>InvalidSigningTime</c> outside 1970..9999.</summary>
        public static DateTimeOffset From(DateTimeOffset requested)
        {
            if (requested < Earliest || requested > Latest)
            {
                throw new CrossAcctApiException(
                    InvalidSigningTime,
                    FailureKind.InvalidArgument,
                    "The signing time " + requested.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture) + " cannot be signed: it must lie between 1970 and 9999.",
                    requested)
                {
                    RecommendedAction = "Leave the signing time out to sign at the current time, or give a real date and time.",
                };
            }

            var ticks = requested.UtcTicks;
            return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        }
    }
}
