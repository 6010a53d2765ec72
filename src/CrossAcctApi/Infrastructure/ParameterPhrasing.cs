using System;
using System.Collections.Generic;
using CrossAcctApi.Core;

namespace CrossAcctApi
{
    /// <summary>
    /// PowerShell's words for the inputs the engine's texts name: a parameter, as typed ("-Region"); a command marker
    /// (<c>{@AssumeRoleCommand}</c>), the cmdlet that does it.
    /// </summary>
    internal sealed class ParameterPhrasing : IPhrasing
    {
        public static readonly ParameterPhrasing Instance = new ParameterPhrasing();

        /// <summary>The cmdlet for each command marker the engine uses.</summary>
        internal static readonly IReadOnlyDictionary<string, string> Commands = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Phrasing.AssumeRoleCommand] = "Get-AssumedRoleCredential",
            [Phrasing.TestPolicyCommand] = "Test-CrossAccountPolicy",
        };

        public string Name(string input) => Commands.TryGetValue(input, out var cmdlet) ? cmdlet : "-" + input;

        /// <summary>A core text with its input markers in parameter syntax.</summary>
        public static string Render(string? text) => Phrasing.Render(text, Instance);

        /// <summary>
        /// <paramref name="output"/>, set to name inputs in parameter syntax when it is an engine result. An engine result
        /// renders its texts when they are read, so a cmdlet that reads them before writing the result phrases it first.
        /// </summary>
        public static T Phrase<T>(T output)
        {
            (output as IPhrasable)?.UsePhrasing(Instance);
            return output;
        }
    }
}
