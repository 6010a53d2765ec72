using System;

namespace CrossAcctApi.Core.Http
{
    /// <summary>How hard to try: retries, waits, timeouts. Immutable; one instance serves any number of calls.</summary>
    public sealed class ApiCallOptions
    {
        /// <summary>Longest single wait of the exponential backoff (Retry-After may ask for longer, up to <see cref="MaximumRetryAfter"/>).</summary>
        public static readonly TimeSpan DefaultMaximumBackoff = TimeSpan.FromSeconds(20);

        /// <summary>The HttpClient default, which Invoke-RestMethod users know.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(100);

        // After the two defaults above: static fields are initialised in the order they are written, and an instance made
        // before them would copy their still-zero values (a zero timeout, which cancels calls at random).
        public static readonly ApiCallOptions Default = new ApiCallOptions();

        private readonly int _maximumRetryCount = 3;
        private readonly TimeSpan _retryInterval = TimeSpan.FromSeconds(1);
        private readonly TimeSpan _maximumBackoff = DefaultMaximumBackoff;
        private readonly TimeSpan _maximumRetryAfter = TimeSpan.FromSeconds(120);
        private readonly TimeSpan _timeout = DefaultTimeout;
        private readonly TimeSpan? _operationTimeout;

        /// <summary>Retries after the first attempt for throttling, 502/503/504 and connection failures (0 to 100).</summary>
        public int MaximumRetryCount
        {
            get => _maximumRetryCount;
            init => _maximumRetryCount = value >= 0 && value <= 100 ? value : throw Invalid("MaximumRetryCount must be between 0 and 100.", value);
        }

        /// <summary>The first backoff wait; each retry doubles it (with jitter), up to <see cref="MaximumBackoff"/>. Zero: no wait.</summary>
        public TimeSpan RetryInterval
        {
            get => _retryInterval;
            init => _retryInterval = value >= TimeSpan.Zero && value <= TimeSpan.FromMinutes(10) ? value : throw Invalid("RetryInterval must be between 0 and 600 seconds.", value);
        }

        public TimeSpan MaximumBackoff
        {
            get => _maximumBackoff;
            init => _maximumBackoff = value >= TimeSpan.Zero ? value : throw Invalid("MaximumBackoff cannot be negative.", value);
        }

        /// <summary>A Retry-After longer than this is not waited for: the call fails at once and says how long the server asked for.</summary>
        public TimeSpan MaximumRetryAfter
        {
            get => _maximumRetryAfter;
            init => _maximumRetryAfter = value >= TimeSpan.Zero ? value : throw Invalid("MaximumRetryAfter cannot be negative.", value);
        }

        /// <summary>How long one attempt may take until its response (and a buffered body) has arrived.</summary>
        public TimeSpan Timeout
        {
            get => _timeout;
            init => _timeout = value > TimeSpan.Zero && value.TotalMilliseconds <= int.MaxValue ? value : throw Invalid("Timeout must be positive and under 24 days.", value);
        }

        /// <summary>
        /// How long one read of the answer's body may wait for data (Invoke-RestMethod's -OperationTimeoutSeconds);
        /// null: no limit per read. Unlike <see cref="Timeout"/> it also applies to a download streamed to a file.
        /// </summary>
        public TimeSpan? OperationTimeout
        {
            get => _operationTimeout;
            init => _operationTimeout = value is null || (value.Value > TimeSpan.Zero && value.Value.TotalMilliseconds <= int.MaxValue) ? value : throw Invalid("OperationTimeout must be positive and under 24 days.", value.Value);
        }

        /// <summary>
        /// Also retry POST, PATCH and other non-idempotent methods after an answer or a broken connection. Off by
        /// default: such a request may already have been processed, and repeating it could repeat its effect.
        /// </summary>
        public bool RetryNonIdempotent { get; init; }

        /// <summary>How AWS_REGION / AWS_DEFAULT_REGION are read (injected so that the core never reads process state itself).</summary>
        public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

        private static CrossAcctApiException Invalid(string message, object value) =>
            new CrossAcctApiException(ApiErrorIds.InvalidCallOption, FailureKind.InvalidArgument, message, value);
    }
}
