using System;
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
using static CrossAcctApi.DesktopHarness.SandboxAccounts;

namespace CrossAcctApi.DesktopHarness
{
    /// <summary>The cases that need STS (the AWS SDK, loaded through the module's loader) and the sandbox's API.</summary>
    internal sealed class StsSessionCases
    {
        /// <summary>The role session name build.ps1 uses when it seeds the disk cache from PowerShell 7.</summary>
        public const string SeededSessionName = "desktop-harness-disk";

        private readonly WindowsPowerShellImport _import;
        private readonly SandboxAccounts _sandbox;
        private AwsCredential? _credential;

        public StsSessionCases(WindowsPowerShellImport import, SandboxAccounts sandbox)
        {
            _import = import;
            _sandbox = sandbox;
        }

        private AwsCredential Credential => _credential ?? throw new HarnessFailure("no credential: the AssumeRole case failed");

        public void AssumeRole()
        {
            IStsServices services = _import.StsServices;
            var sessions = new AssumedRoleSessions(services.RoleAssumer, new AssumedRoleCache(SystemClock.Instance));
            AssumeRoleRequest request = Request("desktop-harness");
            AssumedRoleCacheKey key = AssumedRoleCacheKey.Create(OpsEngineer, request, _sandbox.Sts);
            AssumeRoleResult result = Wait(sessions.AssumeAsync(key, request, OpsEngineer, _sandbox.Sts, null, NoCancel));
            Expect.True(result.AssumedRoleArn.EndsWith(":assumed-role/CrossAccountInvoker/desktop-harness", StringComparison.Ordinal), "assumed " + result.AssumedRoleArn);

            Assembly sdk = WindowsPowerShellImport.Loaded("AWSSDK.Core").Single(a => a.GetName().Version == new Version(4, 0, 0, 0));
            Expect.Equal(_import.DependencyDirectory, Path.GetDirectoryName(sdk.Location), "folder AWSSDK.Core was loaded from");
            Assembly core = WindowsPowerShellImport.Loaded("CrossAcctApi.Core").Single();
            Expect.Equal(_import.ModuleDirectory, Path.GetDirectoryName(core.Location), "folder of the one CrossAcctApi.Core the cmdlets and the component share");

            var refresher = new AssumedRoleRefresher(sessions, request, _sandbox.Sts, _ => System.Threading.Tasks.Task.FromResult(OpsEngineer), useCache: true, result.Keys.AccessKeyId);
            _credential = AssumedRoleSessions.CreateCredential(result, request, Region, "the desktop harness", refresher, SystemClock.Instance);
        }

        public void SignedCall()
        {
            ApiResponse response = Send("/items");
            Expect.Equal(200, response.StatusCode, "status of GET /prod/items");
            Expect.True(Encoding.UTF8.GetString(response.Body ?? new byte[0]).Contains("widget"), "the items came back");
        }

        public void Forbidden()
        {
            ApiResponse response = Send("/admin/report");
            Expect.Equal(403, response.StatusCode, "status of GET /prod/admin/report");
            ApiErrorDiagnosis diagnosis = response.ToException().Diagnosis;
            Expect.Equal(ApiErrorIds.NotAuthorized, diagnosis.ErrorId, "ErrorId");
            Expect.Equal(DenialReason.ExplicitDeny, diagnosis.DenialReason, "DenialReason");
            Expect.Equal("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/admin/report", diagnosis.InvokeArn, "invoke ARN");
        }

        public void Refresh()
        {
            string before = Credential.AccessKeyId;
            int stsBefore = _sandbox.StsCalls();
            _sandbox.ExpireSessions();
            ApiResponse response = Send("/items");
            Expect.Equal(200, response.StatusCode, "status after the refresh");
            Expect.True(Credential.AccessKeyId != before, "the credential still has the expired session's access key");
            Expect.Equal(stsBefore + 1, _sandbox.StsCalls(), "AssumeRole calls for the refresh");
        }

        public void CredentialProcess()
        {
            string folder = TemporaryFolder("credential-process");
            string json = Path.Combine(folder, "ops.json");
            File.WriteAllText(json, "{\"Version\":1,\"AccessKeyId\":\"" + OpsAccessKeyId + "\",\"SecretAccessKey\":\"" + OpsSecretKey + "\"}");
            string command = ModuleCases.IsWindows ? "cmd.exe /c type \"" + json + "\"" : "/bin/cat " + json;
            string config = Path.Combine(folder, "config");
            File.WriteAllText(config, "[profile desktop-process]\ncredential_process = " + command + "\nregion = " + Region + "\n");
            Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", config);
            Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(folder, "credentials"));
            try
            {
                // The engine's own profile reader (botocore's rules) runs the process; no role is assumed on the way.
                var profiles = new ProfileCredentials(Environment.GetEnvironmentVariable, () => throw new InvalidOperationException("no role in this case"), () => SharedHttpClient.Instance, SystemClock.Instance);
                AwsCredential source = Wait(profiles.ResolveAsync(profiles.Plan("desktop-process", true), new ProfileCallOptions(), NoCancel));
                CredentialKeys keys = Wait(source.GetKeysAsync(DateTimeOffset.UtcNow, NoCancel));
                Expect.Equal(OpsAccessKeyId, keys.AccessKeyId, "access key from credential_process");
                AssumeRoleResult result = Wait(_import.StsServices.RoleAssumer.AssumeRoleAsync(Request("desktop-process"), keys, _sandbox.Sts, NoCancel));
                Expect.True(result.AssumedRoleArn.EndsWith("/desktop-process", StringComparison.Ordinal), "assumed with those keys: " + result.AssumedRoleArn);
            }
            finally
            {
                Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", null);
                Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", null);
                Directory.Delete(folder, recursive: true);
            }
        }

        public void DiskCacheRead(string? seed)
        {
            if (seed is null || !Directory.EnumerateFiles(seed, "*.json").Any())
            {
                throw new HarnessFailure("no session was seeded by PowerShell 7 in " + (seed ?? "(no --disk-cache-seed)"));
            }

            int stsBefore = _sandbox.StsCalls();
            var sessions = new AssumedRoleSessions(_import.StsServices.RoleAssumer, new AssumedRoleCache(SystemClock.Instance), new AssumedRoleDiskCache(seed, SystemClock.Instance));
            AssumeRoleRequest request = Request(SeededSessionName);
            bool found = sessions.TryGetCached(AssumedRoleCacheKey.Create(OpsEngineer, request, _sandbox.Sts), null, out AssumeRoleResult result, out string foundIn);
            Expect.True(found && foundIn == "disk", "the seeded session was not found on disk (found: " + found + ", in: " + foundIn + ")");
            AwsCredential credential = AssumedRoleSessions.CreateCredential(result, request, Region, "the disk cache", null, SystemClock.Instance);
            Expect.Equal(200, Send("/items", credential).StatusCode, "status with the session from disk");
            Expect.Equal(stsBefore, _sandbox.StsCalls(), "AssumeRole calls");
        }

        public void DiskCacheWrite()
        {
            string folder = TemporaryFolder("disk-cache");
            try
            {
                var cache = new AssumedRoleDiskCache(Path.Combine(folder, "cache"), SystemClock.Instance);
                var sessions = new AssumedRoleSessions(_import.StsServices.RoleAssumer, new AssumedRoleCache(SystemClock.Instance), cache);
                AssumeRoleRequest request = Request("desktop-harness-write");
                AssumedRoleCacheKey key = AssumedRoleCacheKey.Create(OpsEngineer, request, _sandbox.Sts);
                Wait(sessions.AssumeAsync(key, request, OpsEngineer, _sandbox.Sts, null, NoCancel));
                string path = cache.PathFor(key);
                Expect.True(File.Exists(path), "the session was not written to " + cache.Directory);
                Expect.True(cache.TryRead(key, null, out _), "the session written could not be read back");
                if (!ModuleCases.IsWindows)
                {
                    // Through Mono.Posix, the module's chmod on this runtime: the folder and the file are owner-only.
                    Expect.Equal("700", UnixMode(cache.Directory), "mode of the cache folder");
                    Expect.Equal("600", UnixMode(path), "mode of the session file");
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        private ApiResponse Send(string path, AwsCredential? credential = null)
        {
            PreparedApiCall call = SignedApiClient.Shared.Prepare(new ApiRequest(_sandbox.ApiUrl("prod", path)) { Region = Region });
            return Wait(SignedApiClient.Shared.SendAsync(call, credential ?? Credential));
        }

        /// <summary>The permission bits as stat(1) prints them, read outside the module so the module cannot fool its own check.</summary>
        private static string UnixMode(string path)
        {
            var start = new System.Diagnostics.ProcessStartInfo("stat", "-c %a \"" + path + "\"") { RedirectStandardOutput = true, UseShellExecute = false };
            using (var stat = System.Diagnostics.Process.Start(start)!)
            {
                string mode = stat.StandardOutput.ReadToEnd().Trim();
                stat.WaitForExit();
                return mode;
            }
        }

        private static string TemporaryFolder(string name)
        {
            string folder = Path.Combine(Path.GetTempPath(), "crossacctapi-desktop-" + name + "-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            return folder;
        }
    }
}
