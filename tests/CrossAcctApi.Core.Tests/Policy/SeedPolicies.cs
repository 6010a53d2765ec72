namespace CrossAcctApi.Core.Tests.Policy;

/// <summary>The seed scenario's policies, as the sandbox loads them.</summary>
internal static class SeedPolicies
{
    public const string ApiAccount = "111111111111";
    public const string CallerAccount = "222222222222";
    public const string OtherAccount = "333333333333";
    public const string ApiId = "a1b2c3d4e5";

    public const string CrossAccountInvokerPermissions = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "InvokeDefaultAndProdReads",
              "Effect": "Allow",
              "Action": "execute-api:Invoke",
              "Resource": [
                "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/*/*",
                "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/*"
              ]
            },
            {
              "Sid": "NeverAdmin",
              "Effect": "Deny",
              "Action": "execute-api:Invoke",
              "Resource": "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*/*/admin/*"
            }
          ]
        }
        """;

    public const string CrossAccountInvokerTrust = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": { "AWS": "arn:aws:iam::222222222222:root" },
              "Action": "sts:AssumeRole"
            }
          ]
        }
        """;

    public const string AuditReaderTrust = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": { "AWS": "arn:aws:iam::222222222222:root" },
              "Action": "sts:AssumeRole",
              "Condition": { "StringEquals": { "sts:ExternalId": "audit-2026" } }
            }
          ]
        }
        """;

    public const string MfaOperatorTrust = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": { "AWS": "arn:aws:iam::222222222222:root" },
              "Action": "sts:AssumeRole",
              "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "true" } }
            }
          ]
        }
        """;

    /// <summary>The seed's permissions policy with a stray trailing comma, which IAM rejects.</summary>
    public const string CrossAccountInvokerWithTrailingComma = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": "execute-api:Invoke",
              "Resource": [
                "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/*/*",
                "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/*",
              ]
            }
          ]
        }
        """;

    public const string CallerSession = "arn:aws:sts::222222222222:assumed-role/CallerRole/ci-run";
    public const string CrossAccountInvokerSession = "arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/session1";

    public static string InvokeArn(string stage, string method, string path) =>
        $"arn:aws:execute-api:us-east-1:{ApiAccount}:{ApiId}/{stage}/{method}/{path}";

    public static string RoleArn(string name) => $"arn:aws:iam::{ApiAccount}:role/{name}";
}
