using System;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// SigV4's URI encoding: every byte of the UTF-8 form except the RFC 3986 unreserved set
    /// (A-Z a-z 0-9 - . _ ~) becomes %XX with uppercase hex. '/' is encoded too; callers write path separators themselves.
    /// </summary>
    internal static class UriEncoding
    {
        public static bool IsUnreserved(int b) =>
            b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '.' || b == '_' || b == '~';

        /// <summary>
        /// Appends <paramref name="text"/> encoded. With <paramref name="decodeFirst"/>, valid %XX escapes are first
        /// turned back into the byte they stand for (so "%e1%88%b4" and a raw "ሴ" both come out as "%E1%88%B4");
        /// without it, '%' itself is encoded, which is how a non-S3 path gets its second encoding.
        /// A '%' not followed by two hex digits is taken literally.
        /// </summary>
        public static void Append(Utf8Builder output, ReadOnlySpan<char> text, bool decodeFirst) =>
            Append(output, text, decodeFirst, plusIsSpace: false);

        /// <summary>As <see cref="Append(Utf8Builder, ReadOnlySpan{char}, bool)"/>; with <paramref name="plusIsSpace"/> a raw '+' is read as a space (form encoding).</summary>
        public static void Append(Utf8Builder output, ReadOnlySpan<char> text, bool decodeFirst, bool plusIsSpace)
        {
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (c < 0x80)
                {
                    if (decodeFirst && c == '%' && i + 2 < text.Length)
                    {
                        var hi = Hex.Value(text[i + 1]);
                        var lo = Hex.Value(text[i + 2]);
                        if (hi >= 0 && lo >= 0)
                        {
                            AppendByte(output, (hi << 4) | lo);
                            i += 3;
                            continue;
                        }
                    }

                    AppendByte(output, plusIsSpace && c == '+' ? ' ' : c);
                    i++;
                    continue;
                }

                // Non-ASCII: every byte of its UTF-8 form is outside the unreserved set, so each is escaped.
                var start = output.Length;
                i += output.AppendUtf8CodePoint(text, i);
                EscapeInPlace(output, start);
            }
        }

        /// <summary>Appends an ASCII or UTF-8 string that is known not to be encoded yet (X-Amz-* values).</summary>
        public static void AppendUnencoded(Utf8Builder output, string text) => Append(output, text.AsSpan(), decodeFirst: false);

        public static string Encode(string text)
        {
            var builder = new Utf8Builder(text.Length * 3 + 8);
            AppendUnencoded(builder, text);
            return builder.ToUtf8String(0, builder.Length);
        }

        private static void AppendByte(Utf8Builder output, int b)
        {
            if (IsUnreserved(b))
            {
                output.Append((byte)b);
            }
            else
            {
                output.Append((byte)'%');
                output.Append(Hex.UpperDigit(b >> 4));
                output.Append(Hex.UpperDigit(b & 0xF));
            }
        }

        /// <summary>Rewrites the raw UTF-8 bytes written since <paramref name="start"/> as %XX escapes.</summary>
        private static void EscapeInPlace(Utf8Builder output, int start)
        {
            var count = output.Length - start;
            Span<byte> raw = stackalloc byte[4];
            new ReadOnlySpan<byte>(output.Buffer, start, count).CopyTo(raw);
            output.Truncate(start);
            for (var k = 0; k < count; k++)
            {
                AppendByte(output, raw[k]);
            }
        }
    }
}
