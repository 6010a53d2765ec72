using System;
using System.Collections.Generic;

namespace CrossAcctApi.Core.Credentials.Profiles
{
    /// <summary>Where the first credentials of a profile chain come from.</summary>
    public enum ProfileSourceKind
    {
        /// <summary>aws_access_key_id / aws_secret_access_key (/ aws_session_token) in a profile.</summary>
        StaticKeys,

        /// <summary>AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (credential_source = Environment).</summary>
        Environment,

        /// <summary>credential_process.</summary>
        CredentialProcess,

        /// <summary>IAM Identity Center: sso_account_id + sso_role_name with sso_session or sso_start_url.</summary>
        Sso,

        /// <summary>AssumeRoleWithWebIdentity with a token file (web_identity_token_file or AWS_WEB_IDENTITY_TOKEN_FILE).</summary>
        WebIdentity,

        /// <summary>ECS/EKS container credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI / _RELATIVE_URI).</summary>
        Container,

        /// <summary>EC2 instance metadata (IMDSv2).</summary>
        InstanceMetadata,
    }

    /// <summary>The first link of a profile chain (no secret in ToString).</summary>
    public sealed class ProfileSource
    {
        public ProfileSource(ProfileSourceKind kind, string? profileName)
        {
            Kind = kind;
            ProfileName = profileName;
        }

        public ProfileSourceKind Kind { get; }

        /// <summary>The profile that holds the source's settings; null for the environment and metadata sources.</summary>
        public string? ProfileName { get; }

        public CredentialKeys? Keys { get; set; }

        public string? Command { get; set; }

        public string? SsoSession { get; set; }

        public string? SsoStartUrl { get; set; }

        public string? SsoRegion { get; set; }

        public string? SsoAccountId { get; set; }

        public string? SsoRoleName { get; set; }

        public string? TokenFile { get; set; }

        /// <summary>The role of a web identity source.</summary>
        public string? RoleArn { get; set; }

        public string? RoleSessionName { get; set; }

        public override string ToString()
        {
            var where = ProfileName is null ? string.Empty : "profile '" + ProfileName + "' ";
            switch (Kind)
            {
                case ProfileSourceKind.StaticKeys: return where + "(static keys " + Keys?.AccessKeyId + ")";
                case ProfileSourceKind.Environment: return where + "(credential_source Environment)";
                case ProfileSourceKind.CredentialProcess: return where + "(credential_process)";
                case ProfileSourceKind.Sso: return where + "(SSO " + SsoAccountId + "/" + SsoRoleName + ")";
                case ProfileSourceKind.WebIdentity: return where + "(web identity for " + RoleArn + ")";
                case ProfileSourceKind.Container: return where + "(container credentials)";
                default: return where + "(EC2 instance metadata)";
            }
        }
    }

    /// <summary>One AssumeRole of a profile chain, as the profile that asks for it says it.</summary>
    public sealed class ProfileHop
    {
        public ProfileHop(string profileName, string roleArn)
        {
            ProfileName = profileName;
            RoleArn = roleArn;
        }

        public string ProfileName { get; }

        public string RoleArn { get; }

        public string? RoleSessionName { get; set; }

        public string? ExternalId { get; set; }

        public string? MfaSerial { get; set; }

        public int? DurationSeconds { get; set; }

        public override string ToString() => RoleArn + " (profile '" + ProfileName + "')";
    }

    /// <summary>
    /// What a profile stands for, worked out from the files and the environment before any call: the source, the
    /// roles assumed on top of it (innermost first), the region and the profile's STS endpoint settings.
    /// </summary>
    public sealed class ProfilePlan
    {
        public ProfilePlan(string? profileName, ProfileSource source, IReadOnlyList<ProfileHop> hops, IReadOnlyDictionary<string, string> settings)
        {
            ProfileName = profileName;
            Source = source ?? throw new ArgumentNullException(nameof(source));
            Hops = hops ?? throw new ArgumentNullException(nameof(hops));
            Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        }

        /// <summary>The profile asked for; null for the default chain without a default profile.</summary>
        public string? ProfileName { get; }

        public ProfileSource Source { get; }

        public IReadOnlyList<ProfileHop> Hops { get; }

        /// <summary>The asked-for profile's own settings (region, endpoint_url, sts_regional_endpoints...), for endpoint and region rules.</summary>
        public IReadOnlyDictionary<string, string> Settings { get; }

        /// <summary>The region the profile configures (AWS_DEFAULT_REGION/AWS_REGION win over it, see <see cref="ProfileResolver"/>).</summary>
        public string? Region { get; set; }

        /// <summary>Reads the STS endpoint the profile's services section or endpoint_url gives (null: none); throws for a services name without its section.</summary>
        public Func<string?> ConfiguredStsEndpoint { get; set; } = () => null;

        /// <summary>The profile's sts_regional_endpoints (legacy or regional), or null.</summary>
        public string? StsRegionalEndpoints { get; set; }

        /// <summary>Where the plan differs from the AWS CLI on purpose, said once as a warning.</summary>
        public List<string> Cautions { get; } = new List<string>();

        public override string ToString()
        {
            var text = Source.ToString();
            foreach (var hop in Hops)
            {
                text += " -> " + hop.RoleArn;
            }

            return text;
        }
    }
}
