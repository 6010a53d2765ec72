using CrossAcctApi.Sandbox.Iam.Evaluation;
using CrossAcctApi.Sandbox.Iam.Policies;

namespace CrossAcctApi.Sandbox.Tests.Iam;

/// <summary>
/// Condition operators against the IAM User Guide's own tables and sentences ("Condition operators", "Multivalued
/// context key examples", "IAM policy elements: Variables and tags").
/// </summary>
public sealed class ConditionEvaluatorTests
{
    [Theory]
    // "ForAllValues:StringNotLike": {"aws:TagKeys": "key1*"}, the guide's table, row by row.
    [InlineData("ForAllValues:StringNotLike", "\"key1*\"", "key1:legal", false)]
    [InlineData("ForAllValues:StringNotLike", "\"key1*\"", "key1:hr|key1:personnel", false)]
    [InlineData("ForAllValues:StringNotLike", "\"key1*\"", "key2:audit", true)]
    [InlineData("ForAllValues:StringNotLike", "\"key1*\"", null, true)]
    // ForAllValues: every request value must match a policy value; "returns true if there are no context keys".
    [InlineData("ForAllValues:StringLike", "[\"PostDateTime\",\"Message\",\"Tags\"]", "PostDateTime|Message", true)]
    [InlineData("ForAllValues:StringLike", "[\"PostDateTime\",\"Message\",\"Tags\"]", "PostDateTime|UserName", false)]
    // ForAnyValue: "If any combination of request value and policy value ... returns true"; false for no key.
    [InlineData("ForAnyValue:StringLike", "[\"ID\",\"PostDateTime\"]", "UserName|Message|PostDateTime", true)]
    [InlineData("ForAnyValue:StringLike", "[\"ID\",\"PostDateTime\"]", "UserName", false)]
    [InlineData("ForAnyValue:StringLike", "[\"ID\",\"PostDateTime\"]", null, false)]
    [InlineData("ForAnyValue:StringNotEquals", "[\"ID\",\"PostDateTime\"]", "ID|Message", true)]
    [InlineData("ForAnyValue:StringNotEquals", "[\"ID\",\"PostDateTime\"]", "ID", false)]
    public void Set_operators_follow_the_guides_tables(string op, string policyValues, string? requestValues, bool holds) =>
        Assert.Equal(holds, Holds(op, "aws:TagKeys", policyValues, requestValues));

    [Theory]
    // "If the key ... is not present in the request context, the values do not match and the condition is false. If the
    // policy condition requires that the key is not matched, such as StringNotLike or ArnNotLike ... the condition is true."
    [InlineData("StringEquals", false)]
    [InlineData("StringNotEquals", true)]
    [InlineData("StringNotLike", true)]
    [InlineData("ArnNotLike", true)]
    [InlineData("NumericLessThan", false)]
    [InlineData("NotIpAddress", true)]
    [InlineData("Bool", false)]
    // "...IfExists: If the key is not present, evaluate the condition element as true."
    [InlineData("StringEqualsIfExists", true)]
    [InlineData("StringNotEqualsIfExists", true)]
    public void A_key_the_request_lacks(string op, bool holds) => Assert.Equal(holds, Holds(op, "aws:PrincipalTag/team", "\"ops\"", null));

    [Theory]
    [InlineData("true", null, true)]
    [InlineData("true", "2026-01-01T00:00:00Z", false)]
    [InlineData("false", "2026-01-01T00:00:00Z", true)]
    [InlineData("false", null, false)]
    public void Null_checks_whether_the_key_is_absent(string policyValue, string? requestValue, bool holds) =>
        Assert.Equal(holds, Holds("Null", "aws:TokenIssueTime", $"\"{policyValue}\"", requestValue));

    [Theory]
    [InlineData("StringEquals", "\"Ops\"", "ops", false)]
    [InlineData("StringEqualsIgnoreCase", "\"Ops\"", "ops", true)]
    [InlineData("StringEquals", "\"o*\"", "ops", false)]
    [InlineData("StringLike", "\"o*\"", "ops", true)]
    [InlineData("StringLike", "\"o?s\"", "ops", true)]
    [InlineData("StringLike", "\"O*\"", "ops", false)]
    [InlineData("StringNotEquals", "[\"dev\",\"ops\"]", "ops", false)]
    [InlineData("StringNotEquals", "[\"dev\",\"qa\"]", "ops", true)]
    public void String_operators(string op, string policyValues, string requestValue, bool holds) =>
        Assert.Equal(holds, Holds(op, "aws:PrincipalTag/team", policyValues, requestValue));

    [Theory]
    [InlineData("NumericLessThanEquals", "\"10\"", "10", true)]
    [InlineData("NumericLessThan", "\"10\"", "10", false)]
    [InlineData("NumericGreaterThan", "10", "10.5", true)]
    [InlineData("NumericEquals", "\"10\"", "010.0", true)]
    [InlineData("NumericNotEquals", "\"10\"", "11", true)]
    [InlineData("NumericEquals", "\"ten\"", "10", false)]
    public void Numeric_operators_compare_the_request_value_with_the_policy_value(string op, string policyValue, string requestValue, bool holds) =>
        Assert.Equal(holds, Holds(op, "s3:max-keys", policyValue, requestValue));

    [Theory]
    // The guide's example: "DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}; W3C forms and epoch seconds.
    [InlineData("DateGreaterThan", "2020-01-01T00:00:01Z", "2020-06-01T00:00:00Z", true)]
    [InlineData("DateGreaterThan", "2020-01-01T00:00:01Z", "2019-12-31T23:59:59Z", false)]
    [InlineData("DateLessThan", "2020-01-01", "2019-12-31T23:59:59Z", true)]
    [InlineData("DateEquals", "2020-01-01T01:00:00+01:00", "2020-01-01T00:00:00Z", true)]
    [InlineData("DateLessThanEquals", "1577836800", "2020-01-01T00:00:00Z", true)]
    [InlineData("DateGreaterThan", "1577836800", "2020-01-01T00:00:00Z", false)]
    [InlineData("DateNotEquals", "2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z", true)]
    public void Date_operators_read_ISO_8601_and_epoch_seconds(string op, string policyValue, string requestValue, bool holds) =>
        Assert.Equal(holds, Holds(op, "aws:CurrentTime", $"\"{policyValue}\"", requestValue));

    [Theory]
    // "If you specify an IP address without the associated routing prefix, IAM uses the default prefix value of /32."
    [InlineData("IpAddress", "203.0.113.0/24", "203.0.113.77", true)]
    [InlineData("IpAddress", "203.0.113.0/24", "203.0.114.1", false)]
    [InlineData("IpAddress", "203.0.113.5", "203.0.113.5", true)]
    [InlineData("IpAddress", "203.0.113.5", "203.0.113.6", false)]
    [InlineData("NotIpAddress", "203.0.113.5", "203.0.113.6", true)]
    [InlineData("NotIpAddress", "203.0.113.5", "203.0.113.5", false)]
    [InlineData("IpAddress", "2001:DB8:1234:5678::/64", "2001:db8:1234:5678::1", true)]
    [InlineData("IpAddress", "2001:DB8:1234:5678::/64", "203.0.113.5", false)]
    public void IP_address_operators(string op, string range, string address, bool holds) =>
        Assert.Equal(holds, Holds(op, "aws:SourceIp", $"\"{range}\"", address));

    [Theory]
    [InlineData("Bool", "\"true\"", "true", true)]
    [InlineData("Bool", "true", "TRUE", true)]
    [InlineData("Bool", "\"false\"", "true", false)]
    [InlineData("BinaryEquals", "\"QmluYXJ5VmFsdWVJbkJhc2U2NA==\"", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", true)]
    [InlineData("BinaryEquals", "\"QmluYXJ5VmFsdWVJbkJhc2U2NA==\"", "AAAA", false)]
    public void Bool_and_binary_operators(string op, string policyValue, string requestValue, bool holds) =>
        Assert.Equal(holds, Holds(op, "aws:SecureTransport", policyValue, requestValue));

    [Theory]
    // The guide's example: the pattern matches with StringLike, but ArnLike checks each colon-delimited part apart.
    [InlineData("StringLike", "arn:aws:someservice:*:111122223333:finance/*", true)]
    [InlineData("ArnLike", "arn:aws:someservice:*:111122223333:finance/*", false)]
    [InlineData("ArnLike", "arn:aws:someservice:us-east-2:999999999999:store/*", true)]
    [InlineData("ArnEquals", "arn:aws:someservice:us-east-2:999999999999:store/*", true)]
    [InlineData("ArnNotLike", "arn:aws:someservice:us-east-2:999999999999:store/*", false)]
    public void ARN_operators_check_each_part_separately(string op, string pattern, bool holds) =>
        Assert.Equal(holds, Holds(op, "aws:SourceArn", $"\"{pattern}\"", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"));

    [Theory]
    [InlineData("\"home/${aws:username}/\"", "home/Bob/", true)]
    [InlineData("\"home/${aws:username}/\"", "home/Alice/", false)]
    [InlineData("\"${aws:PrincipalTag/team, 'none'}\"", "none", true)]
    [InlineData("\"a${*}b\"", "a*b", true)]
    [InlineData("\"a${*}b\"", "axb", false)]
    [InlineData("\"${aws:TokenIssueTime}\"", "anything", false)]
    public void Policy_variables_are_replaced_by_request_values(string policyValue, string requestValue, bool holds)
    {
        var keys = new ContextKeys().Set("aws:username", "Bob").Set("s3:prefix", requestValue);
        Assert.Equal(holds, ConditionEvaluator.Holds(Clause("StringLike", "s3:prefix", policyValue), keys));
    }

    [Theory]
    // A role session has no aws:username: "any attempt to match it fails", so the value is neither equal nor unequal.
    [InlineData("StringEquals", "[\"${aws:username}\"]", false)]
    [InlineData("StringEquals", "[\"${aws:username}\",\"Carol\"]", true)]
    [InlineData("StringNotEquals", "[\"${aws:username}\"]", false)]
    [InlineData("StringNotEquals", "[\"${aws:username}\",\"Bob\"]", false)]
    [InlineData("StringNotEquals", "[\"${aws:username, 'Bob'}\"]", true)]
    public void A_variable_with_no_value_matches_nothing_and_differs_from_nothing(string op, string policyValues, bool holds) =>
        Assert.Equal(holds, ConditionEvaluator.Holds(Clause(op, "aws:PrincipalTag/owner", policyValues), new ContextKeys().Set("aws:PrincipalTag/owner", "Carol")));

    [Fact]
    public void A_value_substituted_for_a_variable_is_literal_text_not_a_wildcard()
    {
        var keys = new ContextKeys().Set("aws:PrincipalTag/prefix", "*").Set("s3:prefix", "anything");
        Assert.False(ConditionEvaluator.Holds(Clause("StringLike", "s3:prefix", "\"${aws:PrincipalTag/prefix}\""), keys));
        Assert.True(ConditionEvaluator.Holds(Clause("StringLike", "s3:prefix", "\"${aws:PrincipalTag/prefix}\""), keys.Set("s3:prefix", "*")));
    }

    [Fact]
    public void Variables_are_literal_text_in_a_2008_10_17_policy()
    {
        var policy = PolicyParser.Parse("""{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"s3:prefix":"${aws:username}"}}}}""", PolicyUse.Identity);
        var clause = policy.Statements[0].Conditions[0];
        Assert.True(ConditionEvaluator.Holds(clause, new ContextKeys().Set("aws:username", "Bob").Set("s3:prefix", "${aws:username}")));
        Assert.False(ConditionEvaluator.Holds(clause, new ContextKeys().Set("aws:username", "Bob").Set("s3:prefix", "Bob")));
    }

    [Fact]
    public void Condition_key_names_are_case_insensitive() =>
        Assert.True(ConditionEvaluator.Holds(Clause("StringEquals", "AWS:PrincipalTAG/Team", "\"ops\""), new ContextKeys().Set("aws:PrincipalTag/team", "ops")));

    private static bool Holds(string op, string key, string policyValues, string? requestValues)
    {
        var keys = new ContextKeys();
        if (requestValues != null) keys.Set(key, requestValues.Split('|'));
        return ConditionEvaluator.Holds(Clause(op, key, policyValues), keys);
    }

    private static ConditionClause Clause(string op, string key, string valuesJson) =>
        PolicyParser.Parse(
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"" + op + "\":{\"" + key + "\":" + valuesJson + "}}}}",
            PolicyUse.Identity).Statements[0].Conditions[0];
}
