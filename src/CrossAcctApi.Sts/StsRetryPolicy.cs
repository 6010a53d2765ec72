using System;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Runtime;
using CrossAcctApi.Core.Sts;

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
        /// True when STS refused the signature because the caller's clock is off by more than five minutes
        /// ("Signature expired", "Signature not yet current"). The AWS SDK answers such a refusal by setting its clock
        /// correction for the endpoint from the server's time (it does so with its own retries off, too), so the same
        /// call signed again goes through.
        /// </summary>
        public static bool IsClockSkew(CrossAcctApiException error)
        {
            if (!(error.InnerException is Amazon.Runtime.AmazonServiceException service))
            {
                return false;
            }

            string code = service.ErrorCode ?? string.Empty;
            string message = service.Message ?? string.Empty;
            return code == "RequestTimeTooSkewed" || code == "RequestExpired" || code == "RequestInTheFuture"
                || ((code == "SignatureDoesNotMatch" || code == "InvalidSignatureException")
                    && (message.IndexOf("Signature expired", StringComparison.OrdinalIgnoreCase) >= 0
                        || message.IndexOf("Signature not yet current", StringComparison.OrdinalIgnoreCase) >= 0));
        }

        /// <summary>
        /// Runs <paramref name="call"/>; returns its result and how many retries it took for throttling or server
        /// errors. A refusal for clock skew is signed again once, at once (not counted: it is no server trouble).
        /// Each wait is announced to the flow's <see cref="RetryObservation"/> observer (a cmdlet's progress bar),
        /// named by <paramref name="operation"/>.
        /// </summary>
        public async Task<(T Result, int Retries)> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, string operation = "STS")
        {
            bool skewCorrected = false;
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    return (await call(cancellationToken).ConfigureAwait(false), attempt - 1 - (skewCorrected ? 1 : 0));
                }
                catch (CrossAcctApiException error) when (!skewCorrected && IsClockSkew(error))
                {
                    skewCorrected = true;
                }
                catch (CrossAcctApiException error) when (IsRetryable(error) && attempt - (skewCorrected ? 1 : 0) < MaxAttempts)
                {
                    int retry = attempt - (skewCorrected ? 1 : 0);
                    TimeSpan wait = DelayBefore(retry + 1);
                    RetryObservation.Notify(new RetryWait(
                        operation,
                        error.ErrorId == StsErrorIds.StsThrottled ? "STS throttled the call" : "STS is unavailable",
                        retry,
                        MaxAttempts - 1,
                        wait,
                        serverAskedForDelay: false));
                    await _delay(wait, cancellationToken).ConfigureAwait(false);
                }
                catch (CrossAcctApiException error) when (IsRetryable(error))
                {
                    error.RecommendedAction = "STS kept refusing after " + MaxAttempts + " attempts over several seconds. "
                        + (error.ErrorId == StsErrorIds.StsThrottled
                            ? "Lower the call rate (reuse credentials: the module caches sessions unless {@NoCache} is given) and try again."
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
