using CrossAcctApi.Sandbox.Iam.Evaluation;
using Module = CrossAcctApi.Core.Policy;

namespace CrossAcctApi.Sandbox.Tests.Differential;

/// <summary>One name for a policy set's outcome in either evaluator, as the module's PolicyDecision spells it.</summary>
internal static class PolicySetNames
{
    public static string Name(this PolicySetOutcome outcome) => outcome.ExplicitDeny ? "ExplicitDeny" : outcome.IsAllowed ? "Allowed" : "ImplicitDeny";

    public static string Name(this Module.PolicyDecision decision) => decision switch
    {
        Module.PolicyDecision.Allowed => "Allowed",
        Module.PolicyDecision.ExplicitDeny => "ExplicitDeny",
        _ => "ImplicitDeny",
    };
}
