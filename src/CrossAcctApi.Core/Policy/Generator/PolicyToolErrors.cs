using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Policy.Generator
{
    /// <summary>
    /// Stable error ids of the policy tools (invoke ARNs, the policy generator, the offline tester). Scripts and
    /// tests match on them, so they never change once released.
    /// </summary>
    public static class PolicyToolErrors
    {
        /// <summary>An HTTP method that is not a word (or, in a route, not one API Gateway routes on).</summary>
        public const string InvalidMethod = "InvalidMethod";

        /// <summary>A route that is not <c>METHOD /path</c> or <c>$default</c>.</summary>
        public const string InvalidRoute = "InvalidRoute";

        /// <summary>A role name IAM would refuse.</summary>
        public const string InvalidRoleName = "InvalidRoleName";

        /// <summary>A caller principal that is not a user, role or root ARN of the caller account.</summary>
        public const string InvalidPrincipalArn = "InvalidPrincipalArn";

        /// <summary>An external id STS would refuse (2-1224 characters of [\w+=,.@:/-]).</summary>
        public const string InvalidExternalId = "InvalidExternalId";

        /// <summary>A maximum session duration outside IAM's 3600-43200 seconds.</summary>
        public const string InvalidMaxSessionDuration = "InvalidMaxSessionDuration";

        /// <summary>An ARN to test names a set of calls (a wildcard) instead of one call.</summary>
        public const string ArnIsPattern = "ArnIsPattern";

        /// <summary>The API's account cannot be told from the arguments or the policies.</summary>
        public const string AccountIdRequired = "AccountIdRequired";

        /// <summary>Policy text that is not a valid IAM policy (the id the parser uses).</summary>
        public const string InvalidPolicyDocument = PolicyDocumentParser.ErrorId;

        /// <summary>A policy file (-Path) that does not exist or cannot be read.</summary>
        public const string PolicyFileNotReadable = "PolicyFileNotReadable";

        /// <summary>A condition key or value the tester cannot use.</summary>
        public const string InvalidConditionKey = "InvalidConditionKey";

        /// <summary>A function name, VPC endpoint id or VPC id that cannot be one, or one given for a kind that has none.</summary>
        public const string InvalidEndpointInput = "InvalidEndpointInput";

        /// <summary>A resource to evaluate that is not an ARN.</summary>
        public const string InvalidResourceArn = "InvalidResourceArn";

        internal static CrossAcctApiException Create(string errorId, string message, object? target, string? recommendedAction) =>
            new CrossAcctApiException(errorId, FailureKind.InvalidArgument, message, target)
            {
                RecommendedAction = recommendedAction,
            };

        /// <summary>Quotes user input for a message, shortened so a pasted document cannot flood the console.</summary>
        internal static string Quote(string? value)
        {
            if (value == null)
            {
                return "(null)";
            }

            return "'" + (value.Length <= 120 ? value : value.Substring(0, 120) + "...") + "'";
        }
    }
}
