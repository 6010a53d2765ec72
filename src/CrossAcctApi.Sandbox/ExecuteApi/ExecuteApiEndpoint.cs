using CrossAcctApi.Sandbox.Authorization;
using CrossAcctApi.Sandbox.Faults;
using CrossAcctApi.Sandbox.Hosting;
using CrossAcctApi.Sandbox.Iam.Arns;
using CrossAcctApi.Sandbox.Identity;
using CrossAcctApi.Sandbox.Signing;

namespace CrossAcctApi.Sandbox.ExecuteApi;

/// <summary>
/// Plays API Gateway for the scenario's HTTP APIs at <c>/_aws/execute-api/{api-id}/{stage}/{path}</c>
/// (<c>$default</c>: no stage segment): route match, SigV4 for service <c>execute-api</c> in the API's
/// region, IAM evaluation of <c>execute-api:Invoke</c> on the invoke ARN, then the route's canned JSON.
/// </summary>
internal sealed class ExecuteApiEndpoint
{
    public const string PathPrefix = "/_aws/execute-api/";
    public const string InvokeAction = "execute-api:Invoke";

    private const string SignatureMismatchText =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private readonly SandboxState _state;
    private readonly RestApis.RestApiEndpoint _restApis;

    public ExecuteApiEndpoint(SandboxState state)
    {
        _state = state;
        _restApis = new RestApis.RestApiEndpoint(state);
    }

    public async Task HandleAsync(HttpContext context)
    {
        // REST APIs (and any call through a VPC endpoint) share the execute-api URL space.
        if (_restApis.Serves(context.Request.Path.Value ?? string.Empty))
        {
            await _restApis.HandleExecuteApiAsync(context).ConfigureAwait(false);
            return;
        }

        await _state.DelayAsync(context.RequestAborted).ConfigureAwait(false);
        var request = await ReceivedRequest.FromHttpContextAsync(context, context.RequestAborted).ConfigureAwait(false);
        var requestId = ApiGatewayResponse.NewRequestId();

        var response = Handle(request, requestId, context.Connection.RemoteIpAddress?.ToString());
        _state.Stats.Api.Record(request.Method, response.Outcome, response.StatusCode, RestApis.ApiKinds.Http);

        context.Response.StatusCode = response.StatusCode;
        context.Response.Headers["apigw-requestid"] = requestId;
        await response.WriteAsync(context).ConfigureAwait(false);
    }

    private ApiGatewayResponse Handle(ReceivedRequest request, string requestId, string? sourceIp)
    {
        if (_state.Faults.TryConsumeApiFault() is { } fault) return FaultResponse(fault);

        var afterPrefix = request.RawPath.Length > PathPrefix.Length ? request.RawPath.Substring(PathPrefix.Length) : string.Empty;
        var slash = afterPrefix.IndexOf('/');
        var apiId = slash < 0 ? afterPrefix : afterPrefix.Substring(0, slash);
        var rawPathAfterApiId = slash < 0 ? "/" : afterPrefix.Substring(slash);

        var api = _state.Directory.FindApi(apiId);
        if (api == null || !api.TryResolveStage(rawPathAfterApiId, out var stage, out var rawPathInStage)) return ApiGatewayResponse.NotFound();

        var segments = rawPathInStage.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(SigV4Encoding.PercentDecodeToString).ToList();
        var route = api.Match(request.Method, segments, out var pathParameters);
        if (route == null) return ApiGatewayResponse.NotFound();

        Caller? caller = null;
        if (route.RequiresIam)
        {
            var authentication = _state.Authenticator.Authenticate(request, new SigningScope(InvokeArn.Service, region => region == api.Region));
            if (!authentication.Succeeded) return AuthenticationError(authentication);
            caller = authentication.Caller!;

            // The invoke ARN's path is the path as sent after the stage, percent-decoded. A path no invoke ARN can hold
            // (it decodes to a control character) cannot be authorized.
            var resource = InvokeArn.ForRequest(_state.Directory.Partition, api.Region, api.AccountId, api.Id, stage, request.Method,
                SigV4Encoding.PercentDecodeToString(rawPathInStage));
            if (resource == null) return ApiGatewayResponse.Error(400, "BadRequest", "BadRequestException", "Bad Request");

            var denial = Authorize(caller, api, resource, sourceIp);
            if (denial != null) return denial;
        }

        var values = TemplateValues(request, requestId, stage, rawPathInStage, pathParameters, caller);
        var body = ResponseTemplate.Render(route.Response.Body, values);
        var response = ApiGatewayResponse.Success(route.Response.StatusCode, body, route.RequiresIam ? "Allowed" : "Public");
        foreach (var (name, value) in route.Response.Headers) response.Headers[name] = value;
        return response;
    }

    private ApiGatewayResponse? Authorize(Caller caller, HttpApi api, string resource, string? sourceIp)
    {
        var request = RequestContextFactory.Create(InvokeAction, resource, api.AccountId, caller, _state.Clock.UtcNow, sourceIp,
            requestKeys: new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase) { ["aws:RequestedRegion"] = new[] { api.Region } });

        // HTTP APIs have no resource policies, so a principal of another account is never allowed ("because no
        // resource-based policy allows"), unless an explicit deny on its own side is found first.
        var decision = IamAuthorizer.Authorize(caller, request);
        return decision.IsAllowed
            ? null
            : ApiGatewayResponse.Error(403, "AccessDenied", "AccessDeniedException",
                $"User: {caller.Arn} is not authorized to perform: {InvokeAction} on resource: {resource}" + decision.MessageSuffix(InvokeAction));
    }

    /// <summary>API Gateway's answer to a request SigV4 did not authenticate (HTTP and REST APIs alike).</summary>
    internal static ApiGatewayResponse AuthenticationError(AuthenticationResult result) => result.Failure switch
    {
        AuthenticationFailure.MissingAuthentication => ApiGatewayResponse.Error(403, "MissingAuthenticationToken", "MissingAuthenticationTokenException", "Missing Authentication Token"),
        AuthenticationFailure.IncompleteSignature => ApiGatewayResponse.Error(403, "IncompleteSignature", "IncompleteSignatureException", result.Message!),
        AuthenticationFailure.InvalidScope => ApiGatewayResponse.Error(403, "InvalidScope", "InvalidSignatureException", result.Message!),
        AuthenticationFailure.SignatureExpired => ApiGatewayResponse.Error(403, "SignatureExpired", "InvalidSignatureException", result.Message!),
        AuthenticationFailure.InvalidClientToken => ApiGatewayResponse.Error(403, "InvalidToken", "UnrecognizedClientException", "The security token included in the request is invalid."),
        AuthenticationFailure.ExpiredToken => ApiGatewayResponse.Error(403, "ExpiredToken", "ExpiredTokenException", "The security token included in the request is expired"),
        AuthenticationFailure.SignatureMismatch => ApiGatewayResponse.Error(403, "SignatureDoesNotMatch", "InvalidSignatureException",
            SignatureMismatchText + "\n\nThe Canonical String for this request should have been\n'" + result.Check!.CanonicalRequest
            + "'\n\nThe String-to-Sign should have been\n'" + result.Check.StringToSign + "'\n"),
        _ => throw new InvalidOperationException($"No API Gateway error for {result.Failure}."),
    };

    internal static ApiGatewayResponse FaultResponse(InjectedApiFault fault)
    {
        var (message, errorType) = fault.StatusCode switch
        {
            429 => ("Too Many Requests", "TooManyRequestsException"),
            500 => ("Internal Server Error", (string?)null),
            502 => ("Bad Gateway", null),
            _ => ("Service Unavailable", null),
        };
        var response = ApiGatewayResponse.Error(fault.StatusCode, "Fault" + fault.StatusCode, errorType, message);
        response.Headers["Retry-After"] = fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return response;
    }

    internal static Func<string, TemplateValue?> TemplateValues(ReceivedRequest request, string requestId, string stage, string rawPathInStage,
        IReadOnlyDictionary<string, string> pathParameters, Caller? caller)
    {
        var query = request.QueryParameters();
        return name =>
        {
            if (name.StartsWith("path.", StringComparison.Ordinal))
            {
                return pathParameters.TryGetValue(name.Substring(5), out var value) ? TemplateValue.Of(value) : TemplateValue.Null;
            }

            if (name.StartsWith("header.", StringComparison.Ordinal))
            {
                return TemplateValue.Of(request.SingleHeader(name.Substring(7)));
            }

            if (name.StartsWith("query.", StringComparison.Ordinal))
            {
                var key = name.Substring(6);
                return TemplateValue.Of(query.Where(p => p.Key == key).Select(p => p.Value).FirstOrDefault());
            }

            return name switch
            {
                "caller.arn" => TemplateValue.Of(caller?.Arn),
                "caller.accountId" => TemplateValue.Of(caller?.AccountId),
                "caller.userId" => TemplateValue.Of(caller?.UserId),
                "request.method" => TemplateValue.Of(request.Method),
                "request.path" => TemplateValue.Of(SigV4Encoding.PercentDecodeToString(rawPathInStage)),
                "request.stage" => TemplateValue.Of(stage),
                "request.id" => TemplateValue.Of(requestId),
                "request.body" => ResponseTemplate.BodyValue(request.Body),
                "request.rawQuery" => TemplateValue.Of(request.RawQuery),
                "request.bodyText" => TemplateValue.Of(System.Text.Encoding.UTF8.GetString(request.Body)),
                _ => null,
            };
        };
    }
}
