using System;

namespace CrossAcctApi.Core.Signing
{
    internal static class Hex
    {
        private const string LowerDigits = "0123456789abcdef";
        private const string UpperDigits = "0123456789ABCDEF";

        public static void WriteLower(ReadOnlySpan<byte> bytes, Span<byte> destination)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                destination[2 * i] = (byte)LowerDigits[bytes[i] >> 4];
                destination[(2 * i) + 1] = (byte)LowerDigits[bytes[i] & 0xF];
            }
        }

        public static void WriteLower(ReadOnlySpan<byte> bytes, Span<char> destination)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                destination[2 * i] = LowerDigits[bytes[i] >> 4];
                destination[(2 * i) + 1] = LowerDigits[bytes[i] & 0xF];
            }
        }

        public static string ToLowerString(ReadOnlySpan<byte> bytes)
        {
            var chars = new char[bytes.Length * 2];
            WriteLower(bytes, chars);
            return new string(chars);
        }

        /// <summary>The uppercase digit for a nibble, as percent-encoding requires ("%2F", never "%2f").</summary>
        public static byte UpperDigit(int nibble) => (byte)UpperDigits[nibble];

        /// <summary>The value of a hex digit, or -1.</summary>
        public static int Value(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }
    }
}
