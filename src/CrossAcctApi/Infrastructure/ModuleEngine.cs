using System;
using CrossAcctApi.Core.Credentials.Sources;
using CrossAcctApi.Core.Http;
using CrossAcctApi.Core.Runtime;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi
{
    /// <summary>
    /// The engine every cmdlet of this process shares: one credential chain, one role-session provider (its caches
    /// and default session name), one HTTP client. The STS component (the AWS SDK) loads on the first use that needs
    /// it, never at import.
    /// </summary>
    internal static class ModuleEngine
    {
        private static readonly Lazy<RoleSessionProvider> Roles = new Lazy<RoleSessionProvider>(() => new RoleSessionProvider(
            () => StsComponent.Services.RoleAssumer,
            AssumedRoleCache.Shared,
            () => new AssumedRoleDiskCache(AssumedRoleDiskCache.DefaultDirectory(Environment.GetEnvironmentVariable), SystemClock.Instance),
            SystemClock.Instance,
            Environment.UserName));

        public static ProfileCredentials Profiles { get; } =
            new ProfileCredentials(Environment.GetEnvironmentVariable, () => Roles.Value, () => SharedHttpClient.Instance, SystemClock.Instance);

        public static CredentialChain Credentials { get; } = new CredentialChain(Environment.GetEnvironmentVariable, Profiles, SystemClock.Instance);

        public static RoleSessionProvider RoleSessions => Roles.Value;

        public static SignedApiClient Client => SignedApiClient.Shared;
    }
}
