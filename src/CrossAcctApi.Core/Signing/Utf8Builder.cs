using System;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// A growable byte buffer the canonical request and string to sign are written into as UTF-8, so they can be
    /// hashed without ever existing as .NET strings. One per thread (see <see cref="SigningScratch"/>), reused.
    /// </summary>
    internal sealed class Utf8Builder
    {
        private byte[] _buffer;

        public Utf8Builder(int capacity)
        {
            _buffer = new byte[capacity];
        }

        public byte[] Buffer => _buffer;

        public int Length { get; private set; }

        public int Capacity => _buffer.Length;

        public ReadOnlySpan<byte> Written => new ReadOnlySpan<byte>(_buffer, 0, Length);

        public void Clear() => Length = 0;

        /// <summary>Drops everything after <paramref name="length"/> (used to rewind speculative writes).</summary>
        public void Truncate(int length) => Length = length;

        public void Append(byte value)
        {
            if (Length == _buffer.Length)
            {
                Grow(1);
            }

            _buffer[Length++] = value;
        }

        public void Append(char asciiChar) => Append((byte)asciiChar);

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (Length + bytes.Length > _buffer.Length)
            {
                Grow(bytes.Length);
            }

            bytes.CopyTo(new Span<byte>(_buffer, Length, bytes.Length));
            Length += bytes.Length;
        }

        /// <summary>Appends a string known to be ASCII (method, names, dates, hex): one byte per char.</summary>
        public void AppendAscii(string value)
        {
            if (Length + value.Length > _buffer.Length)
            {
                Grow(value.Length);
            }

            var buffer = _buffer;
            var offset = Length;
            for (var i = 0; i < value.Length; i++)
            {
                buffer[offset + i] = (byte)value[i];
            }

            Length += value.Length;
        }

        /// <summary>Appends an ASCII header name in lowercase.</summary>
        public void AppendLowerAscii(string value)
        {
            if (Length + value.Length > _buffer.Length)
            {
                Grow(value.Length);
            }

            var buffer = _buffer;
            var offset = Length;
            for (var i = 0; i < value.Length; i++)
            {
                buffer[offset + i] = (byte)HttpSyntax.ToLowerAscii(value[i]);
            }

            Length += value.Length;
        }

        /// <summary>Appends one UTF-16 code point (or surrogate pair at <paramref name="index"/>) as UTF-8; returns chars consumed.</summary>
        public int AppendUtf8CodePoint(ReadOnlySpan<char> text, int index)
        {
            var c = text[index];
            if (c < 0x80)
            {
                Append((byte)c);
                return 1;
            }

            if (c < 0x800)
            {
                Append((byte)(0xC0 | (c >> 6)));
                Append((byte)(0x80 | (c & 0x3F)));
                return 1;
            }

            if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
            {
                var codePoint = char.ConvertToUtf32(c, text[index + 1]);
                Append((byte)(0xF0 | (codePoint >> 18)));
                Append((byte)(0x80 | ((codePoint >> 12) & 0x3F)));
                Append((byte)(0x80 | ((codePoint >> 6) & 0x3F)));
                Append((byte)(0x80 | (codePoint & 0x3F)));
                return 2;
            }

            if (char.IsSurrogate(c))
            {
                // A lone surrogate has no UTF-8 form; write U+FFFD as Encoding.UTF8 (and so HttpClient) would.
                c = '\uFFFD';
            }

            Append((byte)(0xE0 | (c >> 12)));
            Append((byte)(0x80 | ((c >> 6) & 0x3F)));
            Append((byte)(0x80 | (c & 0x3F)));
            return 1;
        }

        public void AppendUtf8(ReadOnlySpan<char> text)
        {
            var i = 0;
            while (i < text.Length)
            {
                i += AppendUtf8CodePoint(text, i);
            }
        }

        /// <summary>Appends <paramref name="bytes"/> as lowercase hexadecimal.</summary>
        public void AppendHex(ReadOnlySpan<byte> bytes)
        {
            if (Length + (bytes.Length * 2) > _buffer.Length)
            {
                Grow(bytes.Length * 2);
            }

            Hex.WriteLower(bytes, new Span<byte>(_buffer, Length, bytes.Length * 2));
            Length += bytes.Length * 2;
        }

        public string ToUtf8String(int start, int length) => System.Text.Encoding.UTF8.GetString(_buffer, start, length);

        private void Grow(int extra)
        {
            var size = Math.Max(_buffer.Length * 2, Length + extra);
            var bigger = new byte[size];
            System.Buffer.BlockCopy(_buffer, 0, bigger, 0, Length);
            _buffer = bigger;
        }
    }
}
