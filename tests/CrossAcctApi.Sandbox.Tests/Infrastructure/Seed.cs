namespace CrossAcctApi.Sandbox.Tests.Infrastructure;

/// <summary>The built-in scenario's names and keys, as the issue states them.</summary>
internal static class Seed
{
    public const string AccountA = "111111111111";
    public const string AccountB = "222222222222";
    public const string AccountC = "333333333333";
    public const string ApiId = "a1b2c3d4e5";
    public const string Region = "us-east-1";

    public const string CrossAccountInvoker = "arn:aws:iam::111111111111:role/CrossAccountInvoker";
    public const string AuditReader = "arn:aws:iam::111111111111:role/AuditReader";
    public const string MfaOperator = "arn:aws:iam::111111111111:role/MfaOperator";
    public const string MfaDevice = "arn:aws:iam::222222222222:mfa/ops-engineer";
    public const string MfaCode = "123456";
    public const string AuditExternalId = "audit-2026";

    public static readonly TestKey OpsEngineer = new("AKIAOPSENGINEER22222", "OpsEngineerSecretKeyForAccountB/22222222", "arn:aws:iam::222222222222:user/ops-engineer");
    public static readonly TestKey NoAssume = new("AKIANOASSUME22222222", "NoAssumeSecretKeyForAccountB/2222222222", "arn:aws:iam::222222222222:user/no-assume");
    public static readonly TestKey Outsider = new("AKIAOUTSIDER33333333", "OutsiderSecretKeyForAccountC/3333333333", "arn:aws:iam::333333333333:user/outsider");

    public static string InvokeArn(string stage, string method, string path) =>
        $"arn:aws:execute-api:{Region}:{AccountA}:{ApiId}/{stage}/{method}/{path.TrimStart('/')}";

    public static string SessionArn(string roleArn, string sessionName) =>
        $"arn:aws:sts::{AccountA}:assumed-role/{roleArn.Substring(roleArn.LastIndexOf('/') + 1)}/{sessionName}";
}

/// <summary>A key pair (and token for a session) used by a test; ToString shows the key id only.</summary>
internal sealed record TestKey(string AccessKeyId, string SecretAccessKey, string Arn, string? SessionToken = null)
{
    /// <summary>The AWS SDK's credentials for this key: basic for a user's key, session for a role session's.</summary>
    public Amazon.Runtime.AWSCredentials ToAwsCredentials() => SessionToken == null
        ? new Amazon.Runtime.BasicAWSCredentials(AccessKeyId, SecretAccessKey)
        : new Amazon.Runtime.SessionAWSCredentials(AccessKeyId, SecretAccessKey, SessionToken);

    public override string ToString() => AccessKeyId;
}
