namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// The SigV4 canonical request, part by part, as signed. Compare it with the "canonical string" in an
    /// InvalidSignatureException to find why AWS computed a different signature.
    /// </summary>
    public sealed class CanonicalRequest
    {
        private readonly string _text;
        private readonly string? _sessionToken;
        private readonly string? _encodedSessionToken;

        internal CanonicalRequest(
            string method,
            string canonicalUri,
            string canonicalQueryString,
            string canonicalHeaders,
            string signedHeaders,
            string payloadHash,
            string text,
            string? sessionToken)
        {
            Method = method;
            CanonicalUri = canonicalUri;
            CanonicalQueryString = canonicalQueryString;
            CanonicalHeaders = canonicalHeaders;
            SignedHeaders = signedHeaders;
            PayloadHash = payloadHash;
            _text = text;
            _sessionToken = sessionToken;
            _encodedSessionToken = sessionToken == null ? null : UriEncoding.Encode(sessionToken);
        }

        public string Method { get; }

        /// <summary>The path as signed: normalised (when enabled) and URI-encoded (twice for non-S3 services).</summary>
        public string CanonicalUri { get; }

        public string CanonicalQueryString { get; }

        /// <summary>"name:value\n" per signed header, names lowercase and sorted.</summary>
        public string CanonicalHeaders { get; }

        /// <summary>The signed header names, lowercase, sorted, joined with ';'.</summary>
        public string SignedHeaders { get; }

        public string PayloadHash { get; }

        /// <summary>The exact canonical text that was hashed, session token included.</summary>
        public string ToExactString() => _text;

        /// <summary>
        /// The exact canonical text, except that a session token (a credential) is shown as "(redacted)" so the
        /// text can be printed and logged. Without a session token this is <see cref="ToExactString"/>.
        /// </summary>
        public override string ToString()
        {
            if (_sessionToken == null)
            {
                return _text;
            }

            var text = _text.Replace(_sessionToken, SigV4Constants.Redacted);
            return _encodedSessionToken == null ? text : text.Replace(_encodedSessionToken, SigV4Constants.Redacted);
        }
    }
}
