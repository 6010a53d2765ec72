using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Requests
{
    /// <summary>Stable error ids for bad URLs and regions, and the exceptions that carry them.</summary>
    public static class EndpointErrors
    {
        /// <summary>Not an absolute http or https URL.</summary>
        public const string InvalidUri = "InvalidUri";

        /// <summary>The URL carries user:password@ (which would be sent nowhere useful and may hold a secret).</summary>
        public const string UriUserInfoNotAllowed = "UriUserInfoNotAllowed";

        /// <summary>The host does not name a region and none was given.</summary>
        public const string RegionRequired = "RegionRequired";

        /// <summary>A signing service name that cannot be one.</summary>
        public const string InvalidService = "InvalidService";

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
                RecommendedAction = "Remove the user:password@ part of the URL; pass credentials with -Credential or -AccessKeyId/-SecretAccessKey.",
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
                "The host " + host + " is not an execute-api host ({api-id}.execute-api.{region}.amazonaws.com), so the region to sign for cannot be read from it, and neither AWS_REGION nor AWS_DEFAULT_REGION is set. Pass -Region.",
                host)
            {
                RecommendedAction = "Pass -Region with the region the API is deployed in (for a custom domain, the region of its API Gateway domain name), or set AWS_REGION.",
            };

        internal static CrossAcctApiException InvalidServiceError(string service) =>
            new CrossAcctApiException(
                InvalidService,
                FailureKind.InvalidArgument,
                "'" + Shorten(service) + "' is not a signing service name; it must be lowercase letters, digits and '-' (execute-api for API Gateway).",
                Shorten(service))
            {
                RecommendedAction = "Leave -Service out to sign for execute-api.",
            };

        private static string Shorten(string value) => value.Length <= 64 ? value : value.Substring(0, 64) + "...";
    }
}
