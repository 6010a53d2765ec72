using System.Management.Automation;
using CrossAcctApi.Core.Access;

namespace CrossAcctApi
{
    /// <summary>
    /// The progress bar of an access-check run ("12 of 40 checked, 1 failed so far"), written from the pipeline thread
    /// only (PowerShell's rule) and silent under $ProgressPreference = 'SilentlyContinue'. No bar for a single check.
    /// </summary>
    internal sealed class AccessRunProgress
    {
        public const int ActivityId = 0x7E57;

        private readonly ProgressRecord? _record;
        private int _shown = -1;

        public AccessRunProgress(int targets)
        {
            _record = targets > 1 ? new ProgressRecord(ActivityId, "Test-CrossAccountAccess", "Starting") : null;
        }

        /// <summary>The activity a run's retry waits nest under, or -1 without a bar.</summary>
        public int ParentId => _record is null ? -1 : ActivityId;

        public void Show(Cmdlet cmdlet, AccessRun run, int failed)
        {
            var done = run.Completed;
            if (_record is null || done == _shown)
            {
                return;
            }

            _shown = done;
            _record.StatusDescription = done + " of " + run.Count + " checked" + (failed > 0 ? ", " + failed + " failed so far" : string.Empty);
            _record.PercentComplete = (int)(100L * done / run.Count);
            cmdlet.WriteProgress(_record);
        }

        public void Complete(Cmdlet cmdlet)
        {
            if (_record != null)
            {
                _record.RecordType = ProgressRecordType.Completed;
                cmdlet.WriteProgress(_record);
            }
        }
    }
}
