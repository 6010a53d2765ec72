namespace CrossAcctApi.Core.Arns
{
    /// <summary>Builds the exceptions the ARN parsers throw, so every parser words them the same way.</summary>
    internal static class ArnErrors
    {
        public const string InvalidArn = "InvalidArn";
        public const string InvalidRoleArn = "InvalidRoleArn";
        public const string InvalidAssumedRoleArn = "InvalidAssumedRoleArn";
        public const string InvalidExecuteApiArn = "InvalidExecuteApiArn";

        public static CrossAcctApiException Create(string errorId, string? input, string problem, string expectedShape)
        {
            // An ARN is not a secret, so quoting it helps the user see the typo.
            string shown = input == null ? "(null)" : "'" + Truncate(input) + "'";
            return new CrossAcctApiException(errorId, FailureKind.InvalidArgument, $"{shown} is not a valid ARN: {problem}.", input)
            {
                RecommendedAction = "Use the form " + expectedShape + ".",
            };
        }

        private static string Truncate(string value) => value.Length <= 300 ? value : value.Substring(0, 300) + "...";
    }
}
