using System;
using System.Globalization;
using System.Threading;

namespace CrossAcctApi.Core.Runtime
{
    /// <summary>
    /// One wait before a retry: what is retried, why, which retry of how many, and for how long. Cmdlets show it as
    /// progress, so that a runbook that pauses for a throttled STS or a 503 says why instead of looking hung. Holds
    /// no secret: the operation names a method and URL or an STS action and a role ARN.
    /// </summary>
    public sealed class RetryWait
    {
        public RetryWait(string operation, string reason, int retry, int maximumRetries, TimeSpan delay, bool serverAskedForDelay)
        {
            Operation = operation ?? throw new ArgumentNullException(nameof(operation));
            Reason = reason ?? throw new ArgumentNullException(nameof(reason));
            Retry = retry;
            MaximumRetries = maximumRetries;
            Delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
            ServerAskedForDelay = serverAskedForDelay;
        }

        /// <summary>What is retried, e.g. <c>GET https://…/items</c> or <c>AssumeRole arn:aws:iam::111111111111:role/X</c>.</summary>
        public string Operation { get; }

        /// <summary>Why: the answer or failure that is being retried, e.g. <c>503 Service Unavailable</c>.</summary>
        public string Reason { get; }

        /// <summary>1 for the first retry.</summary>
        public int Retry { get; }

        public int MaximumRetries { get; }

        public TimeSpan Delay { get; }

        /// <summary>True when the wait is the server's (Retry-After), false for the client's own backoff.</summary>
        public bool ServerAskedForDelay { get; }

        /// <summary>e.g. <c>503 Service Unavailable: retry 1 of 3 in 1.2 s (backoff)</c>.</summary>
        public string Describe() =>
            Reason + ": retry " + Retry.ToString(CultureInfo.InvariantCulture) + " of " + MaximumRetries.ToString(CultureInfo.InvariantCulture)
            + " in " + DescribeDelay(Delay) + (ServerAskedForDelay ? " (Retry-After)" : " (backoff)");

        public override string ToString() => Operation + ": " + Describe();

        internal static string DescribeDelay(TimeSpan wait) =>
            wait.TotalSeconds >= 1
                ? wait.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s"
                : ((int)wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";
    }

    /// <summary>Told about every wait before a retry. Called from whichever thread runs the call: must be thread-safe and quick.</summary>
    public interface IRetryObserver
    {
        void OnRetryWait(RetryWait wait);
    }

    /// <summary>
    /// The observer of the current asynchronous flow. Ambient on purpose: a retry can happen several layers below
    /// the cmdlet (an STS call made by a credential refresh inside an HTTP call, in the isolated STS component),
    /// and threading a parameter through every seam for a progress bar would widen interfaces that are about
    /// something else. An AsyncLocal follows the awaits of the flow that set it and no other.
    /// </summary>
    public static class RetryObservation
    {
        private static readonly AsyncLocal<IRetryObserver?> CurrentObserver = new AsyncLocal<IRetryObserver?>();

        public static IRetryObserver? Current => CurrentObserver.Value;

        /// <summary>Makes <paramref name="observer"/> the observer of this flow (and of the tasks it starts) until the scope is disposed.</summary>
        public static IDisposable Observe(IRetryObserver observer)
        {
            var scope = new Scope(CurrentObserver.Value);
            CurrentObserver.Value = observer ?? throw new ArgumentNullException(nameof(observer));
            return scope;
        }

        /// <summary>Tells the current observer, if any. An observer that fails never breaks the retry it watches.</summary>
        public static void Notify(RetryWait wait)
        {
            var observer = CurrentObserver.Value;
            if (observer is null || wait is null)
            {
                return;
            }

            try
            {
                observer.OnRetryWait(wait);
            }
            catch (Exception)
            {
                // Progress is a courtesy; the call goes on.
            }
        }

        private sealed class Scope : IDisposable
        {
            private readonly IRetryObserver? _previous;
            private bool _disposed;

            public Scope(IRetryObserver? previous) => _previous = previous;

            public void Dispose()
            {
                if (!_disposed)
                {
                    _disposed = true;
                    CurrentObserver.Value = _previous;
                }
            }
        }
    }
}
