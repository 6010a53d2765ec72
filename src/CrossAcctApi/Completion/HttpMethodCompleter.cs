using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CrossAcctApi.Completion
{
    /// <summary>
    /// -Method: the methods an API Gateway HTTP API routes (GET first, the usual case), and, for the commands that
    /// build policy resources, ANY (every method, <c>*</c> in the ARN).
    /// </summary>
    public sealed class HttpMethodCompleter : IArgumentCompleter
    {
        // HTTP API routes take these methods (and ANY); TRACE and CONNECT are not routable.
        private static readonly string[] RouteMethods = { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" };

        // Commands whose -Method names a policy resource rather than a request, where ANY means every method.
        private static readonly string[] ResourceCommands = { "Get-ExecuteApiArn" };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            IEnumerable<string> methods = RouteMethods;
            if (ResourceCommands.Any(c => c.Equals(UnqualifiedName(commandName), StringComparison.OrdinalIgnoreCase)))
            {
                methods = methods.Concat(new[] { "ANY" });
            }

            return CompletionText.Complete(wordToComplete, methods.Select(m => new KeyValuePair<string, string>(m, ToolTip(m)))).ToList();
        }

        private static string UnqualifiedName(string? commandName)
        {
            string name = commandName ?? string.Empty;
            int slash = name.LastIndexOf('\\');
            return slash >= 0 ? name.Substring(slash + 1) : name;
        }

        private static string ToolTip(string method) => method switch
        {
            "GET" => "GET: read",
            "POST" => "POST: create (not idempotent)",
            "PUT" => "PUT: replace",
            "PATCH" => "PATCH: update (not idempotent)",
            "DELETE" => "DELETE: remove",
            "HEAD" => "HEAD: headers only",
            "OPTIONS" => "OPTIONS: CORS preflight",
            "ANY" => "ANY: every method (* in the invoke ARN)",
            _ => method,
        };
    }
}
