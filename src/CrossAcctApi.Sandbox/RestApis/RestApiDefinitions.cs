using System.Text.Json;
using CrossAcctApi.Sandbox.Scenario;

namespace CrossAcctApi.Sandbox.RestApis;

/// <summary>
/// A REST API of the scenario. Unlike an HTTP API it may carry a resource policy (IAM JSON on
/// <c>execute-api:Invoke</c>), which lets principals of other accounts in directly, and it may be private: reachable
/// only through an interface VPC endpoint.
/// </summary>
public sealed class RestApiDefinition
{
    /// <summary>The 10-character API id, e.g. <c>q1w2e3r4t5</c>; it may not be the id of an HTTP API of the scenario.</summary>
    public string Id { get; set; } = string.Empty;

    public string? Name { get; set; }

    public string AccountId { get; set; } = string.Empty;

    public string Region { get; set; } = string.Empty;

    /// <summary><c>REGIONAL</c> (the default), <c>EDGE</c> or <c>PRIVATE</c>.</summary>
    public string EndpointType { get; set; } = RestEndpointTypes.Regional;

    /// <summary>
    /// PRIVATE only: the VPC endpoints associated with the API, which get the host name
    /// <c>{api-id}-{vpce-id}.execute-api.{region}.amazonaws.com</c>. Any endpoint of the scenario can still reach the API
    /// with the <c>x-apigw-api-id</c> or <c>Host</c> header; the resource policy decides.
    /// </summary>
    public List<string> VpcEndpointIds { get; set; } = new();

    /// <summary>Stage names; a REST API has no <c>$default</c> stage, so the URL always names one.</summary>
    public List<string> Stages { get; set; } = new();

    /// <summary>Resource paths and methods as route keys (<c>GET /orders/{id}</c>, <c>ANY /files/{proxy+}</c>), AWS_IAM or NONE.</summary>
    public List<RouteDefinition> Routes { get; set; } = new();

    /// <summary>
    /// The API's resource policy (a PRIVATE API must have one). <c>Resource</c> values may use API Gateway's shorthand
    /// <c>execute-api:/stage/METHOD/path</c>, which stands for this API's ARN as API Gateway expands it when a policy is saved.
    /// </summary>
    public JsonElement ResourcePolicy { get; set; }
}

public static class RestEndpointTypes
{
    public const string Regional = "REGIONAL";
    public const string Edge = "EDGE";
    public const string Private = "PRIVATE";
}

/// <summary>An interface VPC endpoint for the execute-api service, in some account's VPC.</summary>
public sealed class VpcEndpointDefinition
{
    /// <summary><c>vpce-</c> followed by 8 or 17 hexadecimal digits.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The VPC it is in (<c>aws:SourceVpc</c>): <c>vpc-</c> followed by 8 or 17 hexadecimal digits.</summary>
    public string VpcId { get; set; } = string.Empty;

    /// <summary>The account that owns the VPC (documentation only; private APIs accept endpoints of any account).</summary>
    public string AccountId { get; set; } = string.Empty;

    public string Region { get; set; } = string.Empty;

    public override string ToString() => $"VpcEndpoint {Id}";
}
