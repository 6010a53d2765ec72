using CrossAcctApi.Sandbox.Signing;

namespace CrossAcctApi.Sandbox.RestApis;

/// <summary>
/// Which API and VPC endpoint a REST call addresses, in the sandbox's loopback forms of API Gateway's host names:
/// <list type="bullet">
/// <item><c>/_aws/execute-api/{api-id}/{stage}/{path}</c>: <c>https://{api-id}.execute-api.{region}.amazonaws.com</c>, no endpoint;</item>
/// <item><c>/_aws/execute-api/{api-id}-{vpce-id}/{stage}/{path}</c>: the endpoint's Route 53 alias for the API,
/// <c>https://{api-id}-{vpce-id}.execute-api.{region}.amazonaws.com</c>;</item>
/// <item><c>/_aws/vpce/{vpce-id}/{stage}/{path}</c> with header <c>x-apigw-api-id: {api-id}</c> or
/// <c>Host: {api-id}.execute-api.{region}.amazonaws.com</c>: the endpoint's own DNS name,
/// <c>https://{vpce-id}-xxxx.execute-api.{region}.vpce.amazonaws.com</c>.</item>
/// </list>
/// </summary>
internal sealed record RestApiAddress(string? ApiId, string? VpcEndpointId, bool ViaAliasHostName, string RawPathAfterApi)
{
    public const string ExecuteApiPrefix = "/_aws/execute-api/";
    public const string VpcEndpointPrefix = "/_aws/vpce/";
    public const string ApiIdHeader = "x-apigw-api-id";

    /// <summary>The first path segment after <c>/_aws/execute-api/</c>: an API id, or an API id and a VPC endpoint id.</summary>
    public static string FirstSegment(string rawPath)
    {
        var after = rawPath.Length > ExecuteApiPrefix.Length ? rawPath.Substring(ExecuteApiPrefix.Length) : string.Empty;
        var slash = after.IndexOf('/');
        return slash < 0 ? after : after.Substring(0, slash);
    }

    /// <summary>Splits <c>{api-id}-{vpce-id}</c>; false for a plain API id.</summary>
    public static bool TrySplitAlias(string segment, out string apiId, out string vpceId)
    {
        var dash = segment.IndexOf("-vpce-", StringComparison.Ordinal);
        apiId = dash < 0 ? segment : segment.Substring(0, dash);
        vpceId = dash < 0 ? string.Empty : segment.Substring(dash + 1);
        return dash > 0;
    }

    public static RestApiAddress FromExecuteApiPath(string rawPath)
    {
        var segment = FirstSegment(rawPath);
        var rest = RestAfter(rawPath, ExecuteApiPrefix.Length + segment.Length);
        return TrySplitAlias(segment, out var apiId, out var vpceId)
            ? new RestApiAddress(apiId, vpceId, true, rest)
            : new RestApiAddress(segment, null, false, rest);
    }

    /// <summary>The endpoint form; <see cref="ApiId"/> is null when neither header names an API.</summary>
    public static RestApiAddress FromVpcEndpointPath(ReceivedRequest request)
    {
        var after = request.RawPath.Length > VpcEndpointPrefix.Length ? request.RawPath.Substring(VpcEndpointPrefix.Length) : string.Empty;
        var slash = after.IndexOf('/');
        var vpceId = slash < 0 ? after : after.Substring(0, slash);
        var rest = RestAfter(request.RawPath, VpcEndpointPrefix.Length + vpceId.Length);
        return new RestApiAddress(ApiIdFromHeaders(request), vpceId, false, rest);
    }

    private static string? ApiIdFromHeaders(ReceivedRequest request)
    {
        var header = request.SingleHeader(ApiIdHeader)?.Trim();
        if (!string.IsNullOrEmpty(header)) return header;

        // Host: {api-id}.execute-api.{region}.amazonaws.com (a port, if any, is not part of the name).
        var host = request.SingleHeader("Host")?.Trim() ?? string.Empty;
        var colon = host.IndexOf(':');
        if (colon >= 0) host = host.Substring(0, colon);
        var marker = host.IndexOf(".execute-api.", StringComparison.OrdinalIgnoreCase);
        return marker > 0 ? host.Substring(0, marker).ToLowerInvariant() : null;
    }

    private static string RestAfter(string rawPath, int index) => index < rawPath.Length ? rawPath.Substring(index) : "/";
}
