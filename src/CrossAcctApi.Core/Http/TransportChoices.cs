using System;
using CrossAcctApi.Core.Requests;
using CrossAcctApi.Core.Signing;

namespace CrossAcctApi.Core.Http
{
    /// <summary>The checks on how a request travels (User-Agent, HTTP version), made with the others before anything is sent.</summary>
    internal static class TransportChoices
    {
        private static readonly Version[] KnownVersions = { new Version(1, 0), new Version(1, 1), new Version(2, 0), new Version(3, 0) };

        public static void Validate(ApiRequest request)
        {
            if (request.UserAgent != null && !HttpHeaderText.IsSendable(request.UserAgent))
            {
                throw new CrossAcctApiException(
                    SigningErrorIds.InvalidHeader,
                    FailureKind.InvalidArgument,
                    "{@UserAgent} contains a character HTTP headers cannot carry (only visible ASCII characters and spaces, RFC 9110).",
                    SigningErrors.Printable(request.UserAgent))
                {
                    RecommendedAction = "Give a User-Agent of visible ASCII characters, such as MyTool/1.0.",
                };
            }

            if (request.HttpVersion != null && Array.IndexOf(KnownVersions, request.HttpVersion) < 0)
            {
                throw new CrossAcctApiException(
                    RequestErrors.InvalidHttpVersion,
                    FailureKind.InvalidArgument,
                    "{@HttpVersion} " + request.HttpVersion + " is not an HTTP version; give 1.0, 1.1, 2.0 or 3.0.",
                    request.HttpVersion.ToString())
                {
                    RecommendedAction = "Give 1.1 (the default) or 2.0.",
                };
            }
        }
    }
}
