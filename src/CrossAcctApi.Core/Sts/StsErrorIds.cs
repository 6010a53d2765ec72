namespace CrossAcctApi.Core.Sts
{
    /// <summary>
    /// Stable error ids for assuming a role. Scripts and tests match on them, so they never change meaning.
    /// (An invalid role ARN is <c>InvalidRoleArn</c>, from the ARN parser.)
    /// </summary>
    public static class StsErrorIds
    {
        public const string InvalidDurationSeconds = "InvalidDurationSeconds";
        public const string InvalidRoleSessionName = "InvalidRoleSessionName";
        public const string InvalidExternalId = "InvalidExternalId";
        public const string InvalidSerialNumber = "InvalidSerialNumber";
        public const string InvalidTokenCode = "InvalidTokenCode";
        public const string TokenCodeWithoutSerialNumber = "TokenCodeWithoutSerialNumber";
        public const string InvalidSessionPolicy = "InvalidSessionPolicy";
        public const string InvalidPolicyArn = "InvalidPolicyArn";
        public const string InvalidSessionTag = "InvalidSessionTag";
        public const string InvalidTransitiveTagKey = "InvalidTransitiveTagKey";
        public const string InvalidSourceIdentity = "InvalidSourceIdentity";
        public const string InvalidStsEndpoint = "InvalidStsEndpoint";

        /// <summary>MFA is configured (-SerialNumber) but no code was given and none can be asked for.</summary>
        public const string MfaTokenCodeRequired = "MfaTokenCodeRequired";

        /// <summary>An MFA session expired and renewing it needs a new code, which a refresh cannot ask for.</summary>
        public const string MfaRefreshRequired = "MfaRefreshRequired";

        /// <summary>STS refused AssumeRole: the caller may not assume the role (trust policy, external id, MFA, sts:AssumeRole).</summary>
        public const string AssumeRoleAccessDenied = "AssumeRoleAccessDenied";

        /// <summary>STS did not accept the source credentials (unknown key, wrong secret, expired token).</summary>
        public const string SourceCredentialRejected = "SourceCredentialRejected";

        /// <summary>No source credentials could be found or loaded (profile missing, default chain empty, credential_process failed).</summary>
        public const string SourceCredentialUnavailable = "SourceCredentialUnavailable";

        /// <summary>STS rejected a parameter (malformed policy, duration above the role's maximum, ...).</summary>
        public const string StsInvalidRequest = "StsInvalidRequest";

        /// <summary>STS kept throttling after every retry.</summary>
        public const string StsThrottled = "StsThrottled";

        /// <summary>STS answered with a server error after every retry.</summary>
        public const string StsUnavailable = "StsUnavailable";

        /// <summary>STS is not activated in the region.</summary>
        public const string StsRegionDisabled = "StsRegionDisabled";

        /// <summary>The STS endpoint could not be reached (DNS, refused, TLS).</summary>
        public const string StsConnectionFailed = "StsConnectionFailed";

        /// <summary>The STS endpoint did not answer in time.</summary>
        public const string StsTimeout = "StsTimeout";

        /// <summary>STS failed in a way not otherwise recognised.</summary>
        public const string StsCallFailed = "StsCallFailed";

        /// <summary>The isolated STS component (CrossAcctApi.Sts and the AWS SDK) could not be loaded.</summary>
        public const string StsComponentLoadFailed = "StsComponentLoadFailed";
    }
}
