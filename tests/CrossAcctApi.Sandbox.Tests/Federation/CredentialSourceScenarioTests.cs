using System.Net;
using CrossAcctApi.Sandbox.Hosting;
using CrossAcctApi.Sandbox.Iam.Evaluation;
using CrossAcctApi.Sandbox.Iam.Policies;
using CrossAcctApi.Sandbox.Scenario;
using CrossAcctApi.Sandbox.Tests.Infrastructure;

namespace CrossAcctApi.Sandbox.Tests.Federation;

/// <summary>The credentialSources section as the sandbox checks it at start, and the trust decisions for federated and service principals.</summary>
public sealed class CredentialSourceScenarioTests
{
    private const string Account = """{ "id": "444444444444", "roles": [ { "name": "Task", "trustPolicy": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" } ] } } ] }""";

    private static ScenarioDefinition Scenario(string credentialSources) =>
        ScenarioLoader.Parse($$"""{ "accounts": [ {{Account}} ], "credentialSources": {{credentialSources}} }""");

    [Theory]
    [InlineData("""{ "oidcProviders": [ { "accountId": "444444444444", "url": "http://idp.example.com", "clientIds": [ "a" ] } ] }""", "credentialSources.oidcProviders[0].url 'http://idp.example.com' is not an https:// URL")]
    [InlineData("""{ "oidcProviders": [ { "accountId": "555555555555", "url": "https://idp.example.com", "clientIds": [ "a" ] } ] }""", "credentialSources.oidcProviders[0].accountId '555555555555' is not an account of the scenario")]
    [InlineData("""{ "oidcProviders": [ { "accountId": "444444444444", "url": "https://idp.example.com", "clientIds": [] } ] }""", "credentialSources.oidcProviders[0].clientIds is empty")]
    [InlineData("""{ "oidcProviders": [ { "accountId": "444444444444", "url": "https://idp.example.com", "clientIds": [ "a" ], "privateKeyPem": "not a key" } ] }""", "credentialSources.oidcProviders[0].privateKeyPem is not an RSA private key in PEM")]
    [InlineData("""{ "containers": [ { "id": "t", "roleArn": "arn:aws:iam::444444444444:role/Missing" } ] }""", "credentialSources.containers[0].roleArn 'arn:aws:iam::444444444444:role/Missing' is not a role of the scenario")]
    [InlineData("""{ "sso": { "startUrl": "https://x.awsapps.com/start", "region": "us-east-1", "users": [ { "userName": "u1", "assignments": [ { "accountId": "444444444444", "permissionSet": "Nope" } ] } ] } }""", "no permission set 'Nope' in account 444444444444")]
    public async Task A_wrong_credential_source_stops_the_sandbox_with_its_place(string section, string expected)
    {
        var error = await Assert.ThrowsAsync<ScenarioException>(() => SandboxServer.StartAsync(0, Scenario(section)));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task A_task_role_that_does_not_trust_ECS_is_refused_with_ECS_words()
    {
        await using var server = await SandboxServer.StartAsync(0, Scenario("""{ "containers": [ { "id": "t", "roleArn": "arn:aws:iam::444444444444:role/Task" } ], "instance": { "roleArn": "arn:aws:iam::444444444444:role/Task" } }"""));

        var container = await ApiCaller.GetAsync(new Uri(server.BaseUri, "v2/credentials/t"), key: null);
        Assert.Equal(HttpStatusCode.InternalServerError, container.Status);
        Assert.StartsWith("ECS was unable to assume the role 'arn:aws:iam::444444444444:role/Task'", container.Json.GetProperty("message").GetString());

        // The same role trusts ec2.amazonaws.com, so the instance gets it.
        var token = await ApiCaller.SendRawAsync(new HttpRequestMessage(HttpMethod.Put, new Uri(server.BaseUri, "latest/api/token")) { Headers = { { "X-aws-ec2-metadata-token-ttl-seconds", "60" } } });
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUri, "latest/meta-data/iam/security-credentials/Task"));
        request.Headers.Add("X-aws-ec2-metadata-token", token.Body);
        Assert.Equal("Success", (await ApiCaller.SendRawAsync(request)).Json.GetProperty("Code").GetString());
    }

    [Fact]
    public void A_federated_principal_is_named_by_its_provider_ARN_and_needs_only_the_trust_policy()
    {
        var trust = PolicyParser.Parse("""
            { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::444444444444:oidc-provider/idp.example.com" },
              "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringEquals": { "idp.example.com:sub": "ci" } } } ] }
            """, PolicyUse.Trust);

        AccessDecision Decide(string providerArn, string subject) => AccessDecider.Decide(new AccessQuery
        {
            Request = new AccessRequest
            {
                Action = "sts:AssumeRoleWithWebIdentity",
                Resource = "arn:aws:iam::444444444444:role/Task",
                ResourceAccountId = "444444444444",
                Principal = RequestPrincipal.WebIdentity(providerArn, "aws", "444444444444"),
                Keys = new ContextKeys().Set("idp.example.com:sub", subject),
            },
            IdentityPolicies = Array.Empty<IamPolicy>(),
            ResourcePolicy = trust,
            ResourcePolicyRole = ResourcePolicyRole.MustAllow,
        });

        Assert.True(Decide("arn:aws:iam::444444444444:oidc-provider/idp.example.com", "ci").IsAllowed);
        Assert.Equal(new AccessDecision(Verdict.ImplicitDeny, PolicyType.Resource), Decide("arn:aws:iam::444444444444:oidc-provider/idp.example.com", "dev"));
        Assert.Equal(new AccessDecision(Verdict.ImplicitDeny, PolicyType.Resource), Decide("arn:aws:iam::444444444444:oidc-provider/other.example.com", "ci"));
    }
}
