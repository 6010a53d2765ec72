using System;
using System.Globalization;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using CrossAcctApi.Core.Runtime;
using CrossAcctApi.Core.Sts;
using CrossAcctApi.Core.Credentials.Sources;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi.DesktopHarness
{
    /// <summary>The local sandbox's default scenario (README: "The local sandbox"), and its control API.</summary>
    internal sealed class SandboxAccounts
    {
        public const string Region = "us-east-1";
        public const string InvokerRole = "arn:aws:iam::111111111111:role/CrossAccountInvoker";
        public const string OpsAccessKeyId = "AKIAOPSENGINEER22222";
        public const string OpsSecretKey = "OpsEngineerSecretKeyForAccountB/22222222";

        private static readonly HttpClient Control = new HttpClient();

        public SandboxAccounts(Uri url)
        {
            Url = url;
        }

        public Uri Url { get; }

        public static CredentialKeys OpsEngineer => new CredentialKeys(OpsAccessKeyId, OpsSecretKey);

        /// <summary>STS as the module resolves it: AWS_ENDPOINT_URL_STS names the sandbox (set by the harness).</summary>
        public StsEndpoint Sts => StsEndpoint.Resolve(null, Region, Environment.GetEnvironmentVariable);

        public Uri ApiUrl(string stage, string path) => new Uri(Url, "/_aws/execute-api/a1b2c3d4e5/" + stage + path);

        /// <summary>AssumeRole calls the sandbox has answered so far.</summary>
        public int StsCalls()
        {
            string stats = Control.GetStringAsync(new Uri(Url, "/_sandbox/stats")).GetAwaiter().GetResult();
            return int.Parse(Regex.Match(stats, "\"sts\":\\{\"total\":(\\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        }

        /// <summary>Every session issued so far expires now: the next signed call is refused as expired.</summary>
        public void ExpireSessions()
        {
            using (HttpResponseMessage response = Control.PostAsync(new Uri(Url, "/_sandbox/sessions/expire"), new StringContent(string.Empty)).GetAwaiter().GetResult())
            {
                response.EnsureSuccessStatusCode();
            }
        }

        public static AssumeRoleRequest Request(string sessionName) => new AssumeRoleRequest(InvokerRole, sessionName);

        public static T Wait<T>(System.Threading.Tasks.Task<T> task) => task.GetAwaiter().GetResult();

        public static CancellationToken NoCancel => CancellationToken.None;
    }
}
