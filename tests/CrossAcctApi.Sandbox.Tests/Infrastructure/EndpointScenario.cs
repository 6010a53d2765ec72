using CrossAcctApi.Sandbox.Scenario;

namespace CrossAcctApi.Sandbox.Tests.Infrastructure;

/// <summary>
/// A scenario for the REST API and function URL rules the seed does not exercise: each caller kind (same account with
/// and without an identity allow, other account with and without one), identity-side explicit denies, the execute-api:/
/// shorthand, aws:VpcSourceIp against aws:SourceIp, an endpoint not associated with a private API, and function policies
/// with the wrong condition key, the wrong auth type, an explicit deny, or (auth type NONE) no lambda:InvokeFunction.
/// </summary>
internal static class EndpointScenario
{
    public const string RestId = "e1e2e3e4e5";
    public const string PrivateId = "f1f2f3f4f5";
    public const string Associated = "vpce-0c0c0c0c0c0c0c0c0";
    public const string NotAssociated = "vpce-0d0d0d0d0d0d0d0d0";

    public static readonly TestKey AUser = new("AKIAENDPOINTAUSER111", "EndpointAUserSecretKeyEndpointAUser00000", "arn:aws:iam::111111111111:user/a-user");
    public static readonly TestKey APlain = new("AKIAENDPOINTAPLAIN11", "EndpointAPlainSecretKeyEndpointAPlain000", "arn:aws:iam::111111111111:user/a-plain");
    public static readonly TestKey BUser = new("AKIAENDPOINTBUSER222", "EndpointBUserSecretKeyEndpointBUser00000", "arn:aws:iam::222222222222:user/b-user");
    public static readonly TestKey BPlain = new("AKIAENDPOINTBPLAIN22", "EndpointBPlainSecretKeyEndpointBPlain000", "arn:aws:iam::222222222222:user/b-plain");

    public static string UrlId(string name) => (name.Replace("-", string.Empty) + new string('0', 32)).Substring(0, 32);

    public const string Json = """
    {
      "accounts": [
        { "id": "111111111111", "users": [
          { "name": "a-user", "accessKeys": [ { "accessKeyId": "AKIAENDPOINTAUSER111", "secretAccessKey": "EndpointAUserSecretKeyEndpointAUser00000" } ],
            "policies": { "Everything": { "Version": "2012-10-17", "Statement": [
              { "Effect": "Allow", "Action": [ "execute-api:Invoke", "lambda:InvokeFunctionUrl", "lambda:InvokeFunction" ], "Resource": "*" },
              { "Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:111111111111:e1e2e3e4e5/prod/GET/mine" } ] } } },
          { "name": "a-plain", "accessKeys": [ { "accessKeyId": "AKIAENDPOINTAPLAIN11", "secretAccessKey": "EndpointAPlainSecretKeyEndpointAPlain000" } ] } ] },
        { "id": "222222222222", "users": [
          { "name": "b-user", "accessKeys": [ { "accessKeyId": "AKIAENDPOINTBUSER222", "secretAccessKey": "EndpointBUserSecretKeyEndpointBUser00000" } ],
            "policies": { "Everything": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": [ "execute-api:Invoke", "lambda:*" ], "Resource": "*" } ] } } },
          { "name": "b-plain", "accessKeys": [ { "accessKeyId": "AKIAENDPOINTBPLAIN22", "secretAccessKey": "EndpointBPlainSecretKeyEndpointBPlain000" } ] } ] }
      ],
      "restApis": [
        { "id": "e1e2e3e4e5", "accountId": "111111111111", "region": "us-east-1", "stages": [ "prod" ],
          "routes": [
            { "routeKey": "GET /open", "response": { "body": { "caller": "${caller.arn}" } } },
            { "routeKey": "GET /mine", "response": { "body": { "caller": "${caller.arn}" } } },
            { "routeKey": "GET /secret", "response": { "body": { "caller": "${caller.arn}" } } },
            { "routeKey": "GET /blocked", "authorizationType": "NONE", "response": { "body": { "blocked": false } } },
            { "routeKey": "ANY /files/{proxy+}", "response": { "body": { "proxy": "${path.proxy}" } } }
          ],
          "resourcePolicy": { "Version": "2012-10-17", "Statement": [
            { "Effect": "Allow", "Principal": { "AWS": [ "arn:aws:iam::222222222222:user/b-user", "arn:aws:iam::222222222222:user/b-plain" ] }, "Action": "execute-api:Invoke", "Resource": [ "execute-api:/prod/GET/*", "execute-api:/prod/*/files/*" ] },
            { "Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": [ "execute-api:/prod/GET/secret", "execute-api:/prod/GET/blocked" ] } ] } },
        { "id": "f1f2f3f4f5", "accountId": "111111111111", "region": "us-east-1", "endpointType": "PRIVATE", "vpcEndpointIds": [ "vpce-0c0c0c0c0c0c0c0c0" ], "stages": [ "prod" ],
          "routes": [
            { "routeKey": "GET /vpc-ip", "authorizationType": "NONE", "response": { "body": { "ok": true } } },
            { "routeKey": "GET /source-ip", "authorizationType": "NONE", "response": { "body": { "ok": true } } }
          ],
          "resourcePolicy": { "Version": "2012-10-17", "Statement": [
            { "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/prod/GET/vpc-ip", "Condition": { "IpAddress": { "aws:VpcSourceIp": "127.0.0.0/8" } } },
            { "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/prod/GET/source-ip", "Condition": { "IpAddress": { "aws:SourceIp": "0.0.0.0/0" } } } ] } }
      ],
      "vpcEndpoints": [
        { "id": "vpce-0c0c0c0c0c0c0c0c0", "vpcId": "vpc-0c0c0c0c0c0c0c0c0", "accountId": "222222222222", "region": "us-east-1" },
        { "id": "vpce-0d0d0d0d0d0d0d0d0", "vpcId": "vpc-0d0d0d0d0d0d0d0d0", "accountId": "222222222222", "region": "us-east-1" }
      ],
      "lambdaFunctions": [
        { "name": "by-identity", "accountId": "111111111111", "region": "us-east-1", "urlId": "byidentity0000000000000000000000", "response": { "body": { "caller": "${caller.arn}" } } },
        { "name": "wrong-auth-type", "accountId": "111111111111", "region": "us-east-1", "urlId": "wrongauthtype0000000000000000000", "response": { "body": {} },
          "resourcePolicy": { "Version": "2012-10-17", "Statement": [
            { "Effect": "Allow", "Principal": { "AWS": "222222222222" }, "Action": "lambda:InvokeFunctionUrl", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:wrong-auth-type", "Condition": { "StringEquals": { "lambda:FunctionUrlAuthType": "NONE" } } },
            { "Effect": "Allow", "Principal": { "AWS": "222222222222" }, "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:wrong-auth-type" } ] } },
        { "name": "swapped-keys", "accountId": "111111111111", "region": "us-east-1", "urlId": "swappedkeys000000000000000000000", "response": { "body": {} },
          "resourcePolicy": { "Version": "2012-10-17", "Statement": [
            { "Effect": "Allow", "Principal": { "AWS": "222222222222" }, "Action": [ "lambda:InvokeFunctionUrl", "lambda:InvokeFunction" ], "Resource": "arn:aws:lambda:us-east-1:111111111111:function:swapped-keys", "Condition": { "StringEquals": { "lambda:FunctionUrlAuthType": "AWS_IAM" } } } ] } },
        { "name": "denied-invoke", "accountId": "111111111111", "region": "us-east-1", "urlId": "deniedinvoke00000000000000000000", "response": { "body": {} },
          "resourcePolicy": { "Version": "2012-10-17", "Statement": [
            { "Effect": "Allow", "Principal": { "AWS": "222222222222" }, "Action": [ "lambda:InvokeFunctionUrl", "lambda:InvokeFunction" ], "Resource": "arn:aws:lambda:us-east-1:111111111111:function:denied-invoke" },
            { "Effect": "Deny", "Principal": "*", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:denied-invoke", "Condition": { "Bool": { "lambda:InvokedViaFunctionUrl": "true" } } } ] } },
        { "name": "public-url-only", "accountId": "111111111111", "region": "us-east-1", "urlId": "publicurlonly0000000000000000000", "authType": "NONE", "response": { "body": {} },
          "resourcePolicy": { "Version": "2012-10-17", "Statement": [
            { "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunctionUrl", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:public-url-only", "Condition": { "StringEquals": { "lambda:FunctionUrlAuthType": "NONE" } } } ] } }
      ]
    }
    """;

    public static ScenarioDefinition Load() => ScenarioLoader.Parse(Json, "endpoint scenario");
}

/// <summary>A sandbox serving <see cref="EndpointScenario"/>.</summary>
public sealed class EndpointSandboxFixture : SandboxFixture
{
    protected override ScenarioDefinition Scenario { get; } = EndpointScenario.Load();
}
