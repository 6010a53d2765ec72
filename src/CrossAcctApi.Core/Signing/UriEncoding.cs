using System;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// SigV4's URI encoding: every byte of the UTF-8 form except the RFC 3986 unreserved set
    /// (A-Z a-z 0-9 - . _ ~) becomes %XX with uppercase hex. '/' is encoded too; callers write path separators themselves.
    /// </summary>
    internal static class UriEncoding
    {
        public static bool IsUnreserved(int b) => b >= 0 && b < 0x80 && Unreserved[b] != 0;

        /// <summary>
        /// Appends <paramref name="text"/> encoded. With <paramref name="decodeFirst"/>, valid %XX escapes are first
        /// turned back into the byte they stand for (so "%e1%88%b4" and a raw "ሴ" both come out as "%E1%88%B4");
        /// without it, '%' itself is encoded, which is how a non-S3 path gets its second encoding.
        /// A '%' not followed by two hex digits is taken literally, and so is '+' (a space only in form encoding).
        /// </summary>
        public static void Append(Utf8Builder output, ReadOnlySpan<char> text, bool decodeFirst)
        {
            // Worst case 9 bytes per char: a BMP char is 3 UTF-8 bytes, each escaped as %XX. Reserving once lets
            // the loop write with a local index and no capacity checks.
            var buffer = output.Reserve(text.Length * 9);
            var position = output.Length;
            var table = Unreserved;
            var i = 0;
            while (i < text.Length)
            {
                int b = text[i];
                if (b < 0x80)
                {
                    if (b == '%' && decodeFirst && i + 2 < text.Length)
                    {
                        var hi = Hex.Value(text[i + 1]);
                        var lo = Hex.Value(text[i + 2]);
                        if (hi >= 0 && lo >= 0)
                        {
                            b = (hi << 4) | lo;
                            i += 2;
                        }
                    }
                    i++;
                    if (b < 0x80 && table[b] != 0)
                    {
                        buffer[position++] = (byte)b;
                    }
                    else
                    {
                        buffer[position++] = (byte)'%';
                        buffer[position++] = Hex.UpperDigit(b >> 4);
                        buffer[position++] = Hex.UpperDigit(b & 0xF);
                    }

                    continue;
                }

                // Non-ASCII: every byte of its UTF-8 form is outside the unreserved set, so each is escaped.
                var utf8Length = 0;
                var utf8Array = Scratch4;
                i += Utf8Builder.WriteUtf8CodePoint(text, i, utf8Array, ref utf8Length);
                for (var k = 0; k < utf8Length; k++)
                {
                    buffer[position++] = (byte)'%';
                    buffer[position++] = Hex.UpperDigit(utf8Array[k] >> 4);
                    buffer[position++] = Hex.UpperDigit(utf8Array[k] & 0xF);
                }
            }

            output.SetLength(position);
        }

        /// <summary>Appends an ASCII or UTF-8 string that is known not to be encoded yet (X-Amz-* values).</summary>
        public static void AppendUnencoded(Utf8Builder output, string text) => Append(output, text.AsSpan(), decodeFirst: false);

        /// <summary>The encoded form as a string (the result is ASCII, so it is built in a reused buffer and copied once).</summary>
        public static string Encode(string text)
        {
            var builder = t_encodeBuffer ??= new Utf8Builder(256);
            builder.Clear();
            AppendUnencoded(builder, text);
            var encoded = builder.ToUtf8String(0, builder.Length);
            if (builder.Capacity > 64 * 1024)
            {
                t_encodeBuffer = null;
            }

            return encoded;
        }

        [ThreadStatic]
        private static Utf8Builder? t_encodeBuffer;

        /// <summary>1 for the RFC 3986 unreserved ASCII bytes (A-Z a-z 0-9 - . _ ~), 0 otherwise.</summary>
        private static ReadOnlySpan<byte> Unreserved => new byte[]
        {
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
            0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
            0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0,
        };

        // Holds one code point's UTF-8 bytes while they are escaped.
        [ThreadStatic]
        private static byte[]? t_scratch4;

        private static byte[] Scratch4 => t_scratch4 ??= new byte[4];
    }
}
