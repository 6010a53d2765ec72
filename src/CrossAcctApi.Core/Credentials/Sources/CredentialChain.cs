using System;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Runtime;

namespace CrossAcctApi.Core.Credentials.Sources
{
    /// <summary>What the user said about which identity signs; everything optional.</summary>
    public sealed class CredentialQuery
    {
        /// <summary>Keys given one by one (access key id, secret, token).</summary>
        public AwsCredential? Keys { get; set; }

        /// <summary>A credential object given whole (the module's, AWS CLI JSON, AWS.Tools output, a hashtable...).</summary>
        public AwsCredential? Given { get; set; }

        /// <summary>A profile of the shared config and credentials files, named on the command line.</summary>
        public string? ProfileName { get; set; }

        /// <summary>How the roles of a profile chain are assumed (MFA, caching, endpoint); defaults when null.</summary>
        public ProfileCallOptions? ProfileOptions { get; set; }
    }

    /// <summary>Which link of the chain gave the credential.</summary>
    public enum CredentialOrigin
    {
        Keys,
        Given,
        Profile,
        Environment,
        EnvironmentProfile,
        DefaultChain,
    }

    /// <summary>The credential the chain settled on, and in words where it came from (never a secret).</summary>
    public sealed class ResolvedCredential
    {
        internal ResolvedCredential(AwsCredential credential, CredentialOrigin origin, string description)
        {
            Credential = credential;
            Origin = origin;
            Description = description;
        }

        public AwsCredential Credential { get; }

        public CredentialOrigin Origin { get; }

        /// <summary>The profile chain the credential came from, for a profile or the default chain.</summary>
        public Profiles.ProfilePlan? Plan { get; internal set; }

        /// <summary>For example "profile 'ops' (assume-role profile for arn:...)" or "environment variables (AKIA...)".</summary>
        public string Description { get; }

        public override string ToString() => Description;
    }

    /// <summary>
    /// The one order in which every command finds the identity it signs or assumes roles with:
    /// <list type="number">
    /// <item>keys given one by one;</item>
    /// <item>a credential object given whole;</item>
    /// <item>a named profile;</item>
    /// <item>AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN);</item>
    /// <item>the profile named by AWS_PROFILE;</item>
    /// <item>the default chain (the default profile, web identity, container and instance metadata).</item>
    /// </list>
    /// Keys in the environment come before AWS_PROFILE as in botocore and the AWS CLI (an explicitly named profile
    /// comes before the environment). What the user gave but cannot be read never reaches this chain: the front end
    /// reports it, so a broken credential never silently becomes the environment's identity.
    /// </summary>
    public sealed class CredentialChain
    {
        public const string ProfileVariable = "AWS_PROFILE";

        private readonly Func<string, string?> _environment;
        private readonly ProfileCredentials _profiles;
        private readonly ISystemClock _clock;

        /// <param name="environment">Reads an environment variable.</param>
        /// <param name="profiles">Profiles and the default chain, read with botocore's rules.</param>
        public CredentialChain(Func<string, string?> environment, ProfileCredentials profiles, ISystemClock clock)
        {
            _environment = environment ?? throw new ArgumentNullException(nameof(environment));
            _profiles = profiles ?? throw new ArgumentNullException(nameof(profiles));
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        }

        public async Task<ResolvedCredential> ResolveAsync(CredentialQuery query, CancellationToken cancellationToken)
        {
            if (query is null)
            {
                throw new ArgumentNullException(nameof(query));
            }

            if (query.Keys != null)
            {
                return new ResolvedCredential(query.Keys, CredentialOrigin.Keys, "the keys given (" + query.Keys.AccessKeyId + ")");
            }

            if (query.Given != null)
            {
                return new ResolvedCredential(query.Given, CredentialOrigin.Given, DescribeGiven(query.Given));
            }

            if (!string.IsNullOrWhiteSpace(query.ProfileName))
            {
                return await FromProfileAsync(query.ProfileName!.Trim(), true, CredentialOrigin.Profile, string.Empty, query.ProfileOptions, cancellationToken).ConfigureAwait(false);
            }

            var environment = CredentialShape.FromEnvironment(_environment, _clock);
            if (environment != null)
            {
                return new ResolvedCredential(environment, CredentialOrigin.Environment, "environment variables (" + environment.AccessKeyId + ")");
            }

            var profile = _environment(ProfileVariable);
            if (!string.IsNullOrWhiteSpace(profile))
            {
                return await FromProfileAsync(profile!.Trim(), false, CredentialOrigin.EnvironmentProfile, " from " + ProfileVariable, query.ProfileOptions, cancellationToken).ConfigureAwait(false);
            }

            return await FromProfileAsync(null, false, CredentialOrigin.DefaultChain, string.Empty, query.ProfileOptions, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>"the chained session arn:aws:sts::..." for a role session given as the source, else "the credential given: AKIA... (hashtable ...)".</summary>
        private static string DescribeGiven(AwsCredential given) =>
            given.Source == CredentialSource.AssumeRole && given.AssumedRoleArn != null
                ? "the chained session " + given.AssumedRoleArn
                : "the credential given: " + given.AccessKeyId + (given.SourceDescription is null ? string.Empty : " (" + given.SourceDescription + ")");

        private async Task<ResolvedCredential> FromProfileAsync(string? profile, bool explicitProfile, CredentialOrigin origin, string suffix, ProfileCallOptions? options, CancellationToken cancellationToken)
        {
            var plan = _profiles.Plan(profile, explicitProfile);
            options ??= new ProfileCallOptions();
            foreach (var caution in plan.Cautions)
            {
                options.Warn?.Invoke(caution);
            }

            var credential = await _profiles.ResolveAsync(plan, options, cancellationToken).ConfigureAwait(false);
            var description = (plan.ProfileName is null ? "default chain " : string.Empty) + plan + suffix;
            return new ResolvedCredential(credential, origin, description) { Plan = plan };
        }
    }
}
