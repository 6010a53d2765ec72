using System;
using System.Buffers;
using System.Collections.Generic;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>Where each part of the canonical request lies in the written bytes.</summary>
    internal struct CanonicalSections
    {
        public int UriStart;
        public int UriEnd;
        public int QueryStart;
        public int QueryEnd;
        public int HeadersStart;
        public int HeadersEnd;
        public int SignedHeadersStart;
        public int SignedHeadersEnd;
        public int PayloadStart;
        public int End;
    }

    /// <summary>
    /// Writes the SigV4 canonical request as UTF-8 straight into a reusable buffer:
    /// <code>
    /// Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders (each "name:value\n") \n SignedHeaders \n PayloadHash
    /// </code>
    /// </summary>
    internal static class CanonicalRequestWriter
    {
        private static readonly byte[] EmptyPayloadHashBytes = System.Text.Encoding.ASCII.GetBytes(SigV4Constants.EmptyPayloadHash);

        public static void Write(
            SigningScratch scratch,
            HttpRequestToSign request,
            SigningSettings settings,
            in SyntheticHeaders synthetic,
            string payloadHash,
            KeyValuePair<string, string>[]? addedQueryParameters,
            out CanonicalSections sections)
        {
            var output = scratch.Canonical;
            output.Clear();
            output.AppendAscii(request.Method);
            output.Append('\n');

            sections.UriStart = output.Length;
            AppendPath(output, request.Path, settings.NormalizePath, settings.DoubleEncodePath);
            sections.UriEnd = output.Length;
            output.Append('\n');

            sections.QueryStart = output.Length;
            AppendQuery(scratch, output, request.Query, addedQueryParameters, settings.QueryPlusIsSpace);
            sections.QueryEnd = output.Length;
            output.Append('\n');

            var count = SortHeaders(scratch, request, synthetic);
            sections.HeadersStart = output.Length;
            AppendHeaders(output, request.HeaderArray, synthetic, scratch.HeaderOrder, count);
            sections.HeadersEnd = output.Length;
            output.Append('\n');

            sections.SignedHeadersStart = output.Length;
            AppendSignedHeaderNames(output, request.HeaderArray, scratch.HeaderOrder, count);
            sections.SignedHeadersEnd = output.Length;
            output.Append('\n');

            sections.PayloadStart = output.Length;
            if (ReferenceEquals(payloadHash, SigV4Constants.EmptyPayloadHash))
            {
                output.Append(EmptyPayloadHashBytes);
            }
            else
            {
                output.AppendAscii(payloadHash);
            }

            sections.End = output.Length;
        }

        /// <summary>"host;x-amz-date;…" for a request, without writing a canonical request (presigning needs it first).</summary>
        public static string SignedHeaderNames(SigningScratch scratch, HttpRequestToSign request, in SyntheticHeaders synthetic)
        {
            var count = SortHeaders(scratch, request, synthetic);
            var output = scratch.Names;
            output.Clear();
            AppendSignedHeaderNames(output, request.HeaderArray, scratch.HeaderOrder, count);
            return scratch.SignedHeaderNames(output.Buffer, 0, output.Length);
        }

        /// <summary>The signed header names of the canonical request just written, as a string.</summary>
        public static string SignedHeaderNames(SigningScratch scratch, in CanonicalSections sections) =>
            scratch.SignedHeaderNames(scratch.Canonical.Buffer, sections.SignedHeadersStart, sections.SignedHeadersEnd);

        // ---- path ----

        public static void AppendPath(Utf8Builder output, string path, bool normalize, bool doubleEncode)
        {
            // Double encoding encodes the path-as-sent once more ('%' becomes %25). Single encoding (S3) first undoes
            // the encoding the path was sent with, so raw and pre-encoded spellings of a character sign alike.
            var decodeFirst = !doubleEncode;
            if (path.Length <= 1)
            {
                output.Append('/');
                return;
            }

            if (IsAlreadyCanonical(path, normalize))
            {
                // Only unreserved characters and single slashes, no dot segments: encoding and normalising
                // change nothing, so the path is copied as is (the usual execute-api path).
                output.AppendUtf8(path);
                return;
            }

            if (normalize)
            {
                AppendNormalizedPath(output, path, decodeFirst);
                return;
            }

            // Unnormalised: every slash stays, every segment between them is encoded.
            var segmentStart = 1;
            output.Append('/');
            for (var i = 1; i <= path.Length; i++)
            {
                if (i == path.Length || path[i] == '/')
                {
                    if (i > segmentStart)
                    {
                        UriEncoding.Append(output, path.AsSpan(segmentStart, i - segmentStart), decodeFirst);
                    }

                    if (i < path.Length)
                    {
                        output.Append('/');
                    }

                    segmentStart = i + 1;
                }
            }
        }

        private static bool IsAlreadyCanonical(string path, bool normalize)
        {
            var previous = '\0';
            for (var i = 0; i < path.Length; i++)
            {
                var c = path[i];
                if (c == '/')
                {
                    if (normalize && previous == '/')
                    {
                        return false;
                    }
                }
                else if (!UriEncoding.IsUnreserved(c))
                {
                    return false;
                }
                else if (normalize && c == '.' && previous == '/'
                    && (i + 1 == path.Length || path[i + 1] == '/' || (path[i + 1] == '.' && (i + 2 == path.Length || path[i + 2] == '/'))))
                {
                    return false;
                }

                previous = c;
            }

            return true;
        }

        /// <summary>
        /// RFC 3986 remove_dot_segments plus collapsing of empty segments ("//"): "/a/./b/../c//" becomes "/a/c/".
        /// A trailing slash survives, and a final "." or ".." leaves one (as in RFC 3986: "/a/b/.." is "/a/").
        /// Only literal dot segments count; "%2E" is data.
        /// </summary>
        private static void AppendNormalizedPath(Utf8Builder output, string path, bool decodeFirst)
        {
            var maxSegments = 1;
            for (var i = 1; i < path.Length; i++)
            {
                if (path[i] == '/')
                {
                    maxSegments++;
                }
            }

            int[]? rented = null;
            Span<int> kept = maxSegments <= 64
                ? stackalloc int[maxSegments * 2]
                : (rented = ArrayPool<int>.Shared.Rent(maxSegments * 2));
            try
            {
                var depth = 0;
                var lastWasDot = false;
                var segmentStart = 1;
                for (var i = 1; i <= path.Length; i++)
                {
                    if (i < path.Length && path[i] != '/')
                    {
                        continue;
                    }

                    var length = i - segmentStart;
                    if (length == 1 && path[segmentStart] == '.')
                    {
                        lastWasDot = true;
                    }
                    else if (length == 2 && path[segmentStart] == '.' && path[segmentStart + 1] == '.')
                    {
                        depth = depth > 0 ? depth - 1 : 0;
                        lastWasDot = true;
                    }
                    else if (length > 0)
                    {
                        kept[depth * 2] = segmentStart;
                        kept[(depth * 2) + 1] = length;
                        depth++;
                        lastWasDot = false;
                    }

                    segmentStart = i + 1;
                }

                if (depth == 0)
                {
                    output.Append('/');
                    return;
                }

                for (var d = 0; d < depth; d++)
                {
                    output.Append('/');
                    UriEncoding.Append(output, path.AsSpan(kept[d * 2], kept[(d * 2) + 1]), decodeFirst);
                }

                if (lastWasDot || path[path.Length - 1] == '/')
                {
                    output.Append('/');
                }
            }
            finally
            {
                if (rented != null)
                {
                    ArrayPool<int>.Shared.Return(rented);
                }
            }
        }

        // ---- query ----

        /// <summary>
        /// Each pair of the query-as-sent is decoded and re-encoded (so "%e1%88%b4", "%E1%88%B4" and a raw "ሴ"
        /// agree), then pairs are sorted by encoded key, then encoded value. "a" signs as "a=", empty tokens ("&amp;&amp;")
        /// are dropped, '+' is a space or a plus as <paramref name="plusIsSpace"/> says. <paramref name="added"/> (the X-Amz-* of a presigned URL) are
        /// unencoded values and are sorted in with the rest.
        /// </summary>
        private static void AppendQuery(SigningScratch scratch, Utf8Builder output, string? query, KeyValuePair<string, string>[]? added, bool plusIsSpace)
        {
            var maxPairs = added?.Length ?? 0;
            if (query != null)
            {
                maxPairs++;
                foreach (var c in query)
                {
                    if (c == '&')
                    {
                        maxPairs++;
                    }
                }
            }

            if (maxPairs == 0)
            {
                return;
            }

            var ranges = scratch.EnsureQueryCapacity(maxPairs);
            var parts = scratch.QueryParts;
            parts.Clear();
            var pairs = 0;

            if (query != null)
            {
                var tokenStart = 0;
                for (var i = 0; i <= query.Length; i++)
                {
                    if (i < query.Length && query[i] != '&')
                    {
                        continue;
                    }

                    if (i > tokenStart)
                    {
                        var token = query.AsSpan(tokenStart, i - tokenStart);
                        var equals = token.IndexOf('=');
                        var key = equals < 0 ? token : token.Slice(0, equals);
                        var value = equals < 0 ? ReadOnlySpan<char>.Empty : token.Slice(equals + 1);
                        var keyStart = parts.Length;
                        UriEncoding.Append(parts, key, decodeFirst: true, plusIsSpace);
                        var valueStart = parts.Length;
                        UriEncoding.Append(parts, value, decodeFirst: true, plusIsSpace);
                        Record(ranges, pairs++, keyStart, valueStart, parts.Length);
                    }

                    tokenStart = i + 1;
                }
            }

            if (added != null)
            {
                foreach (var pair in added)
                {
                    var keyStart = parts.Length;
                    UriEncoding.Append(parts, pair.Key.AsSpan(), decodeFirst: false);
                    var valueStart = parts.Length;
                    UriEncoding.Append(parts, pair.Value.AsSpan(), decodeFirst: false);
                    Record(ranges, pairs++, keyStart, valueStart, parts.Length);
                }
            }

            var order = scratch.QueryOrder;
            for (var i = 0; i < pairs; i++)
            {
                order[i] = i;
            }

            SortQueryPairs(parts.Buffer, ranges, order, pairs);

            for (var i = 0; i < pairs; i++)
            {
                if (i > 0)
                {
                    output.Append('&');
                }

                var p = order[i] * 4;
                output.Append(new ReadOnlySpan<byte>(parts.Buffer, ranges[p], ranges[p + 1]));
                output.Append('=');
                output.Append(new ReadOnlySpan<byte>(parts.Buffer, ranges[p + 2], ranges[p + 3]));
            }
        }

        private static void Record(int[] ranges, int pair, int keyStart, int valueStart, int end)
        {
            var p = pair * 4;
            ranges[p] = keyStart;
            ranges[p + 1] = valueStart - keyStart;
            ranges[p + 2] = valueStart;
            ranges[p + 3] = end - valueStart;
        }

        private static int CompareQueryPairs(byte[] parts, int[] ranges, int a, int b)
        {
            var pa = a * 4;
            var pb = b * 4;
            var byKey = new ReadOnlySpan<byte>(parts, ranges[pa], ranges[pa + 1])
                .SequenceCompareTo(new ReadOnlySpan<byte>(parts, ranges[pb], ranges[pb + 1]));
            return byKey != 0
                ? byKey
                : new ReadOnlySpan<byte>(parts, ranges[pa + 2], ranges[pa + 3])
                    .SequenceCompareTo(new ReadOnlySpan<byte>(parts, ranges[pb + 2], ranges[pb + 3]));
        }

        private static void SortQueryPairs(byte[] parts, int[] ranges, int[] order, int count)
        {
            if (count <= 24)
            {
                // Insertion sort: no allocation, and queries are short.
                for (var i = 1; i < count; i++)
                {
                    var current = order[i];
                    var j = i - 1;
                    while (j >= 0 && CompareQueryPairs(parts, ranges, order[j], current) > 0)
                    {
                        order[j + 1] = order[j];
                        j--;
                    }

                    order[j + 1] = current;
                }

                return;
            }

            Array.Sort(order, 0, count, new QueryPairComparer(parts, ranges));
        }

        private sealed class QueryPairComparer : IComparer<int>
        {
            private readonly byte[] _parts;
            private readonly int[] _ranges;

            public QueryPairComparer(byte[] parts, int[] ranges)
            {
                _parts = parts;
                _ranges = ranges;
            }

            public int Compare(int x, int y) => x == y ? 0 : CompareQueryPairs(_parts, _ranges, x, y);
        }

        // ---- headers ----

        private static string NameOf(KeyValuePair<string, string>[] headers, int entry) =>
            entry >= 0 ? headers[entry].Key : SyntheticHeaders.NameOf(entry);

        /// <summary>Orders two header entries by lowercase name; the signer's own headers compare by code, without strings.</summary>
        private static int CompareNames(KeyValuePair<string, string>[] headers, int a, int b) =>
            a < 0 && b < 0 ? b - a : HttpSyntax.CompareIgnoreCase(NameOf(headers, a), NameOf(headers, b));

        /// <summary>
        /// Fills <see cref="SigningScratch.HeaderOrder"/> with the signed headers sorted by lowercase name; headers
        /// of the same name keep their order (insertion sort is stable), which is the order their values are joined in.
        /// </summary>
        private static int SortHeaders(SigningScratch scratch, HttpRequestToSign request, in SyntheticHeaders synthetic)
        {
            var headers = request.HeaderArray;
            var signed = request.SignedHeaderIndexes;
            var order = scratch.EnsureHeaderCapacity(signed.Length + 4);
            var count = 0;
            for (var i = 0; i < signed.Length; i++)
            {
                count = Insert(order, count, headers, signed[i]);
            }

            if (synthetic.Host != null)
            {
                count = Insert(order, count, headers, SyntheticHeaders.HostCode);
            }

            if (synthetic.ContentSha256 != null)
            {
                count = Insert(order, count, headers, SyntheticHeaders.ContentSha256Code);
            }

            if (synthetic.AmzDate != null)
            {
                count = Insert(order, count, headers, SyntheticHeaders.AmzDateCode);
            }

            if (synthetic.SecurityToken != null)
            {
                count = Insert(order, count, headers, SyntheticHeaders.SecurityTokenCode);
            }

            return count;
        }

        private static int Insert(int[] order, int count, KeyValuePair<string, string>[] headers, int entry)
        {
            var j = count - 1;
            while (j >= 0 && CompareNames(headers, order[j], entry) > 0)
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = entry;
            return count + 1;
        }

        private static void AppendName(Utf8Builder output, KeyValuePair<string, string>[] headers, int entry)
        {
            if (entry < 0)
            {
                output.Append(SyntheticHeaders.NameBytesOf(entry));
            }
            else
            {
                output.AppendLowerAscii(headers[entry].Key);
            }
        }

        private static void AppendHeaders(Utf8Builder output, KeyValuePair<string, string>[] headers, in SyntheticHeaders synthetic, int[] order, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var entry = order[i];
                if (i > 0 && CompareNames(headers, order[i - 1], entry) == 0)
                {
                    // Repeated header: values joined with commas, in the order they were given.
                    output.Append(',');
                }
                else
                {
                    if (i > 0)
                    {
                        output.Append('\n');
                    }

                    AppendName(output, headers, entry);
                    output.Append(':');
                }

                if (entry >= 0)
                {
                    AppendHeaderValue(output, headers[entry].Value);
                }
                else
                {
                    synthetic.AppendCanonicalValue(output, entry);
                }
            }

            if (count > 0)
            {
                output.Append('\n');
            }
        }

        /// <summary>A header value's canonical UTF-8 bytes, for values worth preparing once (the session token).</summary>
        public static byte[] CanonicalHeaderValueBytes(string value)
        {
            var builder = new Utf8Builder(value.Length * 3);
            AppendHeaderValue(builder, value);
            var bytes = new byte[builder.Length];
            System.Buffer.BlockCopy(builder.Buffer, 0, bytes, 0, builder.Length);
            return bytes;
        }

        /// <summary>Trims the value and collapses each inner run of spaces and tabs into one space.</summary>
        public static void AppendHeaderValue(Utf8Builder output, string value)
        {
            if (value.Length == 0)
            {
                return;
            }

            if (!IsBlank(value[0]) && !IsBlank(value[value.Length - 1]) && value.IndexOf('\t') < 0 && value.IndexOf("  ", StringComparison.Ordinal) < 0)
            {
                // Nothing to trim or collapse (the usual case): one vectorised UTF-8 copy.
                output.AppendUtf8(value);
                return;
            }

            var start = 0;
            var end = value.Length;
            while (start < end && IsBlank(value[start]))
            {
                start++;
            }

            while (end > start && IsBlank(value[end - 1]))
            {
                end--;
            }

            // At most 3 UTF-8 bytes per char, so one reservation covers the whole value.
            var buffer = output.Reserve((end - start) * 3);
            var position = output.Length;
            var pendingSpace = false;
            var i = start;
            while (i < end)
            {
                var c = value[i];
                if (c <= ' ' && IsBlank(c))
                {
                    pendingSpace = true;
                    i++;
                    continue;
                }

                if (pendingSpace)
                {
                    buffer[position++] = (byte)' ';
                    pendingSpace = false;
                }

                if (c < 0x80)
                {
                    buffer[position++] = (byte)c;
                    i++;
                }
                else
                {
                    i += Utf8Builder.WriteUtf8CodePoint(value.AsSpan(), i, buffer, ref position);
                }
            }

            output.SetLength(position);
        }

        private static bool IsBlank(char c) => c == ' ' || c == '\t';

        private static void AppendSignedHeaderNames(Utf8Builder output, KeyValuePair<string, string>[] headers, int[] order, int count)
        {
            for (var i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    if (CompareNames(headers, order[i - 1], order[i]) == 0)
                    {
                        continue;
                    }

                    output.Append(';');
                }

                AppendName(output, headers, order[i]);
            }
        }
    }
}
