using System;

namespace CrossAcctApi.Core.Runtime
{
    /// <summary>The time source, injected so that signing, expiry and skew logic are testable.</summary>
    public interface ISystemClock
    {
        DateTimeOffset UtcNow { get; }
    }

    public sealed class SystemClock : ISystemClock
    {
        public static readonly SystemClock Instance = new SystemClock();

        private SystemClock()
        {
        }

        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
    }
}
