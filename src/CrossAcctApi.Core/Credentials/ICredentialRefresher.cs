using System;
using System.Threading;
using System.Threading.Tasks;

namespace CrossAcctApi.Core.Credentials
{
    /// <summary>
    /// Renews a temporary credential (for example by calling STS AssumeRole again). <see cref="AwsCredential"/> calls it
    /// when its keys are within the refresh window of their expiry, one call at a time however many threads sign.
    /// Implementations throw <see cref="CrossAcctApiException"/> for failures they understand; anything else is wrapped
    /// as <c>CredentialRefreshFailed</c>. They must not prompt (MFA) while a cached session is still valid.
    /// </summary>
    public interface ICredentialRefresher
    {
        Task<RefreshedCredential> RefreshAsync(CancellationToken cancellationToken);
    }

    /// <summary>What a refresh produced: new keys and when they expire.</summary>
    public sealed class RefreshedCredential
    {
        public RefreshedCredential(CredentialKeys keys, DateTime? expiration)
        {
            Keys = keys ?? throw new ArgumentNullException(nameof(keys));
            Expiration = expiration.HasValue ? CredentialTime.ToUtc(expiration.Value) : (DateTime?)null;
        }

        public CredentialKeys Keys { get; }

        /// <summary>Expiry in UTC, or null for keys that do not expire.</summary>
        public DateTime? Expiration { get; }
    }
}
