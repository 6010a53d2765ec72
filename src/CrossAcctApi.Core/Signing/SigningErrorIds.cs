namespace CrossAcctApi.Core.Signing
{
    /// <summary>The stable <see cref="CrossAcctApiException.ErrorId"/> values the signing core throws.</summary>
    public static class SigningErrorIds
    {
        public const string ReservedHeader = "ReservedHeader";
        public const string InvalidHeader = "InvalidHeader";
        public const string InvalidMethod = "InvalidMethod";
        public const string InvalidHost = "InvalidHost";
        public const string InvalidPath = "InvalidPath";
        public const string InvalidQuery = "InvalidQuery";
        public const string InvalidUri = "InvalidUri";
        public const string InvalidPayloadHash = "InvalidPayloadHash";
        public const string InvalidExpiry = "InvalidExpiry";
        public const string InvalidService = "InvalidService";
        public const string InvalidCacheCapacity = "InvalidCacheCapacity";
        public const string ReservedQueryParameter = "ReservedQueryParameter";
        public const string UnsupportedSignatureLocation = "UnsupportedSignatureLocation";
        public const string ConflictingPayloadHash = "ConflictingPayloadHash";
    }
}
