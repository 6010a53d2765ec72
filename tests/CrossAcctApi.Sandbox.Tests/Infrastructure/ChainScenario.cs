using CrossAcctApi.Sandbox.Scenario;

namespace CrossAcctApi.Sandbox.Tests.Infrastructure;

/// <summary>
/// A second scenario for what the seed does not exercise: role chaining with transitive tags and source
/// identity, same-account trust, managed session policies, role paths, greedy/ANY/$default routes, another region.
/// </summary>
internal static class ChainScenario
{
    public const string ApiId = "b2c3d4e5f6";
    public const string Region = "eu-west-1";
    public const string Hop1 = "arn:aws:iam::111111111111:role/Hop1";
    public const string Hop2 = "arn:aws:iam::111111111111:role/team/Hop2";
    public const string Wide = "arn:aws:iam::111111111111:role/Wide";
    public const string GetOnlyPolicy = "arn:aws:iam::111111111111:policy/GetOnly";
    public const string LocalRole = "arn:aws:iam::222222222222:role/LocalRole";
    public const string LocalRootTrust = "arn:aws:iam::222222222222:role/LocalRootTrust";

    public static readonly TestKey Ops = new("AKIACHAINOPS22222222", "ChainOpsSecretKeyChainOpsSecretKey000000", "arn:aws:iam::222222222222:user/ops");
    public static readonly TestKey Dev = new("AKIACHAINDEV22222222", "ChainDevSecretKeyChainDevSecretKey000000", "arn:aws:iam::222222222222:user/dev");

    public const string Json = """
    {
      "accounts": [
        {
          "id": "111111111111",
          "managedPolicies": {
            "GetOnly": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:*:111111111111:*/*/GET/*" } ] }
          },
          "roles": [
            {
              "name": "Hop1",
              "maxSessionDurationSeconds": 43200,
              "trustPolicy": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "222222222222" }, "Action": [ "sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity" ] } ] },
              "policies": { "Chain": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": [ "sts:AssumeRole", "sts:TagSession" ], "Resource": "arn:aws:iam::111111111111:role/team/*" } ] } }
            },
            {
              "name": "Hop2",
              "path": "/team/",
              "maxSessionDurationSeconds": 43200,
              "trustPolicy": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111111111111:role/Hop1" }, "Action": [ "sts:AssumeRole", "sts:TagSession" ] } ] },
              "policies": { "ReadIfOps": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:eu-west-1:111111111111:b2c3d4e5f6/*/GET/*", "Condition": { "StringEquals": { "aws:PrincipalTag/team": "ops", "aws:SourceIdentity": "alice" } } } ] } }
            },
            {
              "name": "Wide",
              "trustPolicy": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::222222222222:root" }, "Action": "sts:AssumeRole" } ] },
              "policies": { "Everything": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*" } ] } }
            }
          ]
        },
        {
          "id": "222222222222",
          "users": [
            {
              "name": "ops",
              "accessKeys": [ { "accessKeyId": "AKIACHAINOPS22222222", "secretAccessKey": "ChainOpsSecretKeyChainOpsSecretKey000000" } ],
              "policies": { "Assume": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": [ "sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity" ], "Resource": "*" } ] } }
            },
            {
              "name": "dev",
              "accessKeys": [ { "accessKeyId": "AKIACHAINDEV22222222", "secretAccessKey": "ChainDevSecretKeyChainDevSecretKey000000" } ]
            }
          ],
          "roles": [
            {
              "name": "LocalRole",
              "trustPolicy": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::222222222222:user/dev" }, "Action": "sts:AssumeRole" } ] }
            },
            {
              "name": "LocalRootTrust",
              "trustPolicy": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::222222222222:root" }, "Action": "sts:AssumeRole" } ] }
            }
          ]
        }
      ],
      "httpApis": [
        {
          "id": "b2c3d4e5f6",
          "accountId": "111111111111",
          "region": "eu-west-1",
          "stages": [ "$default" ],
          "routes": [
            { "routeKey": "ANY /files/{proxy+}", "response": { "body": { "route": "proxy", "proxy": "${path.proxy}", "method": "${request.method}", "caller": "${caller.arn}" } } },
            { "routeKey": "GET /files/readme", "authorizationType": "NONE", "response": { "body": { "route": "readme", "caller": "${caller.arn}" } } },
            { "routeKey": "$default", "authorizationType": "NONE", "response": { "statusCode": 202, "headers": { "x-route": "default" }, "body": { "route": "default", "path": "${request.path}", "q": "${query.q}" } } }
          ]
        }
      ]
    }
    """;

    public static ScenarioDefinition Load() => ScenarioLoader.Parse(Json, "chain scenario");
}

/// <summary>A sandbox serving <see cref="ChainScenario"/>.</summary>
public sealed class ChainSandboxFixture : SandboxFixture
{
    protected override ScenarioDefinition Scenario { get; } = ChainScenario.Load();
}
