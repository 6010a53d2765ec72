using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Access;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Http;
using CrossAcctApi.Core.Runtime;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi
{
    /// <summary>
    /// <para type="synopsis">Proves what an account can and cannot call: assumes each role once, calls each route, and reports PASS or FAIL against the expectation.</para>
    /// <para type="description">See the module's help file (Get-Help Test-CrossAccountAccess -Full).</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "CrossAccountAccess", DefaultParameterSetName = DefaultChainSet)]
    [OutputType(typeof(CrossAccountAccessResult))]
    [OutputType(typeof(bool))]
    public sealed class TestCrossAccountAccessCommand : PSCmdlet, IDisposable
    {
        public const string DefaultChainSet = "DefaultChain";
        public const string CredentialSet = "Credential";
        public const string ProfileSet = "Profile";

        private const int DefaultThrottleLimit = 5;
        private const int ProgressActivityId = 0x7E57;

        private static string? _defaultSessionName;

        private readonly List<AccessTarget> _targets = new List<AccessTarget>();
        private CancellationTokenSource _stopping = new CancellationTokenSource();
        private SignedApiClient _client = null!;
        private ApiCallOptions _options = null!;
        private AwsCredential? _source;
        private string _sessionName = string.Empty;
        private bool _inputErrors;

        /// <summary><para type="description">The role to assume in the API's account (arn:aws:iam::&lt;account&gt;:role/&lt;name&gt;). Needed for signed checks; an unsigned probe assumes no role.</para></summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.RoleArnCompleter))]
        public string? RoleArn { get; set; }

        /// <summary><para type="description">The URL(s) to call, as for Invoke-SignedHttpApi. Several URLs are several checks with the same role and expectation.</para></summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Url")]
        [AllowEmptyString]
        public string[] Uri { get; set; } = null!;

        /// <summary><para type="description">The HTTP method. Default GET.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.HttpMethodCompleter))]
        public string? Method { get; set; }

        /// <summary><para type="description">Allowed or Denied: what the check must find. Default Allowed for a signed check, Denied for an unsigned probe.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Expected")]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(AccessArgumentCompleter))]
        public string? Expect { get; set; }

        /// <summary><para type="description">The external id the role's trust policy requires (sts:ExternalId).</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        public string? ExternalId { get; set; }

        /// <summary><para type="description">The API stage the URL addresses ($default for none), which makes the invoke ARN in the result exact.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        public string? Stage { get; set; }

        /// <summary><para type="description">The region of the API (and of the STS endpoint used). Read from execute-api host names; needed for custom domains and loopback unless AWS_REGION is set.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.RegionCompleter))]
        public string? Region { get; set; }

        /// <summary><para type="description">Signed (default): call as the assumed role. Unsigned: call without a signature, to prove the route refuses it.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(AccessArgumentCompleter))]
        public string? Probe { get; set; }

        /// <summary><para type="description">The credentials the roles are assumed with (account B's), in any shape Get-AssumedRoleCredential accepts.</para></summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [AllowNull]
        public object? Credential { get; set; }

        /// <summary><para type="description">Assume the roles with this profile of the shared AWS config and credentials files.</para></summary>
        [Parameter(Mandatory = true, ParameterSetName = ProfileSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.ProfileNameCompleter))]
        public string ProfileName { get; set; } = string.Empty;

        /// <summary><para type="description">The STS endpoint to assume the roles at (default: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, else the API region's regional endpoint).</para></summary>
        [Parameter]
        public System.Uri? StsEndpoint { get; set; }

        /// <summary><para type="description">The role session name (default: your user name and the time of the first check in this session).</para></summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RoleSessionName { get; set; }

        /// <summary><para type="description">Return only $true (every check passed) or $false.</para></summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        /// <summary><para type="description">How many checks may run at once. Default 5.</para></summary>
        [Parameter]
        [ValidateRange(1, SharedHttpClient.MaxConnectionsPerServer)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        /// <summary><para type="description">How long one call may take, in seconds. 0 (the default) means 100 seconds.</para></summary>
        [Parameter]
        [ValidateRange(0, 2000000)]
        public int TimeoutSec { get; set; }

        /// <summary><para type="description">Retries after throttling, 502, 503, 504 and connection failures before a check is reported as an Error. Default 3.</para></summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int MaximumRetryCount { get; set; } = 3;

        /// <summary>Cancels checks still in flight (when an error stopped the pipeline, say).</summary>
        public void Dispose() => _stopping.Cancel();

        protected override void BeginProcessing()
        {
            _stopping = new CancellationTokenSource();
            _client = SignedApiClient.Shared;
            _sessionName = RoleSessionName ?? DefaultSessionName();
            try
            {
                _options = new ApiCallOptions
                {
                    MaximumRetryCount = MaximumRetryCount,
                    Timeout = TimeoutSec > 0 ? TimeSpan.FromSeconds(TimeoutSec) : ApiCallOptions.DefaultTimeout,
                    GetEnvironmentVariable = Environment.GetEnvironmentVariable,
                };
                if (ParameterSetName == CredentialSet)
                {
                    _source = Credential is null
                        ? throw CredentialErrors.Required("-Credential was given, but its value is null.")
                        : CredentialArgument.Convert(Credential);
                }

                if (StsEndpoint != null)
                {
                    // Checked now, so that a typo fails once instead of once per role.
                    Core.Sts.StsEndpoint.Resolve(StsEndpoint, "us-east-1", Environment.GetEnvironmentVariable);
                }
            }
            catch (CrossAcctApiException ex)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(ex));
            }
        }

        /// <summary>Checks every target of the record and keeps it; nothing is sent before all input has been read.</summary>
        protected override void ProcessRecord()
        {
            foreach (var uri in Uri ?? Array.Empty<string>())
            {
                var input = new AccessTargetInput
                {
                    RoleArn = RoleArn,
                    Uri = uri,
                    Method = Method,
                    Expect = Expect,
                    ExternalId = ExternalId,
                    Stage = Stage,
                    Region = Region,
                    Probe = Probe,
                };
                try
                {
                    _targets.Add(AccessTarget.Create(input, _client, _options, _sessionName));
                    Completion.RecentRoleArns.Record(RoleArn);
                }
                catch (CrossAcctApiException ex)
                {
                    _inputErrors = true;
                    WriteError(ErrorRecordFactory.Create(ex, uri));
                }
            }
        }

        protected override void EndProcessing()
        {
            if (_targets.Count == 0)
            {
                if (Quiet)
                {
                    // Nothing was checked, so nothing was proven.
                    WriteObject(false);
                }

                return;
            }

            var roles = CrossAccountAccessChecker.CountRoles(_targets);
            WriteVerbose("Checking " + Count(_targets.Count, "target") + " with " + Count(roles, "role session") + ", up to " + ThrottleLimit + " at a time.");
            var provider = roles > 0 ? CreateProvider() : null;
            var checker = new CrossAccountAccessChecker(provider ?? NoRoles.Instance, _client, SharedHttpClient.Instance, _options);
            var retries = new RetryProgress(ProgressActivityId + 1, _targets.Count > 1 ? ProgressActivityId : -1);
            AccessRun run;
            using (RetryObservation.Observe(retries))
            {
                // The checks' flows report their waits before retries (STS throttling, 503s) to this bar.
                run = checker.Start(_targets, ThrottleLimit, _stopping.Token);
            }

            var allPassed = !_inputErrors;
            var failed = 0;
            var progress = _targets.Count > 1 ? new ProgressRecord(ProgressActivityId, "Test-CrossAccountAccess", "Starting") : null;
            var shown = -1;
            for (var i = 0; i < run.Count; i++)
            {
                var task = run.Results[i];
                while (!task.IsCompleted)
                {
                    ((IAsyncResult)task).AsyncWaitHandle.WaitOne(TimeSpan.FromMilliseconds(100));
                    ShowProgress(progress, run, failed, ref shown);
                    retries.Show(this);
                }

                var result = Finished(task);
                if (!result.Passed)
                {
                    failed++;
                    allPassed = false;
                }

                WriteVerbose(result.ToString());
                if (!Quiet)
                {
                    WriteObject(result);
                }

                ShowProgress(progress, run, failed, ref shown);
            }

            retries.Complete(this);
            if (progress != null)
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }

            if (provider is AssumedRoleCredentialProvider assumed)
            {
                WriteVerbose("Role sessions: " + Count(assumed.StsCalls, "AssumeRole call") + ", " + Count(assumed.CacheHits, "cached session") + " reused.");
            }

            if (Quiet)
            {
                WriteObject(allPassed);
            }
        }

        protected override void StopProcessing() => _stopping.Cancel();

        private CrossAccountAccessResult Finished(Task<CrossAccountAccessResult> task)
        {
            if (task.IsCanceled || _stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }

            if (task.IsFaulted)
            {
                // Only a bug gets here: every failure of a check is a result.
                throw task.Exception!.InnerException!;
            }

            return task.Result;
        }

        /// <summary>Written from the pipeline thread only (PowerShell's rule); silent under $ProgressPreference = 'SilentlyContinue'.</summary>
        private void ShowProgress(ProgressRecord? progress, AccessRun run, int failed, ref int shown)
        {
            var done = run.Completed;
            if (progress is null || done == shown)
            {
                return;
            }

            shown = done;
            progress.StatusDescription = done + " of " + run.Count + " checked" + (failed > 0 ? ", " + failed + " failed so far" : string.Empty);
            progress.PercentComplete = (int)(100L * done / run.Count);
            WriteProgress(progress);
        }

        /// <summary>
        /// The roles are assumed with the source credential through the same session cache and STS component as
        /// Get-AssumedRoleCredential. A source that cannot be found makes every signed check an AssumeRole error.
        /// </summary>
        private IRoleCredentialProvider CreateProvider()
        {
            var clock = SystemClock.Instance;
            try
            {
                Func<CancellationToken, Task<CredentialKeys>> keys;
                string description;
                if (_source != null)
                {
                    var source = _source;
                    keys = token => source.GetKeysAsync(clock.UtcNow, token);
                    description = "the credential " + (source.AssumedRoleArn ?? source.AccessKeyId);
                }
                else
                {
                    var resolver = StsComponent.Services.SourceCredentials;
                    var profile = ParameterSetName == ProfileSet ? ProfileName : null;
                    var first = resolver.ResolveAsync(profile, _stopping.Token).GetAwaiter().GetResult();
                    keys = async token => (await resolver.ResolveAsync(profile, token).ConfigureAwait(false)).Keys;
                    description = first.Description;
                }

                var sessions = new AssumedRoleSessions(StsComponent.Services.RoleAssumer, AssumedRoleCache.Shared);
                var stsEndpoint = StsEndpoint;
                return new AssumedRoleCredentialProvider(
                    sessions,
                    keys,
                    description,
                    region => Core.Sts.StsEndpoint.Resolve(stsEndpoint, region, Environment.GetEnvironmentVariable),
                    clock);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (CrossAcctApiException ex)
            {
                WriteVerbose("No role can be assumed: " + ex.Message);
                return new FailingRoles(ex);
            }
        }

        private static string DefaultSessionName()
        {
            // One name per process, as Get-AssumedRoleCredential does: a name per run would make every run a new session.
            if (_defaultSessionName is null)
            {
                Interlocked.CompareExchange(ref _defaultSessionName, AssumeRoleRequest.DefaultSessionName(Environment.UserName, SystemClock.Instance.UtcNow), null);
            }

            return _defaultSessionName!;
        }

        private static string Count(int n, string what) => n.ToString(CultureInfo.InvariantCulture) + " " + what + (n == 1 ? string.Empty : "s");

        /// <summary>Every assumption fails the same way (the source credentials could not be found).</summary>
        private sealed class FailingRoles : IRoleCredentialProvider
        {
            private readonly CrossAcctApiException _error;

            public FailingRoles(CrossAcctApiException error) => _error = error;

            public Task<AwsCredential> GetCredentialAsync(AssumeRoleRequest request, string stsRegion, CancellationToken cancellationToken) =>
                Task.FromException<AwsCredential>(_error);
        }

        /// <summary>For runs of unsigned probes only: no role is assumed, so the STS component is never loaded.</summary>
        private sealed class NoRoles : IRoleCredentialProvider
        {
            public static readonly NoRoles Instance = new NoRoles();

            public Task<AwsCredential> GetCredentialAsync(AssumeRoleRequest request, string stsRegion, CancellationToken cancellationToken) =>
                throw new InvalidOperationException("No role was expected to be assumed in this run.");
        }
    }
}
