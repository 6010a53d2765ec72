using System.Text;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// What signing adds to a request sent with an Authorization header: the hot path's result, nothing else.
    /// Add <see cref="AmzDate"/> as X-Amz-Date, <see cref="Authorization"/>, and, when not null,
    /// <see cref="SecurityToken"/> as X-Amz-Security-Token and <see cref="ContentSha256"/> as x-amz-content-sha256.
    /// </summary>
    public readonly struct SignatureHeaders
    {
        internal SignatureHeaders(string amzDate, string authorization, string? securityToken, string? contentSha256)
        {
            AmzDate = amzDate;
            Authorization = authorization;
            SecurityToken = securityToken;
            ContentSha256 = contentSha256;
        }

        /// <summary>The X-Amz-Date value, "yyyyMMddTHHmmssZ".</summary>
        public string AmzDate { get; }

        /// <summary>The Authorization value: "AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…".</summary>
        public string Authorization { get; }

        /// <summary>The X-Amz-Security-Token value, or null for long-term keys.</summary>
        public string? SecurityToken { get; }

        /// <summary>The x-amz-content-sha256 value, or null when the settings do not ask for it.</summary>
        public string? ContentSha256 { get; }

        /// <summary>The headers with the signature and session token replaced by "(redacted)".</summary>
        public override string ToString()
        {
            if (Authorization == null)
            {
                return "(no signature)";
            }

            var text = new StringBuilder()
                .Append(SigV4HeaderNames.AmzDate).Append(": ").Append(AmzDate)
                .Append("; ").Append(SigV4HeaderNames.Authorization).Append(": ").Append(RedactAuthorization(Authorization));
            if (SecurityToken != null)
            {
                text.Append("; ").Append(SigV4HeaderNames.SecurityToken).Append(": ").Append(SigV4Constants.Redacted);
            }

            if (ContentSha256 != null)
            {
                text.Append("; ").Append(SigV4HeaderNames.ContentSha256).Append(": ").Append(ContentSha256);
            }

            return text.ToString();
        }

        internal static string RedactAuthorization(string authorization)
        {
            const string marker = "Signature=";
            var at = authorization.LastIndexOf(marker, System.StringComparison.Ordinal);
            return at < 0 ? SigV4Constants.Redacted : authorization.Substring(0, at + marker.Length) + SigV4Constants.Redacted;
        }
    }
}
