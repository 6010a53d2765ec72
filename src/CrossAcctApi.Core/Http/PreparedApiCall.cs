using System;
using System.Collections.Generic;
using CrossAcctApi.Core.Signing;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Http
{
    /// <summary>
    /// A request checked and ready to sign: endpoint, signing scope, the headers to send (duplicates joined), the body
    /// (hashed at most once), signing settings. Made by <see cref="SignedApiClient.Prepare"/>; every input error is
    /// found there, before a credential is read or anything is sent.
    /// </summary>
    public sealed class PreparedApiCall
    {
        internal PreparedApiCall(
            ApiRequest request,
            ApiTarget target,
            string method,
            HttpRequestToSign toSign,
            SigningSettings settings,
            IReadOnlyList<KeyValuePair<string, string>> requestHeaders,
            IReadOnlyList<KeyValuePair<string, string>> contentHeaders,
            ApiRequestBody? body,
            string? outFile,
            IReadOnlyList<string> notes)
        {
            Request = request;
            Target = target;
            Method = method;
            ToSign = toSign;
            Settings = settings;
            RequestHeaders = requestHeaders;
            ContentHeaders = contentHeaders;
            Body = body;
            OutFile = outFile;
            Notes = notes;
        }

        public ApiRequest Request { get; }

        /// <summary>The URL's one reading: endpoint, region and service, stage, invoke ARN.</summary>
        public ApiTarget Target { get; }

        public ApiEndpoint Endpoint => Target.Endpoint;

        public SigningScope Scope => Target.Scope;

        /// <summary>The method as sent.</summary>
        public string Method { get; }

        public ApiRequestBody? Body { get; }

        /// <summary>The full path of -OutFile, or null.</summary>
        public string? OutFile { get; }

        /// <summary>Things the user may want to know (a Content-Type not sent on a GET without body), for verbose output.</summary>
        public IReadOnlyList<string> Notes { get; }

        /// <summary>True when a Content-Type or other content header is sent, which needs content even without a body.</summary>
        internal bool HasContent => Body != null || ContentHeaders.Count > 0;

        internal HttpRequestToSign ToSign { get; }

        internal SigningSettings Settings { get; }

        /// <summary>Non-content headers to send, each name once (values joined with ','), exactly as signed.</summary>
        internal IReadOnlyList<KeyValuePair<string, string>> RequestHeaders { get; }

        /// <summary>Content-Type and other content headers, exactly as signed.</summary>
        internal IReadOnlyList<KeyValuePair<string, string>> ContentHeaders { get; }

        public override string ToString() => Method + " " + Endpoint.Uri.AbsoluteUri + " (" + Scope + ")";
    }
}
