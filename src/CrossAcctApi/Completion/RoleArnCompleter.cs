using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CrossAcctApi.Completion
{
    /// <summary>
    /// -RoleArn: the roles used in this session, most recent first (<see cref="RecentRoleArns"/>). The word typed
    /// may be the start of the ARN or of the role's name (<c>Cross</c> finds
    /// <c>arn:aws:iam::111111111111:role/CrossAccountInvoker</c>), or a wildcard pattern.
    /// </summary>
    public sealed class RoleArnCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = CompletionText.Unquote(wordToComplete, out char quote);
            Func<string, bool> matches = CompletionText.Matcher(word);
            var results = new List<CompletionResult>();
            foreach (string arn in RecentRoleArns.Snapshot())
            {
                string name = RoleName(arn);
                if (matches(arn) || (name.Length > 0 && matches(name)))
                {
                    results.Add(new CompletionResult(CompletionText.Quote(arn, quote), arn, CompletionResultType.ParameterValue, "role " + name + " (used in this session)"));
                }
            }

            return results;
        }

        /// <summary>The part after the last '/' of the resource (role/path/Name → Name).</summary>
        private static string RoleName(string arn)
        {
            int resource = arn.IndexOf(":role/", StringComparison.Ordinal);
            if (resource < 0)
            {
                return string.Empty;
            }

            int slash = arn.LastIndexOf('/');
            return slash > resource ? arn.Substring(slash + 1) : string.Empty;
        }
    }
}
