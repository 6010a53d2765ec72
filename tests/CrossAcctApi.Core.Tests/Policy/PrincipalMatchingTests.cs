using CrossAcctApi.Core.Policy;
using Xunit;
using static CrossAcctApi.Core.Tests.Policy.PolicyTestHelpers;

namespace CrossAcctApi.Core.Tests.Policy;

public class PrincipalMatchingTests
{
    private const string RoleResource = "arn:aws:iam::111111111111:role/CrossAccountInvoker";

    private static PolicyDocument Trust(string principalJson, string element = "Principal", string effect = "Allow") =>
        Doc($"{{\"Effect\":\"{effect}\",\"{element}\":{principalJson},\"Action\":\"sts:AssumeRole\"}}");

    private static PolicyDecision AssumeAs(PolicyDocument trust, string? callerArn, string? account = null, string? service = null, string? federated = null) =>
        Decide(trust, new RequestContext("sts:AssumeRole", RoleResource)
        {
            PrincipalArn = callerArn,
            PrincipalAccountId = account,
            PrincipalService = service,
            PrincipalFederated = federated,
        }, PolicyKind.Resource);

    [Theory]
    [InlineData("\"*\"")]
    [InlineData("{\"AWS\":\"*\"}")]
    public void Wildcard_principal_matches_anyone_including_anonymous(string principal)
    {
        Assert.Equal(PolicyDecision.Allowed, AssumeAs(Trust(principal), SeedPolicies.CallerSession));
        Assert.Equal(PolicyDecision.Allowed, AssumeAs(Trust(principal), null));
    }

    [Theory]
    [InlineData("{\"AWS\":\"arn:aws:iam::222222222222:root\"}")]
    [InlineData("{\"AWS\":\"222222222222\"}")]
    [InlineData("{\"AWS\":[\"333333333333\",\"222222222222\"]}")]
    public void Account_forms_match_every_principal_of_the_account(string principal)
    {
        PolicyDocument trust = Trust(principal);

        Assert.Equal(PolicyDecision.Allowed, AssumeAs(trust, "arn:aws:iam::222222222222:user/alice"));
        Assert.Equal(PolicyDecision.Allowed, AssumeAs(trust, "arn:aws:sts::222222222222:assumed-role/Deployer/s1"));
        Assert.Equal(PolicyDecision.Allowed, AssumeAs(trust, null, account: "222222222222"));
        Assert.Equal(PolicyDecision.ImplicitDeny, AssumeAs(trust, "arn:aws:iam::444444444444:user/alice"));
        Assert.Equal(PolicyDecision.ImplicitDeny, AssumeAs(trust, null));
    }

    [Fact]
    public void Explicit_account_id_overrides_the_arn_account()
    {
        PolicyDocument trust = Trust("{\"AWS\":\"222222222222\"}");

        Assert.Equal(PolicyDecision.ImplicitDeny, AssumeAs(trust, "arn:aws:iam::222222222222:user/a", account: "444444444444"));
    }

    [Fact]
    public void Exact_user_arn_matches_only_that_user()
    {
        PolicyDocument trust = Trust("{\"AWS\":\"arn:aws:iam::222222222222:user/alice\"}");

        Assert.Equal(PolicyDecision.Allowed, AssumeAs(trust, "arn:aws:iam::222222222222:user/alice"));
        Assert.Equal(PolicyDecision.ImplicitDeny, AssumeAs(trust, "arn:aws:iam::222222222222:user/bob"));
        Assert.Equal(PolicyDecision.ImplicitDeny, AssumeAs(trust, "arn:aws:iam::222222222222:user/Alice"));
    }

    [Theory]
    [InlineData("arn:aws:iam::222222222222:role/Deployer")]
    [InlineData("arn:aws:iam::222222222222:role/ci/Deployer")]
    public void Role_arn_matches_the_roles_sessions_whatever_its_path(string roleArn)
    {
        PolicyDocument trust = Trust($"{{\"AWS\":\"{roleArn}\"}}");

        Assert.Equal(PolicyDecision.Allowed, AssumeAs(trust, "arn:aws:sts::222222222222:assumed-role/Deployer/any-session"));
        Assert.Equal(PolicyDecision.Allowed, AssumeAs(trust, roleArn));
        Assert.Equal(PolicyDecision.ImplicitDeny, AssumeAs(trust, "arn:aws:sts::222222222222:assumed-role/Other/any-session"));
        Assert.Equal(PolicyDecision.ImplicitDeny, AssumeAs(trust, "arn:aws:sts::333333333333:assumed-role/Deployer/any-session"));
        Assert.Equal(PolicyDecision.ImplicitDeny, AssumeAs(trust, "arn:aws-cn:sts::222222222222:assumed-role/Deployer/any-session"));
        Assert.Equal(PolicyDecision.ImplicitDeny, AssumeAs(trust, "arn:aws:iam::222222222222:user/Deployer"));
    }

    [Fact]
    public void Session_arn_principal_matches_only_that_session()
    {
        PolicyDocument trust = Trust("{\"AWS\":\"arn:aws:sts::222222222222:assumed-role/Deployer/s1\"}");

        Assert.Equal(PolicyDecision.Allowed, AssumeAs(trust, "arn:aws:sts::222222222222:assumed-role/Deployer/s1"));
        Assert.Equal(PolicyDecision.ImplicitDeny, AssumeAs(trust, "arn:aws:sts::222222222222:assumed-role/Deployer/s2"));
    }

    [Fact]
    public void Principal_values_are_not_globs()
    {
        PolicyDocument trust = Trust("{\"AWS\":\"arn:aws:iam::222222222222:user/*\"}");

        Assert.Equal(PolicyDecision.ImplicitDeny, AssumeAs(trust, "arn:aws:iam::222222222222:user/alice"));
    }

    [Fact]
    public void Service_and_federated_principals()
    {
        PolicyDocument trust = Trust("{\"Service\":[\"lambda.amazonaws.com\"],\"Federated\":\"arn:aws:iam::111111111111:saml-provider/Okta\"}");

        Assert.Equal(PolicyDecision.Allowed, AssumeAs(trust, null, service: "lambda.amazonaws.com"));
        Assert.Equal(PolicyDecision.ImplicitDeny, AssumeAs(trust, null, service: "ec2.amazonaws.com"));
        Assert.Equal(PolicyDecision.Allowed, AssumeAs(trust, null, federated: "arn:aws:iam::111111111111:saml-provider/Okta"));
        Assert.Equal(PolicyDecision.ImplicitDeny, AssumeAs(trust, "arn:aws:iam::111111111111:root"));
    }

    [Fact]
    public void NotPrincipal_deny_exempts_a_caller_only_when_each_of_its_identities_is_listed()
    {
        // IAM User Guide, NotPrincipal: "AWS might validate the account first, then the role, and then the assumed-role
        // user", so the example lists all three; a caller with an identity left out is not spared.
        PolicyDocument policy = Doc(
            "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\"}",
            "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":[\"arn:aws:iam::222222222222:role/Deployer\",\"arn:aws:sts::222222222222:assumed-role/Deployer/s\",\"222222222222\",\"arn:aws:iam::222222222222:user/x\"]},\"Action\":\"sts:AssumeRole\"}");

        Assert.Equal(PolicyDecision.Allowed, AssumeAs(policy, "arn:aws:sts::222222222222:assumed-role/Deployer/s"));
        Assert.Equal(PolicyDecision.ExplicitDeny, AssumeAs(policy, "arn:aws:sts::222222222222:assumed-role/Deployer/other"));
        Assert.Equal(PolicyDecision.Allowed, AssumeAs(policy, "arn:aws:iam::222222222222:user/x"));
        Assert.Equal(PolicyDecision.ExplicitDeny, AssumeAs(policy, "arn:aws:iam::222222222222:user/y"));
        Assert.Equal(PolicyDecision.ExplicitDeny, AssumeAs(policy, "arn:aws:iam::333333333333:user/x"));
        Assert.Equal(PolicyDecision.ExplicitDeny, AssumeAs(policy, null));

        // The role and session without the account: the account is checked first, and is not spared.
        PolicyDocument withoutAccount = Doc(
            "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\"}",
            "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":[\"arn:aws:iam::222222222222:role/Deployer\",\"arn:aws:sts::222222222222:assumed-role/Deployer/s\"]},\"Action\":\"sts:AssumeRole\"}");
        Assert.Equal(PolicyDecision.ExplicitDeny, AssumeAs(withoutAccount, "arn:aws:sts::222222222222:assumed-role/Deployer/s"));
    }

    [Fact]
    public void NotPrincipal_allow_admits_everyone_else()
    {
        PolicyDocument policy = Trust("{\"AWS\":\"333333333333\"}", element: "NotPrincipal");

        Assert.Equal(PolicyDecision.Allowed, AssumeAs(policy, "arn:aws:iam::222222222222:user/x"));
        Assert.Equal(PolicyDecision.ImplicitDeny, AssumeAs(policy, "arn:aws:iam::333333333333:root"));

        // Only the account is listed, not the user: the user is not excluded, so the Allow applies to it.
        Assert.Equal(PolicyDecision.Allowed, AssumeAs(policy, "arn:aws:iam::333333333333:user/x"));
    }

    [Fact]
    public void Root_principal_respects_partition_of_the_caller()
    {
        PolicyDocument trust = Trust("{\"AWS\":\"arn:aws-cn:iam::222222222222:root\"}");

        Assert.Equal(PolicyDecision.Allowed, AssumeAs(trust, "arn:aws-cn:iam::222222222222:user/x"));
        Assert.Equal(PolicyDecision.ImplicitDeny, AssumeAs(trust, "arn:aws:iam::222222222222:user/x"));
    }

    [Fact]
    public void Unparseable_principal_values_match_nothing()
    {
        PolicyDocument trust = Trust("{\"AWS\":[\"not-an-arn\",\"2222\"]}");

        Assert.Equal(PolicyDecision.ImplicitDeny, AssumeAs(trust, "arn:aws:iam::222222222222:user/x", account: "2222"));
    }
}
