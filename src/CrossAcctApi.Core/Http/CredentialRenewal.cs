using System;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi.Core.Http
{
    /// <summary>
    /// Makes a refreshable credential renew itself now, after the server refused its token as expired although the
    /// credential thought it was still good (the session was revoked, or expired early on the server).
    /// </summary>
    internal static class CredentialRenewal
    {
        /// <summary>
        /// Renews <paramref name="credential"/> unless it already holds other keys than <paramref name="rejectedAccessKeyId"/>
        /// (another call refreshed it meanwhile). The check is made again under the credential's refresh lock, so that
        /// concurrent calls that were all refused for the same token share one renewal instead of assuming the role
        /// once each.
        /// </summary>
        public static async Task<bool> ForceAsync(AwsCredential credential, string rejectedAccessKeyId, CancellationToken cancellationToken)
        {
            if (!credential.CanRefresh)
            {
                return false;
            }

            if (!string.Equals(credential.AccessKeyId, rejectedAccessKeyId, StringComparison.Ordinal))
            {
                return true;
            }

            if (!credential.Expiration.HasValue)
            {
                // A refreshable credential without an expiry does not renew (it has no window to renew in).
                return false;
            }

            await credential.RenewRejectedAsync(rejectedAccessKeyId, cancellationToken).ConfigureAwait(false);
            return true;
        }
    }
}
