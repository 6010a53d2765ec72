using System;
using System.Collections.Concurrent;
using System.IO;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Arns;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Sts;
using CrossAcctApi.Core.Credentials.Sources;

namespace CrossAcctApi.Sts
{
    /// <summary>
    /// Source credentials through the AWS SDK's own machinery, so that every profile kind works exactly as in the AWS
    /// CLI and SDKs: static keys, profiles that assume roles (role_arn + source_profile / credential_source),
    /// credential_process, SSO (sso_session), and the default chain (environment variables, AWS_PROFILE, web
    /// identity, container and instance metadata). AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE are read by the
    /// SDK when the profile store is created, which happens on every call, so changing them takes effect at once.
    /// The SDK's credential objects are kept (per profile and file state) because the refreshing kinds -
    /// credential_process, SSO, assume-role profiles - cache their own temporary keys inside.
    /// </summary>
    internal sealed class AwsSdkSourceCredentialResolver : ISourceCredentialResolver
    {
        private readonly ConcurrentDictionary<string, AWSCredentials> _kept = new ConcurrentDictionary<string, AWSCredentials>(StringComparer.Ordinal);

        public Task<SourceCredential> ResolveAsync(string? profileName, CancellationToken cancellationToken) =>
            string.IsNullOrEmpty(profileName) ? FromDefaultChainAsync(cancellationToken) : FromProfileAsync(profileName!, cancellationToken);

        private async Task<SourceCredential> FromProfileAsync(string profileName, CancellationToken cancellationToken)
        {
            SharedCredentialsFile files = OpenFiles(profileName);
            ICredentialProfileSource store = files;
            if (!files.TryGetProfile(profileName, out CredentialProfile profile))
            {
                // Windows: AWS.Tools keeps profiles in the .NET SDK's encrypted store too; the chain also reads that.
                var chain = new CredentialProfileStoreChain(files.FilePath);
                if (chain.TryGetProfile(profileName, out profile))
                {
                    store = chain;
                }
            }

            if (profile is null)
            {
                throw Unavailable(
                    "There is no profile '" + profileName + "' in " + files.ConfigFilePath + " or " + files.FilePath + ".",
                    profileName,
                    "Check the name (aws configure list-profiles), or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at the right files.",
                    null);
            }

            string stateKey = "profile\n" + profileName + "\n" + FileState(files.ConfigFilePath) + "\n" + FileState(files.FilePath);
            AWSCredentials credentials = _kept.GetOrAdd(stateKey, _ =>
            {
                if (!AWSCredentialsFactory.TryGetAWSCredentials(profile, store, out AWSCredentials created))
                {
                    throw Unavailable(
                        "Profile '" + profileName + "' exists but the AWS SDK cannot make credentials from it (it has no keys, role_arn, credential_process or SSO settings it understands).",
                        profileName,
                        "Complete the profile (aws configure --profile " + profileName + "), or use another.",
                        null);
                }

                return created;
            });

            bool isProcess = !string.IsNullOrEmpty(profile.Options?.CredentialProcess);
            string kind = Describe(credentials, profile);
            ImmutableCredentials keys = await GetKeysAsync(credentials, "profile '" + profileName + "'", profileName, stateKey, cancellationToken).ConfigureAwait(false);
            return new SourceCredential(
                ToKeys(keys),
                isProcess ? CredentialSource.CredentialProcess : CredentialSource.Profile,
                "profile '" + profileName + "'" + (kind.Length > 0 ? " (" + kind + ")" : string.Empty),
                Expiration(credentials),
                profile.Region?.SystemName);
        }

        /// <summary>
        /// The end of the module's credential chain (Core's CredentialChain has already looked at the environment's
        /// keys and AWS_PROFILE): the default profile, then the SDK's own chain for web identity, container and
        /// instance metadata.
        /// </summary>
        private async Task<SourceCredential> FromDefaultChainAsync(CancellationToken cancellationToken)
        {
            SharedCredentialsFile files = OpenFiles(null);
            if (files.TryGetProfile("default", out _))
            {
                return await FromProfileAsync("default", cancellationToken).ConfigureAwait(false);
            }

            string stateKey = "default-chain\n" + FileState(files.ConfigFilePath) + "\n" + FileState(files.FilePath)
                + "\n" + Environment.GetEnvironmentVariable("AWS_WEB_IDENTITY_TOKEN_FILE")
                + "\n" + Environment.GetEnvironmentVariable("AWS_CONTAINER_CREDENTIALS_FULL_URI")
                + "\n" + Environment.GetEnvironmentVariable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
            AWSCredentials credentials;
            try
            {
                credentials = _kept.GetOrAdd(stateKey, _ => new DefaultAWSCredentialsIdentityResolver().ResolveIdentity(null!));
            }
            catch (AmazonClientException error)
            {
                throw Unavailable(
                    "No source credentials were given and the AWS SDK's default chain found none (environment variables, AWS_PROFILE, the default profile, web identity, container or instance metadata).",
                    null,
                    "Pass {@Credential} or {@ProfileName}, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or AWS_PROFILE.",
                    error);
            }

            ImmutableCredentials resolved = await GetKeysAsync(credentials, "the AWS SDK's default chain", null, stateKey, cancellationToken).ConfigureAwait(false);
            return new SourceCredential(ToKeys(resolved), CredentialSource.DefaultChain, "default chain (" + Describe(credentials, null) + ")", Expiration(credentials), EnvironmentRegion());
        }

        private async Task<ImmutableCredentials> GetKeysAsync(AWSCredentials credentials, string where, string? profileName, string? stateKey, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                ImmutableCredentials keys = await credentials.GetCredentialsAsync().ConfigureAwait(false);
                if (keys is null || string.IsNullOrEmpty(keys.AccessKey) || string.IsNullOrEmpty(keys.SecretKey))
                {
                    throw Unavailable(where + " gave no access key and secret.", profileName, "Check " + where + ".", null);
                }

                return keys;
            }
            catch (Exception error) when (!(error is CrossAcctApiException) && !(error is OperationCanceledException))
            {
                // A broken profile must not stay cached: the next call reads the files again.
                if (stateKey != null)
                {
                    _kept.TryRemove(stateKey, out _);
                }

                // SDK messages about profiles and processes name files and commands, not keys; still one line only.
                throw Unavailable(
                    "Could not get source credentials from " + where + ": " + error.GetType().Name + ": " + StsErrorTranslator.OneLine(error.Message),
                    profileName,
                    "Check " + where + " (for SSO run 'aws sso login'; for credential_process run the command by hand).",
                    error);
            }
        }

        private static SharedCredentialsFile OpenFiles(string? profileName)
        {
            try
            {
                return SharedProfileFiles.Open();
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException || error is InvalidOperationException || error is TargetInvocationException)
            {
                Exception cause = error is TargetInvocationException { InnerException: { } inner } ? inner : error;
                throw Unavailable(
                    "The shared AWS config or credentials file could not be read: " + cause.GetType().Name + ": " + StsErrorTranslator.OneLine(cause.Message),
                    profileName,
                    "Check AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE and the files they name.",
                    cause);
            }
        }

        private static CredentialKeys ToKeys(ImmutableCredentials keys) =>
            new CredentialKeys(keys.AccessKey, keys.SecretKey, keys.UseToken ? keys.Token : null);

        private static DateTime? Expiration(AWSCredentials credentials) =>
            credentials is RefreshingAWSCredentials refreshing && refreshing.Expiration is DateTime expiration && expiration > DateTime.MinValue.AddDays(1)
                ? DateTime.SpecifyKind(expiration.ToUniversalTime(), DateTimeKind.Utc)
                : (DateTime?)null;

        private static string Describe(AWSCredentials credentials, CredentialProfile? profile)
        {
            if (profile?.Options != null)
            {
                CredentialProfileOptions options = profile.Options;
                if (!string.IsNullOrEmpty(options.CredentialProcess))
                {
                    return "credential_process";
                }

                if (!string.IsNullOrEmpty(options.SsoSession) || !string.IsNullOrEmpty(options.SsoStartUrl))
                {
                    return "SSO";
                }

                if (!string.IsNullOrEmpty(options.RoleArn))
                {
                    return "assume-role profile for " + options.RoleArn;
                }
            }

            switch (credentials)
            {
                case EnvironmentVariablesAWSCredentials _:
                    return "environment variables";
                case SessionAWSCredentials _:
                case BasicAWSCredentials _:
                    return "static keys";
                default:
                    string name = credentials.GetType().Name;
                    return name.EndsWith("Credentials", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Credentials".Length) : name;
            }
        }

        private static string? EnvironmentRegion() => AwsRegion.FromEnvironment(Environment.GetEnvironmentVariable, out _);

        private static string FileState(string? path)
        {
            if (string.IsNullOrEmpty(path))
            {
                return "-";
            }

            try
            {
                var info = new FileInfo(path);
                return info.Exists ? path + "@" + info.LastWriteTimeUtc.Ticks + ":" + info.Length : path + "@absent";
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                return path + "@unreadable";
            }
        }

        private static CrossAcctApiException Unavailable(string message, string? profileName, string action, Exception? inner) =>
            new CrossAcctApiException(StsErrorIds.SourceCredentialUnavailable, FailureKind.AuthenticationError, message, profileName, inner)
            {
                RecommendedAction = action,
            };
    }
}
