using System.Text.Json;
using CrossAcctApi.Sandbox.Iam.Policies;
using CrossAcctApi.Sandbox.Scenario;

namespace CrossAcctApi.Sandbox.Tests;

/// <summary>The built-in scenario is the issue's seed, and bad scenarios stop the sandbox with the place of the mistake.</summary>
public sealed class ScenarioTests
{
    [Fact]
    public void The_default_scenario_is_the_seed()
    {
        var scenario = ScenarioLoader.Default();
        Assert.Equal(new[] { "111111111111", "222222222222", "333333333333" }, scenario.Accounts.Select(a => a.Id));

        var accountA = scenario.Accounts[0];
        Assert.Empty(accountA.Users);
        Assert.Equal(new[] { "CrossAccountInvoker", "AuditReader", "MfaOperator", "AWSReservedSSO_ItemsReader_0a1b2c3d4e5f6a7b" }, accountA.Roles.Select(r => r.Name));
        Assert.All(accountA.Roles, r => Assert.Equal(3600, r.MaxSessionDurationSeconds));

        var invoker = accountA.Roles[0];
        AssertTrust(invoker, null, null);
        var invokerStatements = Statements(invoker.Policies.Values.Single());
        Assert.Equal(
            new[]
            {
                "Allow execute-api:Invoke arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/*/*",
                "Allow execute-api:Invoke arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/*",
                "Deny execute-api:Invoke arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*/*/admin/*",
            },
            invokerStatements);

        var audit = accountA.Roles[1];
        AssertTrust(audit, "StringEquals sts:ExternalId", "audit-2026");
        Assert.Equal(new[] { "Allow execute-api:Invoke arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*/GET/*" }, Statements(audit.Policies.Values.Single()));

        var mfa = accountA.Roles[2];
        AssertTrust(mfa, "Bool aws:MultiFactorAuthPresent", "true");
        Assert.Equal(new[] { "Allow execute-api:Invoke arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*/*/*" }, Statements(mfa.Policies.Values.Single()));

        var accountB = scenario.Accounts[1];
        Assert.Equal(new[] { "CiDeployer", "ItemsTaskRole", "ItemsInstanceRole" }, accountB.Roles.Select(r => r.Name));
        var ops = accountB.Users.Single(u => u.Name == "ops-engineer");
        Assert.Equal("AKIAOPSENGINEER22222", ops.AccessKeys.Single().AccessKeyId);
        Assert.Equal("OpsEngineerSecretKeyForAccountB/22222222", ops.AccessKeys.Single().SecretAccessKey);
        Assert.Equal("arn:aws:iam::222222222222:mfa/ops-engineer", ops.MfaDevices.Single().SerialNumber);
        Assert.Equal(new[] { "123456" }, ops.MfaDevices.Single().AcceptedCodes);
        Assert.Equal(new[] { "AssumeRolesInAccountA", "CallAccountADirectly" }, ops.Policies.Keys);
        Assert.Equal(new[] { "Allow sts:AssumeRole arn:aws:iam::111111111111:role/*" }, Statements(ops.Policies["AssumeRolesInAccountA"]));
        Assert.Equal(
            new[]
            {
                "Allow execute-api:Invoke arn:aws:execute-api:us-east-1:111111111111:q1w2e3r4t5/*,arn:aws:execute-api:us-east-1:111111111111:p9o8i7u6y5/*",
                "Allow lambda:InvokeFunctionUrl,lambda:InvokeFunction arn:aws:lambda:us-east-1:111111111111:function:*",
            },
            Statements(ops.Policies["CallAccountADirectly"]));
        var noAssume = accountB.Users.Single(u => u.Name == "no-assume");
        Assert.Equal("AKIANOASSUME22222222", noAssume.AccessKeys.Single().AccessKeyId);
        Assert.Equal("NoAssumeSecretKeyForAccountB/2222222222", noAssume.AccessKeys.Single().SecretAccessKey);
        Assert.Empty(noAssume.Policies);

        var outsider = scenario.Accounts[2].Users.Single();
        Assert.Equal("outsider", outsider.Name);
        Assert.Equal("AKIAOUTSIDER33333333", outsider.AccessKeys.Single().AccessKeyId);
        Assert.Equal("OutsiderSecretKeyForAccountC/3333333333", outsider.AccessKeys.Single().SecretAccessKey);
        Assert.Equal(new[] { "Allow sts:AssumeRole *" }, Statements(outsider.Policies.Values.Single()));

        var api = scenario.HttpApis.Single();
        Assert.Equal(("a1b2c3d4e5", "us-east-1", "111111111111"), (api.Id, api.Region, api.AccountId));
        Assert.Equal(new[] { "$default", "prod" }, api.Stages);
        Assert.Equal(
            new[] { "GET /items AWS_IAM", "POST /items AWS_IAM", "ANY /echo AWS_IAM", "ANY /echo/{proxy+} AWS_IAM", "GET /items/{id} AWS_IAM", "DELETE /items/{id} AWS_IAM", "GET /admin/report AWS_IAM", "GET /health NONE" },
            api.Routes.Select(r => $"{r.RouteKey} {r.AuthorizationType}"));
    }

    [Fact]
    public void The_default_scenario_has_a_REST_API_a_private_REST_API_and_three_function_URLs()
    {
        var scenario = ScenarioLoader.Default();
        Assert.Equal(
            new[] { "q1w2e3r4t5 REGIONAL prod,test", "p9o8i7u6y5 PRIVATE prod" },
            scenario.RestApis.Select(a => $"{a.Id} {a.EndpointType} {string.Join(",", a.Stages)}"));
        Assert.Equal(new[] { "vpce-0b2b2b2b2b2b2b2b2", "vpce-0a1a1a1a1a1a1a1a1" }, scenario.RestApis[1].VpcEndpointIds);
        Assert.Equal(new[] { "vpce-0b2b2b2b2b2b2b2b2 222222222222", "vpce-0a1a1a1a1a1a1a1a1 111111111111" }, scenario.VpcEndpoints.Select(v => $"{v.Id} {v.AccountId}"));
        Assert.Equal(
            new[] { "report-generator AWS_IAM reportgenerator11111111111111111", "legacy-export AWS_IAM legacyexport11111111111111111111", "public-status NONE publicstatus11111111111111111111" },
            scenario.LambdaFunctions.Select(f => $"{f.Name} {f.AuthType} {f.UrlId}"));

        // The function the module must diagnose: its policy grants the URL action and not lambda:InvokeFunction.
        var legacy = PolicyParser.Parse(scenario.LambdaFunctions[1].ResourcePolicy.GetRawText(), PolicyUse.Resource);
        Assert.Equal(new[] { "lambda:InvokeFunctionUrl" }, legacy.Statements.SelectMany(s => s.Actions.Values.Select(a => a.Text)));
        var directory = Scenario.SandboxDirectory.Compile(scenario);
        Assert.Equal(2, directory.RestApis.Apis.Count);
        Assert.Equal(3, directory.Functions.Functions.Count);
    }

    [Fact]
    public void No_role_trusts_account_C()
    {
        var roles = ScenarioLoader.Default().Accounts.SelectMany(a => a.Roles);
        Assert.All(roles, r => Assert.DoesNotContain("333333333333", r.TrustPolicy.GetRawText()));
    }

    [Fact]
    public void The_printed_default_is_the_embedded_JSON()
    {
        var json = ScenarioLoader.DefaultScenarioJson();
        using var document = JsonDocument.Parse(json);
        Assert.Equal(3, document.RootElement.GetProperty("accounts").GetArrayLength());
    }

    [Theory]
    [InlineData("""{"accounts":[{"id":"1234"}]}""", "accounts[0].id '1234' is not a 12-digit account id")]
    [InlineData("""{"accounts":[{"id":"111111111111"},{"id":"111111111111"}]}""", "accounts[1].id '111111111111' appears twice")]
    [InlineData("""{"accounts":[{"id":"111111111111","users":[{"name":"a","accessKeys":[{"accessKeyId":"AKIAAAAAAAAAAAAAAAAA","secretAccessKey":"0123456789abcdef"}]},{"name":"b","accessKeys":[{"accessKeyId":"AKIAAAAAAAAAAAAAAAAA","secretAccessKey":"0123456789abcdef"}]}]}]}""", "accounts[0].users[1].accessKeys[0].accessKeyId 'AKIAAAAAAAAAAAAAAAAA' is used twice")]
    [InlineData("""{"accounts":[{"id":"111111111111","roles":[{"name":"R"}]}]}""", "accounts[0].roles[0].trustPolicy is missing")]
    [InlineData("""{"accounts":[{"id":"111111111111","roles":[{"name":"R","trustPolicy":{"Statement":[{"Effect":"Perhaps","Action":"*","Resource":"*"}]}}]}]}""", "accounts[0].roles[0].trustPolicy is not a valid IAM policy")]
    [InlineData("""{"accounts":[{"id":"111111111111","roles":[{"name":"R","maxSessionDurationSeconds":60,"trustPolicy":{"Statement":[]}}]}]}""", "accounts[0].roles[0].maxSessionDurationSeconds 60 is not between 3600 and 43200")]
    [InlineData("""{"accounts":[],"httpApis":[{"id":"abc","accountId":"999999999999","region":"us-east-1","stages":["prod"],"routes":[]}]}""", "httpApis[0].id 'abc' is not 10 lower-case letters or digits")]
    [InlineData("""{"accounts":[],"httpApis":[{"id":"abcdefghij","accountId":"999999999999","region":"us-east-1","stages":["prod"],"routes":[]}]}""", "httpApis[0].accountId '999999999999' is not an account of the scenario")]
    [InlineData("""{"accounts":[{"id":"111111111111"}],"httpApis":[{"id":"abcdefghij","accountId":"111111111111","region":"us-east-1","stages":["prod"],"routes":[{"routeKey":"FETCH /x"}]}]}""", "httpApis[0].routes[0].routeKey: route key 'FETCH /x' is not '$default' or '<METHOD> /<path>'")]
    [InlineData("""{"accounts":[{"id":"111111111111"}],"httpApis":[{"id":"abcdefghij","accountId":"111111111111","region":"us-east-1","stages":["prod"]}],"restApis":[{"id":"abcdefghij","accountId":"111111111111","region":"us-east-1","stages":["prod"]}]}""", "restApis[0].id 'abcdefghij' is the id of another API of the scenario")]
    [InlineData("""{"accounts":[{"id":"111111111111"}],"restApis":[{"id":"abcdefghij","accountId":"111111111111","region":"us-east-1","stages":["$default"]}]}""", "restApis[0].stages '$default' is not 1-128 letters, digits, '-' or '_' (REST APIs have no $default stage)")]
    [InlineData("""{"accounts":[{"id":"111111111111"}],"restApis":[{"id":"abcdefghij","accountId":"111111111111","region":"us-east-1","stages":["p"],"routes":[{"routeKey":"$default"}]}]}""", "restApis[0].routes[0].routeKey '$default' is an HTTP API route")]
    [InlineData("""{"accounts":[{"id":"111111111111"}],"restApis":[{"id":"abcdefghij","accountId":"111111111111","region":"us-east-1","endpointType":"PRIVATE","stages":["p"]}]}""", "restApis[0].resourcePolicy is missing; a PRIVATE API cannot be deployed without one")]
    [InlineData("""{"accounts":[{"id":"111111111111"}],"restApis":[{"id":"abcdefghij","accountId":"111111111111","region":"us-east-1","endpointType":"VPC","stages":["p"]}]}""", "restApis[0].endpointType 'VPC' is not REGIONAL, EDGE, PRIVATE")]
    [InlineData("""{"accounts":[{"id":"111111111111"}],"restApis":[{"id":"abcdefghij","accountId":"111111111111","region":"us-east-1","stages":["p"],"vpcEndpointIds":["vpce-01234567"]}]}""", "restApis[0].vpcEndpointIds: only a PRIVATE API is associated with VPC endpoints")]
    [InlineData("""{"accounts":[{"id":"111111111111"}],"restApis":[{"id":"abcdefghij","accountId":"111111111111","region":"us-east-1","stages":["p"],"resourcePolicy":{"Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}]}}]}""", "restApis[0].resourcePolicy is not a valid resource policy: Missing required field Principal")]
    [InlineData("""{"accounts":[{"id":"111111111111"}],"vpcEndpoints":[{"id":"vpce-xyz","vpcId":"vpc-01234567","accountId":"111111111111","region":"us-east-1"}]}""", "vpcEndpoints[0].id 'vpce-xyz' is not vpce- followed by 8 or 17 hexadecimal digits")]
    [InlineData("""{"accounts":[{"id":"111111111111"}],"lambdaFunctions":[{"name":"f","accountId":"111111111111","region":"us-east-1","urlId":"UPPER"}]}""", "lambdaFunctions[0].urlId 'UPPER' is not 32 lower-case letters or digits")]
    [InlineData("""{"accounts":[{"id":"111111111111"}],"lambdaFunctions":[{"name":"f","accountId":"111111111111","region":"us-east-1","urlId":"abcdefghijklmnopqrstuvwxyz012345","authType":"IAM"}]}""", "lambdaFunctions[0].authType 'IAM' is not AWS_IAM or NONE")]
    [InlineData("""{"accounts":[{"id":"111111111111"}],"lambdaFunctions":[{"name":"f","accountId":"111111111111","region":"us-east-1","urlId":"abcdefghijklmnopqrstuvwxyz012345"},{"name":"f","accountId":"111111111111","region":"us-east-1","urlId":"abcdefghijklmnopqrstuvwxyz012346"}]}""", "lambdaFunctions[1].name 'f' is used by another function of account 111111111111 in us-east-1")]
    public void An_invalid_scenario_names_the_place_of_the_mistake(string json, string problem)
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.SandboxDirectory.Compile(ScenarioLoader.Parse(json)));
        Assert.Equal(ScenarioLoader.InvalidScenarioErrorId, error.ErrorId);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void A_misspelt_property_is_refused_rather_than_ignored()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("""{"acounts":[]}""", "typo.json"));
        Assert.Equal(ScenarioLoader.InvalidScenarioErrorId, error.ErrorId);
        Assert.Contains("typo.json", error.Message);
        Assert.Contains("acounts", error.Message);
    }

    [Fact]
    public void The_error_never_shows_a_secret_key()
    {
        const string json = """{"accounts":[{"id":"111111111111","users":[{"name":"bad name!","accessKeys":[{"accessKeyId":"AKIAAAAAAAAAAAAAAAAA","secretAccessKey":"TopSecretTopSecretTopSecret"}]}]}]}""";
        var error = Assert.Throws<ScenarioException>(() => Scenario.SandboxDirectory.Compile(ScenarioLoader.Parse(json)));
        Assert.DoesNotContain("TopSecret", error.Message);
        Assert.DoesNotContain("TopSecret", ScenarioLoader.Parse(json).Accounts[0].Users[0].AccessKeys[0].ToString());
    }

    private static void AssertTrust(RoleDefinition role, string? conditionPrefix, string? conditionValue)
    {
        var trust = PolicyParser.Parse(role.TrustPolicy.GetRawText(), PolicyUse.Trust);
        var statement = trust.Statements.Single();
        Assert.Equal(Effect.Allow, statement.Effect);
        Assert.Equal(new[] { "sts:AssumeRole" }, statement.Actions.Values.Select(a => a.Text));
        Assert.Equal(new[] { "arn:aws:iam::222222222222:root" }, statement.Principal!.Aws.Select(p => p.Text));
        if (conditionPrefix == null)
        {
            Assert.Empty(statement.Conditions);
            return;
        }

        var condition = statement.Conditions.Single();
        Assert.Equal(conditionPrefix, $"{condition.Operator} {condition.Key}");
        Assert.Equal(new[] { conditionValue! }, condition.Values.Select(v => v.Text));
    }

    private static IEnumerable<string> Statements(JsonElement policy) =>
        PolicyParser.Parse(policy.GetRawText(), PolicyUse.Identity).Statements
            .Select(s => $"{s.Effect} {string.Join(",", s.Actions.Values)} {string.Join(",", s.Resources!.Values)}");
}
