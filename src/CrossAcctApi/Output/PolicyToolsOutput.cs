using System.Management.Automation;
using CrossAcctApi.Core.Policy.Generator;

namespace CrossAcctApi
{
    /// <summary>How the policy-tool cmdlets tell the user what they assumed: assumptions as verbose, contradictions as warnings.</summary>
    internal static class PolicyToolsOutput
    {
        public static void Explain(Cmdlet cmdlet, ResolvedInvokeArn arn)
        {
            cmdlet.WriteVerbose($"{arn.Arn}: region {arn.Region} from {arn.RegionOrigin}; host kind {arn.HostKind}.");
            foreach (string assumption in arn.Assumptions)
            {
                cmdlet.WriteVerbose(assumption);
            }

            foreach (string warning in arn.Warnings)
            {
                cmdlet.WriteWarning(warning);
            }
        }
    }
}
