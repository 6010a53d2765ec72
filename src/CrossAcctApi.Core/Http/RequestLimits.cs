using System.Collections.Generic;
using System.Globalization;
using System.Text;
using CrossAcctApi.Core.Signing;

namespace CrossAcctApi.Core.Http
{
    /// <summary>API Gateway's request limits, checked before sending so that an oversized request costs no round trip.</summary>
    internal static class RequestLimits
    {
        /// <summary>Request line plus headers: 10,240 bytes.</summary>
        public const int MaxHeaderBytes = 10240;

        /// <summary>
        /// The size of the request line and headers as they will go on the wire (signature headers included, since a
        /// session token alone can be over a kilobyte); <c>HeadersTooLarge</c> when over the limit. Without
        /// <paramref name="signature"/> (before any keys are read) it checks what is known already, a lower bound, so
        /// that a request too large whatever its signature costs no STS call to renew or assume the keys first.
        /// </summary>
        public static void CheckHeaderSize(PreparedApiCall call, SigningOutput? signature, string userAgent)
        {
            var uri = call.Endpoint.Uri;
            long size = Bytes(call.Method) + 1 + Bytes(uri.PathAndQuery) + " HTTP/1.1\r\n".Length;
            size += Header("Host", call.ToSign.Host);
            size += Header("User-Agent", userAgent);
            foreach (var header in call.RequestHeaders)
            {
                size += Header(header.Key, header.Value);
            }

            foreach (var header in call.ContentHeaders)
            {
                size += Header(header.Key, header.Value);
            }

            if (call.HasContent)
            {
                size += Header("Content-Length", (call.Body?.Length ?? 0).ToString(CultureInfo.InvariantCulture));
            }

            var tokenBytes = 0;
            if (signature is SigningOutput signed)
            {
                size += Header(SigV4HeaderNames.AmzDate, signed.AmzDate);
                size += Header(SigV4HeaderNames.Authorization, signed.Authorization!);
                tokenBytes = signed.SecurityToken is null ? 0 : Header(SigV4HeaderNames.SecurityToken, signed.SecurityToken);
                size += tokenBytes;
                if (signed.ContentSha256 != null)
                {
                    size += Header(SigV4HeaderNames.ContentSha256, signed.ContentSha256);
                }
            }

            if (size > MaxHeaderBytes)
            {
                var counted = signature is null
                    ? "before the signature headers are even added"
                    : "(the signature headers " + (tokenBytes > 0 ? "and session token " : string.Empty) + "included)";
                throw new CrossAcctApiException(
                    ApiErrorIds.HeadersTooLarge,
                    FailureKind.LimitsExceeded,
                    "The request line and headers come to " + size.ToString("N0", CultureInfo.InvariantCulture) + " bytes " + counted
                    + "; API Gateway accepts at most " + MaxHeaderBytes.ToString("N0", CultureInfo.InvariantCulture) + ".",
                    uri.AbsoluteUri)
                {
                    RecommendedAction = "Send fewer or shorter headers, or move large values (long query strings, big header values) into the body.",
                };
            }
        }

        private static int Header(string name, string value) => Bytes(name) + 2 + Bytes(value) + 2;

        private static int Bytes(string text) => Encoding.UTF8.GetByteCount(text);
    }
}
