using System.IO;
using System.Reflection;

namespace CrossAcctApi.DesktopHarness
{
    /// <summary>
    /// The control: the same module, imported without running the initializer (as before the module had one), and
    /// the AWS SDK loaded by path without the module's loader (which would register the resolver too). It shows that
    /// this runtime refuses what .NET Framework refuses: AWSSDK.Core's types need System.Text.Json 6.0.0.0, and the
    /// module ships 8.0.0.0. If that ever stops failing, the harness no longer tells anything about binding, and
    /// this case says so. (Mono's strict loader accepts another minor version of the same major one, which .NET
    /// Framework does not: the static check in tests/CrossAcctApi.Desktop.Tests covers those.)
    /// </summary>
    internal static class ControlCases
    {
        public static void Run(WindowsPowerShellImport import, CaseResults results)
        {
            results.Run("Control: without the resolver, AWSSDK.Core's types fail to load (System.Text.Json 6.0.0.0 is asked, 8.0.0.0 ships)", () =>
            {
                // System.Text.Json 8.0.0.0 is in the process first, as the module's policy tools would have it.
                Core.Policy.PolicyDocument.Parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"*\"}]}");
                string problem = AssemblyTypes.Problem(Assembly.LoadFrom(Path.Combine(import.DependencyDirectory, "AWSSDK.Core.dll"))) ?? string.Empty;
                Expect.True(problem.Length > 0, "AWSSDK.Core's types all loaded without the resolver: this runtime does not compare versions (run mono with --assembly-loader=strict)");
                Expect.True(problem.Contains("System.Text.Json") && problem.Contains("6.0.0.0"), "AWSSDK.Core failed, but not on System.Text.Json 6.0.0.0: " + problem);
            });
        }
    }
}
