using System;
using System.Collections.Generic;

namespace CrossAcctApi.Core.Sts
{
    /// <summary>Why STS may have refused AssumeRole. Both sides must agree: the caller's account and the role's.</summary>
    public enum AssumeRoleDenialCause
    {
        /// <summary>The role's trust policy does not name the caller (or its account) as a principal.</summary>
        NotTrustedByRole,

        /// <summary>The trust policy requires an external id (sts:ExternalId) that was not given or did not match.</summary>
        ExternalIdRequired,

        /// <summary>The trust policy requires MFA (aws:MultiFactorAuthPresent) that was not given or not accepted.</summary>
        MfaRequired,

        /// <summary>No policy of the caller's own account allows it sts:AssumeRole on the role.</summary>
        CallerLacksAssumeRole,

        /// <summary>An explicit Deny (identity policy, permissions boundary, SCP, session policy) matched.</summary>
        ExplicitDeny,
    }

    /// <summary>
    /// AssumeRole was refused (PermissionDenied). <see cref="LikelyCauses"/> lists the possible reasons, most likely
    /// first, as far as STS's answer and what this process has seen tell; the message says the same in words.
    /// </summary>
    public sealed class AssumeRoleDeniedException : CrossAcctApiException
    {
        public AssumeRoleDeniedException(string message, string roleArn, string? callerArn, IReadOnlyList<AssumeRoleDenialCause> likelyCauses, Exception? innerException = null)
            : base(StsErrorIds.AssumeRoleAccessDenied, FailureKind.PermissionDenied, message, roleArn, innerException)
        {
            RoleArn = roleArn ?? throw new ArgumentNullException(nameof(roleArn));
            CallerArn = callerArn;
            LikelyCauses = likelyCauses ?? throw new ArgumentNullException(nameof(likelyCauses));
        }

        public string RoleArn { get; }

        /// <summary>Who asked, as STS named it (null when STS did not say and GetCallerIdentity failed too).</summary>
        public string? CallerArn { get; }

        public IReadOnlyList<AssumeRoleDenialCause> LikelyCauses { get; }
    }
}
