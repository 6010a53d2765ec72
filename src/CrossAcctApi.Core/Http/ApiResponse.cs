using System;
using System.Collections.Generic;
using System.Linq;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Http
{
    /// <summary>
    /// The final answer of a call (after retries, refresh and skew correction): status, headers, body (or the file it
    /// was streamed to), and what it took. Error bodies are kept with any session token already replaced by
    /// "(redacted)" (a signature-mismatch answer quotes the canonical request, which holds it).
    /// </summary>
    public sealed class ApiResponse : IPhrasable
    {
        private IPhrasing? _phrasing;

        internal ApiResponse(
            PreparedApiCall call,
            int statusCode,
            string? reasonPhrase,
            IReadOnlyDictionary<string, string[]> headers,
            byte[]? body,
            string? outFile,
            long contentLength,
            TimeSpan elapsed,
            int attempts,
            ApiTarget target,
            string? accountId,
            CallFacts facts)
        {
            Call = call;
            StatusCode = statusCode;
            ReasonPhrase = reasonPhrase ?? string.Empty;
            Headers = headers;
            Body = body;
            OutFile = outFile;
            ContentLength = contentLength;
            Elapsed = elapsed;
            Attempts = attempts;
            InvokeArn = target.ResourceArnFor(accountId);
            StageReadingTemplate = target.StageReading;
            Facts = facts;
            Error = statusCode >= 400 ? GatewayError.Parse(statusCode, Header("x-amzn-ErrorType"), body) : null;
            if (Error?.Failure == GatewayFailure.NotAuthorized && AccessDeniedMessage.TryParse(Error.Message) is AccessDeniedMessage denied
                && denied.Resource.StartsWith("arn:", StringComparison.Ordinal) && denied.Resource.IndexOf('*') < 0)
            {
                // The server named the resource it refused: that settles the reading of the URL (unless it masked the
                // account, as REST APIs do: ********1111).
                InvokeArn = denied.Resource;
                StageReadingTemplate = null;
            }
        }

        public int StatusCode { get; }

        public string ReasonPhrase { get; }

        public bool IsSuccess => StatusCode >= 200 && StatusCode <= 299;

        /// <summary>Response and content headers, names case-insensitive, each with all its values.</summary>
        public IReadOnlyDictionary<string, string[]> Headers { get; }

        /// <summary>The body; null when it was streamed to <see cref="OutFile"/>.</summary>
        public byte[]? Body { get; }

        /// <summary>The full path the body was written to, or null.</summary>
        public string? OutFile { get; }

        /// <summary>Bytes of body received (in memory or on disk).</summary>
        public long ContentLength { get; }

        public string? ContentType => Header("Content-Type");

        /// <summary>API Gateway's request id (apigw-requestid for HTTP APIs, x-amzn-RequestId for REST APIs).</summary>
        public string? RequestId => Header("apigw-requestid") ?? Header("x-amzn-RequestId");

        /// <summary>From the first attempt to the last byte, waits between retries included.</summary>
        public TimeSpan Elapsed { get; }

        /// <summary>How many times the request was sent.</summary>
        public int Attempts { get; }

        public string Method => Call.Method;

        public Uri Uri => Call.Endpoint.Uri;

        public string Region => Call.Scope.Region;

        public string Service => Call.Scope.Service;

        /// <summary>The invoke ARN: exact when the stage was given or the server named it, else the plausible readings.</summary>
        /// <summary>The invoke ARN the call is authorized against: the server's when it named it, else the URL's one reading.</summary>
        public string? InvokeArn { get; }

        /// <summary>How the stage of <see cref="InvokeArn"/> was read from the URL, or null when given or named by the server.</summary>
        public string? StageReading => StageReadingTemplate is null ? null : Phrasing.Render(StageReadingTemplate, _phrasing);

        /// <summary><see cref="StageReading"/> as written, with its input markers.</summary>
        internal string? StageReadingTemplate { get; }

        /// <summary>The parsed error answer (status 400 and up), or null.</summary>
        public GatewayError? Error { get; }

        /// <summary>True when the credential was refreshed during the call after the server said its token had expired.</summary>
        public bool CredentialRefreshed => Facts.RefreshAttempted;

        /// <summary>The offset from our clock to the server's that signing used, when one was learned (now or earlier).</summary>
        public TimeSpan ClockOffset => Facts.ClockOffset;

        internal PreparedApiCall Call { get; }

        internal CallFacts Facts { get; }

        /// <summary>The first value of a header, or null.</summary>
        public string? Header(string name) =>
            Headers.TryGetValue(name, out var values) && values.Length > 0 ? values[0] : null;

        /// <summary>The diagnosis of a non-success answer as the exception the cmdlet turns into an ErrorRecord.</summary>
        public ApiCallException ToException() => ApiErrorDiagnoser.Diagnose(this);

        /// <summary>How <see cref="StageReading"/> names inputs from now on.</summary>
        public void UsePhrasing(IPhrasing phrasing) => _phrasing = phrasing;

        public override string ToString() => StatusCode + " " + ReasonPhrase + " (" + Method + " " + Uri.AbsoluteUri + ", " + Attempts + (Attempts == 1 ? " attempt)" : " attempts)");

        internal static IReadOnlyDictionary<string, string[]> CopyHeaders(System.Net.Http.HttpResponseMessage response)
        {
            var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in response.Headers)
            {
                headers[header.Key] = header.Value.ToArray();
            }

            if (response.Content != null)
            {
                foreach (var header in response.Content.Headers)
                {
                    headers[header.Key] = header.Value.ToArray();
                }
            }

            return headers;
        }
    }

    /// <summary>What the pipeline learned during a call, for the diagnosis. Holds no secret.</summary>
    internal sealed class CallFacts
    {
        public string AccessKeyId { get; set; } = string.Empty;

        public string CredentialDescription { get; set; } = string.Empty;

        public string? CredentialAccountId { get; set; }

        public string? CredentialRoleArn { get; set; }

        public bool HasSessionToken { get; set; }

        public bool CanRefresh { get; set; }

        public bool RefreshAttempted { get; set; }

        public bool SkewCorrected { get; set; }

        public bool ServerTimeUnknown { get; set; }

        public TimeSpan ClockOffset { get; set; }

        public int Retries { get; set; }

        /// <summary>Why retrying stopped before success, in words, or null.</summary>
        public string? RetryStoppedBecause { get; set; }

        public SignatureMismatchReport? SignatureReport { get; set; }

        public TimeSpan Timeout { get; set; }
    }
}
