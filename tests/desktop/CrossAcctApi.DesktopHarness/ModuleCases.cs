using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using CrossAcctApi.Core.Runtime;
using CrossAcctApi.Core.Sts;
using CrossAcctApi.Core.Credentials.Sources;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Http;
using CrossAcctApi.Core.Requests;
using CrossAcctApi.Core.Policy;
using CrossAcctApi.Core.Policy.Generator;
using static CrossAcctApi.DesktopHarness.SandboxAccounts;

namespace CrossAcctApi.DesktopHarness
{
    /// <summary>
    /// The module at work on .NET Framework, in the order a runbook would use it: offline policy tools, signing,
    /// then against the sandbox an AssumeRole through the AWS SDK, a signed call, a 403 with its diagnosis, a refresh
    /// of an expired session, source keys from a credential_process profile (the module's own profile reader), and the disk cache.
    /// </summary>
    internal static class ModuleCases
    {
        public static void Run(HarnessOptions options, WindowsPowerShellImport import, CaseResults results)
        {
            results.Run("Policy tools: New-CrossAccountPolicy's JSON (System.Text.Json in the module's Core) evaluates Allowed and ImplicitDeny", PolicyTools);
            SigV4VectorCases.Run(options.SigV4Suite, results);
            if (options.Sandbox is null)
            {
                results.Skip("Sandbox cases (AssumeRole, signed call, 403 diagnosis, refresh, credential_process, disk cache)", "no --sandbox URL given");
                results.Run(EveryTypeLoadsName, () => EveryTypeLoads(import));
                return;
            }

            var sandbox = new SandboxAccounts(options.Sandbox);
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_STS", options.SandboxText);
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
            var sessions = new StsSessionCases(import, sandbox);
            results.Run("AssumeRole through the AWS SDK: CrossAcctApi.Sts and AWSSDK.* load from Dependencies/ through the isolation loader", sessions.AssumeRole);
            results.Run("Signed call: GET /prod/items answers 200 with the items", sessions.SignedCall);
            results.Run("403 diagnosis: GET /prod/admin/report is NotAuthorized, ExplicitDeny, naming the invoke ARN", sessions.Forbidden);
            // Before the refresh case, which expires every session issued so far (the seeded one too).
            results.Run("Disk cache: a session written by PowerShell 7 is read back without calling STS, and the call goes through", () => sessions.DiskCacheRead(options.DiskCacheSeed));
            results.Run("Refresh: a session expired by STS is renewed once and the call goes through", sessions.Refresh);
            results.Run("Source keys from a credential_process profile, run and parsed by the module's own profile reader (botocore's rules), then AssumeRole with them through the AWS SDK", sessions.CredentialProcess);
            results.Run("Disk cache: a session is written owner-only" + (IsWindows ? string.Empty : " (0700 folder, 0600 file through Mono.Posix)") + " and read back", sessions.DiskCacheWrite);
            results.Run("The resolver never hands the module's AWSSDK.Core (4.0.0.0) to a caller that asks for AWSSDK.Core 3.3.0.0", NeverAnotherSdkVersion);
            results.Run(EveryTypeLoadsName, () => EveryTypeLoads(import));
        }

        private const string EveryTypeLoadsName = "Every type of every Desktop assembly the module ships loads (all their references bind), CrossAcctApi.dll aside";

        public static bool IsWindows => Path.DirectorySeparatorChar == '\\';

        /// <summary>
        /// CrossAcctApi.dll is left out: its cmdlets derive from PowerShell's types, and PowerShell does not run on Mono.
        /// Dependencies/Loader/net8.0 is PowerShell 7's.
        /// </summary>
        private static void EveryTypeLoads(WindowsPowerShellImport import)
        {
            string[] files = Directory.GetFiles(import.ModuleDirectory, "*.dll")
                .Concat(Directory.GetFiles(import.DependencyDirectory, "*.dll"))
                .Concat(Directory.GetFiles(Path.Combine(import.DependencyDirectory, "Loader", "netstandard2.0"), "*.dll"))
                .Where(f => Path.GetFileName(f) != "CrossAcctApi.dll")
                .ToArray();
            string[] problems = files
                .Select(f => new { File = Path.GetFileName(f), Problem = AssemblyTypes.Problem(Assembly.LoadFrom(f)) })
                .Where(p => p.Problem != null)
                .Select(p => p.File + ": " + p.Problem)
                .ToArray();
            Expect.True(files.Length >= 10, "only " + files.Length + " assemblies found in " + import.ModuleDirectory);
            Expect.True(problems.Length == 0, string.Join(" | ", problems));
        }

        private static void PolicyTools()
        {
            CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(new CrossAccountPolicyRequest("111111111111", "222222222222", "a1b2c3d4e5", Region)
            {
                Stage = "prod",
                Routes = new[] { "GET /items" },
            });
            IReadOnlyList<PolicyDocument> invoke = ExecuteApiPolicyTester.ParseDocuments(new[] { set.InvokePolicy });
            var get = ExecuteApiPolicyTester.Test(invoke, Core.Arns.ExecuteApiArn.Parse("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items"));
            var post = ExecuteApiPolicyTester.Test(invoke, Core.Arns.ExecuteApiArn.Parse("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/POST/items"));
            Expect.Equal(PolicyDecision.Allowed, get.Decision, "GET /items");
            Expect.Equal(PolicyDecision.ImplicitDeny, post.Decision, "POST /items");
        }

        /// <summary>
        /// Asked by name, as AWS.Tools' code would ask for its own version: the module's resolver must stay silent, so
        /// the request fails here (no AWSSDK.Core 3.3.0.0 exists in this process) instead of getting the module's copy.
        /// </summary>
        internal static void NeverAnotherSdkVersion()
        {
            Assembly ours = WindowsPowerShellImport.Loaded("AWSSDK.Core").Single(a => a.GetName().Version == new Version(4, 0, 0, 0));
            string token = BitConverter.ToString(ours.GetName().GetPublicKeyToken()).Replace("-", string.Empty).ToLowerInvariant();
            Assembly? handed = null;
            try
            {
                handed = Assembly.Load("AWSSDK.Core, Version=3.3.0.0, Culture=neutral, PublicKeyToken=" + token);
            }
            catch (FileNotFoundException)
            {
            }
            catch (FileLoadException)
            {
            }

            Expect.True(handed is null || handed.GetName().Version != ours.GetName().Version, "a request for AWSSDK.Core 3.3.0.0 was answered with " + handed?.FullName + " from " + handed?.Location);
        }
    }
}
