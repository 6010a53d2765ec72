using System;
using System.Text;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// Everything one signing pass produced: where the signature goes, the headers to add or the presigned query,
    /// the signed header names, the signing time and scope, and, only when the pass was asked to explain itself,
    /// the canonical request and string to sign it hashed. Nothing here is computed again or read back out of
    /// another value.
    /// <para>
    /// The values that carry the signature or the session token (Authorization, X-Amz-Security-Token, the presigned
    /// query) are internal: no public member and no <see cref="ToString"/> shows them. To send a request with them,
    /// use <see cref="SigV4Signer.SignRequest"/>, whose <see cref="SignedRequest"/> is a view of this output.
    /// </para>
    /// <para>
    /// A struct because the header path signs every call: as a class it would add about 100 bytes to the one
    /// string (the Authorization value) that path allocates. <c>default(SigningOutput)</c> is "no signature".
    /// </para>
    /// </summary>
    public readonly struct SigningOutput
    {
        private const int SignatureHexLength = HashEngine.HashSize * 2;

        private readonly SigningSettings? _settings;

        private SigningOutput(
            SigningSettings settings,
            string credentialScope,
            string amzDate,
            DateTimeOffset signingTime,
            string signedHeaders,
            string? authorization,
            string? securityToken,
            string? contentSha256,
            string? presignedQuery,
            bool sendsSessionToken,
            CanonicalRequest? canonicalRequest,
            StringToSign? stringToSign)
        {
            _settings = settings;
            CredentialScope = credentialScope;
            AmzDate = amzDate;
            SigningTime = signingTime;
            SignedHeaders = signedHeaders;
            Authorization = authorization;
            SecurityToken = securityToken;
            ContentSha256 = contentSha256;
            PresignedQuery = presignedQuery;
            SendsSessionToken = sendsSessionToken;
            CanonicalRequest = canonicalRequest;
            StringToSign = stringToSign;
        }

        /// <summary>Header signing, or a presigned URL (the X-Amz-* parameters in the query).</summary>
        public SignatureLocation Location => PresignedQuery != null ? SignatureLocation.QueryString : SignatureLocation.Header;

        /// <summary>The time signed for, as passed in.</summary>
        public DateTimeOffset SigningTime { get; }

        /// <summary>The X-Amz-Date value (header or query), "yyyyMMddTHHmmssZ".</summary>
        public string AmzDate { get; }

        // Like every value here, null only in default(SigningOutput).
        public string Region => _settings?.Region!;

        public string Service => _settings?.Service!;

        /// <summary>"yyyyMMdd/region/service/aws4_request".</summary>
        public string CredentialScope { get; }

        /// <summary>The signed header names, lowercase, sorted, joined with ';', exactly as signed.</summary>
        public string SignedHeaders { get; }

        /// <summary>The x-amz-content-sha256 value to send, or null when the settings do not ask for it (and when presigning).</summary>
        public string? ContentSha256 { get; }

        /// <summary>True when a session token goes with the request (X-Amz-Security-Token, as a header or in the query).</summary>
        public bool SendsSessionToken { get; }

        /// <summary>True when the pass was asked to explain itself: then <see cref="CanonicalRequest"/> and <see cref="StringToSign"/> are set.</summary>
        public bool IsExplained => CanonicalRequest != null;

        /// <summary>The canonical request this pass hashed, when it was asked to explain itself; otherwise null.</summary>
        public CanonicalRequest? CanonicalRequest { get; }

        /// <summary>The string to sign this pass signed, when it was asked to explain itself; otherwise null.</summary>
        public StringToSign? StringToSign { get; }

        /// <summary>The Authorization value (header signing), "AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…".</summary>
        internal string? Authorization { get; }

        /// <summary>The X-Amz-Security-Token value to send (header signing), or null for long-term keys.</summary>
        internal string? SecurityToken { get; }

        /// <summary>The whole query to send when presigning: the caller's, then the X-Amz-* parameters, X-Amz-Signature last.</summary>
        internal string? PresignedQuery { get; }

        /// <summary>The hex signature: both forms were written by the pass to end with it.</summary>
        internal string Signature
        {
            get
            {
                var carrier = Authorization ?? PresignedQuery ?? throw new InvalidOperationException("There is no signature.");
                return carrier.Substring(carrier.Length - SignatureHexLength);
            }
        }

        /// <summary>
        /// Hands each header to add to <paramref name="add"/>, in the order the AWS test suite's signed requests list
        /// them: X-Amz-Security-Token, X-Amz-Date, x-amz-content-sha256, Authorization. None when presigning.
        /// </summary>
        internal void AddHeadersTo<TTarget>(TTarget target, Action<TTarget, string, string> add)
        {
            if (Authorization == null)
            {
                return;
            }

            if (SecurityToken != null)
            {
                add(target, SigV4HeaderNames.SecurityToken, SecurityToken);
            }

            add(target, SigV4HeaderNames.AmzDate, AmzDate);
            if (ContentSha256 != null)
            {
                add(target, SigV4HeaderNames.ContentSha256, ContentSha256);
            }

            add(target, SigV4HeaderNames.Authorization, Authorization);
        }

        /// <summary>What a pass for header signing produced.</summary>
        internal static SigningOutput ForHeaders(
            SigningSettings settings, string credentialScope, string amzDate, DateTimeOffset signingTime, string signedHeaders,
            string authorization, string? securityToken, string? contentSha256, CanonicalRequest? canonicalRequest, StringToSign? stringToSign) =>
            new SigningOutput(settings, credentialScope, amzDate, signingTime, signedHeaders, authorization, securityToken, contentSha256, null, securityToken != null, canonicalRequest, stringToSign);

        /// <summary>What a pass for a presigned URL produced.</summary>
        internal static SigningOutput ForQuery(
            SigningSettings settings, string credentialScope, string amzDate, DateTimeOffset signingTime, string signedHeaders,
            string presignedQuery, bool sendsSessionToken, CanonicalRequest? canonicalRequest, StringToSign? stringToSign) =>
            new SigningOutput(settings, credentialScope, amzDate, signingTime, signedHeaders, null, null, null, presignedQuery, sendsSessionToken, canonicalRequest, stringToSign);

        /// <summary>Location, time, scope and signed header names; the signature and the session token never appear.</summary>
        public override string ToString()
        {
            if (_settings == null)
            {
                return "(no signature)";
            }

            var text = new StringBuilder(Location == SignatureLocation.Header ? "Authorization header" : "Presigned query")
                .Append(" for ").Append(CredentialScope).Append(" at ").Append(AmzDate)
                .Append(" (SignedHeaders=").Append(SignedHeaders).Append(')');
            if (ContentSha256 != null)
            {
                text.Append("; ").Append(SigV4HeaderNames.ContentSha256).Append(": ").Append(ContentSha256);
            }

            text.Append("; signature ").Append(SigV4Constants.Redacted);
            if (SendsSessionToken)
            {
                text.Append(", session token ").Append(SigV4Constants.Redacted);
            }

            return text.ToString();
        }
    }
}
