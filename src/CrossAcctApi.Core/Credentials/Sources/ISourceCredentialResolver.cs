using System;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi.Core.Credentials.Sources
{
    /// <summary>
    /// Finds the keys a role is assumed with when none were passed: a named profile (shared config and credentials
    /// files, with assume-role profiles, credential_process and SSO as the AWS SDK resolves them), else the SDK's
    /// default chain. Repeated calls are cheap: the implementation keeps the SDK's refreshing credential objects.
    /// </summary>
    public interface ISourceCredentialResolver
    {
        /// <param name="profileName">A profile name, or null for the default chain.</param>
        Task<SourceCredential> ResolveAsync(string? profileName, CancellationToken cancellationToken);
    }

    /// <summary>One resolution of source keys: the keys, their expiry, where they came from (in words, no secrets).</summary>
    public sealed class SourceCredential
    {
        public SourceCredential(CredentialKeys keys, CredentialSource source, string description, DateTime? expiration = null, string? region = null)
        {
            Keys = keys ?? throw new ArgumentNullException(nameof(keys));
            Source = source;
            Description = description ?? throw new ArgumentNullException(nameof(description));
            Expiration = expiration;
            Region = string.IsNullOrWhiteSpace(region) ? null : region;
        }

        public CredentialKeys Keys { get; }

        public CredentialSource Source { get; }

        /// <summary>For example "profile 'ops' (credential_process)" or "environment variables".</summary>
        public string Description { get; }

        public DateTime? Expiration { get; }

        /// <summary>The region configured with the source (the profile's region), if any.</summary>
        public string? Region { get; }
    }
}
