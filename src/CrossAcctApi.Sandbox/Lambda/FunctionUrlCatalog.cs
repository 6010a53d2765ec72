using System.Text.RegularExpressions;
using CrossAcctApi.Sandbox.Iam.Arns;
using CrossAcctApi.Sandbox.Iam.Policies;
using CrossAcctApi.Sandbox.Scenario;

namespace CrossAcctApi.Sandbox.Lambda;

/// <summary>A Lambda function of the scenario with a function URL, checked.</summary>
internal sealed class LambdaFunction
{
    public required string Name { get; init; }

    public required string AccountId { get; init; }

    public required string Region { get; init; }

    /// <summary><c>arn:aws:lambda:region:account:function:name</c>, the resource of both invoke actions.</summary>
    public required string Arn { get; init; }

    public required string UrlId { get; init; }

    public required string AuthType { get; init; }

    public required RouteResponseDefinition Response { get; init; }

    public IamPolicy? ResourcePolicy { get; init; }

    public bool RequiresIam => AuthType == FunctionUrlAuthTypes.AwsIam;

    public override string ToString() => $"Lambda function {Arn} (URL {UrlId}, {AuthType})";
}

/// <summary>The scenario's Lambda functions by URL id; every resource policy parsed once here.</summary>
internal sealed class FunctionUrlCatalog
{
    private static readonly Regex FunctionNamePattern = new(@"^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant);
    private static readonly Regex UrlIdPattern = new(@"^[a-z0-9]{32}$", RegexOptions.CultureInvariant);

    private readonly Dictionary<string, LambdaFunction> _byUrlId = new(StringComparer.Ordinal);

    public static FunctionUrlCatalog Empty { get; } = new();

    public IReadOnlyCollection<LambdaFunction> Functions => _byUrlId.Values;

    public LambdaFunction? FindByUrlId(string urlId) => _byUrlId.TryGetValue(urlId, out var function) ? function : null;

    public static FunctionUrlCatalog Compile(ScenarioDefinition scenario, string partition, IReadOnlySet<string> accountIds, List<string> problems)
    {
        var catalog = new FunctionUrlCatalog();
        for (var i = 0; i < scenario.LambdaFunctions.Count; i++) catalog.Add(scenario.LambdaFunctions[i], partition, accountIds, $"lambdaFunctions[{i}]", problems);
        return catalog;
    }

    private void Add(LambdaFunctionDefinition function, string partition, IReadOnlySet<string> accountIds, string where, List<string> problems)
    {
        var name = function.Name ?? string.Empty;
        var urlId = function.UrlId ?? string.Empty;
        var arn = $"arn:{partition}:lambda:{function.Region}:{function.AccountId}:function:{name}";
        if (!FunctionNamePattern.IsMatch(name)) problems.Add($"{where}.name '{function.Name}' is not 1-64 letters, digits, '-' or '_'");
        if (!accountIds.Contains(function.AccountId ?? string.Empty)) problems.Add($"{where}.accountId '{function.AccountId}' is not an account of the scenario");
        if (!AwsNames.IsRegionName(function.Region)) problems.Add($"{where}.region '{function.Region}' is not a region name");
        if (!UrlIdPattern.IsMatch(urlId)) problems.Add($"{where}.urlId '{function.UrlId}' is not 32 lower-case letters or digits");
        else if (_byUrlId.ContainsKey(urlId)) problems.Add($"{where}.urlId '{function.UrlId}' appears twice");
        if (_byUrlId.Values.Any(f => f.Arn == arn)) problems.Add($"{where}.name '{function.Name}' is used by another function of account {function.AccountId} in {function.Region}");
        if (function.AuthType is not (FunctionUrlAuthTypes.AwsIam or FunctionUrlAuthTypes.None)) problems.Add($"{where}.authType '{function.AuthType}' is not AWS_IAM or NONE");
        if (function.Response.StatusCode < 100 || function.Response.StatusCode > 599) problems.Add($"{where}.response.statusCode {function.Response.StatusCode} is not an HTTP status");

        var policy = ResourcePolicyReader.Read(function.ResourcePolicy, where + ".resourcePolicy", problems);
        if (urlId.Length == 0 || _byUrlId.ContainsKey(urlId)) return;
        _byUrlId[urlId] = new LambdaFunction
        {
            Name = name,
            AccountId = function.AccountId ?? string.Empty,
            Region = function.Region ?? string.Empty,
            Arn = arn,
            UrlId = urlId,
            AuthType = function.AuthType ?? string.Empty,
            Response = function.Response,
            ResourcePolicy = policy,
        };
    }
}
