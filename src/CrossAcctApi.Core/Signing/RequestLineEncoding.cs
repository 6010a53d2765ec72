using System;
using System.Text;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// Re-encodes the path and query of a URL to the one spelling SigV4 signs: every path segment, query name and query
    /// value percent-decoded and encoded again with only the RFC 3986 unreserved characters left as they are (upper-case
    /// hex). The request is sent in this spelling too, so that what the server receives is byte for byte what was
    /// signed: no HTTP stack, proxy or server between can read a raw character differently from the signer.
    /// <para>
    /// A raw '+' in the query is a literal plus (RFC 3986; only HTML form encoding reads it as a space) and is sent as
    /// %2B, as botocore, the AWS CRT, smithy-rs and curl agree. Spell a space %20. Pair order, repeated names, empty
    /// values, a name without '=' and empty path segments are kept: they can mean something to the API. Dot segments
    /// were already removed by <see cref="Uri"/>, and the fragment is never sent.
    /// </para>
    /// </summary>
    public static class RequestLineEncoding
    {
        /// <summary>The URL with its path and query in the signed spelling; the same instance when it already is.</summary>
        public static Uri Canonical(Uri uri)
        {
            if (uri is null)
            {
                throw new ArgumentNullException(nameof(uri));
            }

            var path = uri.AbsolutePath;
            var query = uri.Query.Length > 1 ? uri.Query.Substring(1) : null;
            var canonicalPath = Path(path);
            var canonicalQuery = query is null ? null : Query(query);
            if (string.Equals(canonicalPath, path, StringComparison.Ordinal)
                && string.Equals(canonicalQuery, query, StringComparison.Ordinal)
                && uri.Fragment.Length == 0)
            {
                return uri;
            }

            var text = uri.GetLeftPart(UriPartial.Authority) + canonicalPath + (string.IsNullOrEmpty(canonicalQuery) ? string.Empty : "?" + canonicalQuery);
            return new Uri(text, UriKind.Absolute);
        }

        /// <summary>Each segment between slashes decoded and re-encoded; the slashes themselves as they are.</summary>
        public static string Path(string path)
        {
            if (path.Length == 0)
            {
                return "/";
            }

            var output = new Utf8Builder(path.Length + 16);
            var segmentStart = 0;
            for (var i = 0; i <= path.Length; i++)
            {
                if (i < path.Length && path[i] != '/')
                {
                    continue;
                }

                if (i > segmentStart)
                {
                    UriEncoding.Append(output, path.AsSpan(segmentStart, i - segmentStart), decodeFirst: true);
                }

                if (i < path.Length)
                {
                    output.Append('/');
                }

                segmentStart = i + 1;
            }

            return output.ToUtf8String(0, output.Length);
        }

        /// <summary>Each name and value decoded and re-encoded, in the order given; empty pairs ("&amp;&amp;") dropped.</summary>
        public static string Query(string query)
        {
            var output = new Utf8Builder(query.Length + 16);
            var tokenStart = 0;
            for (var i = 0; i <= query.Length; i++)
            {
                if (i < query.Length && query[i] != '&')
                {
                    continue;
                }

                if (i > tokenStart)
                {
                    if (output.Length > 0)
                    {
                        output.Append('&');
                    }

                    var token = query.AsSpan(tokenStart, i - tokenStart);
                    var equals = token.IndexOf('=');
                    UriEncoding.Append(output, equals < 0 ? token : token.Slice(0, equals), decodeFirst: true);
                    if (equals >= 0)
                    {
                        output.Append('=');
                        UriEncoding.Append(output, token.Slice(equals + 1), decodeFirst: true);
                    }
                }

                tokenStart = i + 1;
            }

            return output.ToUtf8String(0, output.Length);
        }

        /// <summary>
        /// A query string built from names and values (Invoke-RestMethod's GET -Body hashtable), each encoded as signed:
        /// a space is %20 and a plus %2B, never the form encoding's '+'.
        /// </summary>
        public static string FromPairs(System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<string, string>> pairs)
        {
            var output = new StringBuilder();
            foreach (var pair in pairs)
            {
                if (output.Length > 0)
                {
                    output.Append('&');
                }

                output.Append(UriEncoding.Encode(pair.Key)).Append('=').Append(UriEncoding.Encode(pair.Value ?? string.Empty));
            }

            return output.ToString();
        }
    }
}
