using CrossAcctApi.Sandbox.Iam.Evaluation;
using CrossAcctApi.Sandbox.Iam.Policies;
using Xunit.Abstractions;
using Module = CrossAcctApi.Core.Policy;

namespace CrossAcctApi.Sandbox.Tests.Differential;

/// <summary>
/// The sandbox's evaluator against the module's own <see cref="Module.PolicyEvaluator"/>, two implementations written
/// apart, on generated cases like those of <see cref="OracleDifferentialTests"/> and the ones iam-simulate misreads. The module evaluates one kind of policy at a
/// time (it has no same-account or cross-account rule), so each case is compared policy set by policy set: the identity
/// policies, the session policy and the boundary as identity policies, the resource or trust policy with its Principal.
/// They must agree on every case (the module's two former defects, a policy variable with no value and NotPrincipal
/// listing only some identities, are pinned in <see cref="ModuleGuideCaseTests"/>).
/// </summary>
public sealed class ModuleDifferentialTests
{
    private const int DefaultSeed = 20260602;
    private const int DefaultCases = 3000;

    private readonly ITestOutputHelper _output;

    public ModuleDifferentialTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void The_sandbox_and_the_modules_PolicyEvaluator_decide_every_generated_policy_set_alike()
    {
        var seed = OracleDifferentialTests.Setting("CROSSACCTAPI_IAM_SEED", DefaultSeed);
        var cases = OracleDifferentialTests.Setting("CROSSACCTAPI_IAM_CASES", DefaultCases);
        var comparisons = 0;
        var disagreements = new List<string>();
        foreach (var generated in new CaseGenerator(seed, beyondOracle: true).Generate(cases))
        {
            foreach (var (kind, json, use) in PolicySets(generated))
            {
                comparisons++;
                var sandbox = DecideWithSandbox(json, use, generated);
                var module = DecideWithModule(json, use, generated, out var conclusive);
                if (sandbox == module && conclusive) continue;
                disagreements.Add($"{kind}: sandbox {sandbox}, module {module}{(conclusive ? string.Empty : " (inconclusive)")}: {generated}");
            }
        }

        if (Environment.GetEnvironmentVariable("CROSSACCTAPI_IAM_DUMP") is { Length: > 0 } dump) File.WriteAllLines(dump, disagreements);
        _output.WriteLine($"seed {seed}: {comparisons} policy sets in {cases} cases, {comparisons - disagreements.Count} agree.");
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {comparisons} policy sets differ:\n" + string.Join("\n", disagreements.Take(20)));
    }

    private static IEnumerable<(string Kind, string Json, PolicyUse Use)> PolicySets(GeneratedCase generated)
    {
        foreach (var policy in generated.IdentityPolicies) yield return ("identity policy", policy, PolicyUse.Identity);
        if (generated.SessionPolicy != null) yield return ("session policy", generated.SessionPolicy, PolicyUse.Identity);
        if (generated.PermissionsBoundary != null) yield return ("permissions boundary", generated.PermissionsBoundary, PolicyUse.Identity);
        if (generated.ResourcePolicy != null) yield return ("resource policy", generated.ResourcePolicy, generated.ResourcePolicyIsTrust ? PolicyUse.Trust : PolicyUse.Resource);
    }

    private static string DecideWithSandbox(string json, PolicyUse use, GeneratedCase generated)
    {
        return PolicySetEvaluator.Evaluate(PolicyParser.Parse(json, use), generated.ToAccessRequest()).Name();
    }

    private static string DecideWithModule(string json, PolicyUse use, GeneratedCase generated, out bool conclusive)
    {
        var context = new Module.RequestContext(generated.Action, generated.Resource)
        {
            PrincipalArn = generated.Principal.Arn,
            PrincipalAccountId = generated.Principal.AccountId,
            ConditionKeys = generated.Context.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.OrdinalIgnoreCase),
            Missing = Module.MissingConditionKeys.Absent,
        };
        var kind = use == PolicyUse.Identity ? Module.PolicyKind.Identity : Module.PolicyKind.Resource;
        var result = Module.PolicyEvaluator.Evaluate(Module.PolicyDocument.Parse(json), context, kind);
        conclusive = result.IsConclusive;
        return result.Decision.Name();
    }
}
