using CrossAcctApi.Sandbox.Iam.Policies;

namespace CrossAcctApi.Sandbox.Tests.Iam;

/// <summary>
/// What the sandbox's parser accepts and refuses, as IAM does (its MalformedPolicyDocument answers, quoted in
/// <see cref="PolicySyntaxException"/>).
/// </summary>
public sealed class PolicyParserTests
{
    private const string Allow = "\"Effect\":\"Allow\"";

    [Theory]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}""")]
    [InlineData("""{"Statement":[{"Sid":"A1","Effect":"Deny","NotAction":["s3:*","iam:*"],"NotResource":"arn:aws:s3:::b/*"}]}""")]
    [InlineData("""{"Version":"2008-10-17","Id":"x","Statement":[]}""")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":["a*",1,true]},"Null":{"aws:TokenIssueTime":"true"}}}}""")]
    public void Identity_policies_IAM_accepts(string json) => Assert.True(PolicyParser.TryParse(json, PolicyUse.Identity, out _, out var problem), problem);

    [Theory]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*",}]}""", "Syntax errors in policy.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}} // note""", "Syntax errors in policy.")]
    [InlineData("""{"Version":"2012-10-18","Statement":[]}""", "The policy failed legacy parsing")]
    [InlineData("""{"Statements":[]}""", "Syntax errors in policy. (the policy has the unknown element 'Statements')")]
    [InlineData("""{"Statement":42}""", "Syntax errors in policy.")]
    [InlineData("""{"Version":"2012-10-17"}""", "Syntax errors in policy. (the policy has no Statement)")]
    [InlineData("""{"Statement":{"Effect":"allow","Action":"s3:*","Resource":"*"}}""", "Syntax errors in policy.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Resource":"*"}}""", "Policy statement must contain actions.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":[],"Resource":"*"}}""", "Policy statement must contain actions.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*"}}""", "Policy statement must contain resources.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","NotAction":"iam:*","Resource":"*"}}""", "Syntax errors in policy.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"GetObject","Resource":"*"}}""", "Actions/Conditions must be prefaced by a vendor")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:Get:Object","Resource":"*"}}""", "Actions/Condition can contain only one colon.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"my-bucket"}}""", "Resource my-bucket must be in ARN format or \"*\".")]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}""", "Has prohibited field Principal")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqualz":{"aws:username":"x"}}}}""", "Syntax errors in policy.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NullIfExists":{"aws:username":"true"}}}}""", "Syntax errors in policy.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"username":"x"}}}}""", "Actions/Conditions must be prefaced by a vendor")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:username":{"x":1}}}}}""", "Syntax errors in policy.")]
    [InlineData("""{"Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"}]}""", "Statement IDs (SID) in a single policy must be unique.")]
    [InlineData("""{"Statement":{"Sid":"read-all","Effect":"Allow","Action":"s3:*","Resource":"*"}}""", "Statement IDs (SID) must be alpha-numeric.")]
    [InlineData("""{"Statement":{"Effect":"Allow","Effect":"Deny","Action":"s3:*","Resource":"*"}}""", "Syntax errors in policy. (Statement[0] has the key 'Effect' twice)")]
    public void Identity_policies_IAM_refuses(string json, string problemStart)
    {
        Assert.False(PolicyParser.TryParse(json, PolicyUse.Identity, out _, out var problem));
        Assert.StartsWith(problemStart, problem);
    }

    [Theory]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"sts:AssumeRole"}}""", null)]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com","AWS":["222222222222","arn:aws:sts::222222222222:assumed-role/R/s"]},"Action":"sts:AssumeRole"}}""", null)]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}}""", null)]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"sts:AssumeRole","Resource":"*"}}""", "Has prohibited field Resource")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole"}}""", "Missing required field Principal")]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/*"},"Action":"sts:AssumeRole"}}""", "Invalid principal in policy")]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":{"AWS":"ops-engineer"},"Action":"sts:AssumeRole"}}""", "Invalid principal in policy")]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":{"Aws":"222222222222"},"Action":"sts:AssumeRole"}}""", "Invalid principal in policy")]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":"222222222222","Action":"sts:AssumeRole"}}""", "Invalid principal in policy")]
    public void Trust_policies(string json, string? problemStart)
    {
        var parsed = PolicyParser.TryParse(json, PolicyUse.Trust, out _, out var problem);
        Assert.Equal(problemStart == null, parsed);
        if (problemStart != null) Assert.StartsWith(problemStart, problem);
    }

    [Fact]
    public void A_resource_policy_needs_a_principal_and_a_resource_and_may_use_any_sid()
    {
        Assert.True(PolicyParser.TryParse("""{"Statement":{"Sid":"allow api","Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"}}""", PolicyUse.Resource, out _, out var problem), problem);
        Assert.False(PolicyParser.TryParse("{\"Statement\":{" + Allow + ",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\"}}", PolicyUse.Resource, out _, out _));
    }

    [Fact]
    public void The_parsed_policy_keeps_what_the_evaluator_needs()
    {
        var policy = PolicyParser.Parse("""
            {"Version":"2012-10-17","Statement":[{"Sid":"S1","Effect":"Deny","NotPrincipal":{"AWS":["111111111111"]},"NotAction":"s3:Get*",
              "Resource":["arn:aws:s3:::b/${aws:username}"],"Condition":{"ForAllValues:StringNotEqualsIfExists":{"aws:TagKeys":["a","b"]}}}]}
            """, PolicyUse.Resource);
        var statement = policy.Statements.Single();
        Assert.Equal(("S1", Effect.Deny), (statement.Sid, statement.Effect));
        Assert.True(statement.Actions.IsNot);
        Assert.True(statement.Resources!.Values.Single().HasVariables);
        Assert.True(statement.Principal!.IsNot);
        Assert.Equal(AwsPrincipalKind.Account, statement.Principal.Aws.Single().Kind);
        var op = statement.Conditions.Single().Operator;
        Assert.Equal((ConditionTest.StringEquals, true, true, SetQualifier.ForAllValues), (op.Test, op.IsNegated, op.IfExists, op.Qualifier));
    }
}
