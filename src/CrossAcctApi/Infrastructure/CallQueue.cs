using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Http;

namespace CrossAcctApi
{
    /// <summary>
    /// Calls in flight, in input order: at most a throttle limit run at once, and results are written in the order
    /// the inputs came, each as soon as it and everything before it has finished.
    /// </summary>
    internal sealed class CallQueue
    {
        private readonly Queue<Call> _pending = new Queue<Call>();

        public int Count => _pending.Count;

        public void Add(Call call) => _pending.Enqueue(call);

        /// <summary>The oldest call, when it has finished (or unconditionally with <paramref name="wait"/>).</summary>
        public bool TryTakeHead(bool wait, out Call head)
        {
            head = null!;
            if (_pending.Count == 0 || (!wait && !_pending.Peek().IsFinished))
            {
                return false;
            }

            head = _pending.Dequeue();
            return true;
        }

        /// <summary>Shows the retry waits of every queued call (pipeline thread only).</summary>
        public void ShowRetries(System.Management.Automation.Cmdlet cmdlet)
        {
            foreach (var queued in _pending)
            {
                queued.Progress?.Show(cmdlet);
            }
        }

        /// <summary>One call: started (with its log and retry progress) or refused before it was sent.</summary>
        internal sealed class Call
        {
            public Call(Uri uri, BufferedCallLog? log, RetryProgress? progress, Task<ApiResponse>? task, CrossAcctApiException? failure)
            {
                Uri = uri;
                Log = log;
                Progress = progress;
                Task = task;
                Failure = failure;
            }

            public Uri Uri { get; }

            public BufferedCallLog? Log { get; }

            public RetryProgress? Progress { get; }

            public Task<ApiResponse>? Task { get; }

            public CrossAcctApiException? Failure { get; }

            public bool IsFinished => Task is null || Task.IsCompleted;
        }
    }
}
