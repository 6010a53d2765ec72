using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Runtime;
using CrossAcctApi.Core.Sts;
using CrossAcctApi.Core.Credentials.Sources;

namespace CrossAcctApi
{
    /// <summary>
    /// <para type="synopsis">Assumes an IAM role (STS AssumeRole) and returns temporary credentials that renew themselves.</para>
    /// <para type="description">See the module's help file (Get-Help Get-AssumedRoleCredential -Full).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AssumedRoleCredential", DefaultParameterSetName = DefaultChainSet)]
    [OutputType(typeof(AwsCredential))]
    public sealed class GetAssumedRoleCredentialCommand : PSCmdlet
    {
        private const string DefaultChainSet = "DefaultChain";
        private const string ProfileSet = "Profile";
        private const string CredentialSet = "Credential";
        private const string DefaultRegion = "us-east-1";
        private const int RetryActivityId = 0x5150;

        private static string? _defaultSessionName;

        private CancellationTokenSource? _cancellation;
        private RetryProgress? _retryProgress;
        private bool _credentialOnCommandLine;

        /// <summary>The ARN of the role to assume.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.RoleArnCompleter))]
        public string RoleArn { get; set; } = string.Empty;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? RoleSessionName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int? DurationSeconds { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? ExternalId { get; set; }

        [Parameter]
        public string? SerialNumber { get; set; }

        [Parameter]
        public string? TokenCode { get; set; }

        [Parameter]
        public string? Policy { get; set; }

        [Parameter]
        public string[]? PolicyArn { get; set; }

        [Parameter]
        public Hashtable? Tag { get; set; }

        [Parameter]
        public string[]? TransitiveTagKey { get; set; }

        [Parameter]
        public string? SourceIdentity { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completion.RegionCompleter))]
        public string? Region { get; set; }

        [Parameter]
        public Uri? StsEndpoint { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ProfileSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.ProfileNameCompleter))]
        public string ProfileName { get; set; } = string.Empty;

        /// <summary>Source credentials by shape; piping this cmdlet's output here chains roles.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet, ValueFromPipeline = true)]
        public object? Credential { get; set; }

        [Parameter]
        public SwitchParameter NoCache { get; set; }

        [Parameter]
        public SwitchParameter DiskCache { get; set; }

        protected override void BeginProcessing()
        {
            _cancellation = new CancellationTokenSource();
            _credentialOnCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Credential));
            if (NoCache && DiskCache)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create("NoCacheWithDiskCache", FailureKind.InvalidArgument,
                    "-NoCache and -DiskCache contradict each other.", null, "Use one of them."));
            }
        }

        protected override void ProcessRecord()
        {
            CancellationToken cancellation = _cancellation!.Token;
            _retryProgress = new RetryProgress(RetryActivityId);
            try
            {
                AwsCredential credential;
                using (RetryObservation.Observe(_retryProgress))
                {
                    credential = Assume(cancellation);
                }

                _retryProgress.Complete(this);
                WriteObject(credential);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                // StopProcessing: PowerShell ends the pipeline itself.
            }
            catch (CrossAcctApiException error)
            {
                _retryProgress.Complete(this);
                WriteError(ErrorRecordFactory.Create(error, RoleArn));
            }
        }

        protected override void StopProcessing() => _cancellation?.Cancel();

        protected override void EndProcessing() => _cancellation?.Dispose();

        /// <summary>
        /// Synchronous on purpose: PowerShell's Write* methods work only on the pipeline thread, so each STS or source
        /// call is awaited here (the pipeline thread has no synchronization context to deadlock on) and every message
        /// is written in between.
        /// </summary>
        private AwsCredential Assume(CancellationToken cancellation)
        {
            ISystemClock clock = SystemClock.Instance;

            // Everything the user typed is checked before anything is loaded or sent.
            AssumeRoleRequest request = BuildRequest(clock);
            Completion.RecentRoleArns.Record(request.RoleArn.ToString());
            if (Region != null)
            {
                Core.Sts.StsEndpoint.ValidateRegion(Region);
            }

            Source source = ResolveSource(clock, cancellation);
            if (source.IsChained && DurationSeconds > AssumeRoleRequest.MaxChainedDurationSeconds)
            {
                Warn("The source credential is itself an assumed role (role chaining); AWS limits chained sessions to "
                    + AssumeRoleRequest.MaxChainedDurationSeconds + " seconds, so STS will refuse -DurationSeconds " + DurationSeconds + ".");
            }

            string region = Region ?? EnvironmentRegion() ?? source.Region ?? DefaultRegion;
            var endpoint = Core.Sts.StsEndpoint.Resolve(StsEndpoint, region, Environment.GetEnvironmentVariable);
            CredentialKeys caller = Wait(source.GetKeysAsync(cancellation));
            var key = AssumedRoleCacheKey.Create(caller, request, endpoint);
            AssumedRoleSessions sessions = CreateSessions(clock);

            AssumeRoleResult result;
            if (!NoCache && sessions.TryGetCached(key, null, out AssumeRoleResult cached, out string foundIn))
            {
                Verbose("Reusing the cached session " + cached.AssumedRoleArn + " (" + foundIn + " cache), valid until "
                    + cached.Expiration.ToString("u", CultureInfo.InvariantCulture) + ".");
                result = cached;
            }
            else
            {
                if (request.RequiresMfa && request.TokenCode is null)
                {
                    request = request.WithTokenCode(PromptForTokenCode(request.SerialNumber!));
                }

                Verbose("Assuming " + request + " with " + source.Description + " at " + endpoint + ".");
                result = Wait(NoCache
                    ? sessions.AssumeUncachedAsync(request, caller, endpoint, cancellation)
                    : sessions.AssumeAsync(key, request, caller, endpoint, null, cancellation));
                Verbose("STS issued " + result.AssumedRoleArn + " until " + result.Expiration.ToString("u", CultureInfo.InvariantCulture)
                    + (result.Retries > 0 ? " after " + result.Retries + " retries (throttling or server errors)." : "."));
            }

            var refresher = new AssumedRoleRefresher(sessions, request, endpoint, source.GetKeysAsync, useCache: !NoCache, result.Keys.AccessKeyId);
            return AssumedRoleSessions.CreateCredential(result, request, region, source.Description, refresher, clock);
        }

        private AssumeRoleRequest BuildRequest(ISystemClock clock)
        {
            string sessionName = string.IsNullOrEmpty(RoleSessionName) ? DefaultSessionName(clock) : RoleSessionName!;
            return new AssumeRoleRequest(
                RoleArn,
                sessionName,
                DurationSeconds,
                ExternalId,
                SerialNumber,
                TokenCode,
                Policy,
                PolicyArn,
                TagPairs(),
                TransitiveTagKey,
                SourceIdentity);
        }

        /// <summary>
        /// One default session name per process (user and the time of first use): a name that changed with every
        /// call would make every call a new session, defeating the cache and flooding CloudTrail with sessions.
        /// </summary>
        private static string DefaultSessionName(ISystemClock clock)
        {
            string? name = _defaultSessionName;
            if (name is null)
            {
                Interlocked.CompareExchange(ref _defaultSessionName, AssumeRoleRequest.DefaultSessionName(Environment.UserName, clock.UtcNow), null);
                name = _defaultSessionName!;
            }

            return name;
        }

        private IEnumerable<KeyValuePair<string, string>>? TagPairs()
        {
            if (Tag is null)
            {
                return null;
            }

            var pairs = new List<KeyValuePair<string, string>>();
            foreach (DictionaryEntry entry in Tag)
            {
                pairs.Add(new KeyValuePair<string, string>(
                    Convert.ToString(CredentialArgument.Unwrap(entry.Key), CultureInfo.InvariantCulture) ?? string.Empty,
                    Convert.ToString(CredentialArgument.Unwrap(entry.Value), CultureInfo.InvariantCulture) ?? string.Empty));
            }

            return pairs;
        }

        private Source ResolveSource(ISystemClock clock, CancellationToken cancellation)
        {
            // A pipeline object bound to -Credential that is not credential-shaped (a CSV row of roles) is input for
            // -RoleArn and friends, not a source: fall through to the default chain for it.
            if (Credential != null && (_credentialOnCommandLine || CredentialArgument.LooksLikeCredential(Credential)))
            {
                AwsCredential given = CredentialArgument.Convert(Credential);
                return Source.FromCredential(given, clock);
            }

            ISourceCredentialResolver resolver = StsComponent.Services.SourceCredentials;
            string? profile = ParameterSetName == ProfileSet ? ProfileName : null;
            SourceCredential first = Wait(resolver.ResolveAsync(profile, cancellation));
            return Source.FromResolver(resolver, profile, first);
        }

        private AssumedRoleSessions CreateSessions(ISystemClock clock)
        {
            AssumedRoleDiskCache? disk = DiskCache
                ? new AssumedRoleDiskCache(AssumedRoleDiskCache.DefaultDirectory(Environment.GetEnvironmentVariable), clock)
                : null;
            return new AssumedRoleSessions(StsComponent.Services.RoleAssumer, AssumedRoleCache.Shared, disk);
        }

        private string PromptForTokenCode(string serialNumber)
        {
            string? code = null;
            bool asked = false;
            try
            {
                if (CanPrompt())
                {
                    Host.UI.Write("MFA code for " + serialNumber + ": ");
                    code = Host.UI.ReadLine();
                    asked = true;
                }
            }
            catch (Exception error) when (error is PSInvalidOperationException || error is System.Management.Automation.Host.HostException || error is NotImplementedException || error is InvalidOperationException)
            {
                code = null;
            }

            // Asked but answered with nothing (Enter alone, end of input): say so, rather than blame the session.
            if (asked && string.IsNullOrWhiteSpace(code))
            {
                throw new CrossAcctApiException(StsErrorIds.MfaTokenCodeRequired, FailureKind.InvalidArgument,
                    "The role is assumed with MFA (" + serialNumber + ") but no code was entered at the prompt.",
                    serialNumber)
                {
                    RecommendedAction = "Run the command again and type the 6-digit code your MFA device shows now, or pass it with -TokenCode.",
                };
            }

            if (string.IsNullOrWhiteSpace(code))
            {
                throw new CrossAcctApiException(StsErrorIds.MfaTokenCodeRequired, FailureKind.InvalidArgument,
                    "The role is assumed with MFA (" + serialNumber + ") but no -TokenCode was given, and this session cannot ask for one (it is not interactive).",
                    serialNumber)
                {
                    RecommendedAction = "Pass -TokenCode with the 6-digit code your MFA device shows now, or run interactively to be asked.",
                };
            }

            return code!.Trim();
        }

        /// <summary>
        /// False for hosts without a user: pwsh -NonInteractive (runbooks, CI, credential_process), redirected input,
        /// hosts without a UI. The prompt is not even written there, so that it cannot corrupt captured output.
        /// </summary>
        private bool CanPrompt()
        {
            if (Host?.UI is null || Host.Name == "Default Host" || Host.Name == "ServerRemoteHost")
            {
                return false;
            }

            foreach (string argument in Environment.GetCommandLineArgs())
            {
                if (argument.StartsWith("-noni", StringComparison.OrdinalIgnoreCase) || argument.StartsWith("/noni", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }

            return !Console.IsInputRedirected;
        }

        private static string? EnvironmentRegion()
        {
            string? region = Environment.GetEnvironmentVariable("AWS_REGION");
            if (string.IsNullOrWhiteSpace(region))
            {
                region = Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION");
            }

            return string.IsNullOrWhiteSpace(region) ? null : region!.Trim();
        }

        /// <summary>
        /// Waits on the pipeline thread, showing the retry waits (throttled or unavailable STS) as they happen: the
        /// task announces them from its own thread, and only this thread may write progress.
        /// </summary>
        private T Wait<T>(Task<T> task)
        {
            // A cached session is a completed task: no wait handle is made for it.
            while (!task.IsCompleted && !((IAsyncResult)task).AsyncWaitHandle.WaitOne(TimeSpan.FromMilliseconds(50)))
            {
                _retryProgress?.Show(this);
            }

            return task.GetAwaiter().GetResult();
        }

        private void Verbose(string message) => WriteVerbose(message);

        private void Warn(string message) => WriteWarning(message);

        /// <summary>Where the caller's keys come from, now and at every refresh.</summary>
        private sealed class Source
        {
            private readonly Func<CancellationToken, Task<CredentialKeys>> _keys;

            private Source(Func<CancellationToken, Task<CredentialKeys>> keys, string description, string? region, bool isChained)
            {
                _keys = keys;
                Description = description;
                Region = region;
                IsChained = isChained;
            }

            public string Description { get; }

            public string? Region { get; }

            public bool IsChained { get; }

            public Task<CredentialKeys> GetKeysAsync(CancellationToken cancellation) => _keys(cancellation);

            public static Source FromCredential(AwsCredential credential, ISystemClock clock)
            {
                string who = credential.AssumedRoleArn ?? credential.RoleArn ?? credential.AccessKeyId;
                return new Source(
                    token => credential.GetKeysAsync(clock.UtcNow, token),
                    (credential.Source == CredentialSource.AssumeRole ? "the chained session " : "the credential ") + who,
                    credential.Region,
                    credential.Source == CredentialSource.AssumeRole || credential.AssumedRoleArn != null);
            }

            public static Source FromResolver(ISourceCredentialResolver resolver, string? profile, SourceCredential first)
            {
                SourceCredential? pending = first;
                return new Source(
                    async token =>
                    {
                        // The first keys were resolved already; a refresh resolves again (the SDK renews what it must).
                        SourceCredential current = Interlocked.Exchange(ref pending, null) ?? await resolver.ResolveAsync(profile, token).ConfigureAwait(false);
                        return current.Keys;
                    },
                    first.Description,
                    first.Region,
                    isChained: false);
            }
        }
    }
}
