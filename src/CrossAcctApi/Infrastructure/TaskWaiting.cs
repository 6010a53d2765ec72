using System;
using System.Threading.Tasks;

namespace CrossAcctApi
{
    /// <summary>Waiting on the pipeline thread for calls that run on the thread pool.</summary>
    internal static class TaskWaiting
    {
        /// <summary>
        /// Waits up to <paramref name="timeout"/> for <paramref name="task"/> to finish, in whatever state; true when it
        /// has. The outcome (result, fault, cancellation) is for the caller to read from the task.
        /// <para>
        /// Not <c>IAsyncResult.AsyncWaitHandle.WaitOne</c>: that makes every task an operating-system event which only
        /// the finalizer closes, and on Linux and macOS .NET emulates those events behind one process-wide lock. At a
        /// few thousand calls a second the finalizer thread spent nearly all its time closing them (profiled with
        /// dotnet-trace, see bench/README.md), contending with the calls still running. Task.Wait blocks on a managed
        /// event instead, made only if the task is not done yet, and collected like any object.
        /// </para>
        /// </summary>
        public static bool WaitQuietly(this Task task, TimeSpan timeout)
        {
            try
            {
                return task.Wait(timeout);
            }
            catch (AggregateException)
            {
                // Task.Wait reports a faulted or cancelled task by throwing: it has finished all the same.
                return true;
            }
        }
    }
}
