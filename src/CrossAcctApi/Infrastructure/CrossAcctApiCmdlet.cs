using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core;

namespace CrossAcctApi
{
    /// <summary>
    /// What every CrossAcctApi cmdlet shares: a cancellation source made in BeginProcessing and cancelled by
    /// StopProcessing (Ctrl+C), the one way a core error becomes an error record, and the one way the pipeline
    /// thread waits for work running elsewhere while serving what only it may do (prompts, progress, verbose lines).
    /// Cmdlets override <see cref="Begin"/>, <see cref="Process"/> and <see cref="End"/>: a core error in Begin ends
    /// the command (it is about the command as a whole), one in Process or End is written for that input and the
    /// command goes on.
    /// <para>
    /// The engine names inputs as markers (<see cref="Phrasing"/>); everything this base writes is phrased for
    /// PowerShell (<see cref="ParameterPhrasing"/>) on the way out: error records, warnings and verbose lines, and the
    /// engine's results (<see cref="IPhrasable"/>) given to <see cref="WriteObject(object)"/>.
    /// </para>
    /// <para>
    /// The cmdlet classes keep the namespace CrossAcctApi whatever folder holds them: PowerShell appends the class's
    /// full name to every ErrorId, and scripts match those FullyQualifiedErrorIds.
    /// </para>
    /// </summary>
    public abstract class CrossAcctApiCmdlet : PSCmdlet, IDisposable
    {
        private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

        private CancellationTokenSource _stopping = new CancellationTokenSource();

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
        internal CancellationToken StopToken => _stopping.Token;

        /// <summary>Work queued by calls running elsewhere for the pipeline thread (see <see cref="Wait{T}"/>).</summary>
        internal PipelineThread PipelineThread { get; } = new PipelineThread();

        /// <summary>True when -Verbose or $VerbosePreference asks for verbose output.</summary>
        protected bool IsVerbose { get; private set; }

        /// <summary>True when -Debug or $DebugPreference asks for debug output.</summary>
        protected bool IsDebug { get; private set; }

        /// <summary>
        /// Cancels calls still in flight (when an error stopped the pipeline, say). The source is not disposed: those
        /// calls may still be observing its token on other threads.
        /// </summary>
        public void Dispose() => _stopping.Cancel();

        protected sealed override void BeginProcessing()
        {
            _stopping = new CancellationTokenSource();
            IsVerbose = IsEnabled("Verbose", "VerbosePreference");
            IsDebug = IsEnabled("Debug", "DebugPreference");
            // Before anything is written: every record carries the bound parameters.
            BoundSecrets.Redact(MyInvocation.BoundParameters);
            ModuleViews.EnsureRegistered(this);
            try
            {
                Begin();
            }
            catch (CrossAcctApiException error)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(error));
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        protected sealed override void ProcessRecord() => Run(Process);

        protected sealed override void EndProcessing() => Run(End);

        protected sealed override void StopProcessing() => _stopping.Cancel();

        protected virtual void Begin()
        {
        }

        protected virtual void Process()
        {
        }

        protected virtual void End()
        {
        }

        /// <summary>The input an error of <see cref="Process"/> is about, when the error names none.</summary>
        protected virtual object? CurrentTarget => null;

        /// <summary>
        /// Writes a verbose line only when verbose output was asked for. PowerShell's runtime treats WriteVerbose from a
        /// compiled cmdlet run with -Debug alone as "Inquire" (it prompts, and fails in a non-interactive session; see
        /// PowerShell/PSResourceGet#1476), so lines nobody asked for are not written at all.
        /// </summary>
        public new void WriteVerbose(string text)
        {
            if (IsVerbose)
            {
                base.WriteVerbose(ParameterPhrasing.Render(text));
            }
        }

        /// <summary>Writes a warning, the engine's input markers in parameter syntax.</summary>
        public new void WriteWarning(string text) => base.WriteWarning(ParameterPhrasing.Render(text));

        /// <summary>
        /// Writes an output object; an engine result first takes PowerShell's phrasing for its texts, and its dates
        /// read as ISO 8601 and view columns have their property names (<see cref="OutputMembers"/>).
        /// </summary>
        public new void WriteObject(object? sendToPipeline) => base.WriteObject(OutputMembers.Decorate(ParameterPhrasing.Phrase(sendToPipeline)));

        /// <summary>Writes <paramref name="error"/> as the module's error record (phrased for PowerShell).</summary>
        protected void WriteFailure(CrossAcctApiException error, object? target = null) =>
            WriteError(ErrorRecordFactory.Create(error, target ?? CurrentTarget));

        /// <summary>Ends the command for a contradiction between parameters (nothing has been sent).</summary>
        protected void ThrowParameterConflict(string errorId, string message, object? target, string recommendedAction) =>
            ThrowTerminatingError(ErrorRecordFactory.Create(errorId, FailureKind.InvalidArgument, message, target, recommendedAction));

        /// <summary>
        /// Waits on the pipeline thread for <paramref name="task"/>, running what calls queued for this thread (MFA
        /// prompts) and <paramref name="onTick"/> (progress, verbose lines) as it goes. Not an OS wait handle per
        /// task: see <see cref="TaskWaiting.WaitQuietly"/>. Ctrl+C ends the wait as a stopped pipeline.
        /// </summary>
        internal T Wait<T>(Task<T> task, Action? onTick = null)
        {
            while (!task.IsCompleted)
            {
                task.WaitQuietly(Tick);
                PipelineThread.RunQueued();
                onTick?.Invoke();
            }

            PipelineThread.RunQueued();
            onTick?.Invoke();
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        private void Run(Action stage)
        {
            try
            {
                stage();
            }
            catch (CrossAcctApiException error)
            {
                WriteFailure(error);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        private bool IsEnabled(string parameter, string preferenceVariable)
        {
            if (MyInvocation.BoundParameters.TryGetValue(parameter, out var value))
            {
                return value is SwitchParameter switchValue ? switchValue.IsPresent : LanguagePrimitives.IsTrue(value);
            }

            var preference = GetVariableValue(preferenceVariable);
            return preference is ActionPreference action
                ? action != ActionPreference.SilentlyContinue && action != ActionPreference.Ignore
                : preference != null && LanguagePrimitives.TryConvertTo(preference, out ActionPreference converted) && converted != ActionPreference.SilentlyContinue && converted != ActionPreference.Ignore;
        }
    }
}
