using CrossAcctApi.Sandbox.Hosting;

namespace CrossAcctApi.Sandbox.Tests.Infrastructure;

/// <summary>The built-in scenario's REST APIs, VPC endpoints and function URLs, and the loopback URLs that reach them.</summary>
internal static class Endpoints
{
    public const string RestApiId = "q1w2e3r4t5";
    public const string PrivateApiId = "p9o8i7u6y5";
    public const string AccountBEndpoint = "vpce-0b2b2b2b2b2b2b2b2";
    public const string AccountBVpc = "vpc-0b2b2b2b2b2b2b2b2";
    public const string AccountAEndpoint = "vpce-0a1a1a1a1a1a1a1a1";
    public const string ReportGenerator = "reportgenerator11111111111111111";
    public const string LegacyExport = "legacyexport11111111111111111111";
    public const string PublicStatus = "publicstatus11111111111111111111";

    /// <summary>The masked invoke ARN a REST API names in its AccessDenied messages.</summary>
    public static string MaskedArn(string apiId, string stage, string method, string path) =>
        $"arn:aws:execute-api:{Seed.Region}:********1111:{apiId}/{stage}/{method}/{path.TrimStart('/')}";

    public static string NotAuthorized(string who, string apiId, string stage, string method, string path, bool explicitDeny = false) =>
        $"User: {who} is not authorized to perform: execute-api:Invoke on resource: {MaskedArn(apiId, stage, method, path)}" + (explicitDeny ? " with an explicit deny" : string.Empty);

    /// <summary><c>/_aws/execute-api/{api-id}[-{vpce-id}]/{stage}/{path}</c>.</summary>
    public static Uri RestUri(this SandboxServer server, string apiId, string stage, string path, string? vpceId = null) =>
        new(server.BaseUri, $"/_aws/execute-api/{apiId}{(vpceId == null ? string.Empty : "-" + vpceId)}/{stage}{Slash(path)}");

    /// <summary><c>/_aws/vpce/{vpce-id}/{stage}/{path}</c>, the endpoint's own host name: the API goes in a header.</summary>
    public static Uri VpceUri(this SandboxServer server, string vpceId, string stage, string path) =>
        new(server.BaseUri, $"/_aws/vpce/{vpceId}/{stage}{Slash(path)}");

    /// <summary><c>/_aws/lambda-url/{url-id}/{path}</c>.</summary>
    public static Uri FunctionUri(this SandboxServer server, string urlId, string path = "/") =>
        new(server.BaseUri, $"/_aws/lambda-url/{urlId}{Slash(path)}");

    public static SigningOptions Lambda(Dictionary<string, string>? headers = null) => new() { Service = "lambda", Headers = headers ?? new() };

    private static string Slash(string path) => path.StartsWith('/') ? path : "/" + path;
}
