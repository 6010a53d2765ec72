using System;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// Per-thread buffers for one signature at a time: the canonical request and string to sign are written here
    /// as bytes and hashed in place, so the hot path allocates nothing but its result strings.
    /// </summary>
    internal sealed class SigningScratch
    {
        // A buffer grown past this by an unusually large request is dropped afterwards rather than kept per thread.
        private const int KeepLimit = 64 * 1024;

        [ThreadStatic]
        private static SigningScratch? t_current;

        public Utf8Builder Canonical = new Utf8Builder(1024);
        public Utf8Builder StringToSign = new Utf8Builder(256);

        /// <summary>Encoded query keys and values, before they are sorted into the canonical request.</summary>
        public Utf8Builder QueryParts = new Utf8Builder(256);

        /// <summary>Per query pair: key start, key length, value start, value length in <see cref="QueryParts"/>.</summary>
        public int[] QueryRanges = new int[64];

        public int[] QueryOrder = new int[16];

        /// <summary>Sorted header entries: caller header index, or a negative <see cref="SyntheticHeaders"/> code.</summary>
        public int[] HeaderOrder = new int[16];

        public char[] Chars = new char[512];

        /// <summary>The signed header names of presigning, written before the canonical request.</summary>
        public Utf8Builder Names = new Utf8Builder(64);

        private string? _lastSignedHeaders;
        private byte[] _lastSignedHeadersBytes = Array.Empty<byte>();

        public static SigningScratch Current => t_current ??= new SigningScratch();

        /// <summary>
        /// The signed header names ("host;x-amz-date;…", ASCII) written at <paramref name="start"/>..<paramref name="end"/>
        /// as a string. A thread signs the same shape of request over and over, so the last string is handed out again
        /// while the names are the same: the hot path's output then allocates nothing but its Authorization value.
        /// </summary>
        public string SignedHeaderNames(byte[] source, int start, int end)
        {
            var names = new ReadOnlySpan<byte>(source, start, end - start);
            if (_lastSignedHeaders != null && names.SequenceEqual(_lastSignedHeadersBytes))
            {
                return _lastSignedHeaders;
            }

            _lastSignedHeadersBytes = names.ToArray();
            return _lastSignedHeaders = System.Text.Encoding.ASCII.GetString(source, start, end - start);
        }

        public int[] EnsureQueryCapacity(int pairs)
        {
            if (QueryRanges.Length < pairs * 4)
            {
                QueryRanges = new int[Math.Max(pairs * 4, QueryRanges.Length * 2)];
            }

            if (QueryOrder.Length < pairs)
            {
                QueryOrder = new int[Math.Max(pairs, QueryOrder.Length * 2)];
            }

            return QueryRanges;
        }

        public int[] EnsureHeaderCapacity(int count)
        {
            if (HeaderOrder.Length < count)
            {
                HeaderOrder = new int[Math.Max(count, HeaderOrder.Length * 2)];
            }

            return HeaderOrder;
        }

        public char[] EnsureChars(int count)
        {
            if (Chars.Length < count)
            {
                Chars = new char[Math.Max(count, Chars.Length * 2)];
            }

            return Chars;
        }

        /// <summary>Lets go of buffers an outsized request made large.</summary>
        public void TrimExcess()
        {
            if (Canonical.Capacity > KeepLimit)
            {
                Canonical = new Utf8Builder(1024);
            }

            if (QueryParts.Capacity > KeepLimit)
            {
                QueryParts = new Utf8Builder(256);
            }

            if (StringToSign.Capacity > KeepLimit)
            {
                StringToSign = new Utf8Builder(256);
            }

            if (QueryRanges.Length > KeepLimit / 4)
            {
                QueryRanges = new int[64];
                QueryOrder = new int[16];
            }

            if (HeaderOrder.Length > KeepLimit / 4)
            {
                HeaderOrder = new int[16];
            }

            if (Chars.Length > KeepLimit)
            {
                Chars = new char[512];
            }

            if (Names.Capacity > KeepLimit)
            {
                Names = new Utf8Builder(64);
            }

            if (_lastSignedHeadersBytes.Length > KeepLimit / 64)
            {
                _lastSignedHeaders = null;
                _lastSignedHeadersBytes = Array.Empty<byte>();
            }
        }
    }
}
