namespace CrossAcctApi.Sandbox.ExecuteApi;

/// <summary>An HTTP API of the scenario: where it lives, its stages, its routes.</summary>
internal sealed class HttpApi
{
    public const string DefaultStage = "$default";

    public required string Id { get; init; }

    public required string AccountId { get; init; }

    public required string Region { get; init; }

    public required IReadOnlySet<string> Stages { get; init; }

    public required IReadOnlyList<ApiRoute> Routes { get; init; }

    /// <summary>
    /// Splits the path after the API id into stage and path as API Gateway does: a first segment naming a
    /// stage selects it; otherwise the whole path goes to $default (when the API has that stage).
    /// </summary>
    public bool TryResolveStage(string rawPathAfterApiId, out string stage, out string rawPathInStage)
    {
        var trimmed = rawPathAfterApiId.TrimStart('/');
        var slash = trimmed.IndexOf('/');
        var first = slash < 0 ? trimmed : trimmed.Substring(0, slash);
        if (first.Length > 0 && first != DefaultStage && Stages.Contains(first))
        {
            stage = first;
            rawPathInStage = slash < 0 ? "/" : trimmed.Substring(slash);
            return true;
        }

        stage = DefaultStage;
        rawPathInStage = "/" + trimmed;
        return Stages.Contains(DefaultStage);
    }

    /// <summary>The most specific route that matches, or null (404).</summary>
    public ApiRoute? Match(string method, IReadOnlyList<string> pathSegments, out IReadOnlyDictionary<string, string> pathParameters) =>
        ApiRoute.MostSpecific(Routes, method, pathSegments, out pathParameters);

    public override string ToString() => $"HTTP API {Id} ({Region}, account {AccountId})";
}
