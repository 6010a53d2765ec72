using System;
using System.Collections.Generic;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>The canonical query string line of the canonical request: pairs re-encoded and sorted.</summary>
    internal static class CanonicalQuery
    {
        /// <summary>
        /// Each pair of the query-as-sent is decoded and re-encoded (so "%e1%88%b4", "%E1%88%B4" and a raw "ሴ"
        /// agree), then pairs are sorted by encoded key, then encoded value. "a" signs as "a=", empty tokens ("&amp;&amp;")
        /// are dropped, and a raw '+' is a literal plus (RFC 3986: only form encoding reads it as a space), signed as %2B as
        /// botocore, the AWS CRT, smithy-rs and curl do. <paramref name="added"/> (the X-Amz-* of a presigned URL) are
        /// unencoded values and are sorted in with the rest.
        /// </summary>
        public static void Append(SigningScratch scratch, Utf8Builder output, string? query, KeyValuePair<string, string>[]? added)
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
                        UriEncoding.Append(parts, key, decodeFirst: true);
                        var valueStart = parts.Length;
                        UriEncoding.Append(parts, value, decodeFirst: true);
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
    }
}
