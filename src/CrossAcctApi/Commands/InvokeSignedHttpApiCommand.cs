using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Http;
using CrossAcctApi.Core.Runtime;
using CrossAcctApi.Core.Requests;
using CrossAcctApi.Core.Credentials.Sources;

namespace CrossAcctApi
{
    /// <summary>
    /// <para type="synopsis">Calls an IAM-authorized API Gateway HTTP API like Invoke-RestMethod, signing every request with SigV4.</para>
    /// <para type="description">
    /// Signs with the given or found credential, sends on one shared HTTP client, retries throttling and gateway errors,
    /// refreshes expiring credentials, corrects clock skew, and turns every failure into an error with a stable ErrorId
    /// and a recommended action. JSON answers become objects; -AsResponse returns the whole answer.
    /// </para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "SignedHttpApi", DefaultParameterSetName = CredentialSet)]
    [OutputType(typeof(PSObject), typeof(string), typeof(byte[]))]
    [OutputType(typeof(SignedHttpApiResponse))]
    public sealed class InvokeSignedHttpApiCommand : PSCmdlet, IDisposable
    {
        public const string CredentialSet = "Credential";
        public const string ProfileSet = "Profile";

        internal const string InFileWithBody = "InFileWithBody";
        internal const string OutFileWithSeveralUris = "OutFileWithSeveralUris";

        private const int DefaultThrottleLimit = 5;

        // Progress bars of retry waits: one activity per call in flight, so that concurrent calls do not overwrite each other.
        private const int RetryActivityBase = 0x5160;

        // PowerShell 7.5 and later print ErrorDetails.RecommendedAction under the error; older hosts (Windows PowerShell
        // among them) do not, so there the action is part of the message.
        private static readonly bool ShowsRecommendedAction = typeof(PSCmdlet).Assembly.GetName().Version >= new Version(7, 5);

        private CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly Queue<WorkItem> _pending = new Queue<WorkItem>();

        private SignedApiClient _client = null!;
        private ApiCallOptions _options = null!;
        private IReadOnlyList<KeyValuePair<string, string>> _headers = Array.Empty<KeyValuePair<string, string>>();
        private bool _verbose;
        private bool _debug;
        private ScriptBlock? _fromJson;
        private ScriptBlock? _toJson;
        private int _calls;

        // A credential given on the command line is converted once; one from the pipeline, per record; one found in a
        // profile, the environment or the default chain, once per command.
        private AwsCredential? _commandLineCredential;
        private bool _credentialOnCommandLine;
        private AwsCredential? _foundCredential;

        /// <summary><para type="description">The URL(s) to call: https://{api-id}.execute-api.{region}.amazonaws.com/{stage}/{path}, or a custom domain (then -Region is needed). Several URLs are called concurrently (see -ThrottleLimit); results keep their order.</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Url")]
        [ValidateNotNullOrEmpty]
        public Uri[] Uri { get; set; } = null!;

        /// <summary><para type="description">The HTTP method. Default GET. Standard methods are sent in upper case.</para></summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.HttpMethodCompleter))]
        public string Method { get; set; } = "GET";

        /// <summary><para type="description">The body: a string (sent in the -ContentType charset, else UTF-8), a byte[], or any other object (a hashtable, a PSCustomObject, an array), which is sent as JSON.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object? Body { get; set; }

        /// <summary><para type="description">The Content-Type of the body. Default: application/json for objects and JSON text, text/plain; charset=utf-8 for other text, application/octet-stream for bytes and -InFile.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? ContentType { get; set; }

        /// <summary><para type="description">Headers to send and sign. Authorization, X-Amz-Date and X-Amz-Security-Token are the signer's and cannot be given.</para></summary>
        [Parameter]
        [Alias("Headers")]
        public IDictionary? Header { get; set; }

        /// <summary><para type="description">Send the content of this file as the body, streamed from disk (hashed once for the signature).</para></summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? InFile { get; set; }

        /// <summary><para type="description">Stream a successful answer's body to this file instead of returning it.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary><para type="description">The credential: the output of Get-AssumedRoleCredential (also from the pipeline), AWS CLI assume-role JSON (as text or after ConvertFrom-Json) or its .Credentials, AWS.Tools output, or a hashtable with AccessKeyId/SecretAccessKey/SessionToken. Without it: -ProfileName, else AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, else the AWS SDK's default chain.</para></summary>
        [Parameter(ParameterSetName = CredentialSet, ValueFromPipeline = true)]
        public object? Credential { get; set; }

        /// <summary><para type="description">Sign with the keys of this profile of the shared AWS config and credentials files (resolved as the AWS SDK does).</para></summary>
        [Parameter(ParameterSetName = ProfileSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.ProfileNameCompleter))]
        public string ProfileName { get; set; } = null!;

        /// <summary><para type="description">The region to sign for. Read from execute-api host names; needed for custom domains and loopback hosts unless AWS_REGION or AWS_DEFAULT_REGION is set.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completion.RegionCompleter))]
        public string? Region { get; set; }

        /// <summary><para type="description">The service to sign for. Default execute-api.</para></summary>
        [Parameter]
        public string? Service { get; set; }

        /// <summary><para type="description">The API stage the URL addresses ($default for none), to make the invoke ARN in -AsResponse output and NotAuthorized errors exact.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Stage { get; set; }

        /// <summary><para type="description">How long one attempt may take, in seconds. 0 (the default) means 100 seconds.</para></summary>
        [Parameter]
        [ValidateRange(0, 2000000)]
        public int TimeoutSec { get; set; }

        /// <summary><para type="description">Retries after throttling (429), 502, 503, 504 and connection failures. Default 3; 0 turns retries off.</para></summary>
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
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        /// <summary>
        /// Cancels calls still in flight (when an error stopped the pipeline, say). The source is not disposed: those
        /// calls may still be observing its token on other threads.
        /// </summary>
        public void Dispose() => _stopping.Cancel();

        protected override void BeginProcessing()
        {
            _stopping = new CancellationTokenSource();
            _client = SignedApiClient.Shared;
            _verbose = IsEnabled("Verbose", "VerbosePreference");
            _debug = IsEnabled("Debug", "DebugPreference");
            _fromJson = ScriptBlock.Create("param($text) Microsoft.PowerShell.Utility\\ConvertFrom-Json -InputObject $text");
            _toJson = ScriptBlock.Create("param($value) Microsoft.PowerShell.Utility\\ConvertTo-Json -InputObject $value -Depth 100 -Compress");

            try
            {
                _options = new ApiCallOptions
                {
                    MaximumRetryCount = MaximumRetryCount,
                    RetryInterval = TimeSpan.FromSeconds(RetryIntervalSec),
                    Timeout = TimeoutSec > 0 ? TimeSpan.FromSeconds(TimeoutSec) : ApiCallOptions.DefaultTimeout,
                    RetryNonIdempotent = RetryNonIdempotent.IsPresent,
                    GetEnvironmentVariable = Environment.GetEnvironmentVariable,
                };
                _headers = RequestArguments.Headers(Header);

                _credentialOnCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Credential));
                if (_credentialOnCommandLine)
                {
                    // An explicit -Credential $null is most often a variable a failed step left empty: say so rather than
                    // quietly signing with whatever the environment holds.
                    _commandLineCredential = Credential is null
                        ? throw CredentialErrors.Required("-Credential was given, but its value is null.")
                        : CredentialArgument.Convert(Credential);
                }
            }
            catch (CrossAcctApiException ex)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(ex));
            }
        }

        protected override void ProcessRecord()
        {
            if (InFile != null && Body != null)
            {
                WriteError(ErrorRecordFactory.Create(InFileWithBody, FailureKind.InvalidArgument, "-InFile and -Body both give the body; give one.", InFile, "Leave out -Body to send the file, or -InFile to send -Body."));
                return;
            }

            if (OutFile != null && Uri.Length > 1)
            {
                WriteError(ErrorRecordFactory.Create(OutFileWithSeveralUris, FailureKind.InvalidArgument, "-OutFile names one file, but " + Uri.Length + " URLs were given.", OutFile, "Call one URL per -OutFile, or pipe objects with Uri and OutFile properties."));
                return;
            }

            foreach (var uri in Uri)
            {
                // Full: wait for the oldest call, so that at most ThrottleLimit are in flight and output keeps its order.
                while (_pending.Count >= ThrottleLimit)
                {
                    Complete(_pending.Dequeue());
                }

                _pending.Enqueue(Start(uri));
                WriteFinishedHead();
            }
        }

        protected override void EndProcessing()
        {
            while (_pending.Count > 0)
            {
                Complete(_pending.Dequeue());
            }
        }

        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>Checks the request and starts it; a request that cannot be made is a finished item holding its error.</summary>
        private WorkItem Start(Uri uri)
        {
            try
            {
                var call = _client.Prepare(BuildRequest(uri), _options);
                var credential = ResolveCredential();
                var log = new BufferedCallLog(_verbose, _debug);
                var progress = new RetryProgress(RetryActivityBase + ((_calls++ & int.MaxValue) % ThrottleLimit));
                var token = _stopping.Token;
                var task = Task.Run(
                    () =>
                    {
                        // The call's own flow (and any credential refresh in it) reports its retry waits to this item's bar.
                        using (RetryObservation.Observe(progress))
                        {
                            return _client.SendAsync(call, credential, _options, log, token);
                        }
                    },
                    token);
                return new WorkItem(uri, call, log, progress, task, null);
            }
            catch (CrossAcctApiException ex)
            {
                return new WorkItem(uri, null, null, null, null, ex);
            }
        }

        private ApiRequest BuildRequest(Uri uri)
        {
            var contentType = string.IsNullOrWhiteSpace(ContentType) ? null : ContentType!.Trim();
            ApiRequestBody? body;
            if (InFile != null)
            {
                body = FileRequestBody.Open(ResolveInFile(InFile));
                contentType ??= HttpBodyArgument.BinaryContentType;
            }
            else
            {
                body = HttpBodyArgument.Convert(Body, ref contentType, ToJson);
            }

            return new ApiRequest(uri, Method)
            {
                Headers = _headers,
                Body = body,
                ContentType = body is null ? ContentType : contentType,
                Region = Region,
                Service = Service,
                Stage = string.IsNullOrWhiteSpace(Stage) ? null : Stage,
                OutFile = OutFile is null ? null : GetUnresolvedProviderPathFromPSPath(OutFile),
            };
        }

        private string ResolveInFile(string path)
        {
            try
            {
                var resolved = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var provider);
                if (resolved.Count == 1 && provider.Name == "FileSystem")
                {
                    return resolved[0];
                }
            }
            catch (ItemNotFoundException)
            {
                // Reported below as InFileNotReadable, with the path as given.
            }
            catch (System.Management.Automation.DriveNotFoundException)
            {
            }

            return GetUnresolvedProviderPathFromPSPath(path);
        }

        private AwsCredential ResolveCredential()
        {
            if (_commandLineCredential != null)
            {
                return _commandLineCredential;
            }

            // A piped object counts as a credential only if it has credential properties: a CSV row with a Uri column
            // binds to -Credential too (by value), and is meant for -Uri alone.
            if (Credential != null && CredentialArgument.LooksLikeCredential(Credential))
            {
                return CredentialArgument.Convert(Credential);
            }

            return _foundCredential ??= FindCredential();
        }

        private AwsCredential FindCredential()
        {
            if (ParameterSetName == ProfileSet)
            {
                return FromResolver(ProfileName);
            }

            // The environment is read here before the AWS SDK is loaded for the default chain (which reads it too).
            return CredentialShape.FromEnvironment(Environment.GetEnvironmentVariable) ?? FromResolver(null);
        }

        private AwsCredential FromResolver(string? profileName)
        {
            ISourceCredentialResolver resolver = StsComponent.Services.SourceCredentials;
            try
            {
                var source = resolver.ResolveAsync(profileName, _stopping.Token).GetAwaiter().GetResult();
                return SourceCredentialRefresher.ToCredential(resolver, profileName, source);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>The retry waits of the call being waited for and of the calls still queued behind it (pipeline thread only).</summary>
        private void ShowRetries(WorkItem waitingFor)
        {
            waitingFor.Progress!.Show(this);
            foreach (var queued in _pending)
            {
                queued.Progress?.Show(this);
            }
        }

        /// <summary>Writes the results of calls at the head of the queue that have finished, without waiting.</summary>
        private void WriteFinishedHead()
        {
            while (_pending.Count > 0 && _pending.Peek().IsFinished)
            {
                Complete(_pending.Dequeue());
            }
        }

        /// <summary>Waits for one call (writing its verbose lines as they come) and writes its output or error.</summary>
        private void Complete(WorkItem item)
        {
            if (item.Failure != null)
            {
                WriteError(ErrorRecordFactory.Create(item.Failure, item.Uri));
                return;
            }

            var task = item.Task!;
            while (!task.IsCompleted)
            {
                // Failures are read below, from the task itself.
                task.WaitQuietly(TimeSpan.FromMilliseconds(200));
                item.Log!.Flush(this);
                ShowRetries(item);
            }

            item.Log!.Flush(this);
            item.Progress!.Complete(this);
            if (task.IsCanceled || (_stopping.IsCancellationRequested && task.IsFaulted && task.Exception!.InnerException is OperationCanceledException))
            {
                throw new PipelineStoppedException();
            }

            if (task.IsFaulted)
            {
                var error = task.Exception!.InnerException!;
                switch (error)
                {
                    case ApiCallException failed:
                        WriteError(ApiErrorRecord(failed, item.Uri));
                        return;
                    case CrossAcctApiException known:
                        WriteError(ErrorRecordFactory.Create(known, item.Uri));
                        return;
                    case OperationCanceledException _:
                        throw new PipelineStoppedException();
                    default:
                        throw error;
                }
            }

            WriteResponse(task.Result);
        }

        private void WriteResponse(ApiResponse response)
        {
            WriteVerbose(response.Method + " " + response.Uri.AbsoluteUri + ": " + response.StatusCode + " " + response.ReasonPhrase + " in "
                + (long)response.Elapsed.TotalMilliseconds + " ms, " + response.Attempts + (response.Attempts == 1 ? " attempt" : " attempts")
                + (response.RequestId is null ? string.Empty : ", request id " + response.RequestId) + ".");
            if (StatusCodeVariable != null)
            {
                SessionState.PSVariable.Set(StatusCodeVariable, response.StatusCode);
            }

            if (ResponseHeadersVariable != null)
            {
                SessionState.PSVariable.Set(ResponseHeadersVariable, new Dictionary<string, string[]>(response.Headers.ToDictionary(h => h.Key, h => h.Value), StringComparer.OrdinalIgnoreCase));
            }

            if (!response.IsSuccess && !SkipHttpErrorCheck.IsPresent)
            {
                WriteError(ApiErrorRecord(response.ToException(), response.Uri));
                return;
            }

            if (response.OutFile != null || (response.Call.OutFile != null && WriteErrorBodyToFile(response)))
            {
                if (AsResponse.IsPresent)
                {
                    WriteObject(new SignedHttpApiResponse(response, null, null));
                }

                return;
            }

            var content = HttpResponseContent.Read(response);
            var isArray = false;
            var parsed = content.IsJson && content.Value is string json ? FromJson(json, out isArray) : null;
            if (AsResponse.IsPresent)
            {
                WriteObject(new SignedHttpApiResponse(response, content.Value, parsed != null ? AsOneValue(parsed, isArray) : content.Value));
                return;
            }

            if (parsed != null)
            {
                // Like Invoke-RestMethod: a JSON array is written item by item.
                foreach (var item in parsed)
                {
                    WriteObject(item);
                }
            }
            else if (content.Value != null)
            {
                WriteObject(content.Value);
            }
        }

        /// <summary>With -SkipHttpErrorCheck, an error answer goes to -OutFile too (as with Invoke-RestMethod).</summary>
        private bool WriteErrorBodyToFile(ApiResponse response)
        {
            try
            {
                File.WriteAllBytes(response.Call.OutFile!, response.Body ?? Array.Empty<byte>());
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteError(ErrorRecordFactory.Create(ApiErrorIds.OutFileNotWritable, FailureKind.InvalidOperation, "The answer could not be written to " + response.Call.OutFile + ": " + ex.Message, response.Call.OutFile, "Check the folder and the file's permissions."));
            }

            return true;
        }

        /// <summary>
        /// The error record of a failed call: the diagnosis as message, the recommended action, and the response body
        /// (session token redacted), which Invoke-RestMethod users look for in ErrorDetails.
        /// </summary>
        private static ErrorRecord ApiErrorRecord(ApiCallException exception, Uri uri)
        {
            var record = ErrorRecordFactory.Create(exception, uri);
            var details = ShowsRecommendedAction ? exception.Message : exception.Message + Environment.NewLine + exception.RecommendedAction;
            var body = exception.ResponseBody;
            if (!string.IsNullOrEmpty(body))
            {
                details += Environment.NewLine + "Response body: " + body;
            }

            record.ErrorDetails = new ErrorDetails(details) { RecommendedAction = exception.RecommendedAction };
            return record;
        }

        /// <summary>ConvertFrom-Json's result, or null when the text is not JSON after all (then it is returned as text).</summary>
        private List<object?>? FromJson(string text, out bool isArray)
        {
            isArray = text.TrimStart().StartsWith("[", StringComparison.Ordinal);
            if (PowerShellJson.IsAvailable)
            {
                // The reader behind ConvertFrom-Json, without a nested pipeline per response (the hot path at many calls).
                if (!PowerShellJson.TryRead(text, out var value))
                {
                    return null;
                }

                var values = new List<object?>();
                if (isArray && value is object[] elements)
                {
                    values.AddRange(elements);
                }
                else
                {
                    values.Add(value);
                }

                return values;
            }

            Collection<PSObject> results;
            try
            {
                results = SessionState.InvokeCommand.InvokeScript(false, _fromJson!, null, text);
            }
            catch (RuntimeException)
            {
                return null;
            }

            var items = new List<object?>();
            foreach (var result in results)
            {
                // Windows PowerShell's ConvertFrom-Json writes a JSON array as one object[]; PowerShell 7 enumerates it.
                if (isArray && results.Count == 1 && result?.BaseObject is object[] array)
                {
                    items.AddRange(array);
                }
                else
                {
                    items.Add(result);
                }
            }

            return items;
        }

        /// <summary>The parsed content as one value: the object, or an array for a JSON array (however long).</summary>
        private static object? AsOneValue(List<object?> parsed, bool isArray) =>
            isArray ? parsed.ToArray() : parsed.Count == 0 ? null : parsed[0];

        private string ToJson(object value)
        {
            var results = SessionState.InvokeCommand.InvokeScript(false, _toJson!, null, value);
            return results.Count == 0 || results[0] is null ? "null" : results[0].BaseObject.ToString() ?? "null";
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

        private sealed class WorkItem
        {
            public WorkItem(Uri uri, PreparedApiCall? call, BufferedCallLog? log, RetryProgress? progress, Task<ApiResponse>? task, CrossAcctApiException? failure)
            {
                Uri = uri;
                Call = call;
                Log = log;
                Progress = progress;
                Task = task;
                Failure = failure;
            }

            public Uri Uri { get; }

            public PreparedApiCall? Call { get; }

            public BufferedCallLog? Log { get; }

            public RetryProgress? Progress { get; }

            public Task<ApiResponse>? Task { get; }

            public CrossAcctApiException? Failure { get; }

            public bool IsFinished => Task is null || Task.IsCompleted;
        }
    }
}
