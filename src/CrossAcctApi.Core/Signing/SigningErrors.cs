namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// Builds the exceptions the signing core throws. Messages name the offending header, parameter or setting
    /// but never quote a header value, a secret, a token, a key or a signature.
    /// </summary>
    internal static class SigningErrors
    {
        public static CrossAcctApiException ReservedHeader(string name) =>
            new CrossAcctApiException(
                SigningErrorIds.ReservedHeader,
                FailureKind.InvalidArgument,
                $"The header '{Printable(name)}' is set by the SigV4 signer and cannot be supplied by the caller.",
                name)
            {
                RecommendedAction = "Remove the header; the signer adds Authorization, X-Amz-Date and X-Amz-Security-Token itself.",
            };

        public static CrossAcctApiException InvalidHeader(string? name, string problem) =>
            new CrossAcctApiException(
                SigningErrorIds.InvalidHeader,
                FailureKind.InvalidArgument,
                name == null ? $"A request header is invalid: {problem}" : $"The request header '{Printable(name)}' is invalid: {problem}",
                name == null ? null : Printable(name))
            {
                RecommendedAction = "Use header names that are HTTP tokens and values without CR, LF or NUL characters.",
            };

        public static CrossAcctApiException InvalidArgument(string errorId, string message, object? target = null, string? action = null) =>
            new CrossAcctApiException(errorId, FailureKind.InvalidArgument, message, target) { RecommendedAction = action };

        /// <summary>Makes a name safe to show: control characters become \uXXXX, long names are cut.</summary>
        public static string Printable(string value)
        {
            var builder = new System.Text.StringBuilder(value.Length);
            foreach (var c in value)
            {
                if (builder.Length >= 100)
                {
                    builder.Append('\u2026');
                    break;
                }

                if (c < ' ' || c == '\u007f')
                {
                    builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }
    }
}
