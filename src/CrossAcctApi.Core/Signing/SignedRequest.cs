using System;
using System.Collections.Generic;
using System.Text;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// A signed request with everything that went into the signature, for sending and for explaining a
    /// signature mismatch. <see cref="ToString"/> hides the signature and session token.
    /// </summary>
    public sealed class SignedRequest
    {
        private readonly string? _scheme;
        private Uri? _url;

        internal SignedRequest(
            string method,
            string host,
            string path,
            string? query,
            string? scheme,
            IReadOnlyList<KeyValuePair<string, string>> headers,
            CanonicalRequest canonicalRequest,
            StringToSign stringToSign,
            SigningSettings settings,
            DateTimeOffset signingTime,
            string signature)
        {
            Method = method;
            Host = host;
            Path = path;
            Query = query;
            _scheme = scheme;
            Headers = headers;
            CanonicalRequest = canonicalRequest;
            StringToSign = stringToSign;
            Region = settings.Region;
            Service = settings.Service;
            Location = settings.Location;
            SigningTime = signingTime;
            Signature = signature;
        }

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

        public string SignedHeaders => CanonicalRequest.SignedHeaders;

        public CanonicalRequest CanonicalRequest { get; }

        public StringToSign StringToSign { get; }

        public string Region { get; }

        public string Service { get; }

        public SignatureLocation Location { get; }

        public DateTimeOffset SigningTime { get; }

        /// <summary>The hex signature; internal so that it is never formatted or serialised by accident.</summary>
        internal string Signature { get; }

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
