using System;
using System.Security;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi
{
    /// <summary>
    /// A role assumed with an OIDC token (-WebIdentityTokenFile / -WebIdentityToken): AssumeRoleWithWebIdentity at the
    /// STS endpoint chosen by the usual rule. The session is a role session, so a role assumed with it next is capped at
    /// one hour (said before the call by the role-session request).
    /// </summary>
    internal static class WebIdentityHop
    {
        public static AwsCredential Assume(CrossAcctApiCmdlet cmdlet, string roleArn, string? tokenFile, SecureString? token, string? sessionName, int? durationSeconds, string? region, Uri? stsEndpoint)
        {
            var assume = new AssumeRoleRequest(roleArn, sessionName, durationSeconds, defaultSessionName: ModuleEngine.RoleSessions.DefaultSessionName);
            if ((tokenFile is null) == (token is null))
            {
                throw new Core.CrossAcctApiException(
                    Core.Credentials.Profiles.ProfileErrors.WebIdentityTokenUnreadable,
                    Core.FailureKind.InvalidArgument,
                    "Give the web identity token one way: {@WebIdentityTokenFile} or {@WebIdentityToken}.",
                    roleArn)
                {
                    RecommendedAction = "Pass {@WebIdentityTokenFile} with the path the CI job writes its OIDC token to.",
                };
            }

            var path = tokenFile is null ? null : cmdlet.GetUnresolvedProviderPathFromPSPath(tokenFile);
            var endpoint = StsEndpoint.Resolve(stsEndpoint, RoleHop.StsRegion(region, null, null), Environment.GetEnvironmentVariable);
            var text = token is null ? null : SecretText.Read(token);
            return cmdlet.Wait(ModuleEngine.Profiles.WebIdentityAsync(assume, path, text, endpoint, cmdlet.StopToken));
        }
    }
}
