using System;
using System.Globalization;

namespace CrossAcctApi.Core.Credentials
{
    /// <summary>Expiration values arrive as DateTime (any Kind), DateTimeOffset or ISO-8601 text; this makes them UTC.</summary>
    internal static class CredentialTime
    {
        /// <summary>
        /// Unspecified kinds are taken as UTC: AWS sends expirations in UTC, and a value that lost its zone on the way
        /// (a CSV, a string parsed without offset) is far more likely UTC than the local zone of this machine.
        /// </summary>
        public static DateTime ToUtc(DateTime value)
        {
            switch (value.Kind)
            {
                case DateTimeKind.Utc:
                    return value;
                case DateTimeKind.Local:
                    return value.ToUniversalTime();
                default:
                    return DateTime.SpecifyKind(value, DateTimeKind.Utc);
            }
        }

        /// <summary>Reads an expiration; false when the value is of an unknown type or unparsable text.</summary>
        public static bool TryRead(object? value, out DateTime? utc)
        {
            utc = null;
            switch (value)
            {
                case null:
                    return true;
                case DateTime dateTime:
                    utc = ToUtc(dateTime);
                    return true;
                case DateTimeOffset offset:
                    utc = offset.UtcDateTime;
                    return true;
                case string text when text.Trim().Length == 0:
                    return true;
                case string text:
                    if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
                    {
                        utc = parsed.UtcDateTime;
                        return true;
                    }

                    return false;
                default:
                    return false;
            }
        }
    }
}
