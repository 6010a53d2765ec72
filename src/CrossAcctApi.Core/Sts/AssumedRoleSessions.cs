using System;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Runtime;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi.Core.Sts
{
    /// <summary>
    /// Where assumed-role sessions come from: the in-process cache, then (when enabled) the on-disk cache, then
    /// STS, one call per key at a time; a session from STS is stored in both. Used by Get-AssumedRoleCredential for
    /// the first session and by <see cref="AssumedRoleRefresher"/> for every renewal, so both follow the same rules.
    /// </summary>
    public sealed class AssumedRoleSessions
    {
        public AssumedRoleSessions(IRoleAssumer assumer, AssumedRoleCache memory, AssumedRoleDiskCache? disk = null)
        {
            Assumer = assumer ?? throw new ArgumentNullException(nameof(assumer));
            Memory = memory ?? throw new ArgumentNullException(nameof(memory));
            Disk = disk;
        }

        public IRoleAssumer Assumer { get; }

        public AssumedRoleCache Memory { get; }

        public AssumedRoleDiskCache? Disk { get; }

        /// <summary>A cached, still-fresh session; <paramref name="foundIn"/> says which cache ("memory" or "disk").</summary>
        public bool TryGetCached(AssumedRoleCacheKey key, string? exceptAccessKeyId, out AssumeRoleResult result, out string foundIn)
        {
            if (Memory.TryGet(key, exceptAccessKeyId, out result))
            {
                foundIn = "memory";
                return true;
            }

            if (Disk != null && Disk.TryRead(key, exceptAccessKeyId, out result))
            {
                // Promote it, so the next call in this process does not read the file again.
                Memory.Set(key, result);
                foundIn = "disk";
                return true;
            }

            foundIn = string.Empty;
            return false;
        }

        /// <summary>
        /// Calls STS for <paramref name="key"/> unless a concurrent caller already is (then shares its answer), and
        /// stores the session. The cache is checked once more inside the shared call, so a caller that lost the race
        /// to a refresh that has just finished gets that session instead of making another call.
        /// </summary>
        public Task<AssumeRoleResult> AssumeAsync(AssumedRoleCacheKey key, AssumeRoleRequest request, CredentialKeys caller, StsEndpoint endpoint, string? exceptAccessKeyId, CancellationToken cancellationToken)
        {
            return Memory.CreateOnceAsync(
                key,
                async token =>
                {
                    if (TryGetCached(key, exceptAccessKeyId, out AssumeRoleResult cached, out _))
                    {
                        return cached;
                    }

                    AssumeRoleResult result = await Assumer.AssumeRoleAsync(request, caller, endpoint, token).ConfigureAwait(false);
                    Disk?.Write(key, result);
                    return result;
                },
                cancellationToken);
        }

        /// <summary>Calls STS without reading or writing any cache (-NoCache).</summary>
        public Task<AssumeRoleResult> AssumeUncachedAsync(AssumeRoleRequest request, CredentialKeys caller, StsEndpoint endpoint, CancellationToken cancellationToken) =>
            Assumer.AssumeRoleAsync(request, caller, endpoint, cancellationToken);

        /// <summary>Builds the module's credential for a session: identity from the role and STS's answer, and its refresher.</summary>
        public static AwsCredential CreateCredential(
            AssumeRoleResult result,
            AssumeRoleRequest request,
            string region,
            string sourceDescription,
            ICredentialRefresher? refresher,
            ISystemClock clock)
        {
            var identity = new CredentialIdentity(
                roleArn: request.RoleArn.Arn,
                assumedRoleArn: result.AssumedRoleArn,
                assumedRoleId: result.AssumedRoleId,
                // A session found in a cache keeps the name it was issued with (a default name is not part of the key).
                sessionName: Arns.AssumedRoleArn.TryParse(result.AssumedRoleArn, out var issued) ? issued!.SessionName : request.RoleSessionName,
                accountId: request.RoleArn.AccountId);
            return new AwsCredential(
                result.Keys,
                CredentialSource.AssumeRole,
                result.Expiration,
                refresher,
                clock,
                identity: identity,
                region: region,
                sourceDescription: "AssumeRole " + request.RoleArn.RoleName + " with " + sourceDescription);
        }
    }
}
