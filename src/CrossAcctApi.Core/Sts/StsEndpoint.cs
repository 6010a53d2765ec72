using System;
using CrossAcctApi.Core.Arns;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Sts
{
    /// <summary>Where an STS endpoint came from, in the order the AWS SDKs look.</summary>
    public enum StsEndpointSource
    {
        /// <summary>The StsEndpoint input (on the command line).</summary>
        Parameter,

        /// <summary>AWS_ENDPOINT_URL_STS.</summary>
        ServiceEnvironmentVariable,

        /// <summary>AWS_ENDPOINT_URL.</summary>
        GlobalEnvironmentVariable,

        /// <summary>https://sts.{region}.{partition DNS suffix}.</summary>
        Regional,

        /// <summary>The profile's [services] section (sts endpoint_url) or its endpoint_url.</summary>
        ConfigFile,

        /// <summary>https://sts.amazonaws.com (sts_regional_endpoints = legacy, in a region that had the global endpoint).</summary>
        Global,
    }

    /// <summary>A profile's endpoint settings, as botocore reads them from the shared config file.</summary>
    public sealed class StsEndpointSettings
    {
        /// <summary>The [services] section's sts endpoint_url, else the profile's endpoint_url; asked only when no variable gives one (a broken services reference is then an error, as in botocore).</summary>
        public Func<string?>? ConfiguredUrl { get; set; }

        /// <summary>The profile's ignore_configured_endpoint_urls.</summary>
        public string? IgnoreConfiguredEndpointUrls { get; set; }

        /// <summary>The profile's sts_regional_endpoints (legacy or regional).</summary>
        public string? RegionalEndpoints { get; set; }

        /// <summary>Where the settings come from, for messages (for example "profile 'ops'").</summary>
        public string Origin { get; set; } = "the profile";
    }

    /// <summary>The STS endpoint a call goes to, and the region its requests are signed for.</summary>
    public sealed class StsEndpoint : IEquatable<StsEndpoint>
    {
        public const string ServiceEndpointVariable = "AWS_ENDPOINT_URL_STS";
        public const string GlobalEndpointVariable = "AWS_ENDPOINT_URL";
        public const string IgnoreConfiguredEndpointsVariable = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";
        public const string RegionalEndpointsVariable = "AWS_STS_REGIONAL_ENDPOINTS";

        // The regions where botocore's sts_regional_endpoints = legacy still means https://sts.amazonaws.com.
        private static readonly string[] LegacyGlobalRegions =
        {
            "ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "aws-global", "ca-central-1", "eu-central-1", "eu-north-1",
            "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
        };

        private StsEndpoint(Uri uri, string signingRegion, StsEndpointSource source)
        {
            Uri = uri;
            SigningRegion = signingRegion;
            Source = source;
        }

        /// <summary>https://sts.amazonaws.com, signed for us-east-1: where botocore sends STS calls when no region is configured at all.</summary>
        public static StsEndpoint GlobalEndpoint { get; } = new StsEndpoint(new Uri("https://sts.amazonaws.com/"), "us-east-1", StsEndpointSource.Global);

        public Uri Uri { get; }

        /// <summary>The region STS requests are signed for (also the region of a regional endpoint).</summary>
        public string SigningRegion { get; }

        public StsEndpoint WithSigningRegion(string region) => new StsEndpoint(Uri, region, Source);

        public StsEndpointSource Source { get; }

        /// <summary>
        /// Picks the endpoint: <paramref name="explicitEndpoint"/>, else AWS_ENDPOINT_URL_STS, else AWS_ENDPOINT_URL
        /// (both skipped when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true, as in the AWS SDKs), else the regional
        /// endpoint of <paramref name="region"/>.
        /// </summary>
        /// <param name="environment">Reads an environment variable (injected so tests need not change the process).</param>
        public static StsEndpoint Resolve(Uri? explicitEndpoint, string region, Func<string, string?> environment) => Resolve(explicitEndpoint, region, environment, null);

        /// <summary>
        /// botocore's order with a profile's settings: <paramref name="explicitEndpoint"/>, AWS_ENDPOINT_URL_STS,
        /// AWS_ENDPOINT_URL, the profile's [services] sts endpoint_url, its endpoint_url (all but the first skipped when
        /// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, else the profile's ignore_configured_endpoint_urls, is true), else the
        /// regional endpoint, or https://sts.amazonaws.com when sts_regional_endpoints is legacy in a legacy region.
        /// </summary>
        public static StsEndpoint Resolve(Uri? explicitEndpoint, string region, Func<string, string?> environment, StsEndpointSettings? profile)
        {
            if (environment is null)
            {
                throw new ArgumentNullException(nameof(environment));
            }

            ValidateRegion(region);
            if (explicitEndpoint != null)
            {
                return new StsEndpoint(Validate(explicitEndpoint, "{@StsEndpoint}"), region, StsEndpointSource.Parameter);
            }

            var ignore = NonEmpty(environment(IgnoreConfiguredEndpointsVariable)) ?? profile?.IgnoreConfiguredEndpointUrls;
            if (!IsTrue(ignore))
            {
                StsEndpoint? configured = FromVariable(environment, ServiceEndpointVariable, region, StsEndpointSource.ServiceEnvironmentVariable)
                    ?? FromVariable(environment, GlobalEndpointVariable, region, StsEndpointSource.GlobalEnvironmentVariable)
                    ?? FromVariable(_ => profile?.ConfiguredUrl?.Invoke(), profile?.Origin + " (endpoint_url)", region, StsEndpointSource.ConfigFile);
                if (configured != null)
                {
                    return configured;
                }
            }

            var regionalSetting = NonEmpty(environment(RegionalEndpointsVariable)) ?? profile?.RegionalEndpoints;
            if (string.Equals(regionalSetting?.Trim(), "legacy", StringComparison.OrdinalIgnoreCase) && Array.IndexOf(LegacyGlobalRegions, region) >= 0)
            {
                return GlobalEndpoint;
            }

            string partition = AwsPartitions.PartitionForRegion(region) ?? AwsPartitions.Aws;
            var regional = new Uri("https://sts." + region + "." + AwsPartitions.DnsSuffix(partition) + "/");
            return new StsEndpoint(regional, region, StsEndpointSource.Regional);
        }

        /// <summary>Throws <c>InvalidRegion</c> unless the text has the shape of an AWS region name.</summary>
        public static void ValidateRegion(string? region) => AwsRegion.Validate(region, "the STS region");

        public bool Equals(StsEndpoint? other) =>
            other != null && Uri.Equals(other.Uri) && string.Equals(SigningRegion, other.SigningRegion, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as StsEndpoint);

        public override int GetHashCode() => Uri.GetHashCode() ^ StringComparer.Ordinal.GetHashCode(SigningRegion);

        /// <summary>For example <c>https://sts.eu-west-1.amazonaws.com/ (regional, eu-west-1)</c>.</summary>
        public override string ToString() => Uri + " (" + Describe(Source) + ", " + SigningRegion + ")";

        private static StsEndpoint? FromVariable(Func<string, string?> environment, string name, string region, StsEndpointSource source)
        {
            string? value = environment(name);
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            if (!Uri.TryCreate(value!.Trim(), UriKind.Absolute, out Uri? uri))
            {
                throw Invalid(name + " is set to '" + Shorten(value) + "', which is not an absolute URL.", value, "Set " + name + " to an http(s) URL such as https://sts.example.internal, or remove it.");
            }

            return new StsEndpoint(Validate(uri, name), region, source);
        }

        private static Uri Validate(Uri uri, string origin)
        {
            if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw Invalid(origin + " must be an absolute http or https URL; got '" + Shorten(uri.OriginalString) + "'.", uri.OriginalString, "Use a URL such as https://sts.eu-west-1.amazonaws.com.");
            }

            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                // The user info is not echoed: it may be a password.
                throw Invalid(origin + " must not carry user information (user:password@).", uri.Host, "Remove the user information from the URL.");
            }

            TransportSecurity.Require(uri, "The STS endpoint (" + origin + ")");

            if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                throw Invalid(origin + " must not have a query string or fragment; got '" + Shorten(uri.OriginalString) + "'.", uri.OriginalString, "Pass only scheme, host, port and (optionally) path.");
            }

            return uri;
        }

        private static CrossAcctApiException Invalid(string message, object? target, string action) =>
            new CrossAcctApiException(StsErrorIds.InvalidStsEndpoint, FailureKind.InvalidArgument, message, target) { RecommendedAction = action };

        private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

        private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

        private static string Shorten(string value) => value.Length > 200 ? value.Substring(0, 200) + "..." : value;

        private static string Describe(StsEndpointSource source)
        {
            switch (source)
            {
                case StsEndpointSource.Parameter: return "from {@StsEndpoint}";
                case StsEndpointSource.ServiceEnvironmentVariable: return "from " + ServiceEndpointVariable;
                case StsEndpointSource.GlobalEnvironmentVariable: return "from " + GlobalEndpointVariable;
                case StsEndpointSource.ConfigFile: return "from the shared config file";
                case StsEndpointSource.Global: return "global, sts_regional_endpoints = legacy";
                default: return "regional";
            }
        }
    }
}
