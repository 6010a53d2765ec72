namespace CrossAcctApi.Sandbox.Federation;

/// <summary>
/// The scenario's <c>credentialSources</c> section: where credentials come from besides access keys. OIDC providers
/// (AssumeRoleWithWebIdentity), the IAM Identity Center portal (SSO GetRoleCredentials), ECS container credentials
/// and one EC2 instance's metadata service.
/// </summary>
public sealed class CredentialSourcesDefinition
{
    public List<OidcProviderDefinition> OidcProviders { get; set; } = new();

    public SsoDefinition? Sso { get; set; }

    public List<ContainerDefinition> Containers { get; set; } = new();

    public InstanceDefinition? Instance { get; set; }
}

/// <summary>An IAM OIDC identity provider of one account, with the test-only key the sandbox signs its tokens with.</summary>
public sealed class OidcProviderDefinition
{
    /// <summary>The account the provider (and so its ARN) belongs to.</summary>
    public string AccountId { get; set; } = string.Empty;

    /// <summary>The issuer URL, <c>https://host[/path]</c>: the tokens' <c>iss</c>; the ARN is <c>oidc-provider/host[/path]</c>.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>The client ids (audiences) the provider accepts in a token's <c>aud</c>.</summary>
    public List<string> ClientIds { get; set; } = new();

    /// <summary>The signing key's id (<c>kid</c>); default: derived from the public key.</summary>
    public string? KeyId { get; set; }

    /// <summary>An RSA private key (PEM, PKCS#1 or PKCS#8); default: a 2048-bit key generated when the sandbox starts.</summary>
    public string? PrivateKeyPem { get; set; }
}

/// <summary>IAM Identity Center: the portal's start URL and region, permission sets, and users with their assignments.</summary>
public sealed class SsoDefinition
{
    public string StartUrl { get; set; } = string.Empty;

    public string Region { get; set; } = string.Empty;

    public List<PermissionSetDefinition> PermissionSets { get; set; } = new();

    public List<SsoUserDefinition> Users { get; set; } = new();
}

/// <summary>A permission set provisioned in one account: GetRoleCredentials' role_name, and the role whose session it issues.</summary>
public sealed class PermissionSetDefinition
{
    /// <summary>The permission set's name: what GetRoleCredentials calls <c>role_name</c>.</summary>
    public string Name { get; set; } = string.Empty;

    public string AccountId { get; set; } = string.Empty;

    /// <summary>The role Identity Center provisioned for it (AWSReservedSSO_...), defined in the account's roles.</summary>
    public string RoleArn { get; set; } = string.Empty;

    /// <summary>The permission set's session duration, 3600..43200 seconds.</summary>
    public int SessionDurationSeconds { get; set; } = 3600;
}

public sealed class SsoUserDefinition
{
    public string UserName { get; set; } = string.Empty;

    public List<SsoAssignmentDefinition> Assignments { get; set; } = new();
}

public sealed class SsoAssignmentDefinition
{
    public string AccountId { get; set; } = string.Empty;

    public string PermissionSet { get; set; } = string.Empty;
}

/// <summary>An ECS task (or EKS pod) whose role credentials are served at <c>/v2/credentials/{id}</c>.</summary>
public sealed class ContainerDefinition
{
    /// <summary>The last segment of the credentials path (the task credential id).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The task role; its trust policy must allow <c>ecs-tasks.amazonaws.com</c> to <c>sts:AssumeRole</c>.</summary>
    public string RoleArn { get; set; } = string.Empty;

    /// <summary>When set, the request's Authorization header must equal it (AWS_CONTAINER_AUTHORIZATION_TOKEN).</summary>
    public string? AuthorizationToken { get; set; }
}

/// <summary>The EC2 instance whose metadata service (IMDS) the sandbox plays at <c>/latest/</c>.</summary>
public sealed class InstanceDefinition
{
    public string InstanceId { get; set; } = "i-0123456789abcdef0";

    /// <summary>The instance profile's role; its trust policy must allow <c>ec2.amazonaws.com</c> to <c>sts:AssumeRole</c>.</summary>
    public string RoleArn { get; set; } = string.Empty;

    /// <summary>False (the default) requires IMDSv2 session tokens, as HttpTokens=required does; true also answers IMDSv1.</summary>
    public bool AllowImdsV1 { get; set; }
}
