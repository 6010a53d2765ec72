using System;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// The Authorization value spelled for HTTP clients that parse it before sending.
    /// <para>
    /// .NET's HttpHeaders.Add (so Invoke-RestMethod and Invoke-WebRequest without -SkipHeaderValidation, and
    /// HttpClient code) reads an Authorization value as RFC 9110 credentials: the scheme, then one free-form blob up to
    /// the first comma, then name=value pairs whose values must be tokens or quoted strings. The usual SigV4 spelling
    /// "Credential=AKID/scope, SignedHeaders=host;x-amz-date, Signature=…" has a '/' and a ';' in the values after
    /// the blob, so it is refused with a FormatException that quotes the whole value, signature included.
    /// </para>
    /// <para>
    /// AWS splits the Authorization parameters at commas and at blanks alike: a value sent with "Authorization: "
    /// repeated is refused with "'AWS4-HMAC-SHA256' not a valid key=value pair (missing equal-sign) in Authorization
    /// header" (a real API Gateway answer, quoted in amzn/selling-partner-api-docs issue 836), which names the
    /// scheme as a parameter of its own. So a blank instead of ", " after the credential keeps the value AWS reads
    /// and puts both '/' and ';' into the free-form blob: "AWS4-HMAC-SHA256 Credential=AKID/scope
    /// SignedHeaders=host;x-amz-date, Signature=…". The signature is the same; only the separator differs.
    /// </para>
    /// </summary>
    public static class AuthorizationSpelling
    {
        private const string UsualSeparator = ", SignedHeaders=";
        private const string StrictSeparator = " SignedHeaders=";

        /// <summary>
        /// <paramref name="authorization"/> (as the signer wrote it) with a blank before SignedHeaders; any other value
        /// unchanged.
        /// </summary>
        public static string ForStrictHeaderParsers(string authorization)
        {
            if (authorization is null)
            {
                throw new ArgumentNullException(nameof(authorization));
            }

            if (!authorization.StartsWith(SigV4Constants.Algorithm + " Credential=", StringComparison.Ordinal))
            {
                return authorization;
            }

            var separator = authorization.IndexOf(UsualSeparator, StringComparison.Ordinal);
            return separator < 0
                ? authorization
                : authorization.Substring(0, separator) + StrictSeparator + authorization.Substring(separator + UsualSeparator.Length);
        }
    }
}
