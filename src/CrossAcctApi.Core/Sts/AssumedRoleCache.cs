using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Runtime;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi.Core.Sts
{
    /// <summary>
    /// The in-process cache of assumed-role sessions. A session is served while it has more than
    /// <see cref="FreshnessMargin"/> left (the same margin at which a credential renews itself, so a cached session
    /// is never one that would need refreshing at once). Concurrent misses for the same key share one STS call.
    /// </summary>
    public sealed class AssumedRoleCache
    {
        private readonly ConcurrentDictionary<AssumedRoleCacheKey, AssumeRoleResult> _sessions = new ConcurrentDictionary<AssumedRoleCacheKey, AssumeRoleResult>();
        private readonly ConcurrentDictionary<AssumedRoleCacheKey, Task<AssumeRoleResult>> _inFlight = new ConcurrentDictionary<AssumedRoleCacheKey, Task<AssumeRoleResult>>();
        private readonly ISystemClock _clock;

        public AssumedRoleCache(ISystemClock clock, TimeSpan? freshnessMargin = null)
        {
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            FreshnessMargin = freshnessMargin ?? AwsCredential.DefaultRefreshWindow;
        }

        /// <summary>The one cache of this process: every runspace and every call shares it.</summary>
        public static AssumedRoleCache Shared { get; } = new AssumedRoleCache(SystemClock.Instance);

        public TimeSpan FreshnessMargin { get; }

        public int Count => _sessions.Count;

        /// <summary>
        /// A fresh session for <paramref name="key"/>, skipping one whose access key is <paramref name="exceptAccessKeyId"/>
        /// (a refresh must not get back the session it is replacing, which the server may already have ended).
        /// </summary>
        public bool TryGet(AssumedRoleCacheKey key, string? exceptAccessKeyId, out AssumeRoleResult result)
        {
            if (_sessions.TryGetValue(key, out result!) && IsUsable(result, exceptAccessKeyId))
            {
                return true;
            }

            result = null!;
            return false;
        }

        public void Set(AssumedRoleCacheKey key, AssumeRoleResult result)
        {
            _sessions[key] = result ?? throw new ArgumentNullException(nameof(result));
            PruneExpired();
        }

        public void Remove(AssumedRoleCacheKey key) => _sessions.TryRemove(key, out _);

        public void Clear() => _sessions.Clear();

        /// <summary>
        /// Runs <paramref name="create"/> unless a call for the same key is already running, in which case its
        /// result is shared: sixteen runspaces refreshing together make one STS call.
        /// </summary>
        public async Task<AssumeRoleResult> CreateOnceAsync(AssumedRoleCacheKey key, Func<CancellationToken, Task<AssumeRoleResult>> create, CancellationToken cancellationToken)
        {
            var mine = new TaskCompletionSource<AssumeRoleResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<AssumeRoleResult> running;
            while ((running = _inFlight.GetOrAdd(key, mine.Task)) != mine.Task)
            {
                try
                {
                    return await WaitAsync(running, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (running.IsCanceled && !cancellationToken.IsCancellationRequested)
                {
                    // The caller that ran the shared call was stopped (Ctrl+C in its runspace), not us: run it ourselves.
                }
            }

            try
            {
                AssumeRoleResult result = await create(cancellationToken).ConfigureAwait(false);
                Set(key, result);
                mine.SetResult(result);
                return result;
            }
            catch (Exception ex)
            {
                if (ex is OperationCanceledException)
                {
                    mine.TrySetCanceled();
                }
                else
                {
                    mine.TrySetException(ex);
                }

                throw;
            }
            finally
            {
                _inFlight.TryRemove(key, out _);
            }
        }

        private bool IsUsable(AssumeRoleResult result, string? exceptAccessKeyId) =>
            result.Expiration - FreshnessMargin > _clock.UtcNow.UtcDateTime
            && !string.Equals(result.Keys.AccessKeyId, exceptAccessKeyId, StringComparison.Ordinal);

        private void PruneExpired()
        {
            DateTime now = _clock.UtcNow.UtcDateTime;
            foreach (var entry in _sessions.Where(e => e.Value.Expiration <= now).ToList())
            {
                ((System.Collections.Generic.ICollection<System.Collections.Generic.KeyValuePair<AssumedRoleCacheKey, AssumeRoleResult>>)_sessions).Remove(entry);
            }
        }

        private static async Task<AssumeRoleResult> WaitAsync(Task<AssumeRoleResult> task, CancellationToken cancellationToken)
        {
            if (!cancellationToken.CanBeCanceled)
            {
                return await task.ConfigureAwait(false);
            }

            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
            {
                if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
            }

            return await task.ConfigureAwait(false);
        }
    }
}
