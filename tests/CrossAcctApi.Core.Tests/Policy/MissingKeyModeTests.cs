using CrossAcctApi.Core.Policy;
using Xunit;
using static CrossAcctApi.Core.Tests.Policy.PolicyTestHelpers;

namespace CrossAcctApi.Core.Tests.Policy;

/// <summary>The two meanings of a key the request context lacks: absent (real IAM) or unknown (offline).</summary>
public class MissingKeyModeTests
{
    private static PolicyEvaluationResult Evaluate(PolicyDocument doc, RequestContext context) => PolicyEvaluator.Evaluate(new[] { doc }, context);

    [Theory]
    [InlineData("StringEquals")]
    [InlineData("StringNotEquals")]
    [InlineData("StringEqualsIfExists")]
    [InlineData("ForAllValues:StringEquals")]
    [InlineData("ForAnyValue:StringEquals")]
    [InlineData("Null")]
    public void Unknown_mode_reports_every_operator_on_a_missing_key(string op)
    {
        string value = op == "Null" ? "\"true\"" : "\"x\"";
        PolicyEvaluationResult result = Evaluate(AllowIf(op, "aws:PrincipalTag/team", value), Request().WithMissing(MissingConditionKeys.Unknown));

        Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
        UnevaluatedCondition pending = Assert.Single(result.UnevaluatedConditions);
        Assert.Equal("aws:PrincipalTag/team", pending.Condition.Key);
        Assert.Equal(op, pending.Condition.Operator);
        Assert.Equal(PolicyEffect.Allow, pending.Statement.Effect);
    }

    [Fact]
    public void Unknown_mode_evaluates_keys_that_are_given()
    {
        RequestContext context = Request().With("sts:ExternalId", "audit-2026").WithMissing(MissingConditionKeys.Unknown);

        PolicyEvaluationResult result = Evaluate(AllowIf("StringEquals", "sts:ExternalId", "\"audit-2026\""), context);

        Assert.Equal(PolicyDecision.Allowed, result.Decision);
        Assert.True(result.IsConclusive);
    }

    [Fact]
    public void Unknown_mode_treats_an_empty_value_list_as_known_absent()
    {
        RequestContext context = Request().With("aws:MultiFactorAuthPresent").WithMissing(MissingConditionKeys.Unknown);

        PolicyEvaluationResult withIfExists = Evaluate(AllowIf("BoolIfExists", "aws:MultiFactorAuthPresent", "\"true\""), context);
        PolicyEvaluationResult plain = Evaluate(AllowIf("Bool", "aws:MultiFactorAuthPresent", "\"true\""), context);
        PolicyEvaluationResult isNull = Evaluate(AllowIf("Null", "aws:MultiFactorAuthPresent", "\"true\""), context);

        Assert.Equal(PolicyDecision.Allowed, withIfExists.Decision);
        Assert.Equal(PolicyDecision.ImplicitDeny, plain.Decision);
        Assert.Equal(PolicyDecision.Allowed, isNull.Decision);
        Assert.True(withIfExists.IsConclusive && plain.IsConclusive && isNull.IsConclusive);
    }

    [Fact]
    public void Unknown_deny_condition_leaves_the_allow_but_warns()
    {
        PolicyDocument doc = Doc(
            Allow("*"),
            Deny("*", extra: ",\"Condition\":{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"false\"}}"));

        PolicyEvaluationResult unknown = Evaluate(doc, Request().WithMissing(MissingConditionKeys.Unknown));
        PolicyEvaluationResult absent = Evaluate(doc, Request());

        Assert.Equal(PolicyDecision.Allowed, unknown.Decision);
        Assert.False(unknown.IsConclusive);
        Assert.Equal(PolicyEffect.Deny, unknown.UnevaluatedConditions[0].Statement.Effect);

        // At IAM an absent key makes BoolIfExists true, so the deny applies.
        Assert.Equal(PolicyDecision.ExplicitDeny, absent.Decision);
        Assert.True(absent.IsConclusive);
    }

    [Fact]
    public void Conditions_of_statements_that_do_not_apply_are_not_reported()
    {
        PolicyDocument doc = Doc(Allow("arn:aws:s3:::elsewhere", extra: ",\"Condition\":{\"StringEquals\":{\"aws:k\":\"v\"}}"));

        Assert.Empty(Evaluate(doc, Request().WithMissing(MissingConditionKeys.Unknown)).UnevaluatedConditions);
    }

    [Fact]
    public void Principal_derived_global_keys_are_known_without_being_given()
    {
        PolicyDocument byAccount = AllowIf("StringEquals", "aws:PrincipalAccount", "\"222222222222\"");
        PolicyDocument byArn = AllowIf("ArnLike", "aws:PrincipalArn", "\"arn:aws:iam::222222222222:role/CallerRole\"");
        var context = new RequestContext(Invoke, ItemsArn) { PrincipalArn = SeedPolicies.CallerSession, Missing = MissingConditionKeys.Unknown };

        PolicyEvaluationResult account = Evaluate(byAccount, context);
        PolicyEvaluationResult arn = Evaluate(byArn, context);

        Assert.Equal(PolicyDecision.Allowed, account.Decision);
        Assert.True(account.IsConclusive);
        Assert.Equal(PolicyDecision.Allowed, arn.Decision);
    }

    [Fact]
    public void Given_keys_override_derived_ones()
    {
        PolicyDocument byAccount = AllowIf("StringEquals", "aws:PrincipalAccount", "\"222222222222\"");
        RequestContext context = new RequestContext(Invoke, ItemsArn) { PrincipalArn = SeedPolicies.CallerSession }.With("aws:PrincipalAccount", "999999999999");

        Assert.Equal(PolicyDecision.ImplicitDeny, Evaluate(byAccount, context).Decision);
    }

    [Fact]
    public void Request_context_copies_keep_everything_else()
    {
        var original = new RequestContext(Invoke, ItemsArn)
        {
            PrincipalArn = SeedPolicies.CallerSession,
            PrincipalAccountId = "222222222222",
            PrincipalService = "svc",
            PrincipalFederated = "fed",
            Missing = MissingConditionKeys.Unknown,
            ConditionKeys = new Dictionary<string, IReadOnlyList<string>> { ["a:b"] = new[] { "1" } },
        };

        RequestContext copy = original.With("c:d", "2");

        Assert.Equal(original.PrincipalArn, copy.PrincipalArn);
        Assert.Equal(original.PrincipalAccountId, copy.PrincipalAccountId);
        Assert.Equal("svc", copy.PrincipalService);
        Assert.Equal("fed", copy.PrincipalFederated);
        Assert.Equal(MissingConditionKeys.Unknown, copy.Missing);
        Assert.Equal(new[] { "1" }, copy.ConditionKeys["A:B"]);
        Assert.Equal(new[] { "2" }, copy.ConditionKeys["c:d"]);
        Assert.False(original.ConditionKeys.ContainsKey("c:d"));
    }
}
