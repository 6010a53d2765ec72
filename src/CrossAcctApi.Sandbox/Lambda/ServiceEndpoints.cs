using CrossAcctApi.Sandbox.Hosting;
using CrossAcctApi.Sandbox.RestApis;

namespace CrossAcctApi.Sandbox.Lambda;

/// <summary>
/// The loopback routes of the endpoints beyond STS and execute-api: function URLs at <c>/_aws/lambda-url/</c> and the
/// VPC endpoint form of private REST APIs at <c>/_aws/vpce/</c> (execute-api itself is routed by ExecuteApiEndpoint).
/// </summary>
internal static class ServiceEndpoints
{
    public static void Map(WebApplication app, SandboxState state)
    {
        var functionUrls = new FunctionUrlEndpoint(state);
        var restApis = new RestApiEndpoint(state);
        app.Map(FunctionUrlEndpoint.PathPrefix + "{**rest}", functionUrls.HandleAsync);
        app.Map(RestApiAddress.VpcEndpointPrefix + "{**rest}", restApis.HandleVpcEndpointAsync);
    }
}
