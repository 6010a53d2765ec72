namespace CrossAcctApi.Core.Signing
{
    /// <summary>Where the signature travels: an Authorization header, or X-Amz-* query parameters (a presigned URL).</summary>
    public enum SignatureLocation
    {
        Header,
        QueryString,
    }
}
