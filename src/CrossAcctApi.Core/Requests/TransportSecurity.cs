using System;

namespace CrossAcctApi.Core.Requests
{
    /// <summary>
    /// The one rule for where a signed request, a presigned URL or an STS call may travel in clear: nowhere but this
    /// machine. Over plain http a proxy or anyone on the path reads the session token and replays the Authorization
    /// (and STS would send the new secret key back in clear), so http is refused for every host but loopback
    /// (127.0.0.0/8, ::1, localhost: the sandbox and local proxies), before any byte is sent.
    /// </summary>
    public static class TransportSecurity
    {
        /// <summary>A plain-http URL to a host other than loopback.</summary>
        public const string InsecureEndpoint = "InsecureEndpoint";

        /// <summary>Throws <c>InsecureEndpoint</c> (SecurityError) for an http URL whose host is not loopback.</summary>
        /// <param name="what">What the URL is for, in words ("the URL", "the STS endpoint from AWS_ENDPOINT_URL_STS").</param>
        public static void Require(Uri uri, string what)
        {
            if (uri is null)
            {
                throw new ArgumentNullException(nameof(uri));
            }

            if (uri.Scheme != Uri.UriSchemeHttp || uri.IsLoopback)
            {
                return;
            }

            throw new CrossAcctApiException(
                InsecureEndpoint,
                FailureKind.SecurityError,
                what + " " + uri.GetLeftPart(UriPartial.Authority) + " uses plain http to a host that is not this machine: the session token and a replayable signature would travel in clear. Nothing was sent.",
                uri.Host)
            {
                RecommendedAction = "Use https:// (plain http is accepted only for loopback addresses such as 127.0.0.1 and localhost, for local test servers and proxies).",
            };
        }
    }
}
