using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace CrossAcctApi.DesktopHarness
{
    /// <summary>
    /// Loads the built module the way Windows PowerShell 5.1 does and exercises it on .NET Framework (Mono here).
    /// Prints one line per case (PASS, FAIL or SKIP, with its name) and ends with "N passed, N failed, N skipped";
    /// exits 1 when a case failed. Nothing of the module is touched before <see cref="WindowsPowerShellImport"/>
    /// has loaded it, so that every type comes from the module folder.
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            HarnessOptions options;
            try
            {
                options = HarnessOptions.Parse(args);
            }
            catch (ArgumentException error)
            {
                Console.Error.WriteLine(error.Message);
                Console.Error.WriteLine(HarnessOptions.Usage);
                return 2;
            }

            var results = new CaseResults();
            Console.WriteLine("CrossAcctApi on " + DescribeRuntime() + ", module " + options.ModuleDirectory + ", scenario " + options.Scenario);
            var import = new WindowsPowerShellImport(options.ModuleDirectory);
            if (options.OtherSdk != null)
            {
                // As AWS.Tools would: its AWSSDK.Core is in the session before CrossAcctApi is imported.
                import.LoadForeignAssembly(options.OtherSdk);
            }

            results.Run("Import-Module: the cmdlet assembly loads from the module folder; the initializer " + (options.RegisterResolver ? "registers" : "is NOT run (control): no") + " resolver; neither the engine nor the AWS SDK loaded", () => import.Import(options.RegisterResolver));
            if (results.Failed == 0)
            {
                results.Run("The first command, as far as Mono can run it (a module type that names the engine's types): the engine (CrossAcctApi.Core) loads from the module folder", import.RunFirstCommand);
            }

            if (results.Failed == 0)
            {
                RunScenario(options, import, results);
            }

            results.WriteSummary(options.SummaryPath);
            return results.Failed == 0 ? 0 : 1;
        }

        // Kept out of Main: the cases name the module's types, which must not be bound before the import.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void RunScenario(HarnessOptions options, WindowsPowerShellImport import, CaseResults results)
        {
            switch (options.Scenario)
            {
                case "module":
                    ModuleCases.Run(options, import, results);
                    break;
                case "control":
                    ControlCases.Run(import, results);
                    break;
                case "beside-other-sdk":
                    SideBySideCases.Run(options, import, results);
                    break;
                default:
                    throw new ArgumentException("Unknown scenario " + options.Scenario);
            }
        }

        private static string DescribeRuntime()
        {
            Type? mono = Type.GetType("Mono.Runtime");
            string? version = mono?.GetMethod("GetDisplayName", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)?.Invoke(null, null) as string;
            return (mono != null ? "Mono " + version : System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription)
                + " (" + Path.GetFileName(typeof(object).Assembly.Location) + " " + typeof(object).Assembly.GetName().Version + ")";
        }
    }
}
