namespace CrossAcctApi.Core.Credentials.Profiles
{
    /// <summary>
    /// Stable error ids for profiles, one per refusal botocore makes (named after it in the comment), so that a
    /// set-up the AWS CLI refuses is refused here too, with the profile and the file named.
    /// </summary>
    public static class ProfileErrors
    {
        /// <summary>botocore ProfileNotFound: the profile is in neither file.</summary>
        public const string ProfileNotFound = "ProfileNotFound";

        /// <summary>botocore ConfigParseError: a shared file cannot be parsed.</summary>
        public const string InvalidSharedConfigFile = "InvalidSharedConfigFile";

        /// <summary>botocore InvalidConfigError / PartialCredentialsError: the profile's settings contradict or lack each other.</summary>
        public const string InvalidProfileConfig = "InvalidProfileConfig";

        /// <summary>botocore InfiniteLoopConfigError: source_profile leads back to a profile already visited.</summary>
        public const string ProfileLoop = "ProfileLoop";

        /// <summary>botocore NoCredentialsError for a named profile: it exists but gives no credentials.</summary>
        public const string ProfileHasNoCredentials = "ProfileHasNoCredentials";

        /// <summary>The SSO token cache has no token for the session, or the token expired (run aws sso login).</summary>
        public const string SsoLoginRequired = "SsoLoginRequired";

        /// <summary>The web identity token file cannot be read.</summary>
        public const string WebIdentityTokenUnreadable = "WebIdentityTokenUnreadable";

        /// <summary>STS refused the web identity token (InvalidIdentityToken, ExpiredTokenException, IDPRejectedClaim).</summary>
        public const string WebIdentityTokenRejected = "WebIdentityTokenRejected";

        internal static CrossAcctApiException FileUnreadable(string path, string why) =>
            new CrossAcctApiException(InvalidSharedConfigFile, FailureKind.InvalidData, "The shared AWS file " + path + " cannot be read: " + why + ".", path)
            {
                RecommendedAction = "Fix the file (the AWS CLI refuses it too: aws configure list), or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE elsewhere.",
            };

        internal static CrossAcctApiException NotFound(string profile, SharedConfig files, string? why) =>
            new CrossAcctApiException(ProfileNotFound, FailureKind.ObjectNotFound, "The profile '" + profile + "' is in neither " + files.ConfigPath + " nor " + files.CredentialsPath + (why is null ? "." : " (" + why + ")."), profile)
            {
                RecommendedAction = "Check the name (aws configure list-profiles). In the config file a profile is [profile NAME] (quote a name with spaces: [profile \"my name\"]); in the credentials file it is [NAME].",
            };

        internal static CrossAcctApiException Invalid(string profile, string message, string action) =>
            new CrossAcctApiException(InvalidProfileConfig, FailureKind.InvalidData, message, profile) { RecommendedAction = action };

        internal static CrossAcctApiException Loop(string profile, System.Collections.Generic.IEnumerable<string> visited) =>
            new CrossAcctApiException(ProfileLoop, FailureKind.InvalidData, "The source_profile '" + profile + "' leads back to a profile already on the chain (" + string.Join(" -> ", visited) + " -> " + profile + ").", profile)
            {
                RecommendedAction = "Make the chain end in a profile with keys, credential_process, SSO or credential_source (a profile may name itself only when it has its own aws_access_key_id).",
            };
    }
}
