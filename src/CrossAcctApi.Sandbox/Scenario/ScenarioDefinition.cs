using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrossAcctApi.Sandbox.Scenario;

/// <summary>
/// A sandbox world, as written in a scenario JSON file: accounts with IAM users, roles and managed policies,
/// and the HTTP APIs they own. Policies are real IAM policy JSON, kept as JSON elements.
/// </summary>
public sealed class ScenarioDefinition
{
    /// <summary>A free-text description, shown nowhere but useful in the file.</summary>
    public string? Description { get; set; }

    /// <summary>The AWS partition of every ARN (default <c>aws</c>).</summary>
    public string Partition { get; set; } = "aws";

    public List<AccountDefinition> Accounts { get; set; } = new();

    /// <summary>REST APIs (regional, edge or private), which unlike HTTP APIs may have a resource policy (RestApis/).</summary>
    public List<RestApis.RestApiDefinition> RestApis { get; set; } = new();

    /// <summary>Interface VPC endpoints for execute-api, through which private REST APIs are called (RestApis/).</summary>
    public List<RestApis.VpcEndpointDefinition> VpcEndpoints { get; set; } = new();

    /// <summary>Lambda functions with a function URL and a resource policy (Lambda/).</summary>
    public List<Lambda.LambdaFunctionDefinition> LambdaFunctions { get; set; } = new();

    public List<HttpApiDefinition> HttpApis { get; set; } = new();

    /// <summary>OIDC providers, IAM Identity Center, container and instance credentials (Federation/).</summary>
    public Federation.CredentialSourcesDefinition CredentialSources { get; set; } = new();
}

public sealed class AccountDefinition
{
    /// <summary>The 12-digit account id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>A friendly name such as "A" (documentation only).</summary>
    public string? Alias { get; set; }

    public List<UserDefinition> Users { get; set; } = new();

    public List<RoleDefinition> Roles { get; set; } = new();

    /// <summary>Customer managed policies by name (ARN <c>arn:aws:iam::&lt;id&gt;:policy/&lt;name&gt;</c>), usable as session PolicyArns.</summary>
    public Dictionary<string, JsonElement> ManagedPolicies { get; set; } = new();
}

public sealed class UserDefinition
{
    public string Name { get; set; } = string.Empty;

    public string Path { get; set; } = "/";

    public List<AccessKeyDefinition> AccessKeys { get; set; } = new();

    /// <summary>Inline identity policies by name.</summary>
    public Dictionary<string, JsonElement> Policies { get; set; } = new();

    public List<MfaDeviceDefinition> MfaDevices { get; set; } = new();

    /// <summary>The ARN of a managed policy (from <see cref="AccountDefinition.ManagedPolicies"/>) that caps the user's permissions.</summary>
    public string? PermissionsBoundary { get; set; }
}

public sealed class AccessKeyDefinition
{
    public string AccessKeyId { get; set; } = string.Empty;

    public string SecretAccessKey { get; set; } = string.Empty;

    public override string ToString() => $"AccessKey {AccessKeyId}";
}

public sealed class MfaDeviceDefinition
{
    /// <summary>The device ARN, e.g. <c>arn:aws:iam::222222222222:mfa/ops-engineer</c>.</summary>
    public string SerialNumber { get; set; } = string.Empty;

    /// <summary>The one-time codes the sandbox accepts for this device (a real device would rotate them).</summary>
    public List<string> AcceptedCodes { get; set; } = new();

    public override string ToString() => $"MfaDevice {SerialNumber}";
}

public sealed class RoleDefinition
{
    public string Name { get; set; } = string.Empty;

    public string Path { get; set; } = "/";

    /// <summary>The role's maximum session duration, 3600..43200 seconds (IAM's default is 3600).</summary>
    public int MaxSessionDurationSeconds { get; set; } = 3600;

    public JsonElement TrustPolicy { get; set; }

    /// <summary>Inline identity policies by name.</summary>
    public Dictionary<string, JsonElement> Policies { get; set; } = new();

    /// <summary>ARNs of managed policies (from <see cref="AccountDefinition.ManagedPolicies"/>) attached to the role.</summary>
    public List<string> ManagedPolicyArns { get; set; } = new();

    /// <summary>The ARN of a managed policy (from <see cref="AccountDefinition.ManagedPolicies"/>) that caps the role's permissions.</summary>
    public string? PermissionsBoundary { get; set; }
}

public sealed class HttpApiDefinition
{
    /// <summary>The 10-character API id, e.g. <c>a1b2c3d4e5</c>.</summary>
    public string Id { get; set; } = string.Empty;

    public string? Name { get; set; }

    public string AccountId { get; set; } = string.Empty;

    public string Region { get; set; } = string.Empty;

    /// <summary>Stage names; <c>$default</c> is served without a stage segment in the URL.</summary>
    public List<string> Stages { get; set; } = new();

    public List<RouteDefinition> Routes { get; set; } = new();
}

public sealed class RouteDefinition
{
    /// <summary>API Gateway route key: <c>GET /items/{id}</c>, <c>ANY /files/{proxy+}</c> or <c>$default</c>.</summary>
    public string RouteKey { get; set; } = string.Empty;

    /// <summary><c>AWS_IAM</c> (SigV4 and IAM policy) or <c>NONE</c>.</summary>
    public string AuthorizationType { get; set; } = RouteAuthorization.AwsIam;

    public RouteResponseDefinition Response { get; set; } = new();
}

public static class RouteAuthorization
{
    public const string AwsIam = "AWS_IAM";
    public const string None = "NONE";
}

public sealed class RouteResponseDefinition
{
    public int StatusCode { get; set; } = 200;

    public Dictionary<string, string> Headers { get; set; } = new();

    /// <summary>
    /// The JSON body. String values may hold placeholders: <c>${caller.arn}</c>, <c>${caller.accountId}</c>,
    /// <c>${caller.userId}</c>, <c>${request.method}</c>, <c>${request.path}</c>, <c>${request.stage}</c>,
    /// <c>${request.id}</c>, <c>${request.body}</c>, <c>${request.bodyText}</c>, <c>${request.rawQuery}</c> (as received), <c>${path.NAME}</c>, <c>${query.NAME}</c>, <c>${header.NAME}</c>.
    /// </summary>
    [JsonPropertyName("body")]
    public JsonElement Body { get; set; }
}
