namespace CrossAcctApi.Core.Signing
{
    /// <summary>The SigV4 string to sign: algorithm, request time, credential scope and the canonical request's hash.</summary>
    public sealed class StringToSign
    {
        internal StringToSign(string amzDate, string credentialScope, string canonicalRequestHash)
        {
            AmzDate = amzDate;
            CredentialScope = credentialScope;
            CanonicalRequestHash = canonicalRequestHash;
        }

        /// <summary>Always "AWS4-HMAC-SHA256".</summary>
        public string Algorithm => SigV4Constants.Algorithm;

        /// <summary>The signing time, "yyyyMMddTHHmmssZ".</summary>
        public string AmzDate { get; }

        /// <summary>"yyyyMMdd/region/service/aws4_request".</summary>
        public string CredentialScope { get; }

        /// <summary>Lowercase hex SHA-256 of the canonical request.</summary>
        public string CanonicalRequestHash { get; }

        /// <summary>The exact text that was signed (it holds no secret).</summary>
        public override string ToString() => Algorithm + "\n" + AmzDate + "\n" + CredentialScope + "\n" + CanonicalRequestHash;
    }
}
