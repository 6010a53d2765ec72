using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using System.Threading;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Signing;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi
{
    /// <summary>
    /// <para type="synopsis">Signs an HTTP request for an IAM-authorized API Gateway HTTP API with SigV4, without sending it.</para>
    /// <para type="description">
    /// Returns the signed request: its headers (Authorization, X-Amz-Date, X-Amz-Security-Token), or with -Presign a
    /// presigned URL, plus the canonical request and string to sign for debugging signature mismatches. The signature
    /// and session token are redacted in every property; send the request with $r.GetUri() and $r.GetHeaders().
    /// </para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "SignedHttpApiRequest", DefaultParameterSetName = CredentialSet)]
    [OutputType(typeof(SignedHttpApiRequest))]
    public sealed class NewSignedHttpApiRequestCommand : PSCmdlet, IDisposable
    {
        public const string CredentialSet = "Credential";
        public const string KeysSet = "Keys";

        internal const string ExpiresInRequiresPresign = "ExpiresInRequiresPresign";
        internal const string PayloadHashHeaderWithPresign = "PayloadHashHeaderWithPresign";

        private const int DefaultExpiresInSeconds = 900;

        private static readonly SigV4Signer Signer = new SigV4Signer();

        // Reading keys may refresh the credential (an STS call); Ctrl+C cancels that wait.
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        private List<KeyValuePair<string, string>> _headers = new List<KeyValuePair<string, string>>();
        private byte[]? _body;

        // A credential given on the command line (or as keys) is converted once; one from the pipeline, per record.
        private AwsCredential? _commandLineCredential;
        private bool _credentialOnCommandLine;

        /// <summary><para type="description">The URL to sign: https://{api-id}.execute-api.{region}.amazonaws.com/{stage}/{path}, or a custom domain (then -Region is needed).</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Url")]
        public Uri Uri { get; set; } = null!;

        /// <summary><para type="description">The HTTP method; standard methods are signed in upper case. Default GET.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.HttpMethodCompleter))]
        public string Method { get; set; } = "GET";

        /// <summary><para type="description">Headers to send and sign (an [ordered] dictionary keeps their order). Authorization, X-Amz-Date and X-Amz-Security-Token are added by the signer and cannot be given.</para></summary>
        [Parameter]
        public IDictionary? Header { get; set; }

        /// <summary><para type="description">The body: a string (signed and to be sent as UTF-8) or a byte[].</para></summary>
        [Parameter]
        public object? Body { get; set; }

        /// <summary><para type="description">The credential: the module's credential object, AWS CLI assume-role JSON (as text or after ConvertFrom-Json) or its .Credentials, AWS.Tools Use-STSRole output, a hashtable with AccessKeyId/SecretAccessKey/SessionToken, AccessKey/SecretKey/Token or aws_access_key_id/... names. Without it, and without -AccessKeyId, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN are used.</para></summary>
        [Parameter(ParameterSetName = CredentialSet, ValueFromPipeline = true)]
        public object? Credential { get; set; }

        /// <summary><para type="description">The access key id, with -SecretAccessKey (and -SessionToken for temporary credentials).</para></summary>
        [Parameter(ParameterSetName = KeysSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string AccessKeyId { get; set; } = null!;

        /// <summary><para type="description">The secret access key, as a SecureString or a string.</para></summary>
        [Parameter(ParameterSetName = KeysSet, Mandatory = true)]
        [SecretArgumentTransformation]
        public SecureString SecretAccessKey { get; set; } = null!;

        /// <summary><para type="description">The session token of temporary credentials, as a SecureString or a string.</para></summary>
        [Parameter(ParameterSetName = KeysSet)]
        [SecretArgumentTransformation]
        public SecureString? SessionToken { get; set; }

        /// <summary><para type="description">The region to sign for. Read from execute-api host names; needed for custom domains and other hosts unless AWS_REGION or AWS_DEFAULT_REGION is set.</para></summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completion.RegionCompleter))]
        public string? Region { get; set; }

        /// <summary><para type="description">The service to sign for. Default execute-api.</para></summary>
        [Parameter]
        public string? Service { get; set; }

        /// <summary><para type="description">The signing time. Default: now (UTC).</para></summary>
        [Parameter]
        public DateTimeOffset Timestamp { get; set; }

        /// <summary><para type="description">Return a presigned URL (signature in the query string) instead of signed headers.</para></summary>
        [Parameter]
        public SwitchParameter Presign { get; set; }

        /// <summary><para type="description">Lifetime of the presigned URL in seconds, 1 to 604800 (7 days). Default 900. Only with -Presign.</para></summary>
        [Parameter]
        [ValidateRange(1, 604800)]
        public int ExpiresIn { get; set; } = DefaultExpiresInSeconds;

        /// <summary><para type="description">Also send and sign x-amz-content-sha256 (the body's SHA-256).</para></summary>
        [Parameter]
        public SwitchParameter PayloadHashHeader { get; set; }

        protected override void BeginProcessing()
        {
            // Combinations and request-wide arguments are checked once, before any credential is read or refreshed.
            if (MyInvocation.BoundParameters.ContainsKey(nameof(ExpiresIn)) && !Presign.IsPresent)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    ExpiresInRequiresPresign,
                    FailureKind.InvalidArgument,
                    "-ExpiresIn sets the lifetime of a presigned URL and needs -Presign.",
                    ExpiresIn,
                    "Add -Presign, or leave out -ExpiresIn."));
            }

            if (Presign.IsPresent && PayloadHashHeader.IsPresent)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    PayloadHashHeaderWithPresign,
                    FailureKind.InvalidArgument,
                    "-PayloadHashHeader adds an x-amz-content-sha256 header, which a presigned URL cannot carry.",
                    null,
                    "Leave out -PayloadHashHeader with -Presign."));
            }

            try
            {
                _body = RequestArguments.Body(Body);
                _headers = RequestArguments.Headers(Header);

                // Header names and values are checked now (reserved names, CR/LF injection), not once per URL.
                _ = new HttpRequestToSign("GET", "localhost", "/", null, _headers);

                _credentialOnCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Credential));
                if (ParameterSetName == KeysSet)
                {
                    _commandLineCredential = CredentialShape.FromParameters(AccessKeyId, SecretAccessKey, SessionToken);
                }
                else if (_credentialOnCommandLine && Credential != null)
                {
                    _commandLineCredential = CredentialArgument.Convert(Credential);
                }
            }
            catch (CrossAcctApiException ex)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(ex));
            }
        }

        protected override void ProcessRecord()
        {
            try
            {
                WriteObject(SignOne());
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Stopped (Ctrl+C): PowerShell ends the pipeline itself; there is nothing to report.
            }
            catch (CrossAcctApiException ex)
            {
                // One bad input (a URL from a CSV row, a piped credential) is reported, and the rest go on.
                WriteError(ErrorRecordFactory.Create(ex, Uri));
            }
        }

        private SignedHttpApiRequest SignOne()
        {
            // SigV4 dates have whole seconds: truncate first, so that SigningTime and ExpiresAt show what was signed.
            var requested = MyInvocation.BoundParameters.ContainsKey(nameof(Timestamp)) ? Timestamp : DateTimeOffset.UtcNow;
            var signingTime = new DateTimeOffset(requested.UtcTicks - (requested.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
            var method = RequestArguments.NormalizeMethod(Method);

            var endpoint = ApiEndpoint.Parse(Uri);
            var scope = SigningScope.Resolve(endpoint, Region, Service, Environment.GetEnvironmentVariable);
            if (scope.ConflictsWithHost)
            {
                WriteWarning("Signing for " + scope.Region + " (-Region), but the host " + endpoint.Host + " is in " + scope.HostRegion + "; API Gateway will refuse the signature.");
            }

            var settings = new SigningSettings(scope.Region, scope.Service)
            {
                Location = Presign.IsPresent ? SignatureLocation.QueryString : SignatureLocation.Header,
                ExpiresIn = TimeSpan.FromSeconds(ExpiresIn),
                PayloadHashHeader = PayloadHashHeader.IsPresent,
            };
            var request = HttpRequestToSign.FromUri(method, endpoint.Uri, _headers).WithBody(_body);
            Signer.Validate(request, settings);

            // Only now, with everything else valid, are the keys read (which may refresh the credential).
            var credential = ResolveCredential();
            var keys = credential.GetKeysAsync(signingTime, _stopping.Token).GetAwaiter().GetResult();
            var signed = Signer.Sign(request, keys, settings, signingTime);
            var redactor = new SecretRedactor(keys.SessionToken, signed.Signature);

            var url = signed.Url ?? throw new InvalidOperationException("A request made with HttpRequestToSign.FromUri has a URL.");
            DateTimeOffset? expiresAt = Presign.IsPresent ? signingTime + settings.ExpiresIn : (DateTimeOffset?)null;
            var result = new SignedHttpApiRequest(signed, url, keys.AccessKeyId, _body, expiresAt, redactor);

            WriteVerbose("Signed " + result.Method + " " + result.Uri + " for " + scope.Region + "/" + scope.Service + " (region from " + scope.RegionOrigin + ") at " + result.SigningTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) + ".");
            WriteVerbose("Credential: " + credential + ".");
            WriteVerbose((Presign.IsPresent ? "Presigned URL, valid until " + result.ExpiresAt!.Value.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) + "; signed headers: " : "Signed headers: ") + result.SignedHeaders);
            WriteDebug("Canonical request (session token redacted):\n" + result.CanonicalRequest);
            WriteDebug("String to sign:\n" + result.StringToSign);
            return result;
        }

        protected override void StopProcessing() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();

        private AwsCredential ResolveCredential()
        {
            if (_commandLineCredential != null)
            {
                return _commandLineCredential;
            }

            // A piped object counts as a credential only if it has credential properties: a CSV row with a Uri column
            // binds to -Credential too (by value), and is meant for -Uri alone.
            if (!_credentialOnCommandLine && Credential != null && CredentialArgument.LooksLikeCredential(Credential))
            {
                return CredentialArgument.Convert(Credential);
            }

            if (_credentialOnCommandLine && Credential == null)
            {
                // An explicit -Credential $null is most often a variable left empty by a failed step: say so rather
                // than quietly signing with whatever the environment holds.
                throw CredentialErrors.Required("-Credential was given, but its value is null.");
            }

            return CredentialShape.FromEnvironment(Environment.GetEnvironmentVariable)
                ?? throw CredentialErrors.Required("No credentials: -Credential and -AccessKeyId were not given, and AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.");
        }
    }
}
