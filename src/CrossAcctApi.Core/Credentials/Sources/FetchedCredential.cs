using System;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Runtime;

namespace CrossAcctApi.Core.Credentials.Sources
{
    /// <summary>One answer of a credential source that is asked again when its keys run out (SSO, web identity, metadata, credential_process).</summary>
    public sealed class FetchedCredential
    {
        public FetchedCredential(CredentialKeys keys, DateTime? expiration, CredentialIdentity? identity = null)
        {
            Keys = keys ?? throw new ArgumentNullException(nameof(keys));
            Expiration = expiration;
            Identity = identity;
        }

        public CredentialKeys Keys { get; }

        public DateTime? Expiration { get; }

        /// <summary>The role the keys stand for, when the source says (web identity, SSO): a session of it caps chained roles at one hour.</summary>
        public CredentialIdentity? Identity { get; }

        /// <summary>A credential that fetches itself again before it expires.</summary>
        public static async Task<AwsCredential> CreateAsync(Func<CancellationToken, Task<FetchedCredential>> fetch, CredentialSource source, string description, string? region, ISystemClock clock, CancellationToken cancellationToken)
        {
            var first = await fetch(cancellationToken).ConfigureAwait(false);
            return new AwsCredential(
                first.Keys,
                first.Identity?.AssumedRoleArn != null ? CredentialSource.AssumeRole : source,
                first.Expiration,
                first.Expiration.HasValue ? new Refresher(fetch) : null,
                clock,
                identity: first.Identity,
                region: region,
                sourceDescription: description);
        }

        private sealed class Refresher : ICredentialRefresher
        {
            private readonly Func<CancellationToken, Task<FetchedCredential>> _fetch;

            public Refresher(Func<CancellationToken, Task<FetchedCredential>> fetch) => _fetch = fetch;

            public async Task<RefreshedCredential> RefreshAsync(CancellationToken cancellationToken)
            {
                var next = await _fetch(cancellationToken).ConfigureAwait(false);
                return new RefreshedCredential(next.Keys, next.Expiration);
            }
        }
    }
}
