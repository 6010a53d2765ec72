using CrossAcctApi.Sandbox.ExecuteApi;
using CrossAcctApi.Sandbox.Iam.Policies;

namespace CrossAcctApi.Sandbox.RestApis;

/// <summary>A REST API of the scenario, checked: where it lives, how it is reached, its stages, routes and resource policy.</summary>
internal sealed class RestApi
{
    public required string Id { get; init; }

    public required string AccountId { get; init; }

    public required string Region { get; init; }

    public required string EndpointType { get; init; }

    /// <summary>The VPC endpoints with a <c>{api-id}-{vpce-id}</c> host name for this API (PRIVATE only).</summary>
    public required IReadOnlySet<string> AssociatedVpcEndpoints { get; init; }

    public required IReadOnlySet<string> Stages { get; init; }

    public required IReadOnlyList<ApiRoute> Routes { get; init; }

    public IamPolicy? ResourcePolicy { get; init; }

    public bool IsPrivate => EndpointType == RestEndpointTypes.Private;

    /// <summary>The kind this API's calls are counted under in <c>/_sandbox/stats</c> (api.byKind).</summary>
    public string StatsKind => IsPrivate ? ApiKinds.PrivateRest : ApiKinds.Rest;

    public ApiRoute? Match(string method, IReadOnlyList<string> pathSegments, out IReadOnlyDictionary<string, string> pathParameters) =>
        ApiRoute.MostSpecific(Routes, method, pathSegments, out pathParameters);

    public override string ToString() => $"REST API {Id} ({EndpointType}, {Region}, account {AccountId})";
}

/// <summary>An interface VPC endpoint of the scenario.</summary>
internal sealed record VpcEndpoint(string Id, string VpcId, string AccountId, string Region);

/// <summary>The API kinds of <c>/_sandbox/stats</c>'s api.byKind.</summary>
internal static class ApiKinds
{
    public const string Http = "HTTP";
    public const string Rest = "REST";
    public const string PrivateRest = "PRIVATE";
}
