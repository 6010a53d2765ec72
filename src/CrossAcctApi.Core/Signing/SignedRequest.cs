using System;
using System.Collections.Generic;
using System.Text;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// A signed request as it is sent: the request's method, host, path, its headers followed by the ones signing
    /// adds, the query (with the X-Amz-* parameters for a presigned URL), and everything that went into the
    /// signature. A view of the request and the one explained <see cref="SigningOutput"/> of its signing pass.
    /// <see cref="ToString"/> hides the signature and session token.
    /// </summary>
    public sealed class SignedRequest
    {
        private readonly string? _scheme;
        private Uri? _url;

        internal SignedRequest(HttpRequestToSign request, SigningOutput output)
        {
            if (!output.IsExplained)
            {
                throw new ArgumentException("A signed request shows the canonical request: sign with explain.", nameof(output));
            }

            Output = output;
            Method = request.Method;
            Host = request.Host;
            Path = request.Path;
            _scheme = request.Scheme;
            Query = output.Location == SignatureLocation.QueryString ? output.PresignedQuery : request.Query;

            var headers = new List<KeyValuePair<string, string>>(request.HeaderArray.Length + 5);
            headers.AddRange(request.HeaderArray);
            if (request.HostHeaderIndex < 0)
            {
                headers.Add(new KeyValuePair<string, string>(SigV4HeaderNames.Host, request.Host));
            }

            output.AddHeadersTo(headers, (list, name, value) => list.Add(new KeyValuePair<string, string>(name, value)));
            Headers = headers.AsReadOnly();
        }

        /// <summary>The output of the signing pass this request shows.</summary>
        public SigningOutput Output { get; }

        public string Method { get; }

        public string Host { get; }

        /// <summary>The path to send, unchanged.</summary>
        public string Path { get; }

        /// <summary>The query to send (without '?'); for a presigned URL it ends with the X-Amz-* parameters and X-Amz-Signature.</summary>
        public string? Query { get; }

        /// <summary>scheme://host/path?query, when the request was made with <see cref="HttpRequestToSign.FromUri"/>.</summary>
        public Uri? Url
        {
            get
            {
                if (_scheme == null)
                {
                    return null;
                }

                var url = System.Threading.Volatile.Read(ref _url);
                if (url == null)
                {
                    var path = Path.Length == 0 ? "/" : Path;
                    url = new Uri(_scheme + "://" + Host + path + (Query == null ? string.Empty : "?" + Query));
                    System.Threading.Volatile.Write(ref _url, url);
                }

                return url;
            }
        }

        /// <summary>
        /// The headers to send, in order: the caller's, Host (when the caller gave none), then for header signing
        /// X-Amz-Security-Token, X-Amz-Date, x-amz-content-sha256 (when asked for) and Authorization.
        /// </summary>
        public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

        public string SignedHeaders => Output.SignedHeaders;

        public CanonicalRequest CanonicalRequest => Output.CanonicalRequest!;

        public StringToSign StringToSign => Output.StringToSign!;

        public string Region => Output.Region;

        public string Service => Output.Service;

        public SignatureLocation Location => Output.Location;

        public DateTimeOffset SigningTime => Output.SigningTime;

        /// <summary>The hex signature; internal so that it is never formatted or serialised by accident.</summary>
        internal string Signature => Output.Signature;

        /// <summary>Method, URL and signed header names; the signature and session token are shown as "(redacted)".</summary>
        public override string ToString()
        {
            var text = new StringBuilder(Method).Append(' ');
            if (_scheme != null)
            {
                text.Append(_scheme).Append("://");
            }

            text.Append(Host).Append(Path);
            if (Query != null)
            {
                text.Append('?').Append(RedactQuery(Query));
            }

            return text.Append(" (SignedHeaders=").Append(SignedHeaders).Append(')').ToString();
        }

        private static string RedactQuery(string query)
        {
            var pairs = query.Split('&');
            for (var i = 0; i < pairs.Length; i++)
            {
                var equals = pairs[i].IndexOf('=');
                var key = equals < 0 ? pairs[i] : pairs[i].Substring(0, equals);
                if (string.Equals(key, SigV4Constants.SignatureParameter, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(key, SigV4Constants.SecurityTokenParameter, StringComparison.OrdinalIgnoreCase))
                {
                    pairs[i] = key + "=" + SigV4Constants.Redacted;
                }
            }

            return string.Join("&", pairs);
        }
    }
}
