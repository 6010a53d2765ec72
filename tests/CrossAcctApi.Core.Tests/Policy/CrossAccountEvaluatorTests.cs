using CrossAcctApi.Core.Policy;
using CrossAcctApi.Core.Policy.Generator;
using Xunit;

namespace CrossAcctApi.Core.Tests.Policy;

/// <summary>IAM's rules for identity and resource policies together (IAM User Guide: policy evaluation logic, cross-account).</summary>
public class CrossAccountEvaluatorTests
{
    private const string Orders = "arn:aws:execute-api:us-east-1:111111111111:q1w2e3r4t5/prod/GET/orders";
    private const string UserB = "arn:aws:iam::222222222222:user/ops";
    private const string SessionA = "arn:aws:sts::111111111111:assumed-role/Reader/session1";

    private static PolicyDocument Identity(string effect = "Allow") =>
        PolicyDocument.Parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"" + Orders + "\"}]}");

    private static PolicyDocument Resource(string principal, string effect = "Allow") =>
        PolicyDocument.Parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Principal\":{\"AWS\":\"" + principal + "\"},\"Action\":\"execute-api:Invoke\",\"Resource\":\"" + Orders + "\"}]}");

    private static CrossAccountPolicyTestResult Test(string caller, PolicyDocument[] identity, PolicyDocument? resource) =>
        CrossAccountPolicyTester.Test(identity, resource, caller, Orders, new[] { "execute-api:Invoke" });

    [Fact]
    public void Across_accounts_both_must_allow()
    {
        Assert.Equal((PolicyDecision.Allowed, DecidingPolicy.Both), Pair(Test(UserB, new[] { Identity() }, Resource("222222222222"))));
        Assert.Equal((PolicyDecision.ImplicitDeny, DecidingPolicy.ResourcePolicy), Pair(Test(UserB, new[] { Identity() }, null)));
        Assert.Equal((PolicyDecision.ImplicitDeny, DecidingPolicy.IdentityPolicy), Pair(Test(UserB, new PolicyDocument[0], Resource(UserB))));
        Assert.True(Test(UserB, new[] { Identity() }, null).IsCrossAccount);
    }

    [Fact]
    public void Within_one_account_either_may_allow_but_a_grant_to_the_account_only_delegates()
    {
        Assert.Equal((PolicyDecision.Allowed, DecidingPolicy.IdentityPolicy), Pair(Test(SessionA, new[] { Identity() }, null)));
        Assert.Equal((PolicyDecision.Allowed, DecidingPolicy.ResourcePolicy), Pair(Test(SessionA, new PolicyDocument[0], Resource("arn:aws:iam::111111111111:role/Reader"))));
        Assert.Equal((PolicyDecision.ImplicitDeny, DecidingPolicy.IdentityPolicy), Pair(Test(SessionA, new PolicyDocument[0], Resource("111111111111"))));
        Assert.False(Test(SessionA, new[] { Identity() }, null).IsCrossAccount);
    }

    [Fact]
    public void An_explicit_deny_in_either_wins_and_is_named()
    {
        Assert.Equal((PolicyDecision.ExplicitDeny, DecidingPolicy.ResourcePolicy), Pair(Test(SessionA, new[] { Identity() }, Resource("111111111111", "Deny"))));
        Assert.Equal((PolicyDecision.ExplicitDeny, DecidingPolicy.IdentityPolicy), Pair(Test(UserB, new[] { Identity("Deny") }, Resource(UserB))));
    }

    [Fact]
    public void A_function_URL_needs_both_actions_each_with_the_keys_Lambda_sets()
    {
        const string fn = "arn:aws:lambda:us-east-1:111111111111:function:report";
        var set = CrossAccountPolicyGenerator.Generate(new CrossAccountPolicyRequest("111111111111", "222222222222", "", "us-east-1") { Kind = CrossAcctApi.Core.Requests.EndpointKind.FunctionUrl, FunctionName = "report" });
        Assert.Equal(fn, set.FunctionArn);
        var both = CrossAccountPolicyTester.Test(new[] { set.DirectCallerPolicyDocument! }, set.ResourcePolicyDocument, UserB, fn, CrossAcctApi.Core.Requests.EndpointKinds.Actions(CrossAcctApi.Core.Requests.EndpointKind.FunctionUrl));
        Assert.Equal(PolicyDecision.Allowed, both.Decision);
        Assert.True(both.IsConclusive);

        var urlOnly = PolicyDocument.Parse(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"222222222222\"},\"Action\":\"lambda:InvokeFunctionUrl\",\"Resource\":\"" + fn + "\",\"Condition\":{\"StringEquals\":{\"lambda:FunctionUrlAuthType\":\"AWS_IAM\"}}}]}");
        var refused = CrossAccountPolicyTester.Test(new[] { set.DirectCallerPolicyDocument! }, urlOnly, UserB, fn, CrossAcctApi.Core.Requests.EndpointKinds.Actions(CrossAcctApi.Core.Requests.EndpointKind.FunctionUrl));
        Assert.Equal(PolicyDecision.ImplicitDeny, refused.Decision);
        Assert.Equal("lambda:InvokeFunction", refused.DecidingAction);
        Assert.Equal(DecidingPolicy.ResourcePolicy, refused.DecidedBy);
        Assert.Equal(PolicyDecision.Allowed, refused.Actions[0].Decision);
    }

    private static (PolicyDecision, DecidingPolicy) Pair(CrossAccountPolicyTestResult result) => (result.Decision, result.DecidedBy);
}
