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
        /// (another call refreshed it meanwhile). It asks the credential for its keys as of the start of its refresh
        /// window, which makes it renew through its own single-flight path: concurrent calls that were all refused for
        /// the same token then share one renewal instead of assuming the role once each.
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

            var expiration = credential.Expiration;
            if (!expiration.HasValue)
            {
                // A refreshable credential without an expiry cannot be asked to renew through its window.
                return false;
            }

            var windowStart = new DateTimeOffset(DateTime.SpecifyKind(expiration.Value, DateTimeKind.Utc) - credential.RefreshWindow, TimeSpan.Zero);
            await credential.GetKeysAsync(windowStart, cancellationToken).ConfigureAwait(false);
            return true;
        }
    }
}
