using System;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Abstractions;

namespace CrossAcctApi.Sts
{
    /// <summary>
    /// Retries STS calls that were throttled or met a server error, with exponential backoff and jitter (so that
    /// sixteen runspaces throttled together do not come back together). The AWS SDK's own retries are turned off
    /// for our clients so that this is the one place that decides, and the number of retries can be reported.
    /// Connection failures and timeouts are not retried here: they say which endpoint failed at once.
    /// </summary>
    internal sealed class StsRetryPolicy
    {
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly Random _random;

        public StsRetryPolicy(int maxAttempts = 5, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null, Func<TimeSpan, CancellationToken, Task>? delay = null, Random? random = null)
        {
            if (maxAttempts < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxAttempts));
            }

            MaxAttempts = maxAttempts;
            BaseDelay = baseDelay ?? TimeSpan.FromMilliseconds(200);
            MaxDelay = maxDelay ?? TimeSpan.FromSeconds(5);
            _delay = delay ?? Task.Delay;
            _random = random ?? new Random();
        }

        public int MaxAttempts { get; }

        public TimeSpan BaseDelay { get; }

        public TimeSpan MaxDelay { get; }

        public static bool IsRetryable(CrossAcctApiException error) =>
            error.ErrorId == StsErrorIds.StsThrottled || error.ErrorId == StsErrorIds.StsUnavailable;

        /// <summary>
        /// Runs <paramref name="call"/>; returns its result and how many retries it took. Each wait is announced to
        /// the flow's <see cref="RetryObservation"/> observer (a cmdlet's progress bar), named by <paramref name="operation"/>.
        /// </summary>
        public async Task<(T Result, int Retries)> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, string operation = "STS")
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    return (await call(cancellationToken).ConfigureAwait(false), attempt - 1);
                }
                catch (CrossAcctApiException error) when (IsRetryable(error) && attempt < MaxAttempts)
                {
                    TimeSpan wait = DelayBefore(attempt + 1);
                    RetryObservation.Notify(new RetryWait(
                        operation,
                        error.ErrorId == StsErrorIds.StsThrottled ? "STS throttled the call" : "STS is unavailable",
                        attempt,
                        MaxAttempts - 1,
                        wait,
                        serverAskedForDelay: false));
                    await _delay(wait, cancellationToken).ConfigureAwait(false);
                }
                catch (CrossAcctApiException error) when (IsRetryable(error))
                {
                    error.RecommendedAction = "STS kept refusing after " + MaxAttempts + " attempts over several seconds. "
                        + (error.ErrorId == StsErrorIds.StsThrottled
                            ? "Lower the call rate (reuse credentials: the module caches sessions unless -NoCache is given) and try again."
                            : "Try again later; check the AWS Health Dashboard for STS in this region.");
                    throw;
                }
            }
        }

        /// <summary>Equal jitter: half the exponential step for sure, the other half at random, capped.</summary>
        internal TimeSpan DelayBefore(int attempt)
        {
            double exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 2);
            double capped = Math.Min(MaxDelay.TotalMilliseconds, exponential);
            double jittered;
            lock (_random)
            {
                jittered = (capped / 2) + (_random.NextDouble() * capped / 2);
            }

            return TimeSpan.FromMilliseconds(jittered);
        }
    }
}
