namespace CrossAcctApi.Core.Signing
{
    /// <summary>The names of the headers the signer adds, spelled as they are sent.</summary>
    public static class SigV4HeaderNames
    {
        public const string Host = "Host";
        public const string AmzDate = "X-Amz-Date";
        public const string SecurityToken = "X-Amz-Security-Token";
        public const string ContentSha256 = "x-amz-content-sha256";
        public const string Authorization = "Authorization";
    }
}
