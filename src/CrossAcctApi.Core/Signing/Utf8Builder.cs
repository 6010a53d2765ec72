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

        /// <summary>
        /// Makes room for <paramref name="count"/> more bytes and returns the buffer; the caller writes from
        /// <see cref="Length"/> on with a local index and then calls <see cref="SetLength"/>. This is how the hot
        /// loops avoid a capacity check per byte.
        /// </summary>
        public byte[] Reserve(int count)
        {
            if (Length + count > _buffer.Length)
            {
                Grow(count);
            }

            return _buffer;
        }

        public void SetLength(int length) => Length = length;

        /// <summary>Writes the UTF-8 form of the code point at <paramref name="index"/> (1 to 4 bytes); returns chars consumed.</summary>
        public static int WriteUtf8CodePoint(ReadOnlySpan<char> text, int index, byte[] buffer, ref int position)
        {
            var c = text[index];
            if (c < 0x80)
            {
                buffer[position++] = (byte)c;
                return 1;
            }

            if (c < 0x800)
            {
                buffer[position++] = (byte)(0xC0 | (c >> 6));
                buffer[position++] = (byte)(0x80 | (c & 0x3F));
                return 1;
            }

            if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
            {
                var codePoint = char.ConvertToUtf32(c, text[index + 1]);
                buffer[position++] = (byte)(0xF0 | (codePoint >> 18));
                buffer[position++] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
                buffer[position++] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                buffer[position++] = (byte)(0x80 | (codePoint & 0x3F));
                return 2;
            }

            if (char.IsSurrogate(c))
            {
                // A lone surrogate has no UTF-8 form; write U+FFFD as Encoding.UTF8 (and so HttpClient) would.
                c = '\uFFFD';
            }

            buffer[position++] = (byte)(0xE0 | (c >> 12));
            buffer[position++] = (byte)(0x80 | ((c >> 6) & 0x3F));
            buffer[position++] = (byte)(0x80 | (c & 0x3F));
            return 1;
        }

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
            if (value.Length >= 16)
            {
                AppendUtf8(value);
                return;
            }

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

        /// <summary>
        /// Appends a string as UTF-8 in one call to the runtime's (vectorised) encoder; lone surrogates become
        /// U+FFFD exactly as <see cref="AppendUtf8CodePoint"/> writes them.
        /// </summary>
        public void AppendUtf8(string value) => AppendUtf8(value, 0, value.Length);

        public void AppendUtf8(string value, int start, int count)
        {
            var buffer = Reserve(count * 3);
            Length += Utf8.GetBytes(value, start, count, buffer, Length);
        }

        /// <summary>Appends bytes from an array (constants such as header names) with a block copy.</summary>
        public void Append(byte[] bytes)
        {
            var buffer = Reserve(bytes.Length);
            System.Buffer.BlockCopy(bytes, 0, buffer, Length, bytes.Length);
            Length += bytes.Length;
        }

        private static readonly System.Text.Encoding Utf8 = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

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
            var buffer = Reserve(4);
            var position = Length;
            var consumed = WriteUtf8CodePoint(text, index, buffer, ref position);
            Length = position;
            return consumed;
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
