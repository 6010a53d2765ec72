using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Requests
{
    /// <summary>
    /// Stable error ids of a request refused before anything is sent (its URL, region, service, method or body),
    /// and the exceptions that carry them.
    /// </summary>
    public static class RequestErrors
    {
        /// <summary>API Gateway's payload limit (10 MB), for HTTP and REST APIs alike.</summary>
        public const long MaxBodyBytes = 10L * 1024 * 1024;

        /// <summary>A body value that is not data (a script block, a file object...), nests too deep or is circular.</summary>
        public const string InvalidBody = "InvalidBody";

        /// <summary>GET, HEAD and similar methods with a body (API Gateway and many proxies drop it, and the signature then fails).</summary>
        public const string BodyNotAllowed = "BodyNotAllowed";

        /// <summary>A body over API Gateway's 10 MB payload limit.</summary>
        public const string BodyTooLarge = "BodyTooLarge";

        /// <summary>The file to send as the body cannot be read.</summary>
        public const string InFileNotReadable = "InFileNotReadable";

        /// <summary>A -Proxy that is not an http(s) URL, or carries user information.</summary>
        public const string InvalidProxy = "InvalidProxy";

        /// <summary>An -HttpVersion other than 1.0, 1.1, 2.0 and 3.0.</summary>
        public const string InvalidHttpVersion = "InvalidHttpVersion";

        /// <summary>A -Form value that is not text, a number, a file or a list of them.</summary>
        public const string InvalidForm = "InvalidForm";

        /// <summary>A method that is not an HTTP token, or one no API serves (CONNECT).</summary>
        public const string InvalidMethod = "InvalidMethod";

        /// <summary>An account id that is not exactly 12 digits.</summary>
        public const string InvalidAccountId = "InvalidAccountId";

        /// <summary>An API id that is not 10 lowercase letters and digits.</summary>
        public const string InvalidApiId = "InvalidApiId";

        /// <summary>A stage that is neither <c>$default</c> nor 1-128 letters, digits, '-' and '_'.</summary>
        public const string InvalidStage = "InvalidStage";

        /// <summary>The URL's host does not name the API, and no API id was given.</summary>
        public const string ApiIdRequired = "ApiIdRequired";

        /// <summary>A custom domain's base path (API mapping key) that cannot be one.</summary>
        public const string InvalidBasePath = "InvalidBasePath";

        /// <summary>A base path was given, and the URL path does not start with it.</summary>
        public const string BasePathNotInPath = "BasePathNotInPath";

        /// <summary>Not an absolute http or https URL.</summary>
        public const string InvalidUri = "InvalidUri";

        /// <summary>The URL carries user:password@ (which would be sent nowhere useful and may hold a secret).</summary>
        public const string UriUserInfoNotAllowed = "UriUserInfoNotAllowed";

        /// <summary>The host does not name a region and none was given.</summary>
        public const string RegionRequired = "RegionRequired";

        /// <summary>A signing service name that cannot be one.</summary>
        public const string InvalidService = "InvalidService";

        /// <summary>The endpoint kind given contradicts the URL (a function URL called a REST API, a public execute-api name called private...).</summary>
        public const string EndpointKindMismatch = "EndpointKindMismatch";

        /// <summary>A REST API URL without a stage segment (REST APIs have no <c>$default</c> stage), and no stage given.</summary>
        public const string StageRequired = "StageRequired";

        /// <summary>A function ARN or name that cannot be one.</summary>
        public const string InvalidFunctionArn = "InvalidFunctionArn";

        /// <summary>An execute-api invoke ARN was asked of an endpoint that has none (a function URL).</summary>
        public const string NoInvokeArn = "NoInvokeArn";

        internal static CrossAcctApiException InvalidUriError(string message, object? target) =>
            new CrossAcctApiException(InvalidUri, FailureKind.InvalidArgument, message, target)
            {
                RecommendedAction = "Pass an absolute http or https URL, for example https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/items.",
            };

        internal static CrossAcctApiException UserInfoError(string safeUri) =>
            new CrossAcctApiException(
                UriUserInfoNotAllowed,
                FailureKind.InvalidArgument,
                "The URL " + safeUri + " has user information (user:password@) before the host. IAM-authorized APIs authenticate with the signature only, and a password in a URL ends up in logs.",
                safeUri)
            {
                RecommendedAction = "Remove the user:password@ part of the URL; pass credentials with {@Credential} or {@AccessKeyId} and {@SecretAccessKey}.",
            };

        internal static CrossAcctApiException PartitionMismatchError(string host, string region, string partition, string dnsSuffix) =>
            new CrossAcctApiException(
                AwsRegion.InvalidRegion,
                FailureKind.InvalidArgument,
                "The host " + host + " names the region " + region + ", which is in the " + partition + " partition; " + dnsSuffix + " does not serve that partition.",
                host)
            {
                RecommendedAction = "Check the URL: China regions (cn-*) use .amazonaws.com.cn, all others .amazonaws.com.",
            };

        internal static CrossAcctApiException RegionRequiredError(string host) =>
            new CrossAcctApiException(
                RegionRequired,
                FailureKind.InvalidArgument,
                "The host " + host + " is not an execute-api host ({api-id}.execute-api.{region}.amazonaws.com), so the region to sign for cannot be read from it, and neither AWS_REGION nor AWS_DEFAULT_REGION is set. Pass {@Region}.",
                host)
            {
                RecommendedAction = "Pass {@Region} with the region the API is deployed in (for a custom domain, the region of its API Gateway domain name), or set AWS_REGION.",
            };

        internal static CrossAcctApiException InvalidServiceError(string service) =>
            new CrossAcctApiException(
                InvalidService,
                FailureKind.InvalidArgument,
                "'" + Shorten(service) + "' is not a signing service name; it must be lowercase letters, digits and '-' (execute-api for API Gateway).",
                Shorten(service))
            {
                RecommendedAction = "Leave {@Service} out to sign for execute-api.",
            };

        internal static CrossAcctApiException Create(string errorId, string message, object? target, string? recommendedAction) =>
            new CrossAcctApiException(errorId, FailureKind.InvalidArgument, message, target) { RecommendedAction = recommendedAction };

        /// <summary>Quotes user input for a message, shortened so a pasted document cannot flood the console.</summary>
        internal static string Quote(string? value) =>
            value == null ? "(null)" : "'" + (value.Length <= 120 ? value : value.Substring(0, 120) + "...") + "'";

        internal static CrossAcctApiException InvalidBodyError(string message, string recommendedAction) =>
            new CrossAcctApiException(InvalidBody, FailureKind.InvalidArgument, message) { RecommendedAction = recommendedAction };

        internal static CrossAcctApiException BodyTooLargeError(long length) =>
            new CrossAcctApiException(
                BodyTooLarge,
                FailureKind.LimitsExceeded,
                "The body is " + length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes; API Gateway accepts at most 10 MB (" + MaxBodyBytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes).",
                length)
            {
                RecommendedAction = "Send less data per request (split it), or upload large content elsewhere (for example S3 with a presigned URL) and send a reference.",
            };

        private static string Shorten(string value) => value.Length <= 64 ? value : value.Substring(0, 64) + "...";
    }
}
