using System;

namespace CrossAcctApi.Core.Signing
{
    internal static class Hex
    {
        private const string LowerDigits = "0123456789abcdef";
        private const string UpperDigits = "0123456789ABCDEF";

        // Both lowercase hex digits of every byte value, packed as two UTF-16 chars: one lookup per byte.
        private static readonly uint[] PairTable = BuildPairTable();

        public static void WriteLower(ReadOnlySpan<byte> bytes, Span<byte> destination)
        {
            var table = PairTable;
            for (var i = 0; i < bytes.Length; i++)
            {
                var pair = table[bytes[i]];
                destination[2 * i] = (byte)pair;
                destination[(2 * i) + 1] = (byte)(pair >> 16);
            }
        }

        public static void WriteLower(ReadOnlySpan<byte> bytes, Span<char> destination)
        {
            var table = PairTable;
            for (var i = 0; i < bytes.Length; i++)
            {
                var pair = table[bytes[i]];
                destination[2 * i] = (char)(ushort)pair;
                destination[(2 * i) + 1] = (char)(pair >> 16);
            }
        }

        private static uint[] BuildPairTable()
        {
            var table = new uint[256];
            for (var b = 0; b < 256; b++)
            {
                table[b] = LowerDigits[b >> 4] | ((uint)LowerDigits[b & 0xF] << 16);
            }

            return table;
        }

        public static string ToLowerString(ReadOnlySpan<byte> bytes)
        {
            var chars = t_chars ??= new char[64];
            if (chars.Length < bytes.Length * 2)
            {
                chars = new char[bytes.Length * 2];
            }

            WriteLower(bytes, chars);
            return new string(chars, 0, bytes.Length * 2);
        }

        [ThreadStatic]
        private static char[]? t_chars;

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
