using System.Net;
using CrossAcctApi.Sandbox.Scenario;
using CrossAcctApi.Sandbox.Tests.Infrastructure;

namespace CrossAcctApi.Sandbox.Tests;

/// <summary>
/// Permissions boundaries and same-account trust, end to end: a role whose policy allows every invoke is capped by a
/// boundary that allows GET only and denies the admin path; a same-account user assumes it through a trust policy that
/// names the user itself.
/// </summary>
public sealed class PermissionsBoundaryTests : IClassFixture<BoundarySandboxFixture>
{
    private readonly BoundarySandboxFixture _fixture;

    public PermissionsBoundaryTests(BoundarySandboxFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.Reset();
    }

    [Fact]
    public async Task The_boundary_caps_what_the_roles_policy_allows()
    {
        var session = await StsClients.AssumeAsync(_fixture.Server, BoundarySandboxFixture.Dev, BoundarySandboxFixture.Capped, "capped");
        Assert.Equal(HttpStatusCode.OK, (await ApiCaller.GetAsync(Api("/items"), session)).Status);

        var post = await ApiCaller.SendAsync(HttpMethod.Post, Api("/items"), session, "{}");
        Assert.Equal("AccessDeniedException", post.ErrorType);
        Assert.EndsWith(" because no permissions boundary allows the execute-api:Invoke action", post.Message);

        var admin = await ApiCaller.GetAsync(Api("/admin/report"), session);
        Assert.EndsWith(" with an explicit deny in a permissions boundary", admin.Message);
    }

    [Fact]
    public void A_boundary_that_is_not_a_managed_policy_of_the_scenario_is_refused()
    {
        var json = BoundarySandboxFixture.Json.Replace("policy/GetOnlyBoundary\"", "policy/Missing\"", StringComparison.Ordinal);
        var error = Assert.Throws<ScenarioException>(() => SandboxDirectory.Compile(ScenarioLoader.Parse(json)));
        Assert.Contains("accounts[0].roles[0].permissionsBoundary 'arn:aws:iam::111111111111:policy/Missing' is not a managed policy of the scenario", error.Message);
    }

    private Uri Api(string path) => _fixture.Server.ApiUri(Seed.ApiId, "prod", path);
}

/// <summary>The seed API, owned by account A, with a boundary-capped role that a user of account A may assume.</summary>
public sealed class BoundarySandboxFixture : SandboxFixture
{
    public const string Capped = "arn:aws:iam::111111111111:role/Capped";

    public const string Json = """
    {
      "accounts": [
        {
          "id": "111111111111",
          "managedPolicies": {
            "GetOnlyBoundary": { "Version": "2012-10-17", "Statement": [
              { "Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:*:111111111111:*/*/GET/*" },
              { "Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:*:111111111111:*/*/*/admin/*" } ] }
          },
          "users": [
            { "name": "dev", "accessKeys": [ { "accessKeyId": "AKIABOUNDARYDEV11111", "secretAccessKey": "BoundaryDevSecretKeyBoundaryDevSecret000" } ] }
          ],
          "roles": [
            {
              "name": "Capped",
              "permissionsBoundary": "arn:aws:iam::111111111111:policy/GetOnlyBoundary",
              "trustPolicy": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111111111111:user/dev" }, "Action": "sts:AssumeRole" } ] },
              "policies": { "Everything": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*" } ] } }
            }
          ]
        }
      ],
      "httpApis": [
        {
          "id": "a1b2c3d4e5", "accountId": "111111111111", "region": "us-east-1", "stages": [ "prod" ],
          "routes": [
            { "routeKey": "GET /items", "response": { "body": { "items": [] } } },
            { "routeKey": "POST /items", "response": { "body": { "created": true } } },
            { "routeKey": "GET /admin/report", "response": { "body": { "report": "q" } } }
          ]
        }
      ]
    }
    """;

    internal static readonly TestKey Dev = new("AKIABOUNDARYDEV11111", "BoundaryDevSecretKeyBoundaryDevSecret000", "arn:aws:iam::111111111111:user/dev");

    protected override ScenarioDefinition Scenario { get; } = ScenarioLoader.Parse(Json, "boundary scenario");
}
