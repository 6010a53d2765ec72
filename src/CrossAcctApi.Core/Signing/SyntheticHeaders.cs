namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// The headers the signer itself adds to the signature, with their values. Each is null when not signed.
    /// In the sorted header list they appear as negative codes next to the caller's header indexes.
    /// </summary>
    internal readonly struct SyntheticHeaders
    {
        public const int HostCode = -1;
        public const int ContentSha256Code = -2;
        public const int AmzDateCode = -3;
        public const int SecurityTokenCode = -4;

        public SyntheticHeaders(string? host, string? amzDate, string? securityToken, string? contentSha256)
        {
            Host = host;
            AmzDate = amzDate;
            SecurityToken = securityToken;
            ContentSha256 = contentSha256;
        }

        public string? Host { get; }

        public string? AmzDate { get; }

        public string? SecurityToken { get; }

        public string? ContentSha256 { get; }

        // Lowercase names as bytes, so the hot path block-copies them. Ordered host < x-amz-content-sha256 <
        // x-amz-date < x-amz-security-token, which is also the order of their codes -1, -2, -3, -4.
        private static readonly byte[][] NameBytes =
        {
            System.Text.Encoding.ASCII.GetBytes("host"),
            System.Text.Encoding.ASCII.GetBytes("x-amz-content-sha256"),
            System.Text.Encoding.ASCII.GetBytes("x-amz-date"),
            System.Text.Encoding.ASCII.GetBytes("x-amz-security-token"),
        };

        public static byte[] NameBytesOf(int code) => NameBytes[-code - 1];

        public static string NameOf(int code)
        {
            switch (code)
            {
                case HostCode: return "host";
                case ContentSha256Code: return "x-amz-content-sha256";
                case AmzDateCode: return "x-amz-date";
                default: return "x-amz-security-token";
            }
        }

        public string ValueOf(int code)
        {
            switch (code)
            {
                case HostCode: return Host!;
                case ContentSha256Code: return ContentSha256!;
                case AmzDateCode: return AmzDate!;
                default: return SecurityToken!;
            }
        }
    }
}
