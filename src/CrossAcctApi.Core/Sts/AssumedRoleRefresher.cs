using System;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi.Core.Sts
{
    /// <summary>
    /// Renews an assumed-role credential: gets the source keys again (a chained credential refreshes itself first,
    /// a profile is re-resolved), takes a fresh session from the caches when another caller already renewed it,
    /// and otherwise calls AssumeRole again with the same parameters. A session that needed MFA is renewed from the
    /// caches only: the one-time code cannot be reused and a background refresh must not prompt, so when no cached
    /// session is left it fails with <c>MfaRefreshRequired</c>, which tells the user what to run.
    /// </summary>
    public sealed class AssumedRoleRefresher : ICredentialRefresher
    {
        private readonly AssumedRoleSessions _sessions;
        private readonly AssumeRoleRequest _request;
        private readonly StsEndpoint _endpoint;
        private readonly Func<CancellationToken, Task<CredentialKeys>> _sourceKeys;
        private readonly bool _useCache;

        // The session this refresher handed out last: a refresh never returns it again (the server may have ended it).
        private string _issuedAccessKeyId;

        public AssumedRoleRefresher(
            AssumedRoleSessions sessions,
            AssumeRoleRequest request,
            StsEndpoint endpoint,
            Func<CancellationToken, Task<CredentialKeys>> sourceKeys,
            bool useCache,
            string issuedAccessKeyId)
        {
            _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
            _request = (request ?? throw new ArgumentNullException(nameof(request))).WithTokenCode(null);
            _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
            _sourceKeys = sourceKeys ?? throw new ArgumentNullException(nameof(sourceKeys));
            _useCache = useCache;
            _issuedAccessKeyId = issuedAccessKeyId ?? throw new ArgumentNullException(nameof(issuedAccessKeyId));
        }

        public async Task<RefreshedCredential> RefreshAsync(CancellationToken cancellationToken)
        {
            CredentialKeys caller = await _sourceKeys(cancellationToken).ConfigureAwait(false);
            var key = AssumedRoleCacheKey.Create(caller, _request, _endpoint);
            AssumeRoleResult result;
            if (_useCache && _sessions.TryGetCached(key, _issuedAccessKeyId, out AssumeRoleResult cached, out _))
            {
                result = cached;
            }
            else if (_request.RequiresMfa)
            {
                throw new CrossAcctApiException(
                    StsErrorIds.MfaRefreshRequired,
                    FailureKind.AuthenticationError,
                    "The MFA session for " + _request.RoleArn.Arn + " (session '" + _request.RoleSessionName + "') is ending, and renewing it needs a new MFA code, which a refresh does not ask for.",
                    _request.RoleArn.Arn)
                {
                    RecommendedAction = "Assume the role again with a new MFA code (give {@SerialNumber} " + _request.SerialNumber + " and {@TokenCode}, or leave {@TokenCode} out in an interactive session to be asked); a longer {@DurationSeconds} makes this rarer.",
                };
            }
            else if (_useCache)
            {
                result = await _sessions.AssumeAsync(key, _request, caller, _endpoint, _issuedAccessKeyId, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                result = await _sessions.AssumeUncachedAsync(_request, caller, _endpoint, cancellationToken).ConfigureAwait(false);
            }

            _issuedAccessKeyId = result.Keys.AccessKeyId;
            return new RefreshedCredential(result.Keys, result.Expiration);
        }
    }
}
