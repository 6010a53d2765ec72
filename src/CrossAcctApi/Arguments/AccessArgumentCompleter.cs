using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CrossAcctApi
{
    /// <summary>
    /// Tab completion for Test-CrossAccountAccess -Expect and -Probe. The parameters are strings (not ValidateSet) so
    /// that a bad value in a CSV row is an error record with a stable ErrorId for that row, not a binding failure.
    /// </summary>
    public sealed class AccessArgumentCompleter : IArgumentCompleter
    {
        private static readonly Dictionary<string, string[]> Values = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["Expect"] = new[] { "Allowed", "Denied" },
            ["Probe"] = new[] { "Signed", "Unsigned" },
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            if (!Values.TryGetValue(parameterName, out var values))
            {
                return Enumerable.Empty<CompletionResult>();
            }

            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return values
                .Where(v => v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(v => new CompletionResult(v, v, CompletionResultType.ParameterValue, v));
        }
    }
}
