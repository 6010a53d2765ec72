using System;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi.Core.Sts
{
    /// <summary>
    /// Role sessions for many roles assumed with one source identity (an access-check run): each through the
    /// <see cref="RoleSessionProvider"/>, so the run shares the process's caches and its sessions renew themselves.
    /// Counts, for this run alone, the sessions STS issued and those found cached. Thread-safe.
    /// </summary>
    public sealed class SourcedRoleSessions : IRoleCredentialProvider
    {
        private readonly RoleSessionProvider _provider;
        private readonly AwsCredential _source;
        private readonly Func<string, StsEndpoint> _endpointForRegion;
        private readonly RoleSessionCaching _caching;
        private readonly IMfaCodeSource? _mfa;
        private int _stsCalls;
        private int _cacheHits;

        /// <param name="endpointForRegion">The STS endpoint for a region (given, configured, or regional).</param>
        public SourcedRoleSessions(RoleSessionProvider provider, AwsCredential source, Func<string, StsEndpoint> endpointForRegion, RoleSessionCaching caching = RoleSessionCaching.Memory, IMfaCodeSource? mfa = null)
        {
            _provider = provider ?? throw new ArgumentNullException(nameof(provider));
            _source = source ?? throw new ArgumentNullException(nameof(source));
            _endpointForRegion = endpointForRegion ?? throw new ArgumentNullException(nameof(endpointForRegion));
            _caching = caching;
            _mfa = mfa;
        }

        /// <summary>Sessions STS issued for this run (renewals not counted).</summary>
        public int StsCalls => Volatile.Read(ref _stsCalls);

        /// <summary>Sessions found fresh in a cache.</summary>
        public int CacheHits => Volatile.Read(ref _cacheHits);

        public async Task<AwsCredential> GetCredentialAsync(AssumeRoleRequest request, string stsRegion, CancellationToken cancellationToken)
        {
            var session = await _provider.GetAsync(new RoleSessionRequest(request, _source, _endpointForRegion(stsRegion), _caching), _mfa, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref session.IsNew ? ref _stsCalls : ref _cacheHits);
            return session.Credential;
        }
    }
}
