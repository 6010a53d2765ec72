namespace CrossAcctApi.Core.Http
{
    /// <summary>
    /// The stable <see cref="CrossAcctApiException.ErrorId"/> values of a call: one per diagnosis of a failed
    /// response or transport failure, and one per request refused before anything was sent.
    /// </summary>
    public static class ApiErrorIds
    {
        // Diagnoses of an answer (or of no answer).

        /// <summary>403: API Gateway saw no signature (a proxy removed it, or the URL is not an IAM route).</summary>
        public const string MissingAuthenticationToken = "MissingAuthenticationToken";

        /// <summary>403: the access key or session token is unknown to AWS.</summary>
        public const string InvalidToken = "InvalidToken";

        /// <summary>403: the session token has expired (and could not be, or was already, refreshed).</summary>
        public const string ExpiredToken = "ExpiredToken";

        /// <summary>403: the server computed another signature (wrong secret, changed request, wrong scope).</summary>
        public const string SignatureMismatch = "SignatureMismatch";

        /// <summary>403: the signing time is outside the server's 5-minute window even after clock-skew correction.</summary>
        public const string SignatureExpired = "SignatureExpired";

        /// <summary>403: authenticated, but no policy allows execute-api:Invoke on the invoke ARN (or one denies it).</summary>
        public const string NotAuthorized = "NotAuthorized";

        /// <summary>403 that is not one of API Gateway's authorization answers (a WAF, a CDN, a proxy refused it).</summary>
        public const string AccessDenied = "AccessDenied";

        /// <summary>A Lambda function URL refused the call: the function policy or the caller's policy lacks lambda:InvokeFunctionUrl or lambda:InvokeFunction.</summary>
        public const string FunctionUrlNotAuthorized = "FunctionUrlNotAuthorized";

        /// <summary>A REST API refused an anonymous caller (a route without IAM authorization) by its resource policy.</summary>
        public const string AnonymousNotAuthorized = "AnonymousNotAuthorized";

        /// <summary>API Gateway refused the way in: a private API without a VPC endpoint, a VPC endpoint to a public API, an endpoint not associated.</summary>
        public const string PrivateEndpointRefused = "PrivateEndpointRefused";

        /// <summary>404: no route or stage matches.</summary>
        public const string NotFound = "NotFound";

        /// <summary>429 after the retries.</summary>
        public const string Throttled = "Throttled";

        /// <summary>5xx after the retries (or at once for methods that are not retried).</summary>
        public const string ServerError = "ServerError";

        /// <summary>No answer within -TimeoutSec.</summary>
        public const string Timeout = "Timeout";

        /// <summary>No connection, or the connection broke, after the retries.</summary>
        public const string ConnectionFailed = "ConnectionFailed";

        /// <summary>Any other non-success status (400, 401, 405, 413...).</summary>
        public const string HttpError = "HttpError";

        // Requests refused before sending.

        /// <summary>Request line and headers over API Gateway's 10,240-byte limit.</summary>
        public const string HeadersTooLarge = "HeadersTooLarge";

        /// <summary>The -OutFile file cannot be written.</summary>
        public const string OutFileNotWritable = "OutFileNotWritable";

        /// <summary>A timeout, retry count or interval out of range.</summary>
        public const string InvalidCallOption = "InvalidCallOption";

        /// <summary>True for the ids that mean authorisation said no (a verdict about access, not a failure to get one).</summary>
        public static bool IsRefusal(string? errorId) =>
            errorId == NotAuthorized || errorId == FunctionUrlNotAuthorized || errorId == AnonymousNotAuthorized || errorId == PrivateEndpointRefused;
    }
}
