using System.Text;
using System.Threading;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// The SigV4 canonical request, part by part, as signed. Compare it with the "canonical string" in an
    /// InvalidSignatureException to find why AWS computed a different signature.
    /// <para>
    /// Kept as the exact bytes that were hashed; each part becomes a string only when it is read, so signing
    /// (for example a presigned URL) pays nothing for the parts nobody looks at.
    /// </para>
    /// </summary>
    public sealed class CanonicalRequest
    {
        private readonly byte[] _utf8;
        private readonly CanonicalSections _sections;
        private readonly string? _sessionToken;
        private string? _canonicalUri;
        private string? _canonicalQueryString;
        private string? _canonicalHeaders;
        private string? _signedHeaders;
        private string? _text;

        private CanonicalRequest(string method, byte[] utf8, CanonicalSections sections, string payloadHash, string? sessionToken)
        {
            Method = method;
            _utf8 = utf8;
            _sections = sections;
            PayloadHash = payloadHash;
            _sessionToken = sessionToken;
        }

        /// <summary>A copy of the <paramref name="sections"/>.End bytes a signing pass wrote into <paramref name="source"/>, which it reuses.</summary>
        internal static CanonicalRequest Copy(byte[] source, in CanonicalSections sections, string method, string payloadHash, string? signedSessionToken)
        {
            var snapshot = new byte[sections.End];
            System.Buffer.BlockCopy(source, 0, snapshot, 0, sections.End);
            return new CanonicalRequest(method, snapshot, sections, payloadHash, signedSessionToken);
        }

        public string Method { get; }

        /// <summary>The path as signed: normalised (when enabled) and URI-encoded (twice for non-S3 services).</summary>
        public string CanonicalUri => Part(ref _canonicalUri, _sections.UriStart, _sections.UriEnd);

        public string CanonicalQueryString => Part(ref _canonicalQueryString, _sections.QueryStart, _sections.QueryEnd);

        /// <summary>"name:value\n" per signed header, names lowercase and sorted.</summary>
        public string CanonicalHeaders => Part(ref _canonicalHeaders, _sections.HeadersStart, _sections.HeadersEnd);

        /// <summary>The signed header names, lowercase, sorted, joined with ';'.</summary>
        public string SignedHeaders => Part(ref _signedHeaders, _sections.SignedHeadersStart, _sections.SignedHeadersEnd);

        public string PayloadHash { get; }

        /// <summary>The exact canonical text that was hashed, session token included.</summary>
        public string ToExactString() => Part(ref _text, 0, _sections.End);

        /// <summary>
        /// The exact canonical text, except that a session token (a credential) is shown as "(redacted)" so the
        /// text can be printed and logged. Without a signed session token this is <see cref="ToExactString"/>.
        /// </summary>
        public override string ToString()
        {
            var text = ToExactString();
            if (_sessionToken == null)
            {
                return text;
            }

            // Header signing carries the token as is, presigning URI-encoded in the query.
            return text.Replace(_sessionToken, SigV4Constants.Redacted).Replace(UriEncoding.Encode(_sessionToken), SigV4Constants.Redacted);
        }

        private string Part(ref string? cache, int start, int end)
        {
            var value = Volatile.Read(ref cache);
            if (value == null)
            {
                value = Encoding.UTF8.GetString(_utf8, start, end - start);
                Volatile.Write(ref cache, value);
            }

            return value;
        }
    }
}
