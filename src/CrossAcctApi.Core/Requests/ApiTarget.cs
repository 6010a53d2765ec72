using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Requests
{
    /// <summary>What kind of host a URL has, which decides where the stage and API id are read from.</summary>
    // Output enum: 64-bit so that ConvertTo-Json (PowerShell 7) writes its name, not a number (PowerShell writes
    // Int64 enums as names because JavaScript cannot hold every Int64). tests/pester/Serialization.Tests.ps1 checks it.
    public enum InvokeHostKind : long
    {
        /// <summary><c>{api-id}.execute-api.{region}.amazonaws.com</c>: the host names the API and region, the path the stage.</summary>
        ExecuteApi,

        /// <summary>A local stand-in's <c>/_aws/execute-api/{api-id}/...</c> path (LocalStack's convention, the sandbox's).</summary>
        LocalExecuteApi,

        /// <summary>A loopback host serving execute-api style paths (stage segment first).</summary>
        Loopback,

        /// <summary>A custom domain: an API mapping picks the API and stage; the stage is not in the path.</summary>
        CustomDomain,

        /// <summary>A VPC endpoint's own name (<c>{vpce-id}-{suffix}.execute-api.{region}.vpce.amazonaws.com</c>): the API id is in <c>x-apigw-api-id</c> or <c>Host</c>.</summary>
        VpcEndpoint,

        /// <summary>A local stand-in's <c>/_aws/vpce/{vpce-id}/...</c> path (the sandbox's), the API id in a header as for <see cref="VpcEndpoint"/>.</summary>
        LocalVpcEndpoint,

        /// <summary><c>{url-id}.lambda-url.{region}.on.aws</c>: the host names the function URL, not the function.</summary>
        FunctionUrl,

        /// <summary>A local stand-in's <c>/_aws/lambda-url/{url-id}/...</c> path (the sandbox's).</summary>
        LocalFunctionUrl,
    }

    /// <summary>How the stage of a URL was decided.</summary>
    // Output enum: 64-bit so that ConvertTo-Json (PowerShell 7) writes its name, not a number (PowerShell writes
    // Int64 enums as names because JavaScript cannot hold every Int64). tests/pester/Serialization.Tests.ps1 checks it.
    public enum StageSource : long
    {
        /// <summary>The caller said it.</summary>
        Given,

        /// <summary>
        /// No stage given and the URL's first path segment could be one: the <c>$default</c> stage is assumed (the whole
        /// path is the route's), and <see cref="ApiTarget.StageReading"/> says how to read it the other way.
        /// </summary>
        AssumedDefault,

        /// <summary>The URL has no segment that could be a stage: the <c>$default</c> stage, nothing assumed.</summary>
        NoStageSegment,

        /// <summary>A custom domain: its API mapping picks the stage, which the URL does not show; <c>$default</c> is assumed.</summary>
        DomainMapping,

        /// <summary>A REST API: the first path segment always names the stage (REST APIs have no <c>$default</c> stage).</summary>
        RestApiPath,

        /// <summary>A function URL: no stage.</summary>
        None,
    }

    /// <summary>
    /// The one reading of a URL every command shares: the endpoint, the signing region and service, the API, the stage,
    /// the route path and the <c>execute-api:Invoke</c> ARN API Gateway authorizes the call against.
    /// <para>
    /// The one rule for the stage: the stage given wins; otherwise <c>$default</c>, the stage an HTTP API gets by default
    /// (the console and quick create make it), with the whole path as the route's - a reading that never drops a path
    /// segment from a policy. When the first path segment could be a stage name, or behind a custom domain (whose API
    /// mapping picks the stage), that reading is never silent: <see cref="StageReading"/> says what was assumed and how
    /// to say otherwise, and every command shows it the same way.
    /// </para>
    /// </summary>
    public sealed partial class ApiTarget
    {
        /// <summary>The path prefix local stand-ins serve APIs under: LocalStack's, and the sandbox's.</summary>
        public const string EmulatorPathPrefix = "/_aws/execute-api/";

        private static readonly Regex BasePathPattern = new Regex(@"^[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*\z", RegexOptions.CultureInvariant);

        private CrossAcctApiException? _arnError;

        private ApiTarget(ApiEndpoint endpoint, SigningScope scope, InvokeHostKind hostKind, EndpointKind kind, string path)
        {
            Endpoint = endpoint;
            Scope = scope;
            HostKind = hostKind;
            Kind = kind;
            RoutePath = path;
        }

        /// <summary>The endpoint kind: given, or read from the URL (an execute-api host is an HTTP API unless told otherwise).</summary>
        public EndpointKind Kind { get; }

        /// <summary>Whether <see cref="Kind"/> was given (true) or read from the URL.</summary>
        public bool KindGiven { get; private set; }

        /// <summary>The IAM actions the call must be allowed: <c>execute-api:Invoke</c>, or both Lambda actions for a function URL.</summary>
        public IReadOnlyList<string> Actions => EndpointKinds.Actions(Kind);

        public ApiEndpoint Endpoint { get; }

        public SigningScope Scope { get; }

        public InvokeHostKind HostKind { get; }

        /// <summary>The API id, from the host, the stand-in's path or the caller; null when nothing names it.</summary>
        public string? ApiId { get; private set; }

        public string Stage { get; private set; } = ExecuteApiArn.DefaultStage;

        public StageSource StageSource { get; private set; }

        /// <summary>The path as the API sees it: without the stand-in's prefix and the custom domain's base path (the stage still in it).</summary>
        public string RoutePath { get; private set; }

        /// <summary>The ARN's method: upper case, or <c>*</c> for ANY.</summary>
        public string ArnMethod { get; private set; } = "GET";

        /// <summary>Account A as given, or <c>*</c>.</summary>
        public string AccountId { get; private set; } = "*";

        public bool AccountGiven { get; private set; }

        /// <summary>The invoke ARN (account <c>*</c> unless given); null when nothing names the API.</summary>
        public ExecuteApiArn? Arn { get; private set; }

        /// <summary>The stage read from the URL, in words with input markers, when it was not given; null otherwise.</summary>
        public string? StageReading { get; private set; }

        /// <summary>What else the URL did not say and was assumed (region from the environment, the account), with input markers.</summary>
        public IReadOnlyList<string> Assumptions { get; private set; } = Array.Empty<string>();

        /// <summary>Inputs that contradict the URL (a region or API id other than the host's), with input markers.</summary>
        public IReadOnlyList<string> Warnings { get; private set; } = Array.Empty<string>();

        /// <summary>Reads <paramref name="request"/>; throws <see cref="CrossAcctApiException"/> for input that cannot be read.</summary>
        public static ApiTarget Resolve(ApiTargetRequest request, Func<string, string?> environment)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var endpoint = ApiEndpoint.Parse(request.Uri);
            var address = ReadAddress(endpoint);
            var kind = ResolveKind(request.EndpointKind, address, endpoint);

            var warnings = new List<string>();
            var assumptions = new List<string>();
            var scope = SigningScope.Resolve(endpoint, request.Region, request.Service, environment, EndpointKinds.Service(kind));
            if (scope.ConflictsWithHost)
            {
                warnings.Add("Signing for " + scope.Region + " ({@Region}), but the host " + endpoint.Host + " is in " + scope.HostRegion + "; " + Refuser(kind) + " will refuse the signature.");
            }
            else if (scope.RegionSource == RegionSource.EnvironmentVariable)
            {
                assumptions.Add("The host " + endpoint.Host + " names no region: used " + scope.Region + " from " + scope.RegionOrigin + ".");
            }

            if (!string.Equals(scope.Service, EndpointKinds.Service(kind), StringComparison.Ordinal))
            {
                warnings.Add("Signing for service '" + scope.Service + "' ({@Service}), but a " + Describe(kind) + " is signed for '" + EndpointKinds.Service(kind) + "'; " + Refuser(kind) + " will refuse the credential scope.");
            }

            var target = new ApiTarget(endpoint, scope, address.HostKind, kind, StripBasePath(request.BasePath, address.Path, address.HostKind))
            {
                ArnMethod = ApiInputs.ArnMethod(request.Method, "{@Method}"),
                KindGiven = request.EndpointKind.HasValue,
                VpcEndpointId = address.VpcEndpointId,
                FunctionUrlId = address.FunctionUrlId,
            };
            target.ApiId = kind == EndpointKind.FunctionUrl ? null : ResolveApiId(request.ApiId ?? request.ApiIdFromHeaders, address.ApiId, address.HostKind, warnings);
            target.ResolveAccount(request.AccountId, assumptions);
            if (kind == EndpointKind.FunctionUrl)
            {
                target.Stage = string.Empty;
                target.StageSource = StageSource.None;
                target.ResolveFunction(request.FunctionArn, assumptions, warnings);
            }
            else
            {
                target.ResolveStage(request.Stage);
                try
                {
                    target.Arn = target.ArnFor(null);
                }
                catch (CrossAcctApiException error) when (error.ErrorId == ExecuteApiArn.StageNotInPath)
                {
                    // A call may still be made (the stage only names its ARN); only an ARN cannot be read from it.
                    target._arnError = error;
                    warnings.Add("The stage '" + target.Stage + "' ({@Stage}) is not the first segment of the path '" + target.RoutePath + "', so the call's invoke ARN cannot be read.");
                }
            }

            target.Assumptions = assumptions;
            target.Warnings = warnings;
            return target;
        }

        /// <summary>The invoke ARN with <paramref name="accountId"/> as account A when none was given (the caller's role's account, say).</summary>
        public ExecuteApiArn? ArnFor(string? accountId)
        {
            if (ApiId is null || _arnError != null || Kind == EndpointKind.FunctionUrl)
            {
                return null;
            }

            var account = AccountGiven || string.IsNullOrEmpty(accountId) ? AccountId : accountId!;
            if (HostKind == InvokeHostKind.CustomDomain)
            {
                // Behind a custom domain the whole remaining path is the route's: the stage is not a path segment.
                var inDefault = ExecuteApiArn.ForRequest(Scope.Partition, Scope.Region, account, ApiId, ExecuteApiArn.DefaultStage, ArnMethod, RoutePath);
                return new ExecuteApiArn(inDefault.Partition, inDefault.Region, inDefault.AccountId, inDefault.ApiId, Stage, inDefault.Method, inDefault.Path);
            }

            return ExecuteApiArn.ForRequest(Scope.Partition, Scope.Region, account, ApiId, Stage, ArnMethod, RoutePath);
        }

        /// <summary>The ARN and what was assumed to get it; <c>ApiIdRequired</c> when nothing names the API.</summary>
        public ResolvedInvokeArn RequireArn()
        {
            if (_arnError != null)
            {
                throw _arnError;
            }

            if (Kind == EndpointKind.FunctionUrl)
            {
                throw RequestErrors.Create(
                    RequestErrors.NoInvokeArn,
                    "The URL is a Lambda function URL, which has no execute-api invoke ARN: IAM authorises it on the function ARN (" + (FunctionArn ?? "unknown: the URL does not name the function") + ").",
                    Endpoint.Uri.AbsoluteUri,
                    "Evaluate function URL policies with {@TestPolicyCommand}, which takes the function ARN ({@FunctionArn}).");
            }

            if (Arn is null)
            {
                if (HostKind == InvokeHostKind.VpcEndpoint || HostKind == InvokeHostKind.LocalVpcEndpoint)
                {
                    throw RequestErrors.Create(
                        RequestErrors.ApiIdRequired,
                        "The host " + Endpoint.Host + " is VPC endpoint " + VpcEndpointId + "'s own name, which does not say which private API the call reaches.",
                        Endpoint.Host,
                        "Send the API id in the x-apigw-api-id header ({@Header}), or pass {@ApiId}.");
                }

                var what = HostKind == InvokeHostKind.Loopback ? "a loopback address" : "a custom domain";
                throw RequestErrors.Create(
                    RequestErrors.ApiIdRequired,
                    "The host " + Endpoint.Host + " is " + what + ", not {api-id}.execute-api.{region}.amazonaws.com, so it does not say which API the call reaches.",
                    Endpoint.Host,
                    "Pass {@ApiId} (and {@Region}) of the API the domain or test server stands for.");
            }

            return new ResolvedInvokeArn(this, Arn);
        }

        private static string? ResolveApiId(string? given, string? fromUrl, InvokeHostKind kind, List<string> warnings)
        {
            if (!string.IsNullOrWhiteSpace(given))
            {
                var apiId = ApiInputs.Api(given, "{@ApiId}");
                if (fromUrl != null && !string.Equals(fromUrl, apiId, StringComparison.OrdinalIgnoreCase))
                {
                    warnings.Add("{@ApiId} " + apiId + " differs from the API id in the URL (" + fromUrl + "); the ARN uses " + apiId + ".");
                }

                return apiId;
            }

            return fromUrl is null ? null : ApiInputs.Api(fromUrl, kind == InvokeHostKind.ExecuteApi ? "the host name" : "the URL path");
        }

        private void ResolveAccount(string? given, List<string> assumptions)
        {
            if (!string.IsNullOrWhiteSpace(given))
            {
                AccountId = ApiInputs.Account(given, "{@AccountId}");
                AccountGiven = true;
                return;
            }

            assumptions.Add("No account was given ({@AccountId}): the account part of the ARN is '*', because the URL does not name the account that owns the API. The ARN still matches in policies; give the account for the exact ARN.");
        }

        private void ResolveStage(string? given)
        {
            if (given != null)
            {
                Stage = ApiInputs.Stage(given, "{@Stage}");
                StageSource = StageSource.Given;
                return;
            }

            if (EndpointKinds.IsRest(Kind))
            {
                ResolveRestStage();
                return;
            }

            if (HostKind == InvokeHostKind.CustomDomain)
            {
                StageSource = StageSource.DomainMapping;
                StageReading = "No stage was given ({@Stage}): assumed the $default stage. Behind a custom domain the API mapping selects the stage; give {@Stage} when it maps to a named stage.";
                return;
            }

            var first = FirstSegment();
            if (first.Length == 0 || !ApiInputs.IsStageName(first))
            {
                StageSource = StageSource.NoStageSegment;
                return;
            }

            StageSource = StageSource.AssumedDefault;
            StageReading = "No stage was given ({@Stage}): assumed the $default stage, so '" + RoutePath + "' is the route path. If '" + first + "' is a stage of the API, give {@Stage} " + first + "."
                + (KindGiven ? string.Empty : " For a REST API (whose first segment is always the stage), give {@EndpointKind} RestApi.");
        }

        private string FirstSegment()
        {
            var trimmed = RoutePath.TrimStart('/');
            var slash = trimmed.IndexOf('/');
            return Uri.UnescapeDataString(slash < 0 ? trimmed : trimmed.Substring(0, slash));
        }

        private static string StripBasePath(string? basePath, string path, InvokeHostKind kind)
        {
            if (basePath == null)
            {
                return path;
            }

            var trimmed = basePath.Trim().Trim('/');
            if (kind != InvokeHostKind.CustomDomain)
            {
                throw RequestErrors.Create(
                    RequestErrors.InvalidBasePath,
                    "{@BasePath} is the API mapping key of a custom domain; the URL's host is not a custom domain (" + kind + ").",
                    basePath,
                    "Leave the base path out; for execute-api URLs the stage is the first path segment ({@Stage}).");
            }

            if (!BasePathPattern.IsMatch(trimmed))
            {
                throw RequestErrors.Create(
                    RequestErrors.InvalidBasePath,
                    RequestErrors.Quote(basePath) + " ({@BasePath}) is not an API mapping key: segments of letters, digits and ._~- separated by '/'.",
                    basePath,
                    "Give the API mapping key as configured on the custom domain, for example orders.");
            }

            var prefix = "/" + trimmed;
            if (path == prefix)
            {
                return "/";
            }

            if (path.StartsWith(prefix + "/", StringComparison.Ordinal))
            {
                return path.Substring(prefix.Length);
            }

            throw RequestErrors.Create(
                RequestErrors.BasePathNotInPath,
                "The path '" + path + "' does not start with the base path '" + prefix + "'.",
                path,
                "Check the base path against the URL; leave it out when the API is mapped at the domain's root.");
        }
    }
}
