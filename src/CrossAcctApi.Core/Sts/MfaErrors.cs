namespace CrossAcctApi.Core.Sts
{
    /// <summary>The errors of a role that needs an MFA code which nobody gave.</summary>
    public static class MfaErrors
    {
        /// <param name="canAsk">False: the session cannot ask the user (not interactive). True: it asked and got no answer.</param>
        public static CrossAcctApiException CodeRequired(string serialNumber, bool canAsk) =>
            new CrossAcctApiException(
                StsErrorIds.MfaTokenCodeRequired,
                FailureKind.InvalidArgument,
                canAsk
                    ? "The role is assumed with MFA (" + serialNumber + ") but no code was entered at the prompt."
                    : "The role is assumed with MFA (" + serialNumber + ") but no {@TokenCode} was given, and this session cannot ask for one (it is not interactive).",
                serialNumber)
            {
                RecommendedAction = canAsk
                    ? "Run the command again and type the 6-digit code your MFA device shows now, or pass it with {@TokenCode}."
                    : "Pass {@TokenCode} with the 6-digit code your MFA device shows now, or run interactively to be asked.",
            };
    }
}
