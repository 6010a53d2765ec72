using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossAcctApi.Core.Requests
{
    /// <summary>
    /// One call as the user described it: where, how, with what. Nothing is validated or read here; the client's
    /// <see cref="SignedApiClient.Prepare"/> checks everything before a credential is touched or a byte is sent.
    /// A record, so that a layer adding its part (how the call travels, say) copies the rest with <c>with</c> and
    /// cannot drop a property added later.
    /// </summary>
    public sealed record ApiRequest
    {
        public ApiRequest(Uri uri, string method = "GET")
        {
            Uri = uri ?? throw new ArgumentNullException(nameof(uri));
            Method = method ?? throw new ArgumentNullException(nameof(method));
        }

        public Uri Uri { get; }

        /// <summary>As given; standard methods are sent in upper case.</summary>
        public string Method { get; }

        /// <summary>Headers to send and sign, in order; a repeated name is sent (and signed) once, values joined by ','.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = Array.Empty<KeyValuePair<string, string>>();

        public ApiRequestBody? Body { get; init; }

        /// <summary>The Content-Type to send with <see cref="Body"/>; wins over a Content-Type in <see cref="Headers"/>.</summary>
        public string? ContentType { get; init; }

        /// <summary>The signing region; null to read it from the host or AWS_REGION / AWS_DEFAULT_REGION.</summary>
        public string? Region { get; init; }

        /// <summary>The signing service; null for execute-api.</summary>
        public string? Service { get; init; }

        /// <summary>The API stage the URL addresses, when known; it makes the invoke ARN exact instead of a pair of readings.</summary>
        public string? Stage { get; init; }

        /// <summary>The endpoint kind, when the caller says it; null to read it from the URL.</summary>
        public EndpointKind? EndpointKind { get; init; }

        /// <summary>A function URL's function (ARN or name), which the URL does not name.</summary>
        public string? FunctionArn { get; init; }

        /// <summary>A file to stream a successful response's body into, instead of keeping it in memory.</summary>
        public string? OutFile { get; init; }

        /// <summary>The User-Agent to send instead of the module's (never signed: proxies may rewrite it).</summary>
        public string? UserAgent { get; init; }

        /// <summary>The HTTP version to ask for (1.0, 1.1, 2.0, 3.0); null for the handler's default (1.1).</summary>
        public Version? HttpVersion { get; init; }

        /// <summary>The proxy to go through, or <see cref="ProxySettings.Direct"/>; null for the system's proxy.</summary>
        public ProxySettings? Proxy { get; init; }

        public override string ToString() => HttpMethods.Normalize(Method) + " " + Uri.AbsoluteUri;

        /// <summary>
        /// The API id a request through a VPC endpoint's own name carries: <c>x-apigw-api-id</c>, else a <c>Host</c> header
        /// of the form <c>{api-id}.execute-api.{region}.amazonaws.com</c> (AWS: "Invoke a private API").
        /// </summary>
        internal string? ApiIdFromHeaders()
        {
            string? fromHost = null;
            foreach (var header in HeadersOrEmpty)
            {
                if (string.Equals(header.Key, "x-apigw-api-id", StringComparison.OrdinalIgnoreCase))
                {
                    return header.Value.Trim();
                }

                if (string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase))
                {
                    var dot = header.Value.IndexOf(".execute-api.", StringComparison.OrdinalIgnoreCase);
                    fromHost = dot > 0 ? header.Value.Substring(0, dot).Trim() : null;
                }
            }

            return fromHost;
        }

        internal IEnumerable<KeyValuePair<string, string>> HeadersOrEmpty => Headers ?? Enumerable.Empty<KeyValuePair<string, string>>();
    }
}
