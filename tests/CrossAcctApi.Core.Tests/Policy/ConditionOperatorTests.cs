using CrossAcctApi.Core.Policy;
using Xunit;
using static CrossAcctApi.Core.Tests.Policy.PolicyTestHelpers;

namespace CrossAcctApi.Core.Tests.Policy;

public class ConditionOperatorTests
{
    private static PolicyDecision Check(string op, string key, string policyValues, params string[] requestValues) =>
        Decide(AllowIf(op, key, policyValues), Request().With(key, requestValues));

    private static void Expect(bool allowed, string op, string key, string policyValues, params string[] requestValues) =>
        Assert.Equal(allowed ? PolicyDecision.Allowed : PolicyDecision.ImplicitDeny, Check(op, key, policyValues, requestValues));

    [Theory]
    [InlineData("StringEquals", "\"abc\"", "abc", true)]
    [InlineData("StringEquals", "\"abc\"", "ABC", false)]
    [InlineData("StringEquals", "\"a*\"", "abc", false)]
    [InlineData("StringEquals", "[\"x\",\"abc\"]", "abc", true)]
    [InlineData("StringNotEquals", "\"abc\"", "abc", false)]
    [InlineData("StringNotEquals", "\"abc\"", "abd", true)]
    [InlineData("StringNotEquals", "[\"a\",\"b\"]", "b", false)]
    [InlineData("StringNotEquals", "[\"a\",\"b\"]", "c", true)]
    [InlineData("StringEqualsIgnoreCase", "\"abc\"", "ABC", true)]
    [InlineData("StringNotEqualsIgnoreCase", "\"abc\"", "ABC", false)]
    [InlineData("StringNotEqualsIgnoreCase", "\"abc\"", "ABD", true)]
    [InlineData("StringLike", "\"a*c\"", "abbbc", true)]
    [InlineData("StringLike", "\"a?c\"", "abc", true)]
    [InlineData("StringLike", "\"a*c\"", "ABC", false)]
    [InlineData("StringNotLike", "\"a*\"", "abc", false)]
    [InlineData("StringNotLike", "\"a*\"", "xbc", true)]
    public void String_operators(string op, string values, string request, bool allowed) => Expect(allowed, op, "aws:userid", values, request);

    [Theory]
    [InlineData("NumericEquals", "10", "10", true)]
    [InlineData("NumericEquals", "\"10\"", "10.0", true)]
    [InlineData("NumericNotEquals", "10", "10", false)]
    [InlineData("NumericNotEquals", "10", "11", true)]
    [InlineData("NumericLessThan", "3600", "3599", true)]
    [InlineData("NumericLessThan", "3600", "3600", false)]
    [InlineData("NumericLessThanEquals", "3600", "3600", true)]
    [InlineData("NumericGreaterThan", "3600", "3600", false)]
    [InlineData("NumericGreaterThan", "3600", "3601", true)]
    [InlineData("NumericGreaterThanEquals", "3600", "3600", true)]
    [InlineData("NumericGreaterThanEquals", "-1.5", "-1", true)]
    [InlineData("NumericLessThan", "3600", "abc", false)]
    public void Numeric_operators(string op, string values, string request, bool allowed) => Expect(allowed, op, "aws:MultiFactorAuthAge", values, request);

    [Theory]
    [InlineData("DateLessThan", "\"2026-01-01T00:00:00Z\"", "2025-12-31T23:59:59Z", true)]
    [InlineData("DateLessThan", "\"2026-01-01T00:00:00Z\"", "2026-01-01T00:00:00Z", false)]
    [InlineData("DateLessThanEquals", "\"2026-01-01T00:00:00Z\"", "2026-01-01T00:00:00Z", true)]
    [InlineData("DateGreaterThan", "\"2026-01-01\"", "2026-01-01T00:00:01Z", true)]
    [InlineData("DateGreaterThanEquals", "\"2026-01-01T00:00:00Z\"", "2025-06-01T00:00:00Z", false)]
    [InlineData("DateEquals", "\"2026-01-01T01:00:00+01:00\"", "2026-01-01T00:00:00Z", true)]
    [InlineData("DateNotEquals", "\"2026-01-01T00:00:00Z\"", "2026-01-01T00:00:00Z", false)]
    [InlineData("DateEquals", "1767225600", "2026-01-01T00:00:00Z", true)]
    [InlineData("DateLessThan", "\"2026-01-01T00:00:00Z\"", "1767225599", true)]
    [InlineData("DateLessThan", "\"2026-01-01T00:00:00Z\"", "yesterday", false)]
    public void Date_operators(string op, string values, string request, bool allowed) => Expect(allowed, op, "aws:CurrentTime", values, request);

    [Theory]
    [InlineData("Bool", "\"true\"", "true", true)]
    [InlineData("Bool", "true", "True", true)]
    [InlineData("Bool", "false", "true", false)]
    [InlineData("Bool", "\"false\"", "false", true)]
    [InlineData("Bool", "true", "yes", false)]
    public void Bool_operator(string op, string values, string request, bool allowed) => Expect(allowed, op, "aws:SecureTransport", values, request);

    [Theory]
    [InlineData("IpAddress", "\"203.0.113.0/24\"", "203.0.113.77", true)]
    [InlineData("IpAddress", "\"203.0.113.0/24\"", "203.0.114.1", false)]
    [InlineData("IpAddress", "\"203.0.113.5\"", "203.0.113.5", true)]
    [InlineData("IpAddress", "\"10.0.0.0/8\"", "10.255.1.2", true)]
    [InlineData("IpAddress", "\"10.0.0.0/9\"", "10.128.0.1", false)]
    [InlineData("IpAddress", "\"0.0.0.0/0\"", "192.0.2.1", true)]
    [InlineData("IpAddress", "\"2001:db8::/32\"", "2001:db8:1::1", true)]
    [InlineData("IpAddress", "\"2001:db8::/32\"", "2001:db9::1", false)]
    [InlineData("IpAddress", "\"203.0.113.0/24\"", "::ffff:203.0.113.9", true)]
    [InlineData("IpAddress", "\"203.0.113.0/24\"", "not-an-ip", false)]
    [InlineData("NotIpAddress", "[\"203.0.113.0/24\",\"198.51.100.0/24\"]", "198.51.100.3", false)]
    [InlineData("NotIpAddress", "[\"203.0.113.0/24\",\"198.51.100.0/24\"]", "192.0.2.3", true)]
    public void Ip_operators(string op, string values, string request, bool allowed) => Expect(allowed, op, "aws:SourceIp", values, request);

    [Theory]
    [InlineData("ArnEquals", "\"arn:aws:iam::222222222222:role/Deployer\"", "arn:aws:iam::222222222222:role/Deployer", true)]
    [InlineData("ArnLike", "\"arn:aws:iam::222222222222:role/*\"", "arn:aws:iam::222222222222:role/ci/Deployer", true)]
    [InlineData("ArnLike", "\"arn:aws:iam::*:role/Deployer\"", "arn:aws:iam::333333333333:role/Deployer", true)]
    [InlineData("ArnLike", "\"arn:aws:iam::*:role/Deployer\"", "arn:aws:iam::333333333333:role/deployer", false)]
    [InlineData("ArnLike", "\"arn:aws:iam::2222*\"", "arn:aws:iam::222222222222:role/Deployer", false)]
    [InlineData("ArnLike", "\"arn:aws:iam::222222222222:*\"", "arn:aws:iam::222222222222:role/Deployer", true)]
    [InlineData("ArnLike", "\"*\"", "arn:aws:iam::222222222222:role/Deployer", true)]
    [InlineData("ArnEquals", "\"arn:aws:iam::222222222222:role/*\"", "arn:aws:iam::222222222222:role/X", true)]
    [InlineData("ArnNotEquals", "\"arn:aws:iam::222222222222:role/Deployer\"", "arn:aws:iam::222222222222:role/Deployer", false)]
    [InlineData("ArnNotLike", "\"arn:aws:iam::222222222222:*\"", "arn:aws:iam::333333333333:role/X", true)]
    [InlineData("ArnLike", "\"arn:aws:iam::222222222222:role/*\"", "not-an-arn", false)]
    public void Arn_operators(string op, string values, string request, bool allowed) => Expect(allowed, op, "aws:PrincipalArn", values, request);

    [Fact]
    public void BinaryEquals_compares_decoded_bytes()
    {
        Expect(true, "BinaryEquals", "key", "\"QmluYXJ5VmFsdWU=\"", "QmluYXJ5VmFsdWU=");
        Expect(false, "BinaryEquals", "key", "\"QmluYXJ5VmFsdWU=\"", "QmluYXJ5VmFsdWE=");
    }

    [Fact]
    public void Null_operator_tests_presence()
    {
        PolicyDocument requireAbsent = AllowIf("Null", "aws:TokenIssueTime", "\"true\"");
        PolicyDocument requirePresent = AllowIf("Null", "aws:TokenIssueTime", "false");

        Assert.Equal(PolicyDecision.Allowed, Decide(requireAbsent, Request()));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(requireAbsent, Request().With("aws:TokenIssueTime", "2026-01-01T00:00:00Z")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(requirePresent, Request()));
        Assert.Equal(PolicyDecision.Allowed, Decide(requirePresent, Request().With("aws:TokenIssueTime", "2026-01-01T00:00:00Z")));
    }

    [Fact]
    public void ForAnyValue_needs_one_request_value_in_the_policy_set()
    {
        const string op = "ForAnyValue:StringEquals";
        Expect(true, op, "aws:TagKeys", "[\"env\",\"team\"]", "cost", "team");
        Expect(false, op, "aws:TagKeys", "[\"env\",\"team\"]", "cost", "owner");
    }

    [Fact]
    public void ForAllValues_needs_every_request_value_in_the_policy_set()
    {
        const string op = "ForAllValues:StringEquals";
        Expect(true, op, "aws:TagKeys", "[\"env\",\"team\"]", "env", "team");
        Expect(true, op, "aws:TagKeys", "[\"env\",\"team\"]", "env");
        Expect(false, op, "aws:TagKeys", "[\"env\",\"team\"]", "env", "cost");
    }

    [Fact]
    public void ForAllValues_is_vacuously_true_and_ForAnyValue_false_when_the_key_is_absent()
    {
        Assert.Equal(PolicyDecision.Allowed, Decide(AllowIf("ForAllValues:StringEquals", "aws:TagKeys", "[\"env\"]"), Request()));
        Assert.Equal(PolicyDecision.Allowed, Decide(AllowIf("ForAllValues:StringEquals", "aws:TagKeys", "[\"env\"]"), Request().With("aws:TagKeys")));
        Assert.Equal(PolicyDecision.ImplicitDeny, Decide(AllowIf("ForAnyValue:StringEquals", "aws:TagKeys", "[\"env\"]"), Request()));
    }

    [Fact]
    public void Set_qualifiers_combine_with_negated_and_like_operators()
    {
        Expect(true, "ForAnyValue:StringNotEquals", "aws:TagKeys", "[\"env\"]", "env", "cost");
        Expect(false, "ForAnyValue:StringNotEquals", "aws:TagKeys", "[\"env\"]", "env");
        Expect(true, "ForAllValues:StringLike", "aws:TagKeys", "[\"team-*\"]", "team-a", "team-b");
        Expect(false, "ForAllValues:StringNotLike", "aws:TagKeys", "[\"secret*\"]", "team-a", "secret-b");
    }

    [Fact]
    public void Multi_valued_key_without_qualifier_matches_if_any_value_matches()
    {
        Expect(true, "StringEquals", "aws:TagKeys", "\"env\"", "cost", "env");
        Expect(false, "StringNotEquals", "aws:TagKeys", "\"env\"", "cost", "env");
    }

    [Theory]
    [InlineData("StringEqualsIfExists", true)]
    [InlineData("StringNotEqualsIfExists", true)]
    [InlineData("BoolIfExists", true)]
    [InlineData("NumericLessThanIfExists", true)]
    [InlineData("ArnLikeIfExists", true)]
    [InlineData("StringEquals", false)]
    [InlineData("Bool", false)]
    [InlineData("NumericLessThan", false)]
    [InlineData("ArnLike", false)]
    [InlineData("StringNotEquals", true)]
    [InlineData("StringNotLike", true)]
    [InlineData("ArnNotLike", true)]
    [InlineData("NotIpAddress", true)]
    [InlineData("NumericNotEquals", true)]
    [InlineData("DateNotEquals", true)]
    [InlineData("IpAddress", false)]
    [InlineData("DateLessThan", false)]
    public void Absent_key_follows_IAM_rules(string op, bool allowed)
    {
        string value = op.StartsWith("Bool") ? "true" : op.StartsWith("Numeric") ? "5" : op.StartsWith("Date") ? "\"2026-01-01\""
            : op.Contains("Ip") ? "\"10.0.0.0/8\"" : op.StartsWith("Arn") ? "\"arn:aws:iam::*:role/x\"" : "\"x\"";

        Assert.Equal(allowed ? PolicyDecision.Allowed : PolicyDecision.ImplicitDeny, Decide(AllowIf(op, "aws:SomeKey", value), Request()));
    }

    [Fact]
    public void IfExists_still_tests_a_present_key()
    {
        Expect(false, "StringEqualsIfExists", "sts:ExternalId", "\"audit-2026\"", "other");
        Expect(true, "StringEqualsIfExists", "sts:ExternalId", "\"audit-2026\"", "audit-2026");
        Expect(false, "BoolIfExists", "aws:MultiFactorAuthPresent", "\"true\"", "false");
    }

    [Theory]
    [InlineData("StringSortaEquals")]
    [InlineData("stringequals")]
    [InlineData("ForSomeValues:StringEquals")]
    [InlineData("NullIfExists")]
    [InlineData("ForAnyValue:Null")]
    [InlineData("IfExists")]
    public void Unknown_operator_is_reported_and_never_true(string op)
    {
        PolicyEvaluationResult result = PolicyEvaluator.Evaluate(new[] { AllowIf(op, "aws:userid", "\"x\"") }, Request().With("aws:userid", "x"));

        Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
        UnevaluatedCondition pending = Assert.Single(result.UnevaluatedConditions);
        Assert.Equal(op, pending.Condition.Operator);
        Assert.Equal(0, pending.DocumentIndex);
        Assert.Contains(op, pending.Reason);
        Assert.False(result.IsConclusive);
    }

    [Fact]
    public void Unknown_operator_on_a_deny_does_not_deny_but_is_reported()
    {
        PolicyDocument doc = Doc(Allow("*"), Deny("*", extra: ",\"Condition\":{\"StringMaybe\":{\"aws:userid\":\"x\"}}"));

        PolicyEvaluationResult result = PolicyEvaluator.Evaluate(new[] { doc }, Request());

        Assert.Equal(PolicyDecision.Allowed, result.Decision);
        Assert.Equal(PolicyEffect.Deny, Assert.Single(result.UnevaluatedConditions).Statement.Effect);
    }

    [Theory]
    [InlineData("NumericLessThan", "\"soon\"")]
    [InlineData("DateLessThan", "\"tomorrow\"")]
    [InlineData("Bool", "\"yes\"")]
    [InlineData("IpAddress", "\"10.0.0.0/33\"")]
    [InlineData("IpAddress", "\"10.0\"")]
    [InlineData("BinaryEquals", "\"***\"")]
    [InlineData("Null", "\"maybe\"")]
    public void Invalid_policy_values_are_reported_not_guessed(string op, string value)
    {
        PolicyEvaluationResult result = PolicyEvaluator.Evaluate(new[] { AllowIf(op, "aws:k", value) }, Request().With("aws:k", "1"));

        Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
        Assert.Contains("not valid", Assert.Single(result.UnevaluatedConditions).Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Invalid_value_under_a_negated_operator_is_not_treated_as_true()
    {
        PolicyEvaluationResult result = PolicyEvaluator.Evaluate(new[] { AllowIf("NotIpAddress", "aws:SourceIp", "\"bogus\"") }, Request().With("aws:SourceIp", "10.0.0.1"));

        Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
        Assert.Single(result.UnevaluatedConditions);
    }

    [Fact]
    public void A_false_condition_settles_the_statement_even_when_another_is_unknown()
    {
        PolicyDocument doc = Doc("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:a\":\"1\"},\"Bogus\":{\"aws:b\":\"2\"}}}");

        PolicyEvaluationResult result = PolicyEvaluator.Evaluate(new[] { doc }, Request().With("aws:a", "0"));

        Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
        Assert.Empty(result.UnevaluatedConditions);
    }
}
