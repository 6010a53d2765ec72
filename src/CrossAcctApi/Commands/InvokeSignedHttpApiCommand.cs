using System;
using System.Management.Automation;
using System.Threading.Tasks;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Http;
using CrossAcctApi.Core.Requests;
using CrossAcctApi.Core.Runtime;

namespace CrossAcctApi
{
    /// <summary>
    /// <para type="synopsis">Calls an IAM-authorized API Gateway HTTP API like Invoke-RestMethod, signing every request with SigV4.</para>
    /// <para type="description">
    /// Signs with the given or found credential (or a role assumed with it), sends on one shared HTTP client, retries
    /// throttling and gateway errors, refreshes expiring credentials, corrects clock skew, and turns every failure into
    /// an error with a stable ErrorId and a recommended action. JSON answers become objects; -AsResponse returns the
    /// whole answer.
    /// </para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "SignedHttpApi", DefaultParameterSetName = CredentialSet)]
    [OutputType(typeof(PSObject), typeof(string), typeof(byte[]))]
    [OutputType(typeof(SignedHttpApiResponse))]
    public sealed class InvokeSignedHttpApiCommand : HttpTransportCmdlet
    {
        internal const string InFileWithBody = "InFileWithBody";
        internal const string OutFileWithSeveralUris = "OutFileWithSeveralUris";
        internal const string PassThruWithoutOutFile = "PassThruWithoutOutFile";

        // Progress bars of retry waits: one activity per call in flight, so that concurrent calls do not overwrite each other.
        private const int RetryActivityBase = 0x5160;

        private readonly CallQueue _calls = new CallQueue();
        private readonly TargetNotes _notes = new TargetNotes();
        private ApiCallOptions _options = null!;
        private ResponseWriter _writer = null!;
        private int _started;

        /// <summary><para type="description">Send the content of this file as the body, streamed from disk (hashed once for the signature).</para></summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? InFile { get; set; }

        /// <summary><para type="description">Stream a successful answer's body to this file instead of returning it.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary><para type="description">With -OutFile, also return the answer (as without -OutFile), as Invoke-RestMethod -PassThru does.</para></summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary><para type="description">How long one attempt may take until its answer has arrived, in seconds. 0 (the default) means 100 seconds.</para></summary>
        [Parameter]
        [ValidateRange(0, 2000000)]
        [Alias("ConnectionTimeoutSeconds")]
        public int TimeoutSec { get; set; }

        /// <summary><para type="description">Retries after throttling (429, for every method: it means the request was not processed), 502, 503, 504 and connection failures. Default 3; 0 turns retries off.</para></summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int MaximumRetryCount { get; set; } = 3;

        /// <summary><para type="description">The first wait before a retry, in seconds (default 1); each further retry doubles it, with jitter, up to 20 seconds. A Retry-After header wins.</para></summary>
        [Parameter]
        [ValidateRange(0.0, 600.0)]
        public double RetryIntervalSec { get; set; } = 1;

        /// <summary><para type="description">Also retry POST, PATCH and other non-idempotent requests after an answer or a broken connection (by default they are retried only when they never reached the server).</para></summary>
        [Parameter]
        public SwitchParameter RetryNonIdempotent { get; set; }

        /// <summary><para type="description">Return error answers (4xx, 5xx) like successes instead of writing errors.</para></summary>
        [Parameter]
        public SwitchParameter SkipHttpErrorCheck { get; set; }

        /// <summary><para type="description">The name of a variable to set to the status code of the answer (of the last one, for several requests).</para></summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StatusCodeVariable { get; set; }

        /// <summary><para type="description">The name of a variable to set to the headers of the answer (of the last one, for several requests).</para></summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ResponseHeadersVariable { get; set; }

        /// <summary><para type="description">Return a response object (status, headers, content, parsed content, request id, elapsed time, attempts, invoke ARN) instead of the content.</para></summary>
        [Parameter]
        public SwitchParameter AsResponse { get; set; }

        /// <summary><para type="description">How many requests may be in flight at once for several URLs or pipeline input. Default 5.</para></summary>
        [Parameter]
        [ValidateRange(1, SharedHttpClient.MaxConnectionsPerServer)]
        public int ThrottleLimit { get; set; } = 5;

        protected override void Begin()
        {
            if (PassThru.IsPresent && !MyInvocation.BoundParameters.ContainsKey(nameof(OutFile)))
            {
                ThrowParameterConflict(PassThruWithoutOutFile, "{@PassThru} returns the answer as well as writing it to {@OutFile}, but no -OutFile was given.", null, "Add -OutFile, or leave out -PassThru (the answer is returned anyway).");
            }

            base.Begin();
            _options = CallOptionsArgument.Create(TimeoutSec, MaximumRetryCount, RetryIntervalSec, RetryNonIdempotent.IsPresent, OperationTimeout);
            _writer = new ResponseWriter(this)
            {
                PassThru = PassThru.IsPresent,
                AsResponse = AsResponse.IsPresent,
                SkipHttpErrorCheck = SkipHttpErrorCheck.IsPresent,
                StatusCodeVariable = StatusCodeVariable,
                ResponseHeadersVariable = ResponseHeadersVariable,
            };
        }

        protected override void Process()
        {
            if (CommandLineCredentialError != null)
            {
                // One error per input, not one per URL: the credential is the same for all of them.
                throw CommandLineCredentialError;
            }

            if (InFile != null && Body != null)
            {
                throw new CrossAcctApiException(InFileWithBody, FailureKind.InvalidArgument, "{@InFile} and {@Body} both give the body; give one.", InFile)
                {
                    RecommendedAction = "Leave out -Body to send the file, or -InFile to send -Body.",
                };
            }

            if (OutFile != null && Uri.Length > 1)
            {
                throw new CrossAcctApiException(OutFileWithSeveralUris, FailureKind.InvalidArgument, "{@OutFile} names one file, but " + Uri.Length + " URLs were given.", OutFile)
                {
                    RecommendedAction = "Call one URL per -OutFile, or pipe objects with Uri and OutFile properties.",
                };
            }

            foreach (var uri in Uri)
            {
                // Full: wait for the oldest call, so that at most ThrottleLimit are in flight and output keeps its order.
                while (_calls.Count >= ThrottleLimit && _calls.TryTakeHead(wait: true, out var oldest))
                {
                    Complete(oldest);
                }

                var call = Start(uri);
                if (call != null)
                {
                    _calls.Add(call);
                }

                while (_calls.TryTakeHead(wait: false, out var finished))
                {
                    Complete(finished);
                }
            }
        }

        protected override void End()
        {
            base.End();
            while (_calls.TryTakeHead(wait: true, out var call))
            {
                Complete(call);
            }
        }

        /// <summary>Checks the request and starts it; a request that cannot be made is a finished call holding its error.</summary>
        private CallQueue.Call? Start(Uri uri)
        {
            try
            {
                var call = ModuleEngine.Client.Prepare(BuildSentRequest(uri, InFile, OutFile), _options);
                var credential = SigningCredential(call.Scope.Region);
                if (credential is null)
                {
                    return null;
                }

                var log = new BufferedCallLog(IsVerbose, IsDebug);
                var progress = new RetryProgress(RetryActivityBase + ((_started++ & int.MaxValue) % ThrottleLimit));
                var token = StopToken;
                var task = Task.Run(
                    () =>
                    {
                        // The call's own flow (and any credential refresh in it) reports its retry waits to this item's bar.
                        using (RetryObservation.Observe(progress))
                        {
                            return ModuleEngine.Client.SendAsync(call, credential, _options, log, token);
                        }
                    },
                    token);
                return new CallQueue.Call(uri, log, progress, task, null);
            }
            catch (CrossAcctApiException ex)
            {
                return new CallQueue.Call(uri, null, null, null, ex);
            }
        }

        /// <summary>Waits for one call (writing its verbose lines as they come) and writes its output or error.</summary>
        private void Complete(CallQueue.Call call)
        {
            if (call.Failure != null)
            {
                WriteFailure(call.Failure, call.Uri);
                return;
            }

            ApiResponse response;
            try
            {
                response = ParameterPhrasing.Phrase(Wait(call.Task!, () =>
                {
                    call.Log!.Flush(this);
                    call.Progress!.Show(this);
                    _calls.ShowRetries(this);
                }));
            }
            catch (ApiCallException failed)
            {
                _notes.Warn(this, ParameterPhrasing.Phrase(failed).Diagnosis.StageReading);
                WriteError(ResponseWriter.ErrorRecord(failed, call.Uri));
                return;
            }
            catch (CrossAcctApiException known)
            {
                WriteFailure(known, call.Uri);
                return;
            }
            finally
            {
                call.Progress!.Complete(this);
            }

            if (AsResponse.IsPresent || !response.IsSuccess)
            {
                // The invoke ARN is part of what is reported: say how its stage was read from the URL.
                _notes.Warn(this, response.StageReading);
            }

            _writer.Write(response);
        }
    }
}
