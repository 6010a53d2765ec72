using System;
using System.Threading;
using System.Threading.Tasks;

namespace CrossAcctApi.Core.Runtime
{
    /// <summary>
    /// Waiting between retries, injected so that tests run backoff schedules instantly (a fake advances its fake
    /// clock instead of sleeping) and can assert exactly how long the pipeline chose to wait.
    /// </summary>
    public interface IAsyncDelay
    {
        Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken);
    }

    /// <summary>The real wait: <see cref="Task.Delay(TimeSpan, CancellationToken)"/>.</summary>
    public sealed class TaskDelay : IAsyncDelay
    {
        public static readonly TaskDelay Instance = new TaskDelay();

        private TaskDelay()
        {
        }

        public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
            delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, cancellationToken);
    }
}
