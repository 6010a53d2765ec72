namespace CrossAcctApi.Sandbox.Iam.Arns;

/// <summary>
/// The execute-api invoke ARN API Gateway authorizes a request against:
/// <c>arn:partition:execute-api:region:account:api-id/stage/METHOD/path</c>, the path percent-decoded and without its
/// leading slash (API Gateway developer guide, "Resource format of permissions for executing the API").
/// </summary>
internal static class InvokeArn
{
    public const string Service = "execute-api";

    /// <summary>
    /// The invoke ARN of a request, or null when none can hold it: the method is not letters only, or the path holds a
    /// control character (API Gateway answers such a request 400 Bad Request before authorizing it).
    /// </summary>
    /// <param name="decodedPathInStage">The percent-decoded path after the stage segment (the whole path for <c>$default</c>).</param>
    public static string? ForRequest(string partition, string region, string accountId, string apiId, string stage, string method, string decodedPathInStage)
    {
        var upperMethod = method.ToUpperInvariant();
        if (upperMethod.Length == 0 || !upperMethod.All(c => c >= 'A' && c <= 'Z')) return null;

        var path = decodedPathInStage.StartsWith('/') ? decodedPathInStage.Substring(1) : decodedPathInStage;
        if (path.Any(char.IsControl)) return null;
        return $"arn:{partition}:{Service}:{region}:{accountId}:{apiId}/{stage}/{upperMethod}/{path}";
    }
}
