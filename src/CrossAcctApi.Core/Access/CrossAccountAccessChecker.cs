using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Http;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi.Core.Access
{
    /// <summary>
    /// Runs access checks: each distinct role (with its external id and STS region) is assumed once per run and its
    /// credential shared by every check of that role; calls are signed and sent by <see cref="SignedApiClient"/>
    /// (retries, refresh, clock-skew correction and diagnosis included); at most <c>throttleLimit</c> checks run at
    /// once, started in input order. Every check ends in a <see cref="CrossAccountAccessResult"/>: a refusal or a
    /// failure is a result, never an exception (only cancellation is).
    /// </summary>
    public sealed class CrossAccountAccessChecker
    {
        private readonly IRoleCredentialProvider _roles;
        private readonly SignedApiClient _client;
        private readonly UnsignedProbe _unsigned;
        private readonly ApiCallOptions _options;
        private readonly Func<AwsCredential>? _identity;

        /// <param name="identity">The caller's own credential, for <see cref="AccessProbe.Direct"/> checks (read once, when first needed).</param>
        public CrossAccountAccessChecker(IRoleCredentialProvider roles, SignedApiClient client, HttpClient http, ApiCallOptions? options = null, Func<AwsCredential>? identity = null)
        {
            _identity = identity;
            _roles = roles ?? throw new ArgumentNullException(nameof(roles));
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _unsigned = new UnsignedProbe(http ?? throw new ArgumentNullException(nameof(http)));
            _options = options ?? ApiCallOptions.Default;
        }

        /// <summary>How many distinct role sessions <paramref name="targets"/> need (the STS calls a run makes at most).</summary>
        public static int CountRoles(IEnumerable<AccessTarget> targets) =>
            targets.Where(t => t.NeedsRole && t.Role != null).Select(t => new RoleKey(t.Role!, t.StsRegion)).Distinct().Count();

        /// <summary>
        /// Starts checking <paramref name="targets"/> and returns at once; <see cref="AccessRun.Results"/> holds one task
        /// per target, in input order.
        /// </summary>
        public AccessRun Start(IReadOnlyList<AccessTarget> targets, int throttleLimit, CancellationToken cancellationToken)
        {
            if (targets is null)
            {
                throw new ArgumentNullException(nameof(targets));
            }

            if (throttleLimit < 1)
            {
                throw new CrossAcctApiException(AccessErrorIds.InvalidThrottleLimit, FailureKind.InvalidArgument, "The throttle limit must be at least 1; got " + throttleLimit + ".", throttleLimit);
            }

            var run = new AccessRun(targets.Count);
            var sessions = new ConcurrentDictionary<RoleKey, Lazy<Task<AwsCredential>>>();
            var next = -1;
            var workers = Math.Min(throttleLimit, targets.Count);
            for (var w = 0; w < workers; w++)
            {
                // Workers take targets in order, so results near the head finish first and can be written while the rest run.
                Task.Run(
                    async () =>
                    {
                        int index;
                        while ((index = Interlocked.Increment(ref next)) < targets.Count)
                        {
                            await run.CompleteAsync(index, () => CheckAsync(targets[index], sessions, cancellationToken)).ConfigureAwait(false);
                        }
                    },
                    CancellationToken.None);
            }

            return run;
        }

        private async Task<CrossAccountAccessResult> CheckAsync(AccessTarget target, ConcurrentDictionary<RoleKey, Lazy<Task<AwsCredential>>> sessions, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var watch = Stopwatch.StartNew();
            if (target.Probe == AccessProbe.Unsigned)
            {
                return await _unsigned.SendAsync(target, _options, watch, cancellationToken).ConfigureAwait(false);
            }

            AwsCredential credential;
            try
            {
                if (target.Probe == AccessProbe.Direct)
                {
                    credential = _identity?.Invoke() ?? throw new CrossAcctApiException(
                        AccessErrorIds.RoleArnRequired, FailureKind.InvalidArgument, "A direct check needs the caller's own credential, and none was given.", target.Name);
                    return await SendAsync(target, credential, watch, cancellationToken).ConfigureAwait(false);
                }

                var key = new RoleKey(target.Role!, target.StsRegion);
                var session = sessions.GetOrAdd(key, k => new Lazy<Task<AwsCredential>>(() => _roles.GetCredentialAsync(k.Request, k.StsRegion, cancellationToken)));
                credential = await session.Value.ConfigureAwait(false);
            }
            catch (CrossAcctApiException error)
            {
                return AccessVerdict.FromException(target, error, AccessStage.AssumeRole, null, watch.Elapsed);
            }

            return await SendAsync(target, credential, watch, cancellationToken).ConfigureAwait(false);
        }

        private async Task<CrossAccountAccessResult> SendAsync(AccessTarget target, AwsCredential credential, Stopwatch watch, CancellationToken cancellationToken)
        {
            var caller = credential.AssumedRoleArn;
            try
            {
                var response = await _client.SendAsync(target.Call, credential, _options, null, cancellationToken).ConfigureAwait(false);
                return AccessVerdict.FromResponse(target, response, caller, watch.Elapsed);
            }
            catch (CrossAcctApiException error)
            {
                return AccessVerdict.FromException(target, error, AccessStage.Invoke, caller, watch.Elapsed);
            }
        }

        /// <summary>What makes two checks share a session: the same AssumeRole parameters, called in the same region.</summary>
        private sealed class RoleKey : IEquatable<RoleKey>
        {
            public RoleKey(AssumeRoleRequest request, string stsRegion)
            {
                Request = request;
                StsRegion = stsRegion;
            }

            public AssumeRoleRequest Request { get; }

            public string StsRegion { get; }

            public bool Equals(RoleKey? other) =>
                other != null
                && string.Equals(Request.RoleArn.Arn, other.Request.RoleArn.Arn, StringComparison.Ordinal)
                && string.Equals(Request.ExternalId, other.Request.ExternalId, StringComparison.Ordinal)
                && string.Equals(Request.RoleSessionName, other.Request.RoleSessionName, StringComparison.Ordinal)
                && Request.DurationSeconds == other.Request.DurationSeconds
                && string.Equals(StsRegion, other.StsRegion, StringComparison.Ordinal);

            public override bool Equals(object? obj) => Equals(obj as RoleKey);

            public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Request.RoleArn.Arn) ^ StringComparer.Ordinal.GetHashCode(StsRegion);
        }
    }

    /// <summary>A run in progress: one task per target in input order, and how many are done.</summary>
    public sealed class AccessRun
    {
        private readonly TaskCompletionSource<CrossAccountAccessResult>[] _results;
        private int _completed;

        internal AccessRun(int count)
        {
            _results = new TaskCompletionSource<CrossAccountAccessResult>[count];
            for (var i = 0; i < count; i++)
            {
                _results[i] = new TaskCompletionSource<CrossAccountAccessResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            Results = _results.Select(r => r.Task).ToArray();
        }

        /// <summary>One task per target, in input order. A task is cancelled when the run is, and faults only on a bug.</summary>
        public IReadOnlyList<Task<CrossAccountAccessResult>> Results { get; }

        /// <summary>Targets finished so far (safe to read from any thread).</summary>
        public int Completed => Volatile.Read(ref _completed);

        public int Count => _results.Length;

        internal async Task CompleteAsync(int index, Func<Task<CrossAccountAccessResult>> check)
        {
            CrossAccountAccessResult? result = null;
            Exception? failure = null;
            var cancelled = false;
            try
            {
                result = await check().ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            // Counted before the task completes, so whoever sees the task done also sees it counted.
            Interlocked.Increment(ref _completed);
            var slot = _results[index];
            if (cancelled)
            {
                slot.TrySetCanceled();
            }
            else if (failure != null)
            {
                slot.TrySetException(failure);
            }
            else
            {
                slot.TrySetResult(result!);
            }
        }
    }
}
