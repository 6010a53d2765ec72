using System;
using System.Globalization;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Credentials.Sources;
using CrossAcctApi.Core.Runtime;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi
{
    /// <summary>
    /// One role assumed on top of an identity, through the engine's role-session provider: the same caches, MFA
    /// prompt, STS endpoint rule and verbose lines for every cmdlet that assumes a role.
    /// </summary>
    internal static class RoleHop
    {
        /// <summary>
        /// The role session of <paramref name="assume"/> for <paramref name="source"/>, waited for on the pipeline
        /// thread (which answers MFA prompts and shows STS retry waits meanwhile).
        /// </summary>
        /// <param name="stsRegion">The region STS is called in (see <see cref="StsRegion"/>).</param>
        public static RoleSession Assume(CrossAcctApiCmdlet cmdlet, AssumeRoleRequest assume, ResolvedCredential source, string stsRegion, Uri? stsEndpoint, RoleSessionCaching caching, Action<string> verbose, Action<string> warn)
        {
            var request = new RoleSessionRequest(assume, source.Credential, StsEndpoint.Resolve(stsEndpoint, stsRegion, Environment.GetEnvironmentVariable), caching, source.Description);
            if (request.Caution != null)
            {
                warn(request.Caution);
            }

            Completion.RecentRoleArns.Record(assume.RoleArn.ToString());
            verbose("Assuming " + assume + " with " + source.Description + " at " + request.Endpoint + " (unless a cached session serves).");
            var retries = new RetryProgress(0x5150);
            RoleSession session;
            try
            {
                using (RetryObservation.Observe(retries))
                {
                    session = cmdlet.Wait(ModuleEngine.RoleSessions.GetAsync(request, new MfaPrompt(cmdlet, cmdlet.PipelineThread), cmdlet.StopToken), () => retries.Show(cmdlet));
                }
            }
            finally
            {
                retries.Complete(cmdlet);
            }

            var credential = session.Credential;
            verbose(session.IsNew
                ? "STS issued " + credential.AssumedRoleArn + " until " + Utc(credential) + " at " + request.Endpoint + (session.StsRetries > 0 ? " after " + session.StsRetries + " retries (throttling or server errors)." : ".")
                : "Reusing the cached session " + credential.AssumedRoleArn + " (" + session.FoundIn + " cache), valid until " + Utc(credential) + ".");
            return session;
        }

        /// <summary>
        /// The one rule for the region STS is called in: the region given, else the API's region (an STS endpoint
        /// near the API), else AWS_REGION / AWS_DEFAULT_REGION, else the source's configured region, else us-east-1.
        /// </summary>
        public static string StsRegion(string? given, string? apiRegion, string? sourceRegion)
        {
            if (!string.IsNullOrWhiteSpace(given))
            {
                return Core.Arns.AwsRegion.Validate(given!.Trim().ToLowerInvariant(), Core.Phrasing.Input("Region"));
            }

            return apiRegion
                ?? Core.Arns.AwsRegion.FromEnvironment(Environment.GetEnvironmentVariable, out _)
                ?? sourceRegion
                ?? "us-east-1";
        }

        private static string Utc(AwsCredential credential) =>
            credential.Expiration?.ToString("u", CultureInfo.InvariantCulture) ?? "(no expiry)";
    }
}
