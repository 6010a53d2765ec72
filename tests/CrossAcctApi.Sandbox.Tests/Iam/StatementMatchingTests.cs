using CrossAcctApi.Sandbox.Iam.Evaluation;
using CrossAcctApi.Sandbox.Iam.Matching;
using CrossAcctApi.Sandbox.Iam.Policies;
using static CrossAcctApi.Sandbox.Tests.Iam.IamCases;

namespace CrossAcctApi.Sandbox.Tests.Iam;

/// <summary>Action, Resource and Principal matching (IAM User Guide, the elements' reference pages).</summary>
public sealed class StatementMatchingTests
{
    [Theory]
    [InlineData("execute-api:Invoke", "execute-api:Invoke", true)]
    [InlineData("EXECUTE-API:invoke", "execute-api:Invoke", true)]
    [InlineData("execute-api:*", "execute-api:Invoke", true)]
    [InlineData("execute-api:Inv?ke", "execute-api:Invoke", true)]
    [InlineData("*", "sts:AssumeRole", true)]
    [InlineData("iam:*Report", "iam:GetOrganizationsAccessReport", true)]
    [InlineData("execute-api:ManageConnections", "execute-api:Invoke", false)]
    [InlineData("sts:Assume*", "sts:TagSession", false)]
    public void Actions_match_case_insensitively_with_wildcards(string action, string requested, bool applies) =>
        Assert.Equal(applies, Allows(IdentityPolicy("Allow", action, "*"), Request(UserBobA, requested, Bucket, AccountA)));

    [Theory]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*/GET/*", "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items/7", true)]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*/GET/*", "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/POST/items", false)]
    [InlineData("arn:aws:execute-api:*:111111111111:*/*/GET/*", "arn:aws:execute-api:eu-west-1:111111111111:b2c3d4e5f6/$default/GET/files/x", true)]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/", "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/", true)]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:A1B2C3D4E5/*", "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items", false)]
    [InlineData("arn:aws:iam::111111111111:user/accounting/*", "arn:aws:iam::111111111111:user/accounting/Ana", true)]
    [InlineData("arn:aws:s3:::my_corporate_bucket/*", "arn:aws:s3:::my_corporate_bucket/a/b/c.txt", true)]
    [InlineData("arn:aws:logs:us-east-1:111111111111:log-group:app:*", "arn:aws:logs:us-east-1:111111111111:log-group:app:log-stream:x", true)]
    public void Resources_match_case_sensitively_with_wildcards(string resource, string requested, bool applies) =>
        Assert.Equal(applies, Allows(IdentityPolicy("Allow", "*", resource), Request(UserBobA, "s3:GetObject", requested, AccountA)));

    [Theory]
    // "If the * wildcard is the last character of a resource ARN segment, it can expand to match beyond the colon
    // boundaries"; a '*' inside a segment cannot.
    [InlineData("arn:aws:someservice:*:111122223333:finance/*", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt", true)]
    [InlineData("arn:aws:someservice:us-*2:111122223333:finance/*", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt", false)]
    [InlineData("arn:aws:someservice:us-east-2:*:store/*", "arn:aws:someservice:us-east-2:999999999999:store/abc", true)]
    public void A_trailing_star_in_a_resource_segment_may_span_colons(string resource, string requested, bool applies)
    {
        var pattern = PolicyText.Parse(resource, variablesEnabled: false).Resolve(new ContextKeys())!;
        Assert.Equal(applies, ArnMatcher.MatchesResourceElement(pattern, requested));
    }

    [Fact]
    public void NotAction_and_NotResource_apply_to_everything_they_do_not_list()
    {
        var policy = PolicyParser.Parse("""{"Statement":[{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::secret/*"}]}""", PolicyUse.Identity);
        Assert.True(Allows(policy, Request(UserBobA, "s3:GetObject", "arn:aws:s3:::public/a", AccountA)));
        Assert.False(Allows(policy, Request(UserBobA, "iam:GetUser", "arn:aws:s3:::public/a", AccountA)));
        Assert.False(Allows(policy, Request(UserBobA, "s3:GetObject", "arn:aws:s3:::secret/a", AccountA)));
    }

    [Fact]
    public void A_resource_variable_is_the_callers_value_and_a_missing_one_matches_nothing()
    {
        var policy = IdentityPolicy("Allow", "s3:*", "arn:aws:s3:::mybucket/${aws:username}/*");
        var bob = new ContextKeys().Set("aws:username", "Bob");
        Assert.True(Allows(policy, Request(UserBobA, "s3:GetObject", "arn:aws:s3:::mybucket/Bob/x", AccountA, bob)));
        Assert.False(Allows(policy, Request(UserBobA, "s3:GetObject", "arn:aws:s3:::mybucket/Alice/x", AccountA, bob)));
        Assert.False(Allows(policy, Request(SessionA, "s3:GetObject", "arn:aws:s3:::mybucket/Bob/x", AccountA)));

        var notResource = PolicyParser.Parse("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::mybucket/${aws:username}/*"}}""", PolicyUse.Identity);
        Assert.True(Allows(notResource, Request(UserBobA, "s3:GetObject", "arn:aws:s3:::mybucket/Alice/x", AccountA, bob)));
        Assert.False(Allows(notResource, Request(SessionA, "s3:GetObject", "arn:aws:s3:::mybucket/Alice/x", AccountA)));
    }

    [Theory]
    [InlineData("\"*\"", "user", "Caller")]
    [InlineData("""{"AWS":"*"}""", "session", "Caller")]
    [InlineData("""{"AWS":"111111111111"}""", "user", "Account")]
    [InlineData("""{"AWS":"arn:aws:iam::111111111111:root"}""", "session", "Account")]
    [InlineData("""{"AWS":"arn:aws-cn:iam::111111111111:root"}""", "session", "None")]
    [InlineData("""{"AWS":"222222222222"}""", "user", "None")]
    [InlineData("""{"AWS":"arn:aws:iam::111111111111:user/Bob"}""", "user", "Caller")]
    [InlineData("""{"AWS":"arn:aws:iam::111111111111:user/bob"}""", "user", "None")]
    [InlineData("""{"AWS":"arn:aws:iam::111111111111:role/Reader"}""", "session", "Role")]
    [InlineData("""{"AWS":"arn:aws:iam::111111111111:role/Reader"}""", "user", "None")]
    [InlineData("""{"AWS":["111111111111","arn:aws:sts::111111111111:assumed-role/Reader/s1"]}""", "session", "Caller")]
    [InlineData("""{"Service":"lambda.amazonaws.com"}""", "session", "None")]
    public void A_Principal_names_the_caller_by_account_role_or_itself(string principal, string caller, string grant)
    {
        var element = ResourcePolicy("Allow", principal, "s3:*", "*").Statements[0].Principal!;
        Assert.Equal(grant, PrincipalMatcher.Match(element, caller == "user" ? UserBobA : SessionA).ToString());
    }

    [Fact]
    public void A_service_principal_matches_only_that_service()
    {
        var element = ResourcePolicy("Allow", """{"Service":["lambda.amazonaws.com","apigateway.amazonaws.com"]}""", "s3:*", "*").Statements[0].Principal!;
        Assert.Equal(PrincipalGrant.Caller, PrincipalMatcher.Match(element, RequestPrincipal.Service("apigateway.amazonaws.com", "aws")));
        Assert.Equal(PrincipalGrant.None, PrincipalMatcher.Match(element, RequestPrincipal.Service("ec2.amazonaws.com", "aws")));
    }

    private static bool Allows(IamPolicy policy, AccessRequest request) => PolicySetEvaluator.Evaluate(policy, request).IsAllowed;
}
