using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossAcctApi.Core.Credentials.Profiles
{
    /// <summary>
    /// Works out what a profile stands for with botocore's rules (credentials.py), before any call:
    /// <list type="number">
    /// <item>role_arn without web_identity_token_file: an AssumeRole on top of source_profile (followed hop by hop:
    /// a source profile with keys is used for its keys even if it has a role_arn; a profile may name itself only when
    /// it has keys) or credential_source (Environment, EcsContainer, Ec2InstanceMetadata);</item>
    /// <item>web identity: web_identity_token_file + role_arn in the profile, or AWS_WEB_IDENTITY_TOKEN_FILE +
    /// AWS_ROLE_ARN (these variables win over the profile unless the profile was named explicitly);</item>
    /// <item>SSO (sso_account_id / sso_role_name with sso_session or sso_start_url + sso_region);</item>
    /// <item>keys in the credentials file, then credential_process, then keys in the config file;</item>
    /// <item>then container credentials and instance metadata.</item>
    /// </list>
    /// Every refusal is botocore's (ProfileNotFound, InvalidConfigError, InfiniteLoopConfigError, PartialCredentialsError)
    /// with a stable ErrorId from <see cref="ProfileErrors"/>.
    /// </summary>
    public sealed class ProfileResolver
    {
        public const string WebIdentityTokenFileVariable = "AWS_WEB_IDENTITY_TOKEN_FILE";
        public const string RoleArnVariable = "AWS_ROLE_ARN";
        public const string RoleSessionNameVariable = "AWS_ROLE_SESSION_NAME";

        private static readonly string[] CredentialSources = { "Environment", "EcsContainer", "Ec2InstanceMetadata" };
        private readonly SharedConfig _files;
        private readonly Func<string, string?> _environment;

        public ProfileResolver(SharedConfig files, Func<string, string?> environment)
        {
            _files = files ?? throw new ArgumentNullException(nameof(files));
            _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        }

        /// <summary>The plan for <paramref name="profileName"/> (null: the default profile if there is one, else the environment's sources).</summary>
        /// <param name="explicitProfile">True for a profile named on the command line (botocore's --profile): AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are then not read.</param>
        public ProfilePlan Resolve(string? profileName, bool explicitProfile)
        {
            var name = profileName ?? "default";
            if (!_files.Profiles.TryGetValue(name, out var profile))
            {
                if (profileName != null)
                {
                    throw ProfileErrors.NotFound(name, _files, Hint(name));
                }

                profile = new Dictionary<string, string>();
            }

            var visited = new List<string> { name };
            var hops = new List<ProfileHop>();
            var source = ResolveTop(name, profile, explicitProfile, hops, visited, profileName != null);
            hops.Reverse();
            var plan = new ProfilePlan(profileName ?? (_files.Profiles.ContainsKey(name) ? name : null), source, hops, profile);
            plan.Region = Value(profile, "region");
            plan.StsRegionalEndpoints = Value(profile, "sts_regional_endpoints");
            plan.ConfiguredStsEndpoint = () => ConfiguredEndpoint(profile);
            return plan;
        }

        /// <summary>The STS endpoint of the profile's [services] section, else its endpoint_url (botocore's steps 3 and 4; the environment's steps are StsEndpoint's).</summary>
        private string? ConfiguredEndpoint(IReadOnlyDictionary<string, string> profile)
        {
            var services = Value(profile, "services");
            if (services != null)
            {
                if (!_files.Services.TryGetValue(services, out var section))
                {
                    throw ProfileErrors.Invalid(services, "The profile is configured to use the services section but the \"" + services + "\" services configuration does not exist.", "Add a [services " + services + "] section to " + _files.ConfigPath + ", or remove 'services = " + services + "'.");
                }

                if (section.TryGetValue("sts", out var sts))
                {
                    var nested = Nested(services, sts);
                    if (nested != null && nested.TryGetValue("endpoint_url", out var url) && url.Length > 0)
                    {
                        return url;
                    }
                }
            }

            return Value(profile, "endpoint_url");
        }

        private ProfileSource ResolveTop(string name, IReadOnlyDictionary<string, string> profile, bool explicitProfile, List<ProfileHop> hops, List<string> visited, bool named)
        {
            if (HasAssumeRole(profile))
            {
                return AssumeRole(name, profile, hops, visited);
            }

            // A deliberate difference: botocore goes on to container and instance metadata for a named profile that
            // gives nothing; the module does not sign as an identity the user did not name.
            return FromProviders(name, profile, useEnvironment: !explicitProfile)
                ?? (named ? null : Metadata())
                ?? throw NoCredentials(name, named);
        }

        private ProfileSource AssumeRole(string name, IReadOnlyDictionary<string, string> profile, List<ProfileHop> hops, List<string> visited)
        {
            var hop = new ProfileHop(name, profile["role_arn"])
            {
                RoleSessionName = Value(profile, "role_session_name"),
                ExternalId = Value(profile, "external_id"),
                MfaSerial = Value(profile, "mfa_serial"),
                DurationSeconds = int.TryParse(Value(profile, "duration_seconds"), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : (int?)null,
            };
            hops.Add(hop);
            var sourceProfile = Value(profile, "source_profile");
            var credentialSource = Value(profile, "credential_source");
            if (sourceProfile != null && credentialSource != null)
            {
                throw ProfileErrors.Invalid(name, "The profile \"" + name + "\" contains both source_profile and credential_source.", "Keep one of them.");
            }

            if (credentialSource != null)
            {
                return FromCredentialSource(name, credentialSource);
            }

            if (sourceProfile is null)
            {
                throw ProfileErrors.Invalid(name, "The profile \"" + name + "\" has a role_arn but neither source_profile nor credential_source (botocore: Partial credentials found in assume-role, missing: source_profile or credential_source).", "Add source_profile = <a profile with credentials> or credential_source = Environment | EcsContainer | Ec2InstanceMetadata.");
            }

            if (!_files.Profiles.TryGetValue(sourceProfile, out var source))
            {
                throw ProfileErrors.Invalid(name, "The source_profile \"" + sourceProfile + "\" referenced in the profile \"" + name + "\" does not exist.", "Create the profile '" + sourceProfile + "' or correct source_profile." + (Hint(sourceProfile) is string hint ? " (" + hint + ")" : string.Empty));
            }

            if (visited.Contains(sourceProfile) && (sourceProfile != name || !HasStaticKeys(source)))
            {
                throw ProfileErrors.Loop(sourceProfile, visited);
            }

            visited.Add(sourceProfile);
            if (HasStaticKeys(source) || !HasAssumeRole(source))
            {
                return FromProviders(sourceProfile, source, useEnvironment: false)
                    ?? throw ProfileErrors.Invalid(sourceProfile, "The source profile \"" + sourceProfile + "\" must have credentials.", "Give '" + sourceProfile + "' aws_access_key_id and aws_secret_access_key, credential_process, SSO settings or a role of its own.");
            }

            return AssumeRole(sourceProfile, source, hops, visited);
        }

        private ProfileSource FromCredentialSource(string name, string credentialSource)
        {
            if (!CredentialSources.Contains(credentialSource, StringComparer.Ordinal))
            {
                throw ProfileErrors.Invalid(name, "The credential source \"" + credentialSource + "\" referenced in profile \"" + name + "\" is not valid.", "Use Environment, EcsContainer or Ec2InstanceMetadata (spelled exactly so).");
            }

            // botocore asks the named provider at once and refuses when it has nothing (CredentialRetrievalError).
            switch (credentialSource)
            {
                case "Environment":
                    return NonEmpty(_environment("AWS_ACCESS_KEY_ID")) != null && NonEmpty(_environment("AWS_SECRET_ACCESS_KEY")) != null
                        ? new ProfileSource(ProfileSourceKind.Environment, name)
                        : throw NothingIn(name, credentialSource, "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
                case "EcsContainer":
                    return Metadata() is { Kind: ProfileSourceKind.Container }
                        ? new ProfileSource(ProfileSourceKind.Container, name)
                        : throw NothingIn(name, credentialSource, "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set");
                default:
                    return !MetadataDisabled()
                        ? new ProfileSource(ProfileSourceKind.InstanceMetadata, name)
                        : throw NothingIn(name, credentialSource, "AWS_EC2_METADATA_DISABLED is true");
            }
        }

        private static CrossAcctApiException NothingIn(string name, string credentialSource, string why) =>
            new CrossAcctApiException(Sts.StsErrorIds.SourceCredentialUnavailable, FailureKind.ObjectNotFound, "No credentials found in credential_source " + credentialSource + " referenced in profile '" + name + "': " + why + ".", name)
            {
                RecommendedAction = "Run where " + credentialSource + " gives credentials, or use another source_profile.",
            };

        private bool MetadataDisabled() => string.Equals(_environment("AWS_EC2_METADATA_DISABLED")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>botocore's profile providers, in their order: web identity, SSO, credentials-file keys, credential_process, config-file keys.</summary>
        private ProfileSource? FromProviders(string name, IReadOnlyDictionary<string, string> profile, bool useEnvironment)
        {
            var tokenFile = (useEnvironment ? NonEmpty(_environment(WebIdentityTokenFileVariable)) : null) ?? Value(profile, "web_identity_token_file");
            if (tokenFile != null)
            {
                var roleArn = (useEnvironment ? NonEmpty(_environment(RoleArnVariable)) : null) ?? Value(profile, "role_arn")
                    ?? throw ProfileErrors.Invalid(name, "The provided profile or the current environment is configured to assume role with web identity but has no role ARN configured.", "Set role_arn in the profile, or AWS_ROLE_ARN with AWS_WEB_IDENTITY_TOKEN_FILE.");
                return new ProfileSource(ProfileSourceKind.WebIdentity, _files.Profiles.ContainsKey(name) ? name : null)
                {
                    TokenFile = tokenFile,
                    RoleArn = roleArn,
                    RoleSessionName = (useEnvironment ? NonEmpty(_environment(RoleSessionNameVariable)) : null) ?? Value(profile, "role_session_name"),
                };
            }

            var sso = Sso(name, profile);
            if (sso != null)
            {
                return sso;
            }

            if (profile.ContainsKey("aws_access_key_id") && FromCredentialsFile(name, "aws_access_key_id"))
            {
                return StaticKeys(name, profile);
            }

            var process = Value(profile, "credential_process");
            if (process != null)
            {
                return new ProfileSource(ProfileSourceKind.CredentialProcess, name) { Command = process };
            }

            return profile.ContainsKey("aws_access_key_id") ? StaticKeys(name, profile) : null;
        }

        private bool FromCredentialsFile(string name, string key) => _files.CredentialsProfiles.TryGetValue(name, out var fromFile) && fromFile.ContainsKey(key);

        private ProfileSource? Sso(string name, IReadOnlyDictionary<string, string> profile)
        {
            if (!profile.ContainsKey("sso_role_name") && !profile.ContainsKey("sso_account_id"))
            {
                return null;
            }

            var settings = profile.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var required = new List<string> { "sso_role_name", "sso_account_id", "sso_start_url", "sso_region" };
            var session = Value(profile, "sso_session");
            if (profile.TryGetValue("sso_session", out var sessionName))
            {
                if (!_files.SsoSessions.TryGetValue(sessionName, out var sessionSettings))
                {
                    throw ProfileErrors.Invalid(name, "The specified sso-session does not exist: \"" + sessionName + "\"", "Add [sso-session " + sessionName + "] to " + _files.ConfigPath + " (aws configure sso-session).");
                }

                foreach (var pair in sessionSettings)
                {
                    if (settings.TryGetValue(pair.Key, out var own) && own != pair.Value)
                    {
                        throw ProfileErrors.Invalid(name, "The value for " + pair.Key + " is inconsistent between the sso-session and profile configuration. Provided values sso-session value: " + pair.Value + ", profile value: " + own, "Remove " + pair.Key + " from the profile; the sso-session gives it.");
                    }

                    settings[pair.Key] = pair.Value;
                }

                required.Add("sso_session");
            }

            var missing = required.Where(k => !settings.ContainsKey(k)).ToList();
            if (missing.Count > 0)
            {
                throw ProfileErrors.Invalid(name, "The profile \"" + name + "\" is configured to use SSO but is missing required configuration: " + string.Join(", ", missing), "Run 'aws configure sso --profile " + name + "' or add the missing settings.");
            }

            return new ProfileSource(ProfileSourceKind.Sso, name)
            {
                SsoSession = session,
                SsoStartUrl = settings["sso_start_url"],
                SsoRegion = settings["sso_region"],
                SsoAccountId = settings["sso_account_id"],
                SsoRoleName = settings["sso_role_name"],
            };
        }

        private static ProfileSource StaticKeys(string name, IReadOnlyDictionary<string, string> profile)
        {
            if (!profile.TryGetValue("aws_secret_access_key", out var secret))
            {
                throw ProfileErrors.Invalid(name, "Partial credentials found in profile '" + name + "', missing: aws_secret_access_key.", "Add aws_secret_access_key to the profile.");
            }

            var access = profile["aws_access_key_id"];
            if (access.Length == 0 || secret.Length == 0)
            {
                throw ProfileErrors.Invalid(name, "The profile '" + name + "' has an empty aws_access_key_id or aws_secret_access_key.", "Fill in both keys (aws configure --profile " + name + ").");
            }

            return new ProfileSource(ProfileSourceKind.StaticKeys, name) { Keys = new CredentialKeys(access, secret, Value(profile, "aws_session_token")) };
        }

        /// <summary>Container credentials when their variables are set, else instance metadata unless AWS_EC2_METADATA_DISABLED; null when both are off.</summary>
        private ProfileSource? Metadata()
        {
            if (NonEmpty(_environment("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) != null || NonEmpty(_environment("AWS_CONTAINER_CREDENTIALS_FULL_URI")) != null)
            {
                return new ProfileSource(ProfileSourceKind.Container, null);
            }

            return MetadataDisabled() ? null : new ProfileSource(ProfileSourceKind.InstanceMetadata, null);
        }

        // Nothing named and nothing found keeps the module's long-standing SourceCredentialUnavailable.
        private CrossAcctApiException NoCredentials(string name, bool named) =>
            new CrossAcctApiException(
                named ? ProfileErrors.ProfileHasNoCredentials : Sts.StsErrorIds.SourceCredentialUnavailable,
                named ? FailureKind.ObjectNotFound : FailureKind.AuthenticationError,
                named
                    ? "The profile '" + name + "' gives no credentials: it has no keys, role_arn, web_identity_token_file, SSO settings or credential_process, and instance metadata is off (AWS_EC2_METADATA_DISABLED)."
                    : "No credentials were found: no keys in the environment, no default profile, no web identity or container variables, and instance metadata is off (AWS_EC2_METADATA_DISABLED).",
                name)
            {
                RecommendedAction = named ? "Complete the profile (aws configure --profile " + name + "), or name another." : "Pass {@Credential} or {@ProfileName}, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE.",
            };

        /// <summary>Why a profile the user may think exists is not one to botocore, or null.</summary>
        private string? Hint(string name)
        {
            foreach (var ignored in _files.IgnoredConfigSections)
            {
                if (ignored.IndexOf(name, StringComparison.Ordinal) >= 0)
                {
                    return "the config file has [" + ignored + "], which the AWS CLI does not read as a profile: write [profile \"" + name + "\"]";
                }
            }

            return null;
        }

        private static IReadOnlyDictionary<string, string>? Nested(string section, string value)
        {
            try
            {
                return SharedConfig.Nested(value);
            }
            catch (FormatException error)
            {
                throw ProfileErrors.Invalid(section, "The [services " + section + "] section cannot be read: " + error.Message + ".", "Write the STS settings as 'sts =' then indented 'endpoint_url = https://...' lines.");
            }
        }

        private static bool HasAssumeRole(IReadOnlyDictionary<string, string> profile) => profile.ContainsKey("role_arn") && !profile.ContainsKey("web_identity_token_file");

        private static bool HasStaticKeys(IReadOnlyDictionary<string, string> profile) => profile.ContainsKey("aws_access_key_id") || profile.ContainsKey("aws_secret_access_key");

        private static string? Value(IReadOnlyDictionary<string, string> profile, string key) => profile.TryGetValue(key, out var value) ? value : null;

        private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }
}
