using System;
using CrossAcctApi.Core.Http;

namespace CrossAcctApi
{
    /// <summary>The call options the calling cmdlets share (-TimeoutSec, -MaximumRetryCount, -RetryIntervalSec, -RetryNonIdempotent).</summary>
    internal static class CallOptionsArgument
    {
        /// <param name="timeoutSec">0 for the default (100 seconds).</param>
        public static ApiCallOptions Create(int timeoutSec, int maximumRetryCount, double? retryIntervalSec = null, bool retryNonIdempotent = false, TimeSpan? operationTimeout = null)
        {
            var defaults = ApiCallOptions.Default;
            return new ApiCallOptions
            {
                MaximumRetryCount = maximumRetryCount,
                RetryInterval = retryIntervalSec.HasValue ? TimeSpan.FromSeconds(retryIntervalSec.Value) : defaults.RetryInterval,
                Timeout = timeoutSec > 0 ? TimeSpan.FromSeconds(timeoutSec) : ApiCallOptions.DefaultTimeout,
                RetryNonIdempotent = retryNonIdempotent,
                OperationTimeout = operationTimeout,
                GetEnvironmentVariable = Environment.GetEnvironmentVariable,
            };
        }
    }
}
