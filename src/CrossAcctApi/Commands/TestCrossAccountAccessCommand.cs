using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Access;
using CrossAcctApi.Core.Http;
using CrossAcctApi.Core.Runtime;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi
{
    /// <summary>
    /// <para type="synopsis">Proves what an account can and cannot call: assumes each role once, calls each route, and reports PASS or FAIL against the expectation.</para>
    /// <para type="description">See the module's help file (Get-Help Test-CrossAccountAccess -Full).</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "CrossAccountAccess", DefaultParameterSetName = CredentialSet)]
    [OutputType(typeof(CrossAccountAccessResult))]
    [OutputType(typeof(bool))]
    public sealed class TestCrossAccountAccessCommand : IdentityCmdlet
    {
        private readonly List<AccessTarget> _targets = new List<AccessTarget>();
        private readonly TargetNotes _notes = new TargetNotes();
        private ApiCallOptions _options = null!;
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

        /// <summary><para type="description">HttpApi, RestApi, PrivateRestApi or FunctionUrl. Default: read from the URL (function URL and VPC endpoint names), else HttpApi.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        public string? EndpointKind { get; set; }

        /// <summary><para type="description">A function URL's function (ARN or name), which the URL does not name; shown in the result and its diagnosis.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("FunctionName")]
        [AllowNull]
        [AllowEmptyString]
        public string? FunctionArn { get; set; }

        /// <summary><para type="description">Signed (default): call as the assumed role. Direct: call as yourself, no role (a REST API's or a function's resource policy naming your account). Unsigned: call without a signature, to prove the route refuses it.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(AccessArgumentCompleter))]
        public string? Probe { get; set; }

        /// <summary><para type="description">The credentials the roles are assumed with (account B's), in any shape Get-AssumedRoleCredential accepts. Without it: -ProfileName, else the environment, else the default chain.</para></summary>
        [Parameter(ParameterSetName = CredentialSet)]
        [CredentialTransformation]
        public override object? Credential { get; set; }

        /// <summary><para type="description">The STS endpoint to assume the roles at (default: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, else the API region's regional endpoint).</para></summary>
        [Parameter]
        [Alias("EndpointUrl")]
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
        public int ThrottleLimit { get; set; } = 5;

        /// <summary><para type="description">How long one call may take, in seconds. 0 (the default) means 100 seconds.</para></summary>
        [Parameter]
        [ValidateRange(0, 2000000)]
        public int TimeoutSec { get; set; }

        /// <summary><para type="description">Retries after throttling, 502, 503, 504 and connection failures before a check is reported as an Error. Default 3.</para></summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int MaximumRetryCount { get; set; } = 3;

        protected override void Begin()
        {
            base.Begin();
            _options = CallOptionsArgument.Create(TimeoutSec, MaximumRetryCount);
            // Checked now, so that a typo fails once instead of once per role.
            Core.Sts.StsEndpoint.Resolve(StsEndpoint, "us-east-1", Environment.GetEnvironmentVariable);
        }

        /// <summary>Checks every target of the record and keeps it; nothing is sent before all input has been read.</summary>
        protected override void Process()
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
                    EndpointKind = EndpointKind,
                    FunctionArn = FunctionArn,
                };
                try
                {
                    var target = AccessTarget.Create(input, ModuleEngine.Client, _options, RoleSessionName, ModuleEngine.RoleSessions.DefaultSessionName);
                    _notes.Warn(this, target.StageReading);
                    _targets.Add(target);
                    Completion.RecentRoleArns.Record(RoleArn);
                }
                catch (CrossAcctApiException ex)
                {
                    _inputErrors = true;
                    WriteFailure(ex, uri);
                }
            }
        }

        protected override void End()
        {
            if (CommandLineCredentialError != null)
            {
                // The identity the user chose cannot be read: nothing is checked as anyone else.
                WriteFailure(CommandLineCredentialError);
                _targets.Clear();
            }

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
            CrossAcctApiException? failure = null;
            var sessions = roles > 0 ? RoleSessionsOfIdentity(StsEndpoint, out failure) : null;
            IRoleCredentialProvider provider = roles == 0 ? FixedRoleCredentials.None : (IRoleCredentialProvider?)sessions ?? FixedRoleCredentials.Failing(failure!);
            var checker = new CrossAccountAccessChecker(provider, ModuleEngine.Client, SharedHttpClient.Instance, _options, _targets.Exists(t => t.Probe == AccessProbe.Direct) ? IdentityOnce() : null);
            var progress = new AccessRunProgress(_targets.Count);
            var retries = new RetryProgress(AccessRunProgress.ActivityId + 1, progress.ParentId);
            AccessRun run;
            using (RetryObservation.Observe(retries))
            {
                // The checks' flows report their waits before retries (STS throttling, 503s) to this bar.
                run = checker.Start(_targets, ThrottleLimit, StopToken);
            }

            var allPassed = !_inputErrors;
            var failed = 0;
            for (var i = 0; i < run.Count; i++)
            {
                var result = Wait(run.Results[i], () =>
                {
                    progress.Show(this, run, failed);
                    retries.Show(this);
                });
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
            }

            retries.Complete(this);
            progress.Complete(this);
            if (sessions != null)
            {
                WriteVerbose("Role sessions: " + Count(sessions.StsCalls, "AssumeRole call") + ", " + Count(sessions.CacheHits, "cached session") + " reused.");
            }

            if (Quiet)
            {
                WriteObject(allPassed);
            }
        }

        private static string Count(int n, string what) => n.ToString(CultureInfo.InvariantCulture) + " " + what + (n == 1 ? string.Empty : "s");
    }
}
