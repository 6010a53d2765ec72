using CrossAcctApi.Sandbox.Iam.Evaluation;
using Xunit.Abstractions;
using Module = CrossAcctApi.Core.Policy;

namespace CrossAcctApi.Sandbox.Tests.Differential;

/// <summary>
/// The module's offline cross-account evaluation (<see cref="Module.CrossAccountEvaluator"/>, behind Test-CrossAccountPolicy)
/// against the sandbox's whole decision (<see cref="AccessDecider"/>), two implementations written apart, on the generated
/// cases both model: identity policies and a resource policy, within one account and across accounts, without session
/// policies, permissions boundaries or trust policies (which the module's offline evaluation leaves to STS). They must
/// decide every such case alike, and a denial must be put down to the same kind of document.
/// </summary>
public sealed class CrossAccountDifferentialTests
{
    private const int DefaultSeed = 20261206;
    private const int DefaultCases = 3000;

    private readonly ITestOutputHelper _output;

    public CrossAccountDifferentialTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void The_module_and_the_sandbox_decide_identity_and_resource_policies_together_alike()
    {
        var seed = OracleDifferentialTests.Setting("CROSSACCTAPI_IAM_SEED", DefaultSeed);
        var count = OracleDifferentialTests.Setting("CROSSACCTAPI_IAM_CASES", DefaultCases);
        var compared = 0;
        var crossAccount = 0;
        var disagreements = new List<string>();
        foreach (var generated in new CaseGenerator(seed, beyondOracle: true).Generate(count))
        {
            if (generated.SessionPolicy != null || generated.PermissionsBoundary != null || generated.ResourcePolicyIsTrust || generated.ResourcePolicy == null)
            {
                continue;
            }

            var context = new Module.RequestContext(generated.Action, generated.Resource)
            {
                PrincipalArn = generated.Principal.Arn,
                PrincipalAccountId = generated.Principal.AccountId,
                ConditionKeys = generated.Context.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.OrdinalIgnoreCase),
                Missing = Module.MissingConditionKeys.Absent,
            };
            var module = Module.CrossAccountEvaluator.Evaluate(
                generated.IdentityPolicies.Select(Module.PolicyDocument.Parse).ToArray(),
                Module.PolicyDocument.Parse(generated.ResourcePolicy),
                generated.ResourceAccount,
                new[] { context })[0];
            var sandbox = generated.Decide();
            compared++;
            crossAccount += generated.Principal.AccountId != generated.ResourceAccount ? 1 : 0;

            var sameVerdict = module.Decision.ToString() == sandbox.Verdict.ToString() && module.IsConclusive;
            var sameDocument = sandbox.Verdict == Verdict.Allowed || Blames(module.DecidedBy, sandbox.DecidedBy);
            if (!sameVerdict || !sameDocument)
            {
                disagreements.Add($"module {module.Decision} by {module.DecidedBy}{(module.IsConclusive ? string.Empty : " (inconclusive)")}, sandbox {sandbox}: {generated}");
            }
        }

        _output.WriteLine($"seed {seed}: {compared} cases with identity and resource policies ({crossAccount} across accounts), {compared - disagreements.Count} agree.");
        Assert.True(compared >= 100, $"only {compared} comparable cases were generated");
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {compared} cases differ:\n" + string.Join("\n", disagreements.Take(20)));
    }

    private static bool Blames(Module.DecidingPolicy module, PolicyType sandbox) =>
        module == (sandbox == PolicyType.Resource ? Module.DecidingPolicy.ResourcePolicy : Module.DecidingPolicy.IdentityPolicy);
}
