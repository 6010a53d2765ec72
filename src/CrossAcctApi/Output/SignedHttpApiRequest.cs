using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Text;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Signing;

namespace CrossAcctApi
{
    /// <summary>
    /// A request signed by New-SignedHttpApiRequest, for looking at and for handing to another tool.
    /// Everything public is safe to print, log and serialise: the signature and the session token appear as
    /// "(redacted)" in <see cref="Headers"/>, <see cref="Uri"/> and <see cref="CanonicalRequest"/>. The real values
    /// are reached only on purpose, through methods (which formatting and ConvertTo-Json never call):
    /// <see cref="GetHeaders()"/>, <see cref="GetUri"/>, <see cref="GetBody"/> and <see cref="GetCanonicalRequestText"/>.
    /// </summary>
    public sealed class SignedHttpApiRequest
    {
        private readonly IReadOnlyList<KeyValuePair<string, string>> _headers;
        private readonly Uri _uri;
        private readonly string _canonicalRequestText;
        private readonly byte[]? _body;

        internal SignedHttpApiRequest(SignedRequest signed, Uri uri, string accessKeyId, byte[]? body, DateTimeOffset? expiresAt, SecretRedactor redactor)
        {
            _headers = ForStrictClients(signed.Headers);
            _uri = uri;
            _canonicalRequestText = signed.CanonicalRequest.ToExactString();
            _body = body;

            Method = signed.Method;
            Uri = new Uri(redactor.Redact(uri.AbsoluteUri));
            Headers = RedactedHeaders(_headers, redactor);
            SignedHeaders = signed.SignedHeaders;
            CanonicalRequest = redactor.Redact(_canonicalRequestText);
            StringToSign = signed.StringToSign.ToString();
            CredentialScope = signed.StringToSign.CredentialScope;
            Region = signed.Region;
            Service = signed.Service;
            SigningTime = signed.SigningTime.ToUniversalTime();
            ExpiresAt = expiresAt?.ToUniversalTime();
            AccessKeyId = accessKeyId;
            BodyLength = body?.Length ?? 0;
        }

        public string Method { get; }

        /// <summary>The URL to call; for a presigned request the presigned URL with X-Amz-Signature and X-Amz-Security-Token redacted (use <see cref="GetUri"/>).</summary>
        public Uri Uri { get; }

        /// <summary>The headers to send, in order, with the signature in Authorization and X-Amz-Security-Token redacted (use <see cref="GetHeaders()"/>).</summary>
        public SignedHeaderTable Headers { get; }

        /// <summary>The signed header names, lowercase, joined with ';'.</summary>
        public string SignedHeaders { get; }

        /// <summary>The canonical request, with the session token redacted (use <see cref="GetCanonicalRequestText"/> for the exact text).</summary>
        public string CanonicalRequest { get; }

        /// <summary>The exact string to sign (it holds no secret).</summary>
        public string StringToSign { get; }

        /// <summary>date/region/service/aws4_request.</summary>
        public string CredentialScope { get; }

        public string Region { get; }

        public string Service { get; }

        public DateTimeOffset SigningTime { get; }

        /// <summary>When a presigned URL stops working; null for header-signed requests.</summary>
        public DateTimeOffset? ExpiresAt { get; }

        public bool IsPresigned => ExpiresAt.HasValue;

        public string AccessKeyId { get; }

        /// <summary>The number of body bytes signed (the body itself: <see cref="GetBody"/>).</summary>
        public int BodyLength { get; }

        /// <summary>
        /// The real headers to send, ready for <c>Invoke-RestMethod -Headers</c> (without -SkipHeaderValidation) and
        /// HttpClient's Headers.Add: a case-insensitive Hashtable without Host (HTTP clients set it from the URL, and
        /// Windows PowerShell refuses it as a header). Authorization is spelled with a blank before SignedHeaders,
        /// which strict header parsers accept and AWS reads like the usual ", ".
        /// Repeated headers are joined with ',' exactly as they were signed.
        /// </summary>
        public Hashtable GetHeaders() => GetHeaders(includeHost: false);

        /// <summary>As <see cref="GetHeaders()"/>, with the Host header when <paramref name="includeHost"/> is true.</summary>
        public Hashtable GetHeaders(bool includeHost)
        {
            var headers = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in _headers)
            {
                if (!includeHost && string.Equals(pair.Key, SigV4HeaderNames.Host, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                headers[pair.Key] = headers[pair.Key] is string existing ? existing + "," + pair.Value : pair.Value;
            }

            return headers;
        }

        /// <summary>The real URL to call: for a presigned request, with its signature and session token.</summary>
        public Uri GetUri() => _uri;

        /// <summary>The exact body bytes that were signed (strings are signed as UTF-8), or null when there was none.</summary>
        public byte[]? GetBody() => _body is null ? null : (byte[])_body.Clone();

        /// <summary>The exact canonical request that was hashed, session token included.</summary>
        public string GetCanonicalRequestText() => _canonicalRequestText;

        /// <summary>Method, URL (secrets redacted) and signed headers.</summary>
        public override string ToString() => new StringBuilder(Method).Append(' ').Append(Uri).Append(" (SignedHeaders=").Append(SignedHeaders).Append(')').ToString();

        /// <summary>
        /// The headers with the Authorization value spelled so that strict parsers (HttpHeaders.Add, behind
        /// Invoke-RestMethod -Headers) accept it; AWS reads it as it reads the usual spelling (see <see cref="AuthorizationSpelling"/>).
        /// </summary>
        private static IReadOnlyList<KeyValuePair<string, string>> ForStrictClients(IReadOnlyList<KeyValuePair<string, string>> headers)
        {
            var result = new List<KeyValuePair<string, string>>(headers.Count);
            foreach (var pair in headers)
            {
                result.Add(string.Equals(pair.Key, SigV4HeaderNames.Authorization, StringComparison.OrdinalIgnoreCase)
                    ? new KeyValuePair<string, string>(pair.Key, AuthorizationSpelling.ForStrictHeaderParsers(pair.Value))
                    : pair);
            }

            return result;
        }

        private static SignedHeaderTable RedactedHeaders(IReadOnlyList<KeyValuePair<string, string>> headers, SecretRedactor redactor)
        {
            var shown = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in headers)
            {
                var value = redactor.Redact(pair.Value);
                shown[pair.Key] = shown[pair.Key] is string existing ? existing + "," + value : value;
            }

            return new SignedHeaderTable(shown);
        }
    }
}
