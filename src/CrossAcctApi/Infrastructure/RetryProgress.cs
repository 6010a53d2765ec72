using System;
using System.Diagnostics;
using System.Management.Automation;
using CrossAcctApi.Core.Runtime;

namespace CrossAcctApi
{
    /// <summary>
    /// Shows the waits before retries as a progress bar with the reason and a countdown, so that a prompt or a
    /// runbook that pauses for a throttled STS or a 503 says why instead of looking hung. Retries are announced on
    /// whichever thread runs the call (<see cref="OnRetryWait"/>); PowerShell accepts progress only from the
    /// pipeline thread, so the cmdlet calls <see cref="Show"/> from there while it waits. WriteProgress itself
    /// honours $ProgressPreference (nothing is shown under SilentlyContinue).
    /// </summary>
    internal sealed class RetryProgress : IRetryObserver
    {
        private readonly object _gate = new object();
        private readonly int _activityId;
        private readonly int _parentActivityId;
        private RetryWait? _wait;
        private Stopwatch? _sinceWait;
        private int _version;
        private int _shownVersion;
        private long _shownSeconds = long.MinValue;
        private bool _shown;

        public RetryProgress(int activityId, int parentActivityId = -1)
        {
            _activityId = activityId;
            _parentActivityId = parentActivityId;
        }

        public void OnRetryWait(RetryWait wait)
        {
            lock (_gate)
            {
                _wait = wait;
                _sinceWait = Stopwatch.StartNew();
                _version++;
            }
        }

        /// <summary>Writes the current wait if it changed or its countdown moved; pipeline thread only.</summary>
        public void Show(Cmdlet cmdlet)
        {
            RetryWait? wait;
            TimeSpan elapsed;
            int version;
            lock (_gate)
            {
                wait = _wait;
                elapsed = _sinceWait?.Elapsed ?? TimeSpan.Zero;
                version = _version;
            }

            if (wait is null)
            {
                return;
            }

            TimeSpan left = wait.Delay - elapsed;
            long seconds = left > TimeSpan.Zero ? (long)Math.Ceiling(left.TotalSeconds) : -1;
            if (version == _shownVersion && seconds == _shownSeconds)
            {
                return;
            }

            _shownVersion = version;
            _shownSeconds = seconds;
            _shown = true;
            var record = new ProgressRecord(_activityId, "Retrying " + wait.Operation, wait.Describe())
            {
                ParentActivityId = _parentActivityId,
                CurrentOperation = seconds > 0 ? "waiting before retry " + wait.Retry : "retry " + wait.Retry + " sent, waiting for the answer",
                SecondsRemaining = seconds > int.MaxValue ? int.MaxValue : (int)seconds,
            };
            cmdlet.WriteProgress(record);
        }

        /// <summary>Removes the bar once the call is over (only if one was shown); pipeline thread only.</summary>
        public void Complete(Cmdlet cmdlet)
        {
            if (!_shown)
            {
                return;
            }

            _shown = false;
            RetryWait? wait;
            lock (_gate)
            {
                wait = _wait;
            }

            cmdlet.WriteProgress(new ProgressRecord(_activityId, "Retrying " + (wait?.Operation ?? "the call"), "done")
            {
                ParentActivityId = _parentActivityId,
                RecordType = ProgressRecordType.Completed,
            });
        }
    }
}
