using System;
using System.Collections.Generic;
using System.Management.Automation;
using CrossAcctApi.Core.Access;

namespace CrossAcctApi
{
    /// <summary>
    /// The members PowerShell users see on the module's results beyond their .NET properties, added as each result is
    /// written (not from a types.ps1xml: loading one makes PowerShell rebuild the session's whole type table during
    /// Import-Module, about 10 ms of it). Dates read as ISO 8601 (<see cref="OutputDates"/>), and where a view's
    /// column word is not the .NET property's name, an alias gives it, as PowerShell does for Get-Process's Name
    /// (ProcessName): a column a view shows is a property that Where-Object, Sort-Object and Select-Object use by the
    /// same name (tests/pester/Views.Tests.ps1 checks every view).
    /// </summary>
    internal static class OutputMembers
    {
        private static readonly Dictionary<Type, KeyValuePair<string, string>[]> Aliases = new Dictionary<Type, KeyValuePair<string, string>[]>
        {
            // The access table's first column: $results | Where-Object Result -eq FAIL.
            [typeof(CrossAccountAccessResult)] = new[] { new KeyValuePair<string, string>("Result", nameof(CrossAccountAccessResult.Verdict)) },
        };

        /// <summary><paramref name="output"/> as written to the pipeline: with its extra members when its type has any.</summary>
        public static object? Decorate(object? output)
        {
            if (output is null)
            {
                return null;
            }

            var type = output.GetType();
            var hasAliases = Aliases.TryGetValue(type, out var aliases);
            if (!hasAliases && !OutputDates.HasDates(type))
            {
                return output;
            }

            var shown = PSObject.AsPSObject(output);
            OutputDates.Shadow(output, shown);
            foreach (var alias in hasAliases ? aliases! : Array.Empty<KeyValuePair<string, string>>())
            {
                if (shown.Properties[alias.Key] is null)
                {
                    shown.Properties.Add(new PSAliasProperty(alias.Key, alias.Value));
                }
            }

            return shown;
        }
    }
}
