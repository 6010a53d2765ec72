using System;

namespace CrossAcctApi.Core.Policy.Generator
{
    /// <summary>One call to work out the invoke ARN of: the URL and method, and what the URL cannot say.</summary>
    public sealed class InvokeArnRequest
    {
        public InvokeArnRequest(Uri uri)
        {
            Uri = uri ?? throw new ArgumentNullException(nameof(uri));
        }

        public Uri Uri { get; }

        /// <summary>The HTTP method; ANY or * give a pattern for every method.</summary>
        public string Method { get; init; } = "GET";

        /// <summary>
        /// The stage. Null: <c>$default</c> is assumed, because a URL such as <c>/prod/items</c> may be the stage
        /// <c>prod</c> or the path <c>prod/items</c> of the default stage.
        /// </summary>
        public string? Stage { get; init; }

        /// <summary>Account A, which owns the API. Null: <c>*</c>, because no URL names it.</summary>
        public string? AccountId { get; init; }

        /// <summary>The API id; needed for custom domains and loopback stand-ins.</summary>
        public string? ApiId { get; init; }

        /// <summary>The region; needed when the host does not name one (else AWS_REGION/AWS_DEFAULT_REGION).</summary>
        public string? Region { get; init; }

        /// <summary>A custom domain's API mapping key (the path before the API's routes), e.g. <c>orders</c> or <c>v1/orders</c>.</summary>
        public string? BasePath { get; init; }
    }
}
