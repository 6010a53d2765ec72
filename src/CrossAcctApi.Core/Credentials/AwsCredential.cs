using System;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Runtime;

namespace CrossAcctApi.Core.Credentials
{
    /// <summary>
    /// The module's credential: an access key with its secret and (for temporary credentials) session token and
    /// expiry, plus who it stands for. The secret and the token are never public: they are held in a
    /// <see cref="CredentialKeys"/> that signing code obtains with <see cref="GetKeys"/>, so default formatting,
    /// ConvertTo-Json, Export-Csv and ToString see only the public, non-secret properties.
    /// A credential with an <see cref="ICredentialRefresher"/> renews itself when it is within
    /// <see cref="RefreshWindow"/> of expiry; one refresh at a time, however many threads ask.
    /// </summary>
    public sealed class AwsCredential
    {
        /// <summary>How close to expiry a refreshable credential renews itself (the AWS SDKs use the same margin).</summary>
        public static readonly TimeSpan DefaultRefreshWindow = TimeSpan.FromMinutes(5);

        private readonly ICredentialRefresher? _refresher;
        private readonly ISystemClock _clock;
        private readonly SemaphoreSlim _refreshLock = new SemaphoreSlim(1, 1);

        // Keys and expiry change together on refresh, so they are swapped as one immutable snapshot.
        private volatile KeySnapshot _current;

        public AwsCredential(
            CredentialKeys keys,
            CredentialSource source,
            DateTime? expiration = null,
            ICredentialRefresher? refresher = null,
            ISystemClock? clock = null,
            TimeSpan? refreshWindow = null,
            CredentialIdentity? identity = null,
            string? region = null,
            string? sourceDescription = null)
        {
            if (keys is null)
            {
                throw new ArgumentNullException(nameof(keys));
            }

            if (refreshWindow.HasValue && refreshWindow.Value < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(refreshWindow), "The refresh window cannot be negative.");
            }

            _current = new KeySnapshot(keys, expiration.HasValue ? CredentialTime.ToUtc(expiration.Value) : (DateTime?)null);
            Source = source;
            _refresher = refresher;
            _clock = clock ?? SystemClock.Instance;
            RefreshWindow = refreshWindow ?? DefaultRefreshWindow;
            Identity = identity ?? CredentialIdentity.Unknown;
            Region = string.IsNullOrWhiteSpace(region) ? null : region!.Trim();
            SourceDescription = string.IsNullOrWhiteSpace(sourceDescription) ? null : sourceDescription;
        }

        /// <summary>The access key id (not a secret; it names the key, as the AWS console shows it).</summary>
        public string AccessKeyId => _current.Keys.AccessKeyId;

        /// <summary>True for temporary credentials, which carry a session token.</summary>
        public bool HasSessionToken => _current.Keys.HasSessionToken;

        /// <summary>When the keys expire, in UTC; null for long-term keys.</summary>
        public DateTime? Expiration => _current.Expiration;

        /// <summary>Time left before expiry (zero once expired); null for long-term keys.</summary>
        public TimeSpan? ExpiresIn
        {
            get
            {
                var expiration = _current.Expiration;
                if (!expiration.HasValue)
                {
                    return null;
                }

                var left = expiration.Value - _clock.UtcNow.UtcDateTime;
                return left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }

        public bool IsExpired => IsExpiredAt(_current, _clock.UtcNow);

        /// <summary>True when the credential can renew itself (it came from STS through this module).</summary>
        public bool CanRefresh => _refresher != null;

        public TimeSpan RefreshWindow { get; }

        /// <summary>The IAM role these credentials were issued for, when known (arn:aws:iam::{account}:role/{path}{name}).</summary>
        public string? RoleArn => Identity.RoleArn;

        /// <summary>The STS assumed-role ARN (arn:aws:sts::{account}:assumed-role/{name}/{session}).</summary>
        public string? AssumedRoleArn => Identity.AssumedRoleArn;

        /// <summary>The STS assumed-role id (AROA...:{session}).</summary>
        public string? AssumedRoleId => Identity.AssumedRoleId;

        public string? SessionName => Identity.SessionName;

        /// <summary>The account the credentials act in (the role's account for an assumed role).</summary>
        public string? AccountId => Identity.AccountId;

        /// <summary>A region that came with the credentials (for example from AWS_REGION); signing prefers the URL's.</summary>
        public string? Region { get; }

        public CredentialSource Source { get; }

        /// <summary>Where exactly, in words (for example "environment variables" or "hashtable (AccessKey/SecretKey/Token)").</summary>
        public string? SourceDescription { get; }

        internal CredentialIdentity Identity { get; }

        /// <summary>
        /// The keys valid at <paramref name="now"/>: refreshed first when within <see cref="RefreshWindow"/> of expiry
        /// and refreshable; <c>ExpiredCredential</c> when expired and not refreshable.
        /// </summary>
        public CredentialKeys GetKeys(DateTimeOffset now)
        {
            var snapshot = _current;
            if (!NeedsRefresh(snapshot, now))
            {
                return snapshot.Keys;
            }

            if (_refresher is null)
            {
                return KeysOrExpired(snapshot, now);
            }

            // PowerShell calls this from the pipeline thread, which has no synchronization context to deadlock on.
            return RefreshAsync(now, CancellationToken.None).GetAwaiter().GetResult();
        }

        /// <inheritdoc cref="GetKeys"/>
        public Task<CredentialKeys> GetKeysAsync(DateTimeOffset now, CancellationToken cancellationToken)
        {
            var snapshot = _current;
            if (!NeedsRefresh(snapshot, now))
            {
                return Task.FromResult(snapshot.Keys);
            }

            if (_refresher is null)
            {
                try
                {
                    return Task.FromResult(KeysOrExpired(snapshot, now));
                }
                catch (CrossAcctApiException ex)
                {
                    return Task.FromException<CredentialKeys>(ex);
                }
            }

            return RefreshAsync(now, cancellationToken);
        }

        /// <summary>Who, which role, until when, from where; never a secret.</summary>
        public override string ToString()
        {
            var text = new StringBuilder(AccessKeyId);
            var who = AssumedRoleArn ?? RoleArn;
            if (who != null)
            {
                text.Append(" as ").Append(who);
            }

            var expiration = Expiration;
            if (expiration.HasValue)
            {
                text.Append(IsExpired ? ", expired " : ", expires ")
                    .Append(expiration.Value.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            }

            text.Append(" (").Append(SourceDescription ?? Source.ToString()).Append(')');
            return text.ToString();
        }

        private static bool IsExpiredAt(KeySnapshot snapshot, DateTimeOffset now) =>
            snapshot.Expiration.HasValue && now.UtcDateTime >= snapshot.Expiration.Value;

        private bool NeedsRefresh(KeySnapshot snapshot, DateTimeOffset now) =>
            snapshot.Expiration.HasValue && now.UtcDateTime >= snapshot.Expiration.Value - RefreshWindow;

        private CredentialKeys KeysOrExpired(KeySnapshot snapshot, DateTimeOffset now)
        {
            // Not refreshable: inside the window the keys are still good, so use them; past expiry they are not.
            if (IsExpiredAt(snapshot, now))
            {
                throw CredentialErrors.Expired(this, snapshot.Expiration!.Value, now);
            }

            return snapshot.Keys;
        }

        private Task<CredentialKeys> RefreshAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
            RenewAsync(snapshot => NeedsRefresh(snapshot, now), now, cancellationToken);

        /// <summary>
        /// Renews the keys now because a server refused <paramref name="rejectedAccessKeyId"/> (its session ended early),
        /// unless the credential no longer holds those keys: callers refused together then share one renewal. Whether
        /// another caller renewed meanwhile is judged by the keys themselves, not by the expiry, which a session
        /// issued within the same second as the one it replaces shares with it.
        /// </summary>
        internal Task<CredentialKeys> RenewRejectedAsync(string rejectedAccessKeyId, CancellationToken cancellationToken) =>
            RenewAsync(snapshot => string.Equals(snapshot.Keys.AccessKeyId, rejectedAccessKeyId, StringComparison.Ordinal), _clock.UtcNow, cancellationToken);

        private async Task<CredentialKeys> RenewAsync(Func<KeySnapshot, bool> stillNeeded, DateTimeOffset now, CancellationToken cancellationToken)
        {
            await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Whoever held the lock before us may have refreshed already: then there is nothing left to do.
                var snapshot = _current;
                if (!stillNeeded(snapshot))
                {
                    return snapshot.Keys;
                }

                RefreshedCredential? refreshed;
                try
                {
                    refreshed = await _refresher!.RefreshAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is CrossAcctApiException) && !(ex is OperationCanceledException))
                {
                    throw CredentialErrors.RefreshFailed(snapshot.Keys.AccessKeyId, ex);
                }

                if (refreshed is null)
                {
                    throw CredentialErrors.RefreshFailed(snapshot.Keys.AccessKeyId, new InvalidOperationException("The refresher returned no credential."));
                }

                var next = new KeySnapshot(refreshed.Keys, refreshed.Expiration);
                if (IsExpiredAt(next, now))
                {
                    throw CredentialErrors.Expired(this, next.Expiration!.Value, now);
                }

                // A refreshed credential that is itself inside the window is still used for this call; the next caller
                // will refresh again, which is right for very short sessions.
                _current = next;
                return next.Keys;
            }
            finally
            {
                _refreshLock.Release();
            }
        }

        private sealed class KeySnapshot
        {
            public KeySnapshot(CredentialKeys keys, DateTime? expiration)
            {
                Keys = keys;
                Expiration = expiration;
            }

            public CredentialKeys Keys { get; }

            public DateTime? Expiration { get; }
        }
    }
}
