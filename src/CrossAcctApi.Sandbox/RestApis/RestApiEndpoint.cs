using CrossAcctApi.Sandbox.Authorization;
using CrossAcctApi.Sandbox.ExecuteApi;
using CrossAcctApi.Sandbox.Hosting;
using CrossAcctApi.Sandbox.Iam.Arns;
using CrossAcctApi.Sandbox.Iam.Evaluation;
using CrossAcctApi.Sandbox.Identity;
using CrossAcctApi.Sandbox.Signing;

namespace CrossAcctApi.Sandbox.RestApis;

/// <summary>
/// Plays API Gateway for the scenario's REST APIs (addresses: <see cref="RestApiAddress"/>): the endpoint check (a private
/// API only through a VPC endpoint, a VPC endpoint only to a private API), the stage and route (an unknown one is 403,
/// not 404), SigV4 for service execute-api on AWS_IAM routes, then IAM with the API's resource policy: within the API's
/// account either the caller's policies or the resource policy may allow, across accounts both must
/// (apigateway-authorization-flow, "IAM authentication and resource policy"); an unauthenticated route needs the
/// resource policy's explicit allow when there is a policy.
/// </summary>
internal sealed class RestApiEndpoint
{
    private readonly SandboxState _state;

    public RestApiEndpoint(SandboxState state)
    {
        _state = state;
    }

    /// <summary>Whether a call under /_aws/execute-api/ is this endpoint's: a REST API id, or an id with a VPC endpoint id.</summary>
    public bool Serves(string rawPath)
    {
        var segment = RestApiAddress.FirstSegment(rawPath);
        return _state.Directory.RestApis.Find(segment) != null || RestApiAddress.TrySplitAlias(segment, out _, out _);
    }

    public Task HandleExecuteApiAsync(HttpContext context) => HandleAsync(context, request => RestApiAddress.FromExecuteApiPath(request.RawPath));

    public Task HandleVpcEndpointAsync(HttpContext context) => HandleAsync(context, RestApiAddress.FromVpcEndpointPath);

    private async Task HandleAsync(HttpContext context, Func<ReceivedRequest, RestApiAddress> address)
    {
        await _state.DelayAsync(context.RequestAborted).ConfigureAwait(false);
        var request = await ReceivedRequest.FromHttpContextAsync(context, context.RequestAborted).ConfigureAwait(false);
        var requestId = Guid.NewGuid().ToString();
        var target = address(request);
        var api = target.ApiId == null ? null : _state.Directory.RestApis.Find(target.ApiId);

        var response = Handle(request, requestId, target, api, context.Connection.RemoteIpAddress?.ToString());
        var kind = api?.StatsKind ?? (target.ApiId != null && _state.Directory.FindApi(target.ApiId) != null ? ApiKinds.Http : ApiKinds.Rest);
        _state.Stats.Api.Record(request.Method, response.Outcome, response.StatusCode, kind);

        context.Response.StatusCode = response.StatusCode;
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        context.Response.Headers["x-amz-apigw-id"] = ApiGatewayResponse.NewRequestId();
        if (response.ErrorType == null && response.StatusCode < 400) context.Response.Headers["X-Amzn-Trace-Id"] = ApiGatewayResponse.NewTraceId(_state.Clock.UtcNow) + ";Sampled=0";
        await response.WriteAsync(context).ConfigureAwait(false);
    }

    private ApiGatewayResponse Handle(ReceivedRequest request, string requestId, RestApiAddress target, RestApi? api, string? sourceIp)
    {
        if (_state.Faults.TryConsumeApiFault() is { } fault) return ExecuteApiEndpoint.FaultResponse(fault);
        if (!TryResolveOrigin(target, api, sourceIp, out var origin)) return Forbidden();
        if (api == null) return ApiGatewayResponse.NotFound();

        // A REST API has no $default stage: the first segment names the stage, and anything unknown is a missing route.
        var trimmed = target.RawPathAfterApi.TrimStart('/');
        var slash = trimmed.IndexOf('/');
        var stage = slash < 0 ? trimmed : trimmed.Substring(0, slash);
        var rawPathInStage = slash < 0 ? "/" : trimmed.Substring(slash);
        var segments = rawPathInStage.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(SigV4Encoding.PercentDecodeToString).ToList();
        IReadOnlyDictionary<string, string> pathParameters = new Dictionary<string, string>();
        var route = api.Stages.Contains(stage) ? api.Match(request.Method, segments, out pathParameters) : null;
        if (route == null) return MissingRoute(request);

        var resource = InvokeArn.ForRequest(_state.Directory.Partition, api.Region, api.AccountId, api.Id, stage, request.Method,
            SigV4Encoding.PercentDecodeToString(rawPathInStage));
        if (resource == null) return ApiGatewayResponse.Error(400, "BadRequest", "BadRequestException", "Bad Request");

        Caller? caller = null;
        if (route.RequiresIam)
        {
            var authentication = _state.Authenticator.Authenticate(request, new SigningScope(InvokeArn.Service, region => region == api.Region));
            if (!authentication.Succeeded) return ExecuteApiEndpoint.AuthenticationError(authentication);
            caller = authentication.Caller!;
            var context = RequestContextFactory.Create(RestApiTexts.InvokeAction, resource, api.AccountId, caller, _state.Clock.UtcNow,
                origin.PublicSourceIp, requestKeys: origin.Keys(RegionKey(api)));
            var decision = IamAuthorizer.Authorize(caller, context, api.ResourcePolicy);
            if (!decision.IsAllowed) return AccessDenied(caller.Arn, resource, decision.IsExplicitDeny);
        }
        else if (api.ResourcePolicy != null)
        {
            var decision = AnonymousAuthorizer.Decide(api.ResourcePolicy, RestApiTexts.InvokeAction, resource, api.AccountId,
                _state.Directory.Partition, _state.Clock.UtcNow, origin, RegionKey(api));
            if (!decision.IsAllowed) return AccessDenied(AnonymousAuthorizer.Name, resource, decision.Verdict == Verdict.ExplicitDeny);
        }

        var values = ExecuteApiEndpoint.TemplateValues(request, requestId, stage, rawPathInStage, pathParameters, caller);
        var response = ApiGatewayResponse.Success(route.Response.StatusCode, ResponseTemplate.Render(route.Response.Body, values), route.RequiresIam ? "Allowed" : "Public");
        foreach (var (name, value) in route.Response.Headers) response.Headers[name] = value;
        return response;
    }

    // A VPC endpoint reaches private APIs only ("VPC endpoints can route traffic only to private APIs"), a private API is
    // reached only through one, and the {api-id}-{vpce-id} name exists only for endpoints associated with the API.
    private bool TryResolveOrigin(RestApiAddress target, RestApi? api, string? sourceIp, out RequestOrigin origin)
    {
        origin = new RequestOrigin(sourceIp);
        if (target.VpcEndpointId == null) return api is not { IsPrivate: true };

        var endpoint = _state.Directory.RestApis.FindEndpoint(target.VpcEndpointId);
        if (endpoint == null || api is not { IsPrivate: true } || endpoint.Region != api.Region) return false;
        if (target.ViaAliasHostName && !api.AssociatedVpcEndpoints.Contains(endpoint.Id)) return false;
        origin = new RequestOrigin(sourceIp, endpoint.Id, endpoint.VpcId);
        return true;
    }

    private static Dictionary<string, string[]> RegionKey(RestApi api) => new(StringComparer.OrdinalIgnoreCase) { ["aws:RequestedRegion"] = new[] { api.Region } };

    private static ApiGatewayResponse Forbidden() => ApiGatewayResponse.Error(403, "Forbidden", "ForbiddenException", RestApiTexts.Forbidden);

    private static ApiGatewayResponse AccessDenied(string who, string resource, bool explicitDeny) =>
        ApiGatewayResponse.Error(403, "AccessDenied", "AccessDeniedException", RestApiTexts.NotAuthorized(who, resource, explicitDeny), ApiGatewayResponse.CapitalMessage);

    // REST APIs answer a path or method they do not have with 403, not HTTP APIs' 404.
    private static ApiGatewayResponse MissingRoute(ReceivedRequest request) => request.SingleHeader("Authorization") is { } authorization
        ? ApiGatewayResponse.Error(403, "IncompleteSignature", "IncompleteSignatureException", RestApiTexts.MissingRouteWithAuthorization(authorization))
        : ApiGatewayResponse.Error(403, "MissingAuthenticationToken", "MissingAuthenticationTokenException", "Missing Authentication Token");
}
