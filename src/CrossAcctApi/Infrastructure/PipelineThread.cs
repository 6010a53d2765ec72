using System;
using System.Collections.Concurrent;
using System.Threading.Tasks;

namespace CrossAcctApi
{
    /// <summary>
    /// Work that must run on PowerShell's pipeline thread (asking the user, writing to the host) but is needed by a
    /// call running elsewhere: the call queues it and awaits the answer; the cmdlet runs the queue each time its
    /// wait loop wakes (<see cref="CrossAcctApiCmdlet.Wait{T}"/>).
    /// </summary>
    internal sealed class PipelineThread
    {
        private readonly ConcurrentQueue<Action> _work = new ConcurrentQueue<Action>();

        /// <summary>Queues <paramref name="work"/> for the pipeline thread; the task ends with its result.</summary>
        public Task<T> Invoke<T>(Func<T> work)
        {
            var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _work.Enqueue(() =>
            {
                try
                {
                    answer.TrySetResult(work());
                }
                catch (Exception error)
                {
                    answer.TrySetException(error);
                }
            });
            return answer.Task;
        }

        /// <summary>Runs what is queued; pipeline thread only.</summary>
        public void RunQueued()
        {
            while (_work.TryDequeue(out var work))
            {
                work();
            }
        }
    }
}
