using System.Text.Json;
using CrossAcctApi.Sandbox.Scenario;

namespace CrossAcctApi.Sandbox.Lambda;

/// <summary>A Lambda function of the scenario with its function URL, its resource policy and a canned answer.</summary>
public sealed class LambdaFunctionDefinition
{
    /// <summary>The function name (1-64 letters, digits, '-' or '_'); its ARN is <c>arn:aws:lambda:region:account:function:name</c>.</summary>
    public string Name { get; set; } = string.Empty;

    public string AccountId { get; set; } = string.Empty;

    public string Region { get; set; } = string.Empty;

    /// <summary>The function URL's id: 32 lower-case letters or digits, as in <c>https://{url-id}.lambda-url.{region}.on.aws</c>.</summary>
    public string UrlId { get; set; } = string.Empty;

    /// <summary>The function URL's auth type: <c>AWS_IAM</c> (SigV4 for service lambda, then IAM) or <c>NONE</c>.</summary>
    public string AuthType { get; set; } = FunctionUrlAuthTypes.AwsIam;

    /// <summary>What the function answers; the placeholders of a route's response apply (<c>${caller.arn}</c>, <c>${request.path}</c>, ...).</summary>
    public RouteResponseDefinition Response { get; set; } = new();

    /// <summary>The function's resource-based policy (what <c>aws lambda get-policy</c> shows), or none.</summary>
    public JsonElement ResourcePolicy { get; set; }
}

public static class FunctionUrlAuthTypes
{
    public const string AwsIam = "AWS_IAM";
    public const string None = "NONE";
}
