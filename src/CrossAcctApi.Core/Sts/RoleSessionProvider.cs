using System;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Runtime;

namespace CrossAcctApi.Core.Sts
{
    /// <summary>
    /// The one way a role session is obtained: the process's session cache, then (when asked) the on-disk cache,
    /// then STS (one call per cache key at a time, however many callers ask together), with the MFA code asked
    /// for only when STS must be called. Every session it hands out renews itself through the same caches before
    /// it expires. Thread-safe; the module keeps one per process, so every cmdlet shares sessions and the default
    /// session name.
    /// </summary>
    public sealed class RoleSessionProvider
    {
        private readonly Lazy<AssumedRoleSessions> _memory;
        private readonly Func<AssumedRoleDiskCache> _disk;
        private readonly ISystemClock _clock;
        private readonly Lazy<string> _defaultSessionName;
        private AssumedRoleSessions? _withDisk;
        private int _stsCalls;

        /// <param name="assumer">STS, asked for on the first call that needs it (the module loads the AWS SDK then).</param>
        /// <param name="memory">The in-process cache.</param>
        /// <param name="disk">Opens the on-disk cache (its folder may come from the environment), on first need.</param>
        /// <param name="userName">The user, for the default session name.</param>
        public RoleSessionProvider(Func<IRoleAssumer> assumer, AssumedRoleCache memory, Func<AssumedRoleDiskCache> disk, ISystemClock clock, string? userName)
        {
            if (assumer is null)
            {
                throw new ArgumentNullException(nameof(assumer));
            }

            if (memory is null)
            {
                throw new ArgumentNullException(nameof(memory));
            }

            _memory = new Lazy<AssumedRoleSessions>(() => new AssumedRoleSessions(assumer(), memory), LazyThreadSafetyMode.ExecutionAndPublication);
            _disk = disk ?? throw new ArgumentNullException(nameof(disk));
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));

            // One name per provider, fixed at first use: a name that changed with every call would make every call a
            // new session in CloudTrail. It is not part of the cache key (see AssumedRoleCacheKey).
            _defaultSessionName = new Lazy<string>(() => AssumeRoleRequest.DefaultSessionName(userName, _clock.UtcNow), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>The session name used when the user chose none: the user name and the time of first use.</summary>
        public string DefaultSessionName => _defaultSessionName.Value;

        /// <summary>AssumeRole calls this provider made for first sessions (renewals not counted).</summary>
        public int StsCalls => Volatile.Read(ref _stsCalls);

        private AssumedRoleSessions Memory => _memory.Value;

        /// <summary>
        /// The session for <paramref name="request"/>. Throws <see cref="CrossAcctApiException"/> with an STS ErrorId
        /// (AssumeRoleAccessDenied, SourceCredentialRejected, MfaTokenCodeRequired...) when there is none to be had.
        /// </summary>
        /// <param name="mfa">Asked for a code when the role needs MFA, none was given and no cached session serves; null: the code is required up front.</param>
        public async Task<RoleSession> GetAsync(RoleSessionRequest request, IMfaCodeSource? mfa, CancellationToken cancellationToken)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var sessions = SessionsFor(request.Caching);
            var caller = await request.Source.GetKeysAsync(_clock.UtcNow, cancellationToken).ConfigureAwait(false);
            var key = AssumedRoleCacheKey.Create(caller, request.Assume, request.Endpoint);
            AssumeRoleResult result;
            string foundIn;
            if (sessions != null && sessions.TryGetCached(key, null, out var cached, out foundIn))
            {
                result = cached;
            }
            else
            {
                var assume = await WithMfaCodeAsync(request.Assume, mfa, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _stsCalls);
                result = sessions is null
                    ? await Memory.AssumeUncachedAsync(assume, caller, request.Endpoint, cancellationToken).ConfigureAwait(false)
                    : await sessions.AssumeAsync(key, assume, caller, request.Endpoint, null, cancellationToken).ConfigureAwait(false);
                foundIn = RoleSession.NewFromSts;
            }

            var source = request.Source;
            var refresher = new AssumedRoleRefresher(
                sessions ?? Memory,
                request.Assume,
                request.Endpoint,
                token => source.GetKeysAsync(_clock.UtcNow, token),
                useCache: sessions != null,
                result.Keys.AccessKeyId);
            var credential = AssumedRoleSessions.CreateCredential(result, request.Assume, request.Endpoint.SigningRegion, request.SourceDescription, refresher, _clock);
            return new RoleSession(credential, foundIn, foundIn == RoleSession.NewFromSts ? result.Retries : 0);
        }

        private AssumedRoleSessions? SessionsFor(RoleSessionCaching caching)
        {
            switch (caching)
            {
                case RoleSessionCaching.None:
                    return null;
                case RoleSessionCaching.MemoryAndDisk:
                    var existing = Volatile.Read(ref _withDisk);
                    if (existing != null && existing.Disk!.Directory == _disk().Directory)
                    {
                        return existing;
                    }

                    // The folder may change between calls (CROSSACCTAPI_CACHE_DIR): the sessions follow it.
                    var withDisk = new AssumedRoleSessions(Memory.Assumer, Memory.Memory, _disk());
                    Volatile.Write(ref _withDisk, withDisk);
                    return withDisk;
                default:
                    return Memory;
            }
        }

        private static async Task<AssumeRoleRequest> WithMfaCodeAsync(AssumeRoleRequest assume, IMfaCodeSource? mfa, CancellationToken cancellationToken)
        {
            if (!assume.RequiresMfa || assume.TokenCode != null)
            {
                return assume;
            }

            if (mfa is null)
            {
                throw MfaErrors.CodeRequired(assume.SerialNumber!, canAsk: false);
            }

            var code = await mfa.GetCodeAsync(assume.SerialNumber!, assume.RoleArn.Arn, cancellationToken).ConfigureAwait(false);
            return assume.WithTokenCode(code);
        }

    }
}
