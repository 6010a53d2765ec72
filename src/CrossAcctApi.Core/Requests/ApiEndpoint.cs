using System;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Requests
{
    /// <summary>
    /// A validated request URL and what its host says about the API: for the default endpoint
    /// <c>https://{api-id}.execute-api.{region}.amazonaws.com</c> (or <c>.amazonaws.com.cn</c>) the API id, region and
    /// partition; for any other host (a custom domain, a loopback test server) nothing, and the region must come
    /// from elsewhere (see <see cref="SigningScope"/>).
    /// </summary>
    public sealed class ApiEndpoint
    {
        private const string ExecuteApiLabel = "execute-api";

        // DNS suffixes of the default execute-api endpoints, with the partitions each serves.
        private static readonly (string Suffix, string[] Partitions)[] KnownSuffixes =
        {
            ("amazonaws.com", new[] { "aws", "aws-us-gov" }),
            ("amazonaws.com.cn", new[] { "aws-cn" }),
        };

        private const string LambdaUrlLabel = "lambda-url";

        private ApiEndpoint(Uri uri, string host, string? apiId, string? region, string? partition)
        {
            Uri = uri;
            Host = host;
            ApiId = apiId;
            Region = region;
            Partition = partition;
        }

        /// <summary>The interface VPC endpoint the host names: <c>{api-id}-{vpce-id}.execute-api...</c> or <c>{vpce-id}-{suffix}.execute-api.{region}.vpce.amazonaws.com</c>.</summary>
        public string? VpcEndpointId { get; private set; }

        /// <summary>The function URL id of <c>{url-id}.lambda-url.{region}.on.aws</c>.</summary>
        public string? FunctionUrlId { get; private set; }

        /// <summary>The kind the host alone tells: a function URL, or a private API (through a VPC endpoint); null otherwise.</summary>
        public EndpointKind? KindFromHost => FunctionUrlId != null ? EndpointKind.FunctionUrl : VpcEndpointId != null ? EndpointKind.PrivateRestApi : (EndpointKind?)null;

        /// <summary>The URL to send and sign: its path and query re-encoded to the signed spelling (<see cref="Signing.RequestLineEncoding"/>).</summary>
        public Uri Uri { get; }

        /// <summary>The host name in lower case, without port.</summary>
        public string Host { get; }

        /// <summary>True for the API's default endpoint, whose host names the API and region.</summary>
        public bool IsExecuteApiHost => ApiId != null;

        public string? ApiId { get; }

        /// <summary>The region the host names, or null for other hosts.</summary>
        public string? Region { get; }

        public string? Partition { get; }

        /// <summary>
        /// Validates <paramref name="uri"/>: absolute, http or https, no user information; <c>InvalidUri</c>,
        /// <c>UriUserInfoNotAllowed</c> or (for a malformed region in an execute-api host) <c>InvalidRegion</c> otherwise.
        /// </summary>
        public static ApiEndpoint Parse(Uri? uri)
        {
            if (uri is null)
            {
                throw RequestErrors.InvalidUriError("No URL was given.", null);
            }

            if (!uri.IsAbsoluteUri)
            {
                throw RequestErrors.InvalidUriError("'" + Shorten(uri.OriginalString) + "' is not an absolute URL; it needs a scheme and a host, as in https://host/path.", Shorten(uri.OriginalString));
            }

            // CR, LF, NUL and other control characters have no place in a URL; Uri would percent-encode them and send
            // something the user did not write (and a raw CR/LF is how request lines get split).
            foreach (var c in uri.OriginalString)
            {
                if (char.IsControl(c))
                {
                    throw RequestErrors.InvalidUriError("The URL contains a control character (such as a line break or NUL), which no URL may hold.", null);
                }
            }

            // Checked before anything echoes the URL: the user-info part may be a password.
            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                throw RequestErrors.UserInfoError(WithoutUserInfo(uri));
            }

            if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            {
                throw RequestErrors.InvalidUriError("'" + Shorten(uri.AbsoluteUri) + "' is a " + uri.Scheme + " URL; only http and https can be signed for API Gateway.", Shorten(uri.AbsoluteUri));
            }

            if (string.IsNullOrEmpty(uri.Host))
            {
                throw RequestErrors.InvalidUriError("'" + Shorten(uri.AbsoluteUri) + "' has no host.", Shorten(uri.AbsoluteUri));
            }

            TransportSecurity.Require(uri, "The URL");
            var host = uri.Host.ToLowerInvariant();

            // Sent in the spelling that is signed, so that nothing between here and API Gateway reads the URL otherwise.
            return FromHost(Signing.RequestLineEncoding.Canonical(uri), host);
        }

        /// <summary>Parses text as a URL, then as <see cref="Parse(Uri)"/>.</summary>
        public static ApiEndpoint Parse(string? uri)
        {
            if (string.IsNullOrWhiteSpace(uri))
            {
                throw RequestErrors.InvalidUriError("No URL was given.", null);
            }

            if (!Uri.TryCreate(uri!.Trim(), UriKind.Absolute, out var parsed))
            {
                // The text may hold a user:password@ that Uri could not parse: do not echo it whole.
                var shown = uri.IndexOf('@') >= 0 ? "The text given" : "'" + Shorten(uri) + "'";
                throw RequestErrors.InvalidUriError(shown + " is not an absolute URL; it needs a scheme and a host, as in https://host/path.", null);
            }

            return Parse(parsed);
        }

        public override string ToString() => Uri.AbsoluteUri;

        private static ApiEndpoint FromHost(Uri uri, string host)
        {
            // {api-id}.execute-api.{region}.{suffix}
            var labels = host.Split('.');
            if (labels.Length == 5 && labels[1] == LambdaUrlLabel && labels[3] == "on" && labels[4] == "aws" && labels[0].Length > 0)
            {
                // {url-id}.lambda-url.{region}.on.aws: Lambda function URLs (commercial partition).
                var lambdaRegion = AwsRegion.Validate(labels[2], "the region in the host " + host);
                return new ApiEndpoint(uri, host, null, lambdaRegion, AwsRegion.GetPartition(lambdaRegion)) { FunctionUrlId = labels[0] };
            }

            if (labels.Length < 4 || labels[1] != ExecuteApiLabel || labels[0].Length == 0)
            {
                return new ApiEndpoint(uri, host, null, null, null);
            }

            if (labels.Length == 6 && labels[3] == "vpce" && labels[0].StartsWith("vpce-", StringComparison.Ordinal))
            {
                // {vpce-id}-{suffix}.execute-api.{region}.vpce.amazonaws.com: the endpoint's own name; the API is in a header.
                var vpceRegion = AwsRegion.Validate(labels[2], "the region in the host " + host);
                var dash = labels[0].IndexOf('-', 5);
                return new ApiEndpoint(uri, host, null, vpceRegion, AwsRegion.GetPartition(vpceRegion)) { VpcEndpointId = dash < 0 ? labels[0] : labels[0].Substring(0, dash) };
            }

            var suffix = string.Join(".", labels, 3, labels.Length - 3);
            foreach (var known in KnownSuffixes)
            {
                if (!string.Equals(suffix, known.Suffix, StringComparison.Ordinal))
                {
                    continue;
                }

                var region = labels[2];
                AwsRegion.Validate(region, "the region in the host " + host);
                var partition = AwsRegion.GetPartition(region);
                if (Array.IndexOf(known.Partitions, partition) < 0)
                {
                    throw RequestErrors.PartitionMismatchError(host, region, partition, "." + suffix);
                }

                // {api-id}-{vpce-id}: the Route 53 alias an associated VPC endpoint gives a private API.
                var alias = labels[0].IndexOf("-vpce-", StringComparison.Ordinal);
                return alias > 0
                    ? new ApiEndpoint(uri, host, labels[0].Substring(0, alias), region, partition) { VpcEndpointId = labels[0].Substring(alias + 1) }
                    : new ApiEndpoint(uri, host, labels[0], region, partition);
            }

            // execute-api under an unknown suffix (a proxy, a VPC endpoint name...): treat as a custom domain.
            return new ApiEndpoint(uri, host, null, null, null);
        }

        private static string WithoutUserInfo(Uri uri)
        {
            var builder = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty };
            return Shorten(builder.Uri.AbsoluteUri);
        }

        private static string Shorten(string value) => value.Length <= 200 ? value : value.Substring(0, 200) + "...";
    }
}
