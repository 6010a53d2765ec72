using System;
using System.Collections.Generic;
using System.Linq;
using CrossAcctApi.Core.Http;

namespace CrossAcctApi
{
    /// <summary>
    /// What Invoke-SignedHttpApi -AsResponse returns: the answer with its status, headers, content (as text, or bytes
    /// for binary content), the content parsed as Invoke-RestMethod would, and how the call went. Holds no secret: an
    /// error answer quoting the session token has it replaced by "(redacted)".
    /// </summary>
    public sealed class SignedHttpApiResponse
    {
        internal SignedHttpApiResponse(ApiResponse response, object? content, object? parsedContent)
        {
            StatusCode = response.StatusCode;
            StatusDescription = response.ReasonPhrase;
            IsSuccess = response.IsSuccess;
            Headers = new ResponseHeaders(response.Headers.Select(h => new KeyValuePair<string, string[]>(h.Key, h.Value.ToArray())));
            ContentType = response.ContentType;
            Content = content;
            ParsedContent = parsedContent;
            ContentLength = response.ContentLength;
            RequestId = response.RequestId;
            Elapsed = response.Elapsed;
            Attempts = response.Attempts;
            Method = response.Method;
            Uri = response.Uri;
            InvokeArn = response.InvokeArn;
            StageReading = ParameterPhrasing.Phrase(response).StageReading;
            Region = response.Region;
            Service = response.Service;
            OutFile = response.OutFile;
            CredentialRefreshed = response.CredentialRefreshed;
            ClockOffset = response.ClockOffset;
            if (!response.IsSuccess && response.StatusCode >= 400)
            {
                Diagnosis = ParameterPhrasing.Phrase(response.ToException().Diagnosis);
                ErrorId = Diagnosis.ErrorId;
            }
        }

        public int StatusCode { get; }

        public string StatusDescription { get; }

        public bool IsSuccess { get; }

        /// <summary>Response and content headers, names case-insensitive, each with all its values.</summary>
        public Dictionary<string, string[]> Headers { get; }

        public string? ContentType { get; }

        /// <summary>The body as text (decoded with its charset, else UTF-8), or as bytes for binary content; null when it went to -OutFile.</summary>
        public object? Content { get; }

        /// <summary>The content as Invoke-RestMethod returns it: JSON as objects (ConvertFrom-Json), anything else as <see cref="Content"/>.</summary>
        public object? ParsedContent { get; }

        /// <summary>Bytes of body received.</summary>
        public long ContentLength { get; }

        /// <summary>apigw-requestid (HTTP APIs) or x-amzn-RequestId (REST APIs): what API Gateway's logs are searched by.</summary>
        public string? RequestId { get; }

        /// <summary>From the first attempt to the last byte, retries and their waits included.</summary>
        public TimeSpan Elapsed { get; }

        /// <summary>How many times the request was sent.</summary>
        public int Attempts { get; }

        public string Method { get; }

        public Uri Uri { get; }

        /// <summary>The invoke ARN IAM authorizes this call against, when it is known exactly (-Stage, or named by the server).</summary>
        public string? InvokeArn { get; }

        /// <summary>The possible invoke ARNs when the URL alone does not say whether its first segment is a stage.</summary>
        /// <summary>How the stage of <see cref="InvokeArn"/> was read from the URL, when neither -Stage nor the server said it.</summary>
        public string? StageReading { get; }

        public string Region { get; }

        public string Service { get; }

        /// <summary>Where the body was written (-OutFile), or null.</summary>
        public string? OutFile { get; }

        /// <summary>True when the server refused the session token as expired and the credential was renewed during the call.</summary>
        public bool CredentialRefreshed { get; }

        /// <summary>The server's clock minus ours, as used for signing (zero unless a skew was corrected).</summary>
        public TimeSpan ClockOffset { get; }

        /// <summary>For an error answer (with -SkipHttpErrorCheck): the diagnosis ErrorId, as the error record would have had.</summary>
        public string? ErrorId { get; }

        /// <summary>For an error answer: the full diagnosis (recommended action, invoke ARN, signature comparison).</summary>
        public ApiErrorDiagnosis? Diagnosis { get; }

        public override string ToString() => StatusCode + " " + StatusDescription + " (" + Method + " " + Uri.AbsoluteUri + ")";
    }
}
