using System;

namespace CrossAcctApi.Core.Requests
{
    /// <summary>A URL to read: the URL and method, and what the URL cannot say about the API it addresses.</summary>
    public sealed class ApiTargetRequest
    {
        public ApiTargetRequest(Uri uri, string method = "GET")
        {
            Uri = uri ?? throw new ArgumentNullException(nameof(uri));
            Method = method ?? throw new ArgumentNullException(nameof(method));
        }

        public Uri Uri { get; }

        /// <summary>The HTTP method; for an ARN, ANY or * name every method.</summary>
        public string Method { get; }

        /// <summary>The stage, when the caller knows it; otherwise the one rule of <see cref="ApiTarget"/> applies.</summary>
        public string? Stage { get; set; }

        /// <summary>Account A, which owns the API; null: <c>*</c>, because no URL names it.</summary>
        public string? AccountId { get; set; }

        /// <summary>The API id; needed for custom domains and loopback stand-ins without the emulator path.</summary>
        public string? ApiId { get; set; }

        /// <summary>The signing region; needed when the host does not name one (else AWS_REGION / AWS_DEFAULT_REGION).</summary>
        public string? Region { get; set; }

        /// <summary>The signing service; null for execute-api.</summary>
        public string? Service { get; set; }

        /// <summary>The endpoint kind, when the caller says it; otherwise read from the URL (function URL and VPC endpoint forms), else an HTTP API.</summary>
        public EndpointKind? EndpointKind { get; set; }

        /// <summary>A function URL's function: its ARN, or its name (the URL does not name the function).</summary>
        public string? FunctionArn { get; set; }

        /// <summary>The API id a request through a VPC endpoint's own name carries in <c>x-apigw-api-id</c> or in its <c>Host</c> header.</summary>
        public string? ApiIdFromHeaders { get; set; }

        /// <summary>A custom domain's API mapping key (the path before the API's routes), e.g. <c>orders</c> or <c>v1/orders</c>.</summary>
        public string? BasePath { get; set; }
    }
}
