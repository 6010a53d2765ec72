using System;
using System.Text.RegularExpressions;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Requests
{
    /// <summary>Where the signing region came from, so that verbose output and errors can say it.</summary>
    public enum RegionSource
    {
        /// <summary>The Region input, given explicitly.</summary>
        Parameter,

        /// <summary>The execute-api host name.</summary>
        Host,

        /// <summary>AWS_REGION or AWS_DEFAULT_REGION.</summary>
        EnvironmentVariable,
    }

    /// <summary>
    /// The region and service a request is signed for (the middle of the credential scope). The region comes from
    /// -Region when given, else from an execute-api host, else from AWS_REGION / AWS_DEFAULT_REGION; there is no
    /// silent default, because a wrong region fails with an opaque signature error at the far end.
    /// </summary>
    public sealed class SigningScope
    {
        public const string ExecuteApiService = "execute-api";

        private static readonly Regex ServiceName = new Regex("^[a-z0-9][a-z0-9-]{0,62}\\z", RegexOptions.CultureInvariant);

        private SigningScope(string region, string service, RegionSource regionSource, string regionOrigin, string? hostRegion)
        {
            Region = region;
            Service = service;
            Partition = AwsRegion.GetPartition(region);
            RegionSource = regionSource;
            RegionOrigin = regionOrigin;
            HostRegion = hostRegion;
        }

        public string Region { get; }

        public string Service { get; }

        public string Partition { get; }

        public RegionSource RegionSource { get; }

        /// <summary>Where the region came from, in words: the Region input's marker (<c>{@Region}</c>), "the host name", "AWS_REGION".</summary>
        public string RegionOrigin { get; }

        /// <summary>The region the host names, when it names one (may differ from <see cref="Region"/> when a given region overrides it).</summary>
        public string? HostRegion { get; }

        /// <summary>True when a region was given and the execute-api host names another region: a request AWS will refuse.</summary>
        public bool ConflictsWithHost => HostRegion != null && !string.Equals(HostRegion, Region, StringComparison.Ordinal);

        /// <summary>
        /// Resolves the scope for <paramref name="endpoint"/>. <paramref name="getEnvironmentVariable"/> is how the
        /// environment is read (injected, so that the core never reads process state itself).
        /// </summary>
        public static SigningScope Resolve(ApiEndpoint endpoint, string? region, string? service, Func<string, string?> getEnvironmentVariable, string defaultService = ExecuteApiService)
        {
            if (endpoint is null)
            {
                throw new ArgumentNullException(nameof(endpoint));
            }

            if (getEnvironmentVariable is null)
            {
                throw new ArgumentNullException(nameof(getEnvironmentVariable));
            }

            var serviceName = ResolveService(service, defaultService);

            if (!string.IsNullOrWhiteSpace(region))
            {
                var explicitRegion = AwsRegion.Validate(Normalize(region!), "{@Region}");
                return new SigningScope(explicitRegion, serviceName, RegionSource.Parameter, "{@Region}", endpoint.Region);
            }

            if (endpoint.Region != null)
            {
                return new SigningScope(endpoint.Region, serviceName, RegionSource.Host, "the host name", endpoint.Region);
            }

            var environmentRegion = AwsRegion.FromEnvironment(getEnvironmentVariable, out var variable);
            if (environmentRegion != null)
            {
                return new SigningScope(environmentRegion, serviceName, RegionSource.EnvironmentVariable, variable!, null);
            }

            throw RequestErrors.RegionRequiredError(endpoint.Host);
        }

        public override string ToString() => Region + "/" + Service;

        private static string ResolveService(string? service, string defaultService)
        {
            if (string.IsNullOrWhiteSpace(service))
            {
                return defaultService;
            }

            var name = service!.Trim();
            if (!ServiceName.IsMatch(name))
            {
                throw RequestErrors.InvalidServiceError(name);
            }

            return name;
        }

        // Region names are lower case; "EU-West-1" typed by hand would give a scope AWS refuses.
        private static string Normalize(string region) => region.Trim().ToLowerInvariant();
    }
}
