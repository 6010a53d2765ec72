using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// The parts of an HTTP request that SigV4 covers, exactly as they will be sent. Validated once here, so that
    /// signing (which may happen again on retry) only has to canonicalise.
    /// </summary>
    public sealed class HttpRequestToSign
    {
        private readonly KeyValuePair<string, string>[] _headers;
        private IReadOnlyList<KeyValuePair<string, string>>? _readOnlyHeaders;
        private readonly SignableBody _body = SignableBody.Empty;

        /// <param name="method">The HTTP method, an RFC 7230 token; kept as given (methods are case-sensitive).</param>
        /// <param name="host">The Host header value: host name, plus ":port" when the port is not the scheme's default.</param>
        /// <param name="path">The path as sent on the wire (already percent-encoded), starting with '/'; empty means '/'.</param>
        /// <param name="query">The query as sent on the wire, without the leading '?'; null or empty for none.</param>
        /// <param name="headers">Headers to send, in order; repeated names are kept and signed as one comma-joined value.</param>
        public HttpRequestToSign(string method, string host, string path, string? query, IEnumerable<KeyValuePair<string, string>>? headers = null)
        {
            Method = ValidateMethod(method);
            Host = ValidateHost(host);
            Path = ValidatePath(path);
            Query = ValidateQuery(query);
            _headers = CopyAndValidateHeaders(headers, out var hostHeaderIndex, out var contentSha256HeaderIndex);
            HostHeaderIndex = hostHeaderIndex;
            ContentSha256HeaderIndex = contentSha256HeaderIndex;
            SignedHeaderIndexes = IndexesOfSignedHeaders(_headers);
        }

        /// <summary>A validated copy sharing this request's headers (which are immutable).</summary>
        private HttpRequestToSign(HttpRequestToSign source)
        {
            Method = source.Method;
            Host = source.Host;
            Path = source.Path;
            Query = source.Query;
            _headers = source._headers;
            HostHeaderIndex = source.HostHeaderIndex;
            ContentSha256HeaderIndex = source.ContentSha256HeaderIndex;
            SignedHeaderIndexes = source.SignedHeaderIndexes;
            Scheme = source.Scheme;
            _body = source._body;
        }

        /// <summary>
        /// Takes method, host (with the port when it is not the default), path and query from an absolute http(s) URI.
        /// The signed result then also carries the full <see cref="SignedRequest.Url"/>.
        /// </summary>
        public static HttpRequestToSign FromUri(string method, Uri uri, IEnumerable<KeyValuePair<string, string>>? headers = null)
        {
            if (uri == null)
            {
                throw SigningErrors.InvalidArgument(SigningErrorIds.InvalidUri, "The URI is missing.", null, "Pass an absolute https:// URI.");
            }

            if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw SigningErrors.InvalidArgument(
                    SigningErrorIds.InvalidUri,
                    $"'{uri.OriginalString}' is not an absolute http or https URI.",
                    uri,
                    "Pass an absolute https:// URI, for example https://abc123.execute-api.us-east-1.amazonaws.com/prod/items.");
            }

            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                throw SigningErrors.InvalidArgument(SigningErrorIds.InvalidUri, "The URI carries user information (user:password@), which SigV4 requests must not.", uri.Host);
            }

            // IdnHost is what goes on the wire (punycode for international names); IPv6 literals keep their brackets.
            var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
            if (!uri.IsDefaultPort)
            {
                host += ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var query = uri.Query.Length > 1 ? uri.Query.Substring(1) : null;
            return new HttpRequestToSign(method, host, uri.AbsolutePath, query, headers) { Scheme = uri.Scheme };
        }

        public string Method { get; }

        public string Host { get; }

        public string Path { get; }

        /// <summary>The query as sent, without '?'; null when there is none.</summary>
        public string? Query { get; }

        /// <summary>The caller's headers in the order given, duplicates kept.</summary>
        // A read-only wrapper: the validated array itself must not be reachable (a cast would let it change).
        public IReadOnlyList<KeyValuePair<string, string>> Headers => _readOnlyHeaders ??= Array.AsReadOnly(_headers);

        /// <summary>What the signature covers for the body (<see cref="SignableBody"/>); no body when not set.</summary>
        public SignableBody Body
        {
            get => _body;
            init => _body = value ?? SignableBody.Empty;
        }

        /// <summary>"https" or "http" when built from a URI; lets the signed result rebuild the URL.</summary>
        internal string? Scheme { get; private set; }

        internal KeyValuePair<string, string>[] HeaderArray => _headers;

        /// <summary>Index of the caller's Host header, or -1 when the signer must add one.</summary>
        internal int HostHeaderIndex { get; }

        /// <summary>Index of a caller-supplied x-amz-content-sha256 header, or -1.</summary>
        internal int ContentSha256HeaderIndex { get; }

        /// <summary>Indexes of the caller's headers that are signed (all but hop-by-hop and volatile ones), in order.</summary>
        internal int[] SignedHeaderIndexes { get; }

        /// <summary>This request with <paramref name="body"/> as what is signed for its body (for requests made by <see cref="FromUri"/>).</summary>
        public HttpRequestToSign WithBody(SignableBody body) => new HttpRequestToSign(this) { Body = body };

        public override string ToString() => $"{Method} {Host}{Path}{(Query == null ? string.Empty : "?\u2026")}";

        private static string ValidateMethod(string method)
        {
            if (method == null || !HttpSyntax.IsToken(method))
            {
                throw SigningErrors.InvalidArgument(
                    SigningErrorIds.InvalidMethod,
                    method == null || method.Length == 0
                        ? "The HTTP method is empty."
                        : $"The HTTP method '{SigningErrors.Printable(method)}' is not a valid HTTP token.",
                    method == null ? null : SigningErrors.Printable(method),
                    "Use a method such as GET, POST, PUT, PATCH or DELETE.");
            }

            return method;
        }

        private static string ValidateHost(string host)
        {
            if (string.IsNullOrEmpty(host))
            {
                throw SigningErrors.InvalidArgument(SigningErrorIds.InvalidHost, "The host is empty.", null, "Pass the host name of the API, for example abc123.execute-api.us-east-1.amazonaws.com.");
            }

            foreach (var c in host)
            {
                if (c <= ' ' || c == '\u007f' || c == '/' || c == '?' || c == '#' || c == '@' || c == '\\')
                {
                    throw SigningErrors.InvalidArgument(
                        SigningErrorIds.InvalidHost,
                        $"The host '{SigningErrors.Printable(host)}' contains a character that cannot appear in a Host header.",
                        SigningErrors.Printable(host),
                        "Pass only the host name and optional port, without scheme or path.");
                }
            }

            return host;
        }

        private static string ValidatePath(string path)
        {
            path ??= string.Empty;
            if (path.Length > 0 && path[0] != '/')
            {
                throw SigningErrors.InvalidArgument(
                    SigningErrorIds.InvalidPath,
                    $"The path '{SigningErrors.Printable(path)}' does not start with '/'.",
                    SigningErrors.Printable(path),
                    "Pass the absolute path as sent, for example /prod/items.");
            }

            if (HttpSyntax.IndexOfForbiddenUriChar(path, allowQuestionMark: false) >= 0)
            {
                throw SigningErrors.InvalidArgument(
                    SigningErrorIds.InvalidPath,
                    $"The path '{SigningErrors.Printable(path)}' contains a control character, '?' or '#'.",
                    SigningErrors.Printable(path),
                    "Pass the query separately and percent-encode control characters.");
            }

            return path;
        }

        private static string? ValidateQuery(string? query)
        {
            if (string.IsNullOrEmpty(query))
            {
                return null;
            }

            if (HttpSyntax.IndexOfForbiddenUriChar(query!, allowQuestionMark: true) >= 0)
            {
                // The query may carry secrets of the caller's own (API keys), so it is not quoted.
                throw SigningErrors.InvalidArgument(
                    SigningErrorIds.InvalidQuery,
                    "The query string contains a control character or '#'.",
                    null,
                    "Percent-encode control characters and leave out the fragment.");
            }

            return query;
        }

        // 0..n-1 for small n: shared by every request whose headers are all signed (the usual case).
        private static readonly int[][] AllSigned = Enumerable.Range(0, 9).Select(n => Enumerable.Range(0, n).ToArray()).ToArray();

        private static int[] IndexesOfSignedHeaders(KeyValuePair<string, string>[] headers)
        {
            var signedCount = 0;
            for (var i = 0; i < headers.Length; i++)
            {
                if (!HttpSyntax.IsUnsigned(headers[i].Key))
                {
                    signedCount++;
                }
            }

            if (signedCount == headers.Length && signedCount < AllSigned.Length)
            {
                return AllSigned[signedCount];
            }

            var signed = new int[signedCount];
            var next = 0;
            for (var i = 0; i < headers.Length; i++)
            {
                if (!HttpSyntax.IsUnsigned(headers[i].Key))
                {
                    signed[next++] = i;
                }
            }

            return signed;
        }

        private static KeyValuePair<string, string>[] CopyAndValidateHeaders(
            IEnumerable<KeyValuePair<string, string>>? headers, out int hostHeaderIndex, out int contentSha256HeaderIndex)
        {
            hostHeaderIndex = -1;
            contentSha256HeaderIndex = -1;
            if (headers == null)
            {
                return Array.Empty<KeyValuePair<string, string>>();
            }

            KeyValuePair<string, string>[] list;
            if (headers is ICollection<KeyValuePair<string, string>> collection)
            {
                if (collection.Count == 0)
                {
                    return Array.Empty<KeyValuePair<string, string>>();
                }

                list = new KeyValuePair<string, string>[collection.Count];
                collection.CopyTo(list, 0);
            }
            else
            {
                list = new List<KeyValuePair<string, string>>(headers).ToArray();
            }

            for (var i = 0; i < list.Length; i++)
            {
                var name = list[i].Key;
                var value = list[i].Value;
                if (name == null || name.Length == 0)
                {
                    throw SigningErrors.InvalidHeader(null, "the name is empty.");
                }

                if (HttpSyntax.HasForbiddenValueChar(name))
                {
                    throw SigningErrors.InvalidHeader(name, "the name contains CR, LF or NUL.");
                }

                if (!HttpSyntax.IsToken(name))
                {
                    throw SigningErrors.InvalidHeader(name, "the name is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~ only).");
                }

                if (HttpSyntax.IsReserved(name))
                {
                    throw SigningErrors.ReservedHeader(name);
                }

                if (value == null)
                {
                    throw SigningErrors.InvalidHeader(name, "the value is null (use an empty string for an empty value).");
                }

                if (HttpSyntax.HasForbiddenValueChar(value))
                {
                    throw SigningErrors.InvalidHeader(name, "the value contains CR, LF or NUL.");
                }

                if (HttpSyntax.EqualsIgnoreCase(name, HttpSyntax.HostHeader))
                {
                    if (hostHeaderIndex >= 0)
                    {
                        throw SigningErrors.InvalidHeader(name, "it appears more than once.");
                    }

                    hostHeaderIndex = i;
                }
                else if (HttpSyntax.EqualsIgnoreCase(name, HttpSyntax.ContentSha256Header))
                {
                    if (contentSha256HeaderIndex >= 0)
                    {
                        throw SigningErrors.InvalidHeader(name, "it appears more than once.");
                    }

                    contentSha256HeaderIndex = i;
                }
            }

            return list;
        }
    }
}
