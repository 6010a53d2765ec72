using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using CrossAcctApi.Core;

namespace CrossAcctApi.DesktopHarness
{
    /// <summary>
    /// AWS.Tools on Windows PowerShell 5.1: its AWSSDK.Core is loaded (by path) before CrossAcctApi is imported.
    /// <list type="bullet">
    /// <item>Another assembly version (AWS.Tools 4.x: AWSSDK.Core 3.3.0.0): both live side by side; the module's
    /// resolver never hands its 4.0.0.0 to the other one's callers, and the module assumes roles with its own.</item>
    /// <item>The same assembly version, an older file (AWS.Tools 5.x with an older AWS SDK 4): one AppDomain keeps one
    /// copy of an identity, so the module would run on theirs; it refuses, saying so, and their SDK keeps working.</item>
    /// </list>
    /// </summary>
    internal static class SideBySideCases
    {
        public static void Run(HarnessOptions options, WindowsPowerShellImport import, CaseResults results)
        {
            Assembly theirs = import.ForeignAssembly ?? throw new ArgumentException("--other-sdk is required for this scenario");
            if (options.Sandbox is null)
            {
                results.Skip("Side by side with another AWSSDK.Core", "no --sandbox URL given");
                return;
            }

            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_STS", options.SandboxText);
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
            var sessions = new StsSessionCases(import, new SandboxAccounts(options.Sandbox));
            var ours = AssemblyName.GetAssemblyName(Path.Combine(import.DependencyDirectory, "AWSSDK.Core.dll"));
            string name = "With AWSSDK.Core " + theirs.GetName().Version + " (file " + FileVersionInfo.GetVersionInfo(theirs.Location).FileVersion + ") loaded first: ";
            if (theirs.GetName().Version != ours.Version)
            {
                results.Run(name + "AssumeRole works with the module's own AWSSDK.Core, beside it", () =>
                {
                    sessions.AssumeRole();
                    Expect.Equal(2, WindowsPowerShellImport.Loaded("AWSSDK.Core").Count(), "AWSSDK.Core assemblies loaded");
                });
                results.Run(name + "the module's resolver never hands its AWSSDK.Core to a caller that asks for " + theirs.GetName().Version, ModuleCases.NeverAnotherSdkVersion);
            }
            else
            {
                results.Run(name + "the STS component refuses to run on that older copy, naming it", () =>
                {
                    CrossAcctApiException? refused = null;
                    try
                    {
                        sessions.AssumeRole();
                    }
                    catch (CrossAcctApiException error)
                    {
                        refused = error;
                    }

                    Expect.True(refused != null, "AssumeRole did not refuse");
                    Expect.Equal("StsComponentLoadFailed", refused!.ErrorId, "ErrorId");
                    Expect.True(refused.Message.Contains(theirs.Location), "the error does not name " + theirs.Location + ": " + refused.Message);
                });
            }

            results.Run(name + "its callers still get it, and it still works", () =>
            {
                Expect.Equal(theirs.Location, Assembly.Load(theirs.FullName).Location, "file answering a request for " + theirs.FullName);
                Type credentialsType = theirs.GetType("Amazon.Runtime.BasicAWSCredentials", throwOnError: true)!;
                object credentials = Activator.CreateInstance(credentialsType, "AKIAEXAMPLEEXAMPLE00", "not-a-secret")!;
                object immutable = credentialsType.GetMethod("GetCredentials")!.Invoke(credentials, null)!;
                Expect.Equal("AKIAEXAMPLEEXAMPLE00", immutable.GetType().GetProperty("AccessKey")!.GetValue(immutable), "their SDK's access key");
            });
        }
    }
}
