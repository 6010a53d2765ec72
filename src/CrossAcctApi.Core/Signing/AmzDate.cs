using System;
using System.Threading;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// The signing time as SigV4 writes it ("yyyyMMddTHHmmssZ", UTC) and its date as a number. The last value is
    /// cached process-wide: every signature within the same second shares one string instead of formatting a new one.
    /// </summary>
    internal sealed class AmzDate
    {
        private static AmzDate? s_last;

        private AmzDate(long utcSecond, string value, int dateNumber)
        {
            UtcSecond = utcSecond;
            Value = value;
            Bytes = System.Text.Encoding.ASCII.GetBytes(value);
            DateNumber = dateNumber;
        }

        /// <summary>Whole seconds since 0001-01-01 UTC.</summary>
        public long UtcSecond { get; }

        /// <summary>"yyyyMMddTHHmmssZ".</summary>
        public string Value { get; }

        /// <summary><see cref="Value"/> as ASCII bytes, for the string to sign.</summary>
        public byte[] Bytes { get; }

        /// <summary>yyyyMMdd as a number, the date part of the credential scope.</summary>
        public int DateNumber { get; }

        public static AmzDate For(DateTimeOffset signingTime)
        {
            var utcSecond = signingTime.UtcTicks / TimeSpan.TicksPerSecond;
            var last = Volatile.Read(ref s_last);
            if (last != null && last.UtcSecond == utcSecond)
            {
                return last;
            }

            var created = Create(utcSecond);
            Volatile.Write(ref s_last, created);
            return created;
        }

        private static AmzDate Create(long utcSecond)
        {
            var utc = new DateTime(utcSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
            var chars = new char[16];
            Write4(chars, 0, utc.Year);
            Write2(chars, 4, utc.Month);
            Write2(chars, 6, utc.Day);
            chars[8] = 'T';
            Write2(chars, 9, utc.Hour);
            Write2(chars, 11, utc.Minute);
            Write2(chars, 13, utc.Second);
            chars[15] = 'Z';
            return new AmzDate(utcSecond, new string(chars), (utc.Year * 10000) + (utc.Month * 100) + utc.Day);
        }

        private static void Write4(char[] chars, int offset, int value)
        {
            Write2(chars, offset, value / 100);
            Write2(chars, offset + 2, value % 100);
        }

        private static void Write2(char[] chars, int offset, int value)
        {
            chars[offset] = (char)('0' + (value / 10));
            chars[offset + 1] = (char)('0' + (value % 10));
        }
    }
}
