using CrossAcctApi.Sandbox.Authorization;
using CrossAcctApi.Sandbox.ExecuteApi;
using CrossAcctApi.Sandbox.Hosting;
using CrossAcctApi.Sandbox.Identity;
using CrossAcctApi.Sandbox.Signing;

namespace CrossAcctApi.Sandbox.Lambda;

/// <summary>
/// Plays a Lambda function URL at <c>/_aws/lambda-url/{url-id}/{path}</c> (<c>https://{url-id}.lambda-url.{region}.on.aws/{path}</c>).
/// AWS_IAM: SigV4 for service <c>lambda</c> in the function's region, then IAM for both actions the Lambda Developer Guide
/// (urls-auth) requires, <c>lambda:InvokeFunctionUrl</c> (with <c>lambda:FunctionUrlAuthType</c>) and
/// <c>lambda:InvokeFunction</c> (with <c>lambda:InvokedViaFunctionUrl</c> = true): within the function's account the
/// caller's identity policy or the function's resource policy may allow, across accounts both must. NONE: the resource
/// policy alone, which must allow both to everyone. The second action was required of URLs created from October 2025 and
/// of every URL once the exception ended on 1 November 2026, so the sandbox requires it of all.
/// </summary>
internal sealed class FunctionUrlEndpoint
{
    public const string PathPrefix = "/_aws/lambda-url/";

    private readonly SandboxState _state;

    public FunctionUrlEndpoint(SandboxState state)
    {
        _state = state;
    }

    public async Task HandleAsync(HttpContext context)
    {
        await _state.DelayAsync(context.RequestAborted).ConfigureAwait(false);
        var request = await ReceivedRequest.FromHttpContextAsync(context, context.RequestAborted).ConfigureAwait(false);
        var requestId = Guid.NewGuid().ToString();

        var response = Handle(request, requestId, context.Connection.RemoteIpAddress?.ToString());
        _state.Stats.Lambda.Record(request.Method, response.Outcome, response.StatusCode);

        context.Response.StatusCode = response.StatusCode;
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        if (response.ErrorType == null) context.Response.Headers["X-Amzn-Trace-Id"] = ApiGatewayResponse.NewTraceId(_state.Clock.UtcNow);
        await response.WriteAsync(context).ConfigureAwait(false);
    }

    private ApiGatewayResponse Handle(ReceivedRequest request, string requestId, string? sourceIp)
    {
        var after = request.RawPath.Length > PathPrefix.Length ? request.RawPath.Substring(PathPrefix.Length) : string.Empty;
        var slash = after.IndexOf('/');
        var function = _state.Directory.Functions.FindByUrlId(slash < 0 ? after : after.Substring(0, slash));
        if (function == null) return FunctionUrlTexts.NotFound();
        var rawPath = slash < 0 ? "/" : after.Substring(slash);

        var origin = new RequestOrigin(sourceIp);
        Caller? caller = null;
        if (function.RequiresIam)
        {
            var authentication = _state.Authenticator.Authenticate(request, new SigningScope(FunctionUrlTexts.Service, region => region == function.Region));
            if (!authentication.Succeeded) return FunctionUrlTexts.AuthenticationError(authentication);
            caller = authentication.Caller!;
        }

        foreach (var (action, keys) in Checks(function))
        {
            var allowed = caller == null
                ? AnonymousAuthorizer.Decide(function.ResourcePolicy, action, function.Arn, function.AccountId, _state.Directory.Partition, _state.Clock.UtcNow, origin, keys).IsAllowed
                : IamAuthorizer.Authorize(caller, RequestContextFactory.Create(action, function.Arn, function.AccountId, caller, _state.Clock.UtcNow,
                    origin.PublicSourceIp, requestKeys: origin.Keys(keys)), function.ResourcePolicy).IsAllowed;
            if (!allowed) return FunctionUrlTexts.AccessDenied("AccessDenied" + action.Substring(action.IndexOf(':') + 1));
        }

        var values = ExecuteApiEndpoint.TemplateValues(request, requestId, "$default", rawPath, new Dictionary<string, string>(), caller);
        var response = ApiGatewayResponse.Success(function.Response.StatusCode, ResponseTemplate.Render(function.Response.Body, values), function.RequiresIam ? "Allowed" : "Public");
        foreach (var (name, value) in function.Response.Headers) response.Headers[name] = value;
        return response;
    }

    // The two authorizations of a function URL call and the condition keys each carries (Service Authorization
    // Reference, AWS Lambda: InvokeFunctionUrl has lambda:FunctionUrlAuthType and lambda:FunctionArn, InvokeFunction
    // has lambda:InvokedViaFunctionUrl).
    private static IEnumerable<(string Action, Dictionary<string, string[]> Keys)> Checks(LambdaFunction function)
    {
        yield return (FunctionUrlTexts.InvokeFunctionUrl, new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["lambda:FunctionUrlAuthType"] = new[] { function.AuthType },
            ["lambda:FunctionArn"] = new[] { function.Arn },
            ["aws:RequestedRegion"] = new[] { function.Region },
        });
        yield return (FunctionUrlTexts.InvokeFunction, new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["lambda:InvokedViaFunctionUrl"] = new[] { "true" },
            ["aws:RequestedRegion"] = new[] { function.Region },
        });
    }
}
