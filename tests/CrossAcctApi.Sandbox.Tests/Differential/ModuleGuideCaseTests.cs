using CrossAcctApi.Sandbox.Iam.Evaluation;
using CrossAcctApi.Sandbox.Iam.Policies;
using Module = CrossAcctApi.Core.Policy;

namespace CrossAcctApi.Sandbox.Tests.Differential;

/// <summary>
/// The cases where the module's <see cref="Module.PolicyEvaluator"/> once differed from the IAM User Guide (found by the
/// differential test), pinned by the smallest case each: the sandbox and the module both give the guide's answer now.
/// </summary>
public sealed class ModuleGuideCaseTests
{
    private const string SessionArn = "arn:aws:sts::111111111111:assumed-role/Reader/s1";
    private const string Items = "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items";

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // A policy variable with no value: a role session has no aws:username, and "any attempt to
        // match it fails and causes the statement to be invalid", so neither statement applies.
        {
            "identity", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","NotResource":"arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/*/GET/users/${aws:username}"}]}""",
            "ImplicitDeny", "Allowed"
        },
        {
            "identity", """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalTag/owner":"${aws:username}"}}}]}""",
            "ImplicitDeny", "ExplicitDeny"
        },

        // NotPrincipal listing some identities: the role is listed but not the session's account, so "the policy
        // might deny access to the entire account containing the principal" and the session with it.
        {
            "resource", """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111111111111:role/Reader"},"Action":"*","Resource":"*"}]}""",
            "ExplicitDeny", "ImplicitDeny"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_module_decides_as_the_guide_and_the_sandbox(string kind, string policy, string guideAnswer, string oldModuleAnswer)
    {
        var keys = new ContextKeys().Set("aws:PrincipalArn", "arn:aws:iam::111111111111:role/Reader").Set("aws:PrincipalTag/owner", "Carol");
        var request = new AccessRequest
        {
            Action = "execute-api:Invoke",
            Resource = Items,
            ResourceAccountId = "111111111111",
            Principal = RequestPrincipal.RoleSession(SessionArn, "arn:aws:iam::111111111111:role/Reader", "aws", "111111111111"),
            Keys = keys,
        };
        var use = kind == "identity" ? PolicyUse.Identity : PolicyUse.Resource;
        var sandbox = PolicySetEvaluator.Evaluate(PolicyParser.Parse(policy, use), request);
        Assert.Equal(guideAnswer, sandbox.Name());

        var context = new Module.RequestContext(request.Action, request.Resource)
        {
            PrincipalArn = SessionArn,
            PrincipalAccountId = "111111111111",
            ConditionKeys = keys.Names.ToDictionary(k => k, k => keys.Lookup(k)!, StringComparer.OrdinalIgnoreCase),
            Missing = Module.MissingConditionKeys.Absent,
        };
        var module = Module.PolicyEvaluator.Evaluate(Module.PolicyDocument.Parse(policy), context, use == PolicyUse.Identity ? Module.PolicyKind.Identity : Module.PolicyKind.Resource);
        Assert.True(module.Decision.Name() == guideAnswer,
            $"The module answers {module.Decision} here (its old answer was {oldModuleAnswer}); the guide and the sandbox answer {guideAnswer}.");
    }
}
