using System.Text.RegularExpressions;
using CrossAcctApi.Sandbox.ExecuteApi;
using CrossAcctApi.Sandbox.Iam.Arns;
using CrossAcctApi.Sandbox.Scenario;

namespace CrossAcctApi.Sandbox.RestApis;

/// <summary>The scenario's REST APIs and VPC endpoints, checked and indexed; every resource policy parsed once here.</summary>
internal sealed class RestApiCatalog
{
    private static readonly Regex ApiIdPattern = new(@"^[a-z0-9]{10}$", RegexOptions.CultureInvariant);
    private static readonly Regex StagePattern = new(@"^[A-Za-z0-9_-]{1,128}$", RegexOptions.CultureInvariant);
    private static readonly Regex VpcEndpointIdPattern = new(@"^vpce-([0-9a-f]{8}|[0-9a-f]{17})$", RegexOptions.CultureInvariant);
    private static readonly Regex VpcIdPattern = new(@"^vpc-([0-9a-f]{8}|[0-9a-f]{17})$", RegexOptions.CultureInvariant);
    private static readonly string[] EndpointTypes = { RestEndpointTypes.Regional, RestEndpointTypes.Edge, RestEndpointTypes.Private };

    private readonly Dictionary<string, RestApi> _apis = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VpcEndpoint> _endpoints = new(StringComparer.Ordinal);

    public static RestApiCatalog Empty { get; } = new();

    public IReadOnlyCollection<RestApi> Apis => _apis.Values;

    public IReadOnlyCollection<VpcEndpoint> VpcEndpoints => _endpoints.Values;

    public RestApi? Find(string apiId) => _apis.TryGetValue(apiId, out var api) ? api : null;

    public VpcEndpoint? FindEndpoint(string vpceId) => _endpoints.TryGetValue(vpceId, out var endpoint) ? endpoint : null;

    public static bool IsVpcEndpointId(string text) => VpcEndpointIdPattern.IsMatch(text);

    /// <param name="isHttpApi">Whether an id is taken by an HTTP API (both kinds share the execute-api URL space).</param>
    public static RestApiCatalog Compile(ScenarioDefinition scenario, string partition, IReadOnlySet<string> accountIds, Func<string, bool> isHttpApi, List<string> problems)
    {
        var catalog = new RestApiCatalog();
        for (var i = 0; i < scenario.VpcEndpoints.Count; i++) catalog.AddEndpoint(scenario.VpcEndpoints[i], accountIds, $"vpcEndpoints[{i}]", problems);
        for (var i = 0; i < scenario.RestApis.Count; i++) catalog.AddApi(scenario.RestApis[i], partition, accountIds, isHttpApi, $"restApis[{i}]", problems);
        return catalog;
    }

    private void AddEndpoint(VpcEndpointDefinition endpoint, IReadOnlySet<string> accountIds, string where, List<string> problems)
    {
        var id = endpoint.Id ?? string.Empty;
        if (!VpcEndpointIdPattern.IsMatch(id)) problems.Add($"{where}.id '{endpoint.Id}' is not vpce- followed by 8 or 17 hexadecimal digits");
        else if (_endpoints.ContainsKey(id)) problems.Add($"{where}.id '{endpoint.Id}' appears twice");
        if (!VpcIdPattern.IsMatch(endpoint.VpcId ?? string.Empty)) problems.Add($"{where}.vpcId '{endpoint.VpcId}' is not vpc- followed by 8 or 17 hexadecimal digits");
        if (!accountIds.Contains(endpoint.AccountId ?? string.Empty)) problems.Add($"{where}.accountId '{endpoint.AccountId}' is not an account of the scenario");
        if (!AwsNames.IsRegionName(endpoint.Region)) problems.Add($"{where}.region '{endpoint.Region}' is not a region name");
        if (id.Length > 0) _endpoints[id] = new VpcEndpoint(id, endpoint.VpcId ?? string.Empty, endpoint.AccountId ?? string.Empty, endpoint.Region ?? string.Empty);
    }

    private void AddApi(RestApiDefinition api, string partition, IReadOnlySet<string> accountIds, Func<string, bool> isHttpApi, string where, List<string> problems)
    {
        var apiId = api.Id ?? string.Empty;
        if (!ApiIdPattern.IsMatch(apiId)) problems.Add($"{where}.id '{api.Id}' is not 10 lower-case letters or digits");
        else if (_apis.ContainsKey(apiId) || isHttpApi(apiId)) problems.Add($"{where}.id '{api.Id}' is the id of another API of the scenario");
        if (!accountIds.Contains(api.AccountId ?? string.Empty)) problems.Add($"{where}.accountId '{api.AccountId}' is not an account of the scenario");
        if (!AwsNames.IsRegionName(api.Region)) problems.Add($"{where}.region '{api.Region}' is not a region name");
        if (!EndpointTypes.Contains(api.EndpointType)) problems.Add($"{where}.endpointType '{api.EndpointType}' is not {string.Join(", ", EndpointTypes)}");
        if (api.Stages.Count == 0) problems.Add($"{where}.stages is empty; a REST API is called through a stage");
        foreach (var stage in api.Stages.Where(s => !StagePattern.IsMatch(s ?? string.Empty))) problems.Add($"{where}.stages '{stage}' is not 1-128 letters, digits, '-' or '_' (REST APIs have no $default stage)");

        var isPrivate = api.EndpointType == RestEndpointTypes.Private;
        if (!isPrivate && api.VpcEndpointIds.Count > 0) problems.Add($"{where}.vpcEndpointIds: only a PRIVATE API is associated with VPC endpoints");
        foreach (var vpce in api.VpcEndpointIds.Where(v => !_endpoints.ContainsKey(v ?? string.Empty))) problems.Add($"{where}.vpcEndpointIds '{vpce}' is not in the scenario's vpcEndpoints");

        // API Gateway expands the shorthand "execute-api:/..." to this API's ARN when the policy is saved.
        var arnPrefix = $"arn:{partition}:execute-api:{api.Region}:{api.AccountId}:{apiId}/";
        var policy = ResourcePolicyReader.Read(api.ResourcePolicy, where + ".resourcePolicy", problems,
            text => text.Replace("\"execute-api:/", "\"" + arnPrefix, StringComparison.Ordinal));
        if (isPrivate && policy == null && api.ResourcePolicy.ValueKind is System.Text.Json.JsonValueKind.Undefined or System.Text.Json.JsonValueKind.Null)
        {
            problems.Add($"{where}.resourcePolicy is missing; a PRIVATE API cannot be deployed without one");
        }

        var routes = RouteCompiler.Compile(api.Routes, where, allowDefaultRoute: false, problems);
        if (apiId.Length == 0) return;
        _apis[apiId] = new RestApi
        {
            Id = apiId,
            AccountId = api.AccountId ?? string.Empty,
            Region = api.Region ?? string.Empty,
            EndpointType = api.EndpointType ?? string.Empty,
            AssociatedVpcEndpoints = new HashSet<string>(api.VpcEndpointIds, StringComparer.Ordinal),
            Stages = new HashSet<string>(api.Stages, StringComparer.Ordinal),
            Routes = routes,
            ResourcePolicy = policy,
        };
    }
}
