namespace CrossAcctApi.Core.Signing
{
    internal static class SigV4Constants
    {
        public const string Algorithm = "AWS4-HMAC-SHA256";
        public const string Terminator = "aws4_request";
        public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

        /// <summary>SHA-256 of zero bytes: the payload hash of every request without a body.</summary>
        public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

        // Query parameters of a presigned URL, in the order they are appended to the URL.
        public const string AlgorithmParameter = "X-Amz-Algorithm";
        public const string CredentialParameter = "X-Amz-Credential";
        public const string DateParameter = "X-Amz-Date";
        public const string SignedHeadersParameter = "X-Amz-SignedHeaders";
        public const string ExpiresParameter = "X-Amz-Expires";
        public const string SecurityTokenParameter = "X-Amz-Security-Token";
        public const string SignatureParameter = "X-Amz-Signature";

        public static readonly string[] ReservedQueryParameters =
        {
            AlgorithmParameter, CredentialParameter, DateParameter, SignedHeadersParameter,
            ExpiresParameter, SecurityTokenParameter, SignatureParameter,
        };

        public const string Redacted = "(redacted)";
    }
}
