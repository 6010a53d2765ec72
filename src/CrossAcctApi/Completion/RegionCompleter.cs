using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Completion
{
    /// <summary>
    /// -Region: the regions this build knows (<see cref="AwsPartitions.AllKnownRegions"/>), each with its partition.
    /// A region AWS adds later is still accepted when typed; the list only serves typing.
    /// </summary>
    public sealed class RegionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionText.Complete(
                wordToComplete,
                AwsPartitions.AllKnownRegions.Select(region => new KeyValuePair<string, string>(region, region + " (partition " + AwsPartitions.PartitionForRegion(region) + ")")))
            .ToList();
    }
}
