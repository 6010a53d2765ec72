using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Credentials.Profiles;
using CrossAcctApi.Core.Runtime;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi.Core.Credentials.Sources
{
    /// <summary>How a profile's roles are assumed for one command: the MFA code or prompt, caching, the user's STS endpoint and region.</summary>
    public sealed class ProfileCallOptions
    {
        /// <summary>Asked for a code when a hop needs MFA and <see cref="TokenCode"/> is not given; null: the code is required.</summary>
        public IMfaCodeSource? Mfa { get; set; }

        /// <summary>The MFA code given with the command, for the first hop with mfa_serial.</summary>
        public string? TokenCode { get; set; }

        public RoleSessionCaching Caching { get; set; } = RoleSessionCaching.Memory;

        /// <summary>The STS endpoint given with the command (wins over every configured one).</summary>
        public Uri? StsEndpoint { get; set; }

        /// <summary>The region given with the command (wins over the environment and the profile).</summary>
        public string? Region { get; set; }

        /// <summary>Also read and write the AWS CLI's assume-role cache (~/.aws/cli/cache) for the profile's roles.</summary>
        public bool AwsCliCache { get; set; }

        /// <summary>Said once when the profile differs from the AWS CLI on purpose, or a chained duration will be refused.</summary>
        public Action<string>? Warn { get; set; }
    }

    /// <summary>
    /// Turns a profile into the credential it stands for, as `aws --profile` does: <see cref="ProfileResolver"/> plans
    /// the chain with botocore's rules, then the source is fetched and every role of the chain is assumed through the
    /// module's <see cref="RoleSessionProvider"/> (its caches, its MFA prompt, its STS diagnosis). A hop that fails
    /// keeps its error id, category and recommended action; the message gains the profile and the hop.
    /// </summary>
    public sealed class ProfileCredentials
    {
        private readonly Func<string, string?> _environment;
        private readonly Func<RoleSessionProvider> _roles;
        private readonly ISystemClock _clock;
        private readonly Func<HttpClient> _httpClient;

        private HttpClient Http => _httpClient();

        /// <param name="http">The HTTP client for SSO, web identity and metadata sources, asked for on first use.</param>
        public ProfileCredentials(Func<string, string?> environment, Func<RoleSessionProvider> roles, Func<HttpClient> http, ISystemClock clock)
        {
            _environment = environment ?? throw new ArgumentNullException(nameof(environment));
            _roles = roles ?? throw new ArgumentNullException(nameof(roles));
            _httpClient = http ?? throw new ArgumentNullException(nameof(http));
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        }

        /// <summary>The plan for a profile (null: the default profile or, without one, the environment's sources); no call is made.</summary>
        public ProfilePlan Plan(string? profileName, bool explicitProfile) =>
            new ProfileResolver(SharedConfig.Load(_environment), _environment).Resolve(profileName, explicitProfile);

        /// <summary>The region STS is called in for the plan: the one given, else AWS_REGION / AWS_DEFAULT_REGION, else the profile's, else us-east-1.</summary>
        public string StsRegion(ProfilePlan plan, string? given)
        {
            var region = given ?? Arns.AwsRegion.FromEnvironment(_environment, out _) ?? plan.Region ?? "us-east-1";
            try
            {
                return Arns.AwsRegion.Validate(region, plan.Region == region ? "the region of profile '" + plan.ProfileName + "'" : "the STS region");
            }
            catch (CrossAcctApiException error) when (plan.Region == region)
            {
                throw InHop(error, plan, "the profile's region setting", null);
            }
        }

        /// <summary>The STS endpoint every hop of the plan calls, with the profile's endpoint settings.</summary>
        public StsEndpoint Endpoint(ProfilePlan plan, ProfileCallOptions options)
        {
            var settings = new StsEndpointSettings
            {
                ConfiguredUrl = plan.ConfiguredStsEndpoint,
                IgnoreConfiguredEndpointUrls = plan.Settings.TryGetValue("ignore_configured_endpoint_urls", out var ignore) ? ignore : null,
                RegionalEndpoints = plan.StsRegionalEndpoints,
                Origin = "profile '" + plan.ProfileName + "'",
            };
            var endpoint = StsEndpoint.Resolve(options.StsEndpoint, StsRegion(plan, options.Region), _environment, settings);

            // No region anywhere: botocore calls the global endpoint (the regional one of us-east-1 would do as well,
            // but the AWS CLI's choice is the one users read in CloudTrail and in VPC endpoint policies).
            var regionKnown = options.Region != null || Arns.AwsRegion.FromEnvironment(_environment, out _) != null || plan.Region != null;
            return regionKnown || endpoint.Source != StsEndpointSource.Regional ? endpoint : StsEndpoint.GlobalEndpoint;
        }

        public async Task<AwsCredential> ResolveAsync(ProfilePlan plan, ProfileCallOptions options, CancellationToken cancellationToken)
        {
            var endpoint = Endpoint(plan, options);
            var region = plan.Region != null && Arns.AwsRegion.IsWellFormed(plan.Region) ? plan.Region : null;
            var current = await SourceAsync(plan, endpoint, region, cancellationToken).ConfigureAwait(false);
            var description = plan.Source.ToString();
            var tokenCode = options.TokenCode;
            for (var index = 0; index < plan.Hops.Count; index++)
            {
                var hop = plan.Hops[index];
                var where = "hop " + (index + 1) + " of " + plan.Hops.Count + ", " + hop;
                try
                {
                    var code = hop.MfaSerial != null ? tokenCode : null;
                    if (code != null)
                    {
                        tokenCode = null;
                    }

                    var assume = new AssumeRoleRequest(hop.RoleArn, hop.RoleSessionName, hop.DurationSeconds, hop.ExternalId, hop.MfaSerial, code, defaultSessionName: _roles().DefaultSessionName);
                    var request = new RoleSessionRequest(assume, current, endpoint, options.Caching, description);
                    if (request.Caution != null)
                    {
                        options.Warn?.Invoke("Profile '" + plan.ProfileName + "', " + where + ": " + request.Caution);
                    }

                    var cli = options.AwsCliCache ? AwsCliSessionCache.ForHome(SharedConfig.HomeDirectory(_environment)) : null;
                    var cliKey = cli is null ? null : AwsCliSessionCache.Key(assume);
                    if (cli != null && cli.TryRead(cliKey!, _clock.UtcNow, out var shared))
                    {
                        // A session the AWS CLI (or this module) left in the CLI's cache: no STS call, no MFA prompt.
                        var renew = new RenewThroughProvider(_roles(), request, options.Mfa, _clock);
                        current = AssumedRoleSessions.CreateCredential(shared!, assume, endpoint.SigningRegion, description, renew, _clock);
                        description = "profile '" + hop.ProfileName + "' (" + current.AssumedRoleArn + ", AWS CLI cache)";
                        continue;
                    }

                    var session = await _roles().GetAsync(request, options.Mfa, cancellationToken).ConfigureAwait(false);
                    current = session.Credential;
                    if (cli != null && session.IsNew)
                    {
                        var keys = await current.GetKeysAsync(_clock.UtcNow, cancellationToken).ConfigureAwait(false);
                        cli.Write(cliKey!, new AssumeRoleResult(keys, current.Expiration ?? _clock.UtcNow.UtcDateTime, current.AssumedRoleArn ?? string.Empty, current.Identity.AssumedRoleId ?? string.Empty));
                    }

                    description = "profile '" + hop.ProfileName + "' (" + current.AssumedRoleArn + ")";
                }
                catch (CrossAcctApiException error)
                {
                    throw InHop(error, plan, where, hop.RoleArn);
                }
            }

            return current;
        }

        /// <summary>
        /// AssumeRoleWithWebIdentity with a token file (read again at each renewal) or a token: the checked request
        /// <paramref name="assume"/> gives the role, session name and duration.
        /// </summary>
        public Task<AwsCredential> WebIdentityAsync(AssumeRoleRequest assume, string? tokenFile, string? token, StsEndpoint endpoint, CancellationToken cancellationToken)
        {
            var exchange = new WebIdentityExchange(Http);
            var description = "web identity " + (tokenFile is null ? "token" : "token file " + tokenFile) + " for " + assume.RoleArn;
            return Fetched(
                t => exchange.AssumeAsync(assume.RoleArn.Arn, assume.RoleSessionName, tokenFile is null ? token! : WebIdentityExchange.ReadTokenFile(tokenFile), assume.DurationSeconds, endpoint, t),
                CredentialSource.AssumeRole,
                description,
                endpoint.SigningRegion,
                cancellationToken);
        }

        private async Task<AwsCredential> SourceAsync(ProfilePlan plan, StsEndpoint endpoint, string? region, CancellationToken cancellationToken)
        {
            try
            {
                return await StartSource(plan, endpoint, region, cancellationToken).ConfigureAwait(false);
            }
            catch (CrossAcctApiException error) when (plan.ProfileName is null && plan.Source.Kind == ProfileSourceKind.InstanceMetadata && error.ErrorId == StsErrorIds.SourceCredentialUnavailable)
            {
                // The end of the default chain: instance metadata was only the last place to look, so the error is
                // that nothing was found anywhere (botocore: NoCredentialsError), with what IMDS said.
                throw new CrossAcctApiException(StsErrorIds.SourceCredentialUnavailable, FailureKind.AuthenticationError, "No credentials were found: no keys in the environment, no default profile, no web identity or container variables, and " + error.MessageTemplate, null, error)
                {
                    RecommendedAction = "Pass {@Credential} or {@ProfileName}, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (AWS_EC2_METADATA_DISABLED=true skips instance metadata).",
                };
            }
            catch (CrossAcctApiException error)
            {
                throw InHop(error, plan, "source " + plan.Source, null);
            }
        }

        private Task<AwsCredential> StartSource(ProfilePlan plan, StsEndpoint endpoint, string? region, CancellationToken cancellationToken)
        {
            var source = plan.Source;
            var description = source.ToString();
            {
                switch (source.Kind)
                {
                    case ProfileSourceKind.StaticKeys:
                        return Task.FromResult(new AwsCredential(source.Keys!, CredentialSource.Profile, region: region, sourceDescription: description));
                    case ProfileSourceKind.Environment:
                        return Task.FromResult(CredentialShape.FromEnvironment(_environment, _clock)
                            ?? throw SourceHttp.Unavailable("No credentials found in credential_source Environment referenced in profile '" + source.ProfileName + "': AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.", "the environment", null));
                    case ProfileSourceKind.CredentialProcess:
                        return Fetched(token => CredentialProcessRunner.RunAsync(source.ProfileName!, source.Command!, token), CredentialSource.CredentialProcess, description, region, cancellationToken);
                    case ProfileSourceKind.Sso:
                        var portal = new SsoPortal(Http, _environment, () => _clock.UtcNow);
                        return Fetched(token => portal.GetRoleCredentialsAsync(source, token), CredentialSource.Profile, description, region, cancellationToken);
                    case ProfileSourceKind.WebIdentity:
                        var exchange = new WebIdentityExchange(Http);
                        var sessionName = source.RoleSessionName ?? _roles().DefaultSessionName;
                        return Fetched(token => exchange.AssumeAsync(source.RoleArn!, sessionName, WebIdentityExchange.ReadTokenFile(source.TokenFile!), null, endpoint, token), CredentialSource.AssumeRole, description, region, cancellationToken);
                    case ProfileSourceKind.Container:
                        var container = new MetadataCredentials(Http, _environment);
                        return Fetched(container.ContainerAsync, CredentialSource.DefaultChain, description, region, cancellationToken);
                    default:
                        var instance = new MetadataCredentials(Http, _environment);
                        return Fetched(instance.InstanceAsync, CredentialSource.DefaultChain, description, region, cancellationToken);
                }
            }
        }

        private async Task<AwsCredential> Fetched(Func<CancellationToken, Task<FetchedCredential>> fetch, CredentialSource kind, string description, string? region, CancellationToken cancellationToken)
        {
            return await FetchedCredential.CreateAsync(fetch, kind, description, region, _clock, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Renews a session taken from the AWS CLI's cache through the role-session provider (its caches and STS).</summary>
        private sealed class RenewThroughProvider : ICredentialRefresher
        {
            private readonly RoleSessionProvider _provider;
            private readonly RoleSessionRequest _request;
            private readonly IMfaCodeSource? _mfa;
            private readonly ISystemClock _clock;

            public RenewThroughProvider(RoleSessionProvider provider, RoleSessionRequest request, IMfaCodeSource? mfa, ISystemClock clock)
            {
                _provider = provider;
                _request = request;
                _mfa = mfa;
                _clock = clock;
            }

            public async Task<RefreshedCredential> RefreshAsync(CancellationToken cancellationToken)
            {
                var session = await _provider.GetAsync(_request, _mfa, cancellationToken).ConfigureAwait(false);
                var keys = await session.Credential.GetKeysAsync(_clock.UtcNow, cancellationToken).ConfigureAwait(false);
                return new RefreshedCredential(keys, session.Credential.Expiration);
            }
        }

        /// <summary>The same error (id, category, action) with the profile and the failing link of its chain named.</summary>
        internal static CrossAcctApiException InHop(CrossAcctApiException error, ProfilePlan plan, string where, string? roleArn)
        {
            if (error.MessageTemplate.StartsWith("Profile '", StringComparison.Ordinal))
            {
                return error;
            }

            return new CrossAcctApiException(error.ErrorId, error.Kind, "Profile '" + plan.ProfileName + "' (" + where + "): " + error.MessageTemplate, error.Target ?? roleArn, error)
            {
                RecommendedAction = error.RecommendedActionTemplate,
            };
        }
    }
}
