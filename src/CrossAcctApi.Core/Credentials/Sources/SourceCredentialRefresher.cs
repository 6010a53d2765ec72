using System;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Runtime;

namespace CrossAcctApi.Core.Credentials.Sources
{
    /// <summary>
    /// Renews keys that came from a profile or the default chain by resolving them again: the AWS SDK behind the
    /// resolver renews what it must (an assume-role profile, SSO, credential_process) and caches the rest.
    /// </summary>
    public sealed class SourceCredentialRefresher : ICredentialRefresher
    {
        private readonly ISourceCredentialResolver _resolver;
        private readonly string? _profileName;

        public SourceCredentialRefresher(ISourceCredentialResolver resolver, string? profileName)
        {
            _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
            _profileName = profileName;
        }

        public async Task<RefreshedCredential> RefreshAsync(CancellationToken cancellationToken)
        {
            var source = await _resolver.ResolveAsync(_profileName, cancellationToken).ConfigureAwait(false);
            return new RefreshedCredential(source.Keys, source.Expiration);
        }

        /// <summary>The credential for one resolution, refreshable when its keys expire.</summary>
        public static AwsCredential ToCredential(ISourceCredentialResolver resolver, string? profileName, SourceCredential source, ISystemClock? clock = null) =>
            new AwsCredential(
                source.Keys,
                source.Source,
                source.Expiration,
                source.Expiration.HasValue ? new SourceCredentialRefresher(resolver, profileName) : null,
                clock,
                region: source.Region,
                sourceDescription: source.Description);
    }
}
