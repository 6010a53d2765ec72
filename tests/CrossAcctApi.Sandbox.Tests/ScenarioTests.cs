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
        Assert.Equal(new[] { "CrossAccountInvoker", "AuditReader", "MfaOperator" }, accountA.Roles.Select(r => r.Name));
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
        Assert.Empty(accountB.Roles);
        var ops = accountB.Users.Single(u => u.Name == "ops-engineer");
        Assert.Equal("AKIAOPSENGINEER22222", ops.AccessKeys.Single().AccessKeyId);
        Assert.Equal("OpsEngineerSecretKeyForAccountB/22222222", ops.AccessKeys.Single().SecretAccessKey);
        Assert.Equal("arn:aws:iam::222222222222:mfa/ops-engineer", ops.MfaDevices.Single().SerialNumber);
        Assert.Equal(new[] { "123456" }, ops.MfaDevices.Single().AcceptedCodes);
        Assert.Equal(new[] { "Allow sts:AssumeRole arn:aws:iam::111111111111:role/*" }, Statements(ops.Policies.Values.Single()));
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
            new[] { "GET /items AWS_IAM", "POST /items AWS_IAM", "GET /items/{id} AWS_IAM", "DELETE /items/{id} AWS_IAM", "GET /admin/report AWS_IAM", "GET /health NONE" },
            api.Routes.Select(r => $"{r.RouteKey} {r.AuthorizationType}"));
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
