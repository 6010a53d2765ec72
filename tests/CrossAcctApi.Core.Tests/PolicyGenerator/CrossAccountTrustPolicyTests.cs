using CrossAcctApi.Core.Policy;
using CrossAcctApi.Core.Policy.Generator;
using Xunit;
using static CrossAcctApi.Core.Tests.PolicyGenerator.GeneratorFixtures;

namespace CrossAcctApi.Core.Tests.PolicyGenerator;

/// <summary>
/// The generator's trust and caller policies: whom the role trusts, the external id and MFA conditions, the role the
/// caller may assume, and the notes on the account setup. The invoke policy and the inputs are in
/// <see cref="CrossAccountPolicyGeneratorTests"/>.
/// </summary>
public class CrossAccountTrustPolicyTests
{
    [Fact]
    public void The_trust_policy_trusts_the_caller_account_and_nobody_else()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request("GET /x"));

        Assert.Equal(PolicyDecision.Allowed, Assume(set, CallerSession));
        Assert.Equal(PolicyDecision.Allowed, Assume(set, "arn:aws:iam::222222222222:user/bob"));
        Assert.Equal(PolicyDecision.ImplicitDeny, Assume(set, OtherSession));
        Assert.Contains(set.Notes, n => n.Contains("trusts account 222222222222"));
    }

    [Fact]
    public void A_caller_principal_is_the_only_one_trusted()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request("GET /x").WithOptions(principal: "arn:aws:iam::222222222222:role/ops-engineer"));

        Assert.Equal("arn:aws:iam::222222222222:role/ops-engineer", set.TrustedPrincipal);
        Assert.Equal("TrustCallerPrincipal", set.TrustPolicyDocument.Statements[0].Sid);
        Assert.Equal(PolicyDecision.Allowed, Assume(set, CallerSession));
        Assert.Equal(PolicyDecision.ImplicitDeny, Assume(set, "arn:aws:sts::222222222222:assumed-role/other-role/alice"));
        Assert.Equal(PolicyDecision.ImplicitDeny, Assume(set, OtherSession));
    }

    [Theory]
    [InlineData("arn:aws:iam::222222222222:user/bob")]
    [InlineData("arn:aws:iam::222222222222:user/team/bob")]
    [InlineData("arn:aws:iam::222222222222:role/path/to/ops")]
    [InlineData("arn:aws:iam::222222222222:root")]
    public void Users_roles_with_paths_and_the_root_can_be_trusted(string principal)
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request("GET /x").WithOptions(principal: principal));

        Assert.Equal(principal, set.TrustedPrincipal);
    }

    [Fact]
    public void An_external_id_must_be_passed_exactly()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request("GET /x").WithOptions(externalId: "audit-2026"));

        Assert.Equal(PolicyDecision.Allowed, Assume(set, CallerSession, ("sts:ExternalId", "audit-2026")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Assume(set, CallerSession, ("sts:ExternalId", "AUDIT-2026")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Assume(set, CallerSession, ("sts:ExternalId", "audit-2025")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Assume(set, CallerSession));
        Assert.Equal(PolicyDecision.ImplicitDeny, Assume(set, OtherSession, ("sts:ExternalId", "audit-2026")));
    }

    [Fact]
    public void Mfa_must_be_present_and_true()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request("GET /x").WithOptions(mfa: true));

        Assert.Equal(PolicyDecision.Allowed, Assume(set, CallerSession, ("aws:MultiFactorAuthPresent", "true")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Assume(set, CallerSession, ("aws:MultiFactorAuthPresent", "false")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Assume(set, CallerSession));
        Assert.Contains(set.Notes, n => n.Contains("SerialNumber"));
    }

    [Fact]
    public void External_id_and_mfa_are_both_required_together()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request("GET /x").WithOptions(externalId: "audit-2026", mfa: true));

        Assert.Equal(PolicyDecision.Allowed, Assume(set, CallerSession, ("sts:ExternalId", "audit-2026"), ("aws:MultiFactorAuthPresent", "true")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Assume(set, CallerSession, ("sts:ExternalId", "audit-2026")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Assume(set, CallerSession, ("aws:MultiFactorAuthPresent", "true")));
    }

    [Fact]
    public void Without_conditions_the_trust_policy_has_none()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request("GET /x"));

        Assert.Empty(set.TrustPolicyDocument.Statements[0].Conditions);
        Assert.Null(set.ExternalId);
        Assert.False(set.RequireMfa);
        Assert.Equal(PolicyDecision.Allowed, Assume(set, CallerSession, ("aws:MultiFactorAuthPresent", "false")));
    }

    [Fact]
    public void The_caller_policy_allows_assuming_exactly_the_role()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request("GET /x") with { RoleName = "Api+Invoker=1" });

        Assert.Equal("arn:aws:iam::111111111111:role/Api+Invoker=1", set.RoleArn);
        Assert.Contains("\"Resource\": \"arn:aws:iam::111111111111:role/Api+Invoker=1\"", set.CallerPolicy);
        Assert.Equal(PolicyDecision.Allowed, CallerMayAssume(set, set.RoleArn));
        Assert.Equal(PolicyDecision.ImplicitDeny, CallerMayAssume(set, "arn:aws:iam::111111111111:role/Api+Invoker=10"));
        Assert.Equal(PolicyDecision.ImplicitDeny, CallerMayAssume(set, "arn:aws:iam::111111111111:role/CrossAccountInvoker"));
        Assert.Equal(PolicyDecision.ImplicitDeny, CallerMayAssume(set, "arn:aws:iam::333333333333:role/Api+Invoker=1"));
    }

    [Fact]
    public void The_maximum_session_duration_is_carried_as_a_role_property()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request("GET /x") with { MaxSessionDuration = 7200 });

        Assert.Equal(7200, set.MaxSessionDuration);
        Assert.DoesNotContain("7200", set.TrustPolicy);
        Assert.Contains(set.Notes, n => n.Contains("--max-session-duration 7200"));
    }

    [Fact]
    public void Same_account_setups_are_noted()
    {
        CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(new CrossAccountPolicyRequest(ApiAccount, ApiAccount, ApiId, Region));

        Assert.Contains(set.Notes, n => n.Contains("same account"));
    }
}
