using CrossAcctApi.Core.Policy;
using Xunit;

namespace CrossAcctApi.Core.Tests.Policy;

public class PolicyDocumentParseTests
{
    [Fact]
    public void Parses_single_statement_object_and_string_elements()
    {
        const string json = """
            {"Version":"2012-10-17","Id":"p1","Statement":{"Sid":"One","Effect":"Deny","Action":"execute-api:Invoke","Resource":"*"}}
            """;

        PolicyDocument doc = PolicyDocument.Parse(json);

        Assert.Equal("2012-10-17", doc.Version);
        Assert.Equal("p1", doc.Id);
        Assert.Equal(json, doc.Json);
        PolicyStatement statement = Assert.Single(doc.Statements);
        Assert.Equal("One", statement.Sid);
        Assert.Equal(PolicyEffect.Deny, statement.Effect);
        Assert.Equal(new[] { "execute-api:Invoke" }, statement.Actions);
        Assert.Empty(statement.NotActions);
        Assert.Equal(new[] { "*" }, statement.Resources);
        Assert.Empty(statement.NotResources);
        Assert.Null(statement.Principal);
        Assert.Empty(statement.Conditions);
        Assert.Equal(0, statement.Index);
        Assert.Contains("\"Sid\":\"One\"", statement.Json);
        Assert.True(statement.HasResourceElement);
    }

    [Fact]
    public void Parses_arrays_principals_and_conditions()
    {
        const string json = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "NotAction": ["iam:*", "sts:*"], "NotResource": ["arn:aws:s3:::a", "arn:aws:s3:::b"]},
                {
                  "Effect": "Allow",
                  "Principal": {"AWS": ["arn:aws:iam::222222222222:root", "333333333333"], "Service": "lambda.amazonaws.com"},
                  "Action": "sts:AssumeRole",
                  "Condition": {
                    "StringEquals": {"sts:ExternalId": ["a", "b"], "aws:PrincipalTag/team": "x"},
                    "NumericLessThan": {"aws:MultiFactorAuthAge": 3600},
                    "Bool": {"aws:SecureTransport": true}
                  }
                },
                {"Effect": "Deny", "NotPrincipal": "*", "Action": "*"}
              ]
            }
            """;

        PolicyDocument doc = PolicyDocument.Parse(json);

        Assert.Equal(3, doc.Statements.Count);
        PolicyStatement first = doc.Statements[0];
        Assert.Equal(new[] { "iam:*", "sts:*" }, first.NotActions);
        Assert.Equal(2, first.NotResources.Count);

        PolicyStatement second = doc.Statements[1];
        Assert.Equal(1, second.Index);
        Assert.False(second.HasResourceElement);
        Assert.False(second.Principal!.IsWildcard);
        Assert.Equal(new[] { "arn:aws:iam::222222222222:root", "333333333333" }, second.Principal.Values["AWS"]);
        Assert.Equal(new[] { "lambda.amazonaws.com" }, second.Principal.Values["Service"]);
        Assert.Equal(4, second.Conditions.Count);
        Assert.Contains(second.Conditions, c => c.Operator == "StringEquals" && c.Key == "sts:ExternalId" && c.Values.SequenceEqual(new[] { "a", "b" }));
        Assert.Contains(second.Conditions, c => c.Operator == "NumericLessThan" && c.Values.Single() == "3600");
        Assert.Contains(second.Conditions, c => c.Operator == "Bool" && c.Values.Single() == "true");

        Assert.True(doc.Statements[2].NotPrincipal!.IsWildcard);
    }

    [Fact]
    public void Accepts_missing_version_and_legacy_version()
    {
        Assert.Null(PolicyDocument.Parse("""{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""").Version);
        Assert.False(PolicyDocument.Parse("""{"Version":"2008-10-17","Statement":[]}""").SupportsPolicyVariables);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{", "not valid JSON")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},]}""", "not valid JSON")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*",}]}""", "not valid JSON")]
    [InlineData("""{/* c */"Statement":[]}""", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("\"policy\"", "must be a JSON object")]
    [InlineData("""{"Version":"2012-10-17"}""", "no Statement")]
    [InlineData("""{"Version":"2012-10-18","Statement":[]}""", "not a policy language version")]
    [InlineData("""{"Version":20121017,"Statement":[]}""", "must be a string")]
    [InlineData("""{"Statement":"Allow"}""", "object or an array")]
    [InlineData("""{"Statement":["x"]}""", "must be a JSON object")]
    [InlineData("""{"Statement":[],"Extra":1}""", "unknown element 'Extra'")]
    [InlineData("""{"statement":[]}""", "case-sensitive")]
    [InlineData("""{"Statement":[],"Statement":[]}""", "more than once")]
    [InlineData("""{"Statement":{"Action":"*","Resource":"*"}}""", "no Effect")]
    [InlineData("""{"Statement":{"Effect":"allow","Action":"*","Resource":"*"}}""", "must be \"Allow\" or \"Deny\"")]
    [InlineData("""{"Statement":{"Effect":"Permit","Action":"*","Resource":"*"}}""", "must be \"Allow\" or \"Deny\"")]
    [InlineData("""{"Statement":{"Effect":true,"Action":"*","Resource":"*"}}""", "must be a string")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*","NotAction":"s3:*","Resource":"*"}}""", "both Action and NotAction")]
    [InlineData("""{"Statement":{"Effect":"Allow","Resource":"*"}}""", "neither Action nor NotAction")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"Invoke","Resource":"*"}}""", "service:action")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":[],"Resource":"*"}}""", "empty array")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":[1],"Resource":"*"}}""", "only strings")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"","Resource":"*"}}""", "empty string")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","NotResource":"*"}}""", "both Resource and NotResource")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*","Resource":"bucket"}}""", "ARNs starting with 'arn:'")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*","Resource":{"a":1}}}""", "string or an array")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*","Principal":"me"}}""", "Principal must be")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*","Principal":{}}}""", "empty object")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*","Principal":{"User":"x"}}}""", "unknown element 'User'")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*","Principal":{"AWS":[]}}}""", "no values")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*","Principal":"*","NotPrincipal":"*"}}""", "both Principal and NotPrincipal")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":"x"}}""", "Condition must be an object")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":"x"}}}""", "must map condition keys")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"k":null}}}}""", "strings, numbers or booleans")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"k":{"a":"b"}}}}}""", "strings, numbers or booleans")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"k":"a","k":"b"}}}}""", "more than once")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Sid":"a","Sid":"b"}}""", "more than once")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Actions":"*"}}""", "unknown element 'Actions'")]
    [InlineData("""{"Statement":[{"Sid":"S","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"S","Effect":"Deny","Action":"*","Resource":"*"}]}""", "more than one statement")]
    public void Rejects_malformed_documents(string json, string expected)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => PolicyDocument.Parse(json));

        Assert.Equal("InvalidPolicyDocument", error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.Contains(expected, error.Message);
        Assert.False(PolicyDocument.TryParse(json, out PolicyDocument? doc, out string? message));
        Assert.Null(doc);
        Assert.Equal(error.Message, message);
    }

    [Fact]
    public void Null_text_is_rejected_as_invalid_document()
    {
        Assert.Equal("InvalidPolicyDocument", Assert.Throws<CrossAcctApiException>(() => PolicyDocument.Parse(null!)).ErrorId);
    }

    [Fact]
    public void Deeply_nested_json_is_rejected_without_stack_overflow()
    {
        string json = """{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":""" + new string('[', 5000) + new string(']', 5000) + "}}";

        Assert.Equal("InvalidPolicyDocument", Assert.Throws<CrossAcctApiException>(() => PolicyDocument.Parse(json)).ErrorId);
    }

    [Fact]
    public void Error_message_names_the_statement_by_sid()
    {
        var error = Assert.Throws<CrossAcctApiException>(() =>
            PolicyDocument.Parse("""{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"Broken","Effect":"Maybe","Action":"*","Resource":"*"}]}"""));

        Assert.Contains("statement #1 ('Broken')", error.Message);
    }
}
