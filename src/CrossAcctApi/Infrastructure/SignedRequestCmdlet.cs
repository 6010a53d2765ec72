using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Credentials.Sources;
using CrossAcctApi.Core.Requests;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi
{
    /// <summary>
    /// The parameters and steps Invoke-SignedHttpApi and New-SignedHttpApiRequest share: what the request is (URL,
    /// method, headers, body, region, service, stage), who signs it (the identity parameters, and optionally a role
    /// assumed on top of it) and the one way each becomes a core request or credential.
    /// </summary>
    public abstract class SignedRequestCmdlet : IdentityCmdlet
    {
        internal const string FormWithBody = "FormWithBody";

        private readonly Dictionary<string, AwsCredential> _roleSessions = new Dictionary<string, AwsCredential>(StringComparer.Ordinal);
        private IReadOnlyList<KeyValuePair<string, string>> _headers = Array.Empty<KeyValuePair<string, string>>();

        /// <summary><para type="description">The URL(s): https://{api-id}.execute-api.{region}.amazonaws.com/{stage}/{path}, or a custom domain (then -Region is needed).</para></summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Url")]
        [ValidateNotNullOrEmpty]
        public Uri[] Uri { get; set; } = null!;

        /// <summary><para type="description">The HTTP method. Default GET. Standard methods are sent and signed in upper case.</para></summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.HttpMethodCompleter))]
        [Alias("CustomMethod")]
        public string Method { get; set; } = "GET";

        /// <summary><para type="description">The body: a string (in the -ContentType charset, else UTF-8), a byte[] or a stream, or data (a hashtable, a PSCustomObject, an array of them), which is sent as JSON. With GET, a hashtable becomes the query string, as with Invoke-RestMethod (a space is sent as %20, a plus as %2B).</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object? Body { get; set; }

        /// <summary><para type="description">A multipart/form-data body, as Invoke-RestMethod -Form: a hashtable of fields whose values are text, numbers, files (Get-Item) or lists of them. Signed over the exact bytes sent.</para></summary>
        [Parameter]
        [ValidateNotNull]
        public IDictionary? Form { get; set; }

        /// <summary><para type="description">The Content-Type of the body. Default: application/json for data and JSON text, text/plain; charset=utf-8 for other text, application/octet-stream for bytes and files.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? ContentType { get; set; }

        /// <summary><para type="description">Headers to send and sign (an [ordered] dictionary keeps their order). Authorization, X-Amz-Date and X-Amz-Security-Token are the signer's and cannot be given.</para></summary>
        [Parameter]
        [Alias("Headers")]
        public IDictionary? Header { get; set; }

        /// <summary><para type="description">The region to sign for. Read from execute-api host names; needed for custom domains and loopback hosts unless AWS_REGION or AWS_DEFAULT_REGION is set.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completion.RegionCompleter))]
        public string? Region { get; set; }

        /// <summary><para type="description">The kind of endpoint: HttpApi, RestApi (the first path segment is always the stage), PrivateRestApi or FunctionUrl. Default: read from the URL (function URL and VPC endpoint names), else HttpApi.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public EndpointKind? EndpointKind { get => (EndpointKind?)_endpointKind; set => _endpointKind = value; }

        // Boxed: a field of the engine's EndpointKind? would make the runtime load the engine assembly while
        // Import-Module lists this assembly's types (Isolation.Tests.ps1 checks that the import does not load it).
        private object? _endpointKind;

        /// <summary><para type="description">A function URL's function, as an ARN or a name: the URL does not name it, and IAM authorises the call on it. Only for diagnosis and the ARN shown.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("FunctionName")]
        public string? FunctionArn { get; set; }

        /// <summary><para type="description">The service to sign for. Default: execute-api, lambda for function URLs.</para></summary>
        [Parameter]
        public string? Service { get; set; }

        /// <summary><para type="description">The API stage the URL addresses ($default for none), which makes the invoke ARN exact.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Stage { get; set; }

        /// <summary><para type="description">The credential: the output of Get-AssumedRoleCredential (also from the pipeline), AWS CLI assume-role JSON (as text, piped or not, or after ConvertFrom-Json) or its .Credentials, AWS.Tools output, a PSCredential, or a hashtable with AccessKeyId/SecretAccessKey/SessionToken. Without it: -ProfileName, else the environment, else the default chain.</para></summary>
        [Parameter(ParameterSetName = CredentialSet, ValueFromPipeline = true)]
        [CredentialTransformation]
        public override object? Credential { get; set; }

        /// <summary><para type="description">Assume this role with the identity first, and sign as the role session (cached and renewed like Get-AssumedRoleCredential's). Not taken from piped objects: a piped credential's own RoleArn describes it.</para></summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completion.RoleArnCompleter))]
        public string? RoleArn { get; set; }

        /// <summary><para type="description">The external id the role's trust policy requires (with -RoleArn).</para></summary>
        [Parameter]
        public string? ExternalId { get; set; }

        /// <summary><para type="description">The role session name (with -RoleArn). Default: your user name and the time of first use.</para></summary>
        [Parameter]
        public string? RoleSessionName { get; set; }

        /// <summary><para type="description">The role session's duration in seconds (with -RoleArn).</para></summary>
        [Parameter]
        [Alias("DurationInSeconds")]
        public int? DurationSeconds { get; set; }

        /// <summary><para type="description">The MFA device the role requires (with -RoleArn); the code is asked for, or given with -TokenCode.</para></summary>
        [Parameter]
        public string? SerialNumber { get; set; }

        /// <summary><para type="description">The STS endpoint for -RoleArn (default: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, else the API region's regional endpoint).</para></summary>
        [Parameter]
        [Alias("EndpointUrl")]
        public Uri? StsEndpoint { get; set; }

        /// <summary>The request headers, read once per command.</summary>
        protected IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

        protected override void Begin()
        {
            base.Begin();
            _headers = HeaderArgument.Read(Header);
        }

        /// <summary>
        /// The core request for <paramref name="uri"/>: the same URL, method, headers and body bytes whichever cmdlet
        /// sends or signs it (the body as the engine converts it, or the file <paramref name="inFile"/>, streamed).
        /// </summary>
        protected ApiRequest BuildRequest(Uri uri, string? inFile = null, string? outFile = null)
        {
            var contentType = string.IsNullOrWhiteSpace(ContentType) ? null : ContentType!.Trim();
            ApiRequestBody? body;
            if (Form != null)
            {
                if (Body != null || inFile != null)
                {
                    throw new CrossAcctApiException(FormWithBody, FailureKind.InvalidArgument, "{@Form} gives the body, and so does " + (Body != null ? "{@Body}" : "{@InFile}") + "; give one.", null)
                    {
                        RecommendedAction = "Leave out -Form, or -Body and -InFile.",
                    };
                }

                body = FormArgument.ToBody(Form, out var multipartType);
                contentType = multipartType;
            }
            else if (inFile is null && QueryBodyArgument.Applies(Body, Method))
            {
                uri = QueryBodyArgument.Append(uri, Body!);
                body = null;
            }
            else
            {
                body = inFile is null
                    ? RequestBodies.Convert(BodyArgument.ToData(Body), ref contentType)
                    : FileRequestBody.Open(FileArgument.Resolve(this, inFile));
            }

            return new ApiRequest(uri, Method)
            {
                Headers = Headers,
                Body = body,
                ContentType = body is null ? ContentType : contentType ?? RequestBodies.BinaryContentType,
                Region = Region,
                Service = Service,
                EndpointKind = EndpointKind,
                FunctionArn = string.IsNullOrWhiteSpace(FunctionArn) ? null : FunctionArn,
                Stage = string.IsNullOrWhiteSpace(Stage) ? null : Stage,
                OutFile = outFile is null ? null : GetUnresolvedProviderPathFromPSPath(outFile),
            };
        }

        /// <summary>
        /// The credential that signs a request to <paramref name="apiRegion"/>: the identity, or the role session of
        /// -RoleArn assumed with it. Null while piped JSON text is still arriving.
        /// </summary>
        protected AwsCredential? SigningCredential(string apiRegion)
        {
            var assume = string.IsNullOrWhiteSpace(RoleArn) ? null : new AssumeRoleRequest(
                RoleArn!.Trim(), RoleSessionName, DurationSeconds, string.IsNullOrWhiteSpace(ExternalId) ? null : ExternalId, SerialNumber, TokenCode,
                defaultSessionName: ModuleEngine.RoleSessions.DefaultSessionName);
            var identity = ResolveIdentity();
            if (identity is null || assume is null)
            {
                return identity?.Credential;
            }

            return RoleCredential(assume, identity, apiRegion);
        }

        private AwsCredential RoleCredential(AssumeRoleRequest assume, ResolvedCredential identity, string apiRegion)
        {
            var key = identity.Credential.AccessKeyId + "\n" + assume + "\n" + assume.ExternalId + "\n" + apiRegion;
            if (!_roleSessions.TryGetValue(key, out var session))
            {
                var region = RoleHop.StsRegion(null, apiRegion, identity.Credential.Region);
                session = RoleHop.Assume(this, assume, identity, region, StsEndpoint, RoleSessionCaching.Memory, WriteVerbose, WriteWarning).Credential;
                _roleSessions[key] = session;
            }

            return session;
        }
    }
}
