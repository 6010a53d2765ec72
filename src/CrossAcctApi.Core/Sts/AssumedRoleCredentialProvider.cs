using System;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Runtime;

namespace CrossAcctApi.Core.Sts
{
    /// <summary>
    /// Role credentials the way Get-AssumedRoleCredential makes them: through <see cref="AssumedRoleSessions"/> (the
    /// process's session cache, then STS, one call per cache key at a time) and with an <see cref="AssumedRoleRefresher"/>,
    /// so a session that expires during a long run renews itself by the same rules. Thread-safe.
    /// </summary>
    public sealed class AssumedRoleCredentialProvider : IRoleCredentialProvider
    {
        private readonly AssumedRoleSessions _sessions;
        private readonly Func<CancellationToken, Task<CredentialKeys>> _sourceKeys;
        private readonly string _sourceDescription;
        private readonly Func<string, StsEndpoint> _endpointForRegion;
        private readonly ISystemClock _clock;
        private int _stsCalls;
        private int _cacheHits;

        /// <param name="sessions">The sessions (cache and STS) to assume through.</param>
        /// <param name="sourceKeys">The keys of the caller that assumes the roles, as of now (refreshing as needed).</param>
        /// <param name="sourceDescription">Where those keys come from, in words, for the credential's description.</param>
        /// <param name="endpointForRegion">The STS endpoint for a region (-StsEndpoint, AWS_ENDPOINT_URL_STS, or regional).</param>
        public AssumedRoleCredentialProvider(
            AssumedRoleSessions sessions,
            Func<CancellationToken, Task<CredentialKeys>> sourceKeys,
            string sourceDescription,
            Func<string, StsEndpoint> endpointForRegion,
            ISystemClock? clock = null)
        {
            _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
            _sourceKeys = sourceKeys ?? throw new ArgumentNullException(nameof(sourceKeys));
            _sourceDescription = sourceDescription ?? throw new ArgumentNullException(nameof(sourceDescription));
            _endpointForRegion = endpointForRegion ?? throw new ArgumentNullException(nameof(endpointForRegion));
            _clock = clock ?? SystemClock.Instance;
        }

        /// <summary>Sessions this provider asked STS for (a session renewed later by its refresher is not counted).</summary>
        public int StsCalls => Volatile.Read(ref _stsCalls);

        /// <summary>Sessions found fresh in the cache.</summary>
        public int CacheHits => Volatile.Read(ref _cacheHits);

        public async Task<AwsCredential> GetCredentialAsync(AssumeRoleRequest request, string stsRegion, CancellationToken cancellationToken)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var endpoint = _endpointForRegion(stsRegion);
            var caller = await _sourceKeys(cancellationToken).ConfigureAwait(false);
            var key = AssumedRoleCacheKey.Create(caller, request, endpoint);
            AssumeRoleResult result;
            if (_sessions.TryGetCached(key, null, out var cached, out _))
            {
                Interlocked.Increment(ref _cacheHits);
                result = cached;
            }
            else
            {
                Interlocked.Increment(ref _stsCalls);
                result = await _sessions.AssumeAsync(key, request, caller, endpoint, null, cancellationToken).ConfigureAwait(false);
            }

            var refresher = new AssumedRoleRefresher(_sessions, request, endpoint, _sourceKeys, useCache: true, result.Keys.AccessKeyId);
            return AssumedRoleSessions.CreateCredential(result, request, stsRegion, _sourceDescription, refresher, _clock);
        }
    }
}
