namespace CrossAcctApi.Core.Access
{
    /// <summary>
    /// Stable ErrorIds for access-check input refused before anything is sent. (A bad role ARN is <c>InvalidRoleArn</c>,
    /// a bad URL <c>InvalidUri</c>, a bad external id <c>InvalidExternalId</c>: the ids of the parsers that find them.)
    /// </summary>
    public static class AccessErrorIds
    {
        /// <summary>The expectation (Expect) is neither Allowed nor Denied.</summary>
        public const string InvalidExpectation = "InvalidExpectation";

        /// <summary>The probe (Probe) is neither Signed nor Unsigned.</summary>
        public const string InvalidProbe = "InvalidProbe";

        /// <summary>A signed check names no role to assume.</summary>
        public const string RoleArnRequired = "RoleArnRequired";

        /// <summary>The throttle limit is below 1.</summary>
        public const string InvalidThrottleLimit = "InvalidThrottleLimit";
    }
}
