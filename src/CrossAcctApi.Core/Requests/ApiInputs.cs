using System;
using System.Text.RegularExpressions;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Requests
{
    /// <summary>
    /// Checks and normalises what users give about the API a URL addresses: account, API id, stage, and the method as
    /// an invoke ARN holds it. Each method names where the value came from (<c>origin</c>) in its error, because one
    /// command may take several values of the same kind.
    /// </summary>
    public static class ApiInputs
    {
        private static readonly Regex AccountId = new Regex(@"^\d{12}\z", RegexOptions.CultureInvariant);
        private static readonly Regex ApiId = new Regex(@"^[a-z0-9]{10}\z", RegexOptions.CultureInvariant);
        private static readonly Regex StageName = new Regex(@"^[A-Za-z0-9_-]{1,128}\z", RegexOptions.CultureInvariant);
        private static readonly Regex MethodToken = new Regex(@"^[A-Za-z]{1,20}\z", RegexOptions.CultureInvariant);

        /// <summary>The wildcard that means every method in an invoke ARN; routes write it <c>ANY</c>.</summary>
        public const string AnyMethod = "*";

        /// <summary>True when <paramref name="segment"/> could be a stage name (a URL's first segment, say).</summary>
        public static bool IsStageName(string segment) => StageName.IsMatch(segment);

        /// <summary>A 12-digit account id; <c>InvalidAccountId</c> otherwise.</summary>
        public static string Account(string? value, string origin)
        {
            string trimmed = (value ?? string.Empty).Trim();
            if (!AccountId.IsMatch(trimmed))
            {
                throw RequestErrors.Create(
                    RequestErrors.InvalidAccountId,
                    $"{RequestErrors.Quote(value)} ({origin}) is not an AWS account id; account ids are exactly 12 digits.",
                    value,
                    "Pass the 12-digit account id as text, for example '012345678901' in quotes, so that leading zeros are kept.");
            }

            return trimmed;
        }

        /// <summary>
        /// An API id: 10 lowercase letters and digits. Upper case is accepted and lowered, because the id comes from
        /// a host name, where case does not matter, while ARNs compare it case-sensitively.
        /// </summary>
        public static string Api(string? value, string origin)
        {
            string normalized = (value ?? string.Empty).Trim().ToLowerInvariant();
            if (!ApiId.IsMatch(normalized))
            {
                throw RequestErrors.Create(
                    RequestErrors.InvalidApiId,
                    $"{RequestErrors.Quote(value)} ({origin}) is not an API Gateway API id; API ids are 10 lowercase letters and digits, the first label of https://<api-id>.execute-api.<region>.amazonaws.com.",
                    value,
                    "Pass the API id as shown by 'aws apigatewayv2 get-apis', for example a1b2c3d4e5.");
            }

            return normalized;
        }

        /// <summary>
        /// A stage: <c>$default</c> or a stage name; <c>InvalidStage</c> otherwise. No <c>*</c>: in an invoke ARN
        /// it would also match '/' and so reach into the method and path parts.
        /// </summary>
        public static string Stage(string? value, string origin)
        {
            string stage = (value ?? string.Empty).Trim();
            if (stage == ExecuteApiArn.DefaultStage || StageName.IsMatch(stage))
            {
                return stage;
            }

            // "$default" in double quotes is an empty (or undefined) PowerShell variable by the time it gets here.
            string hint = stage.Length == 0
                ? " An empty stage usually means $default was written in double quotes, where PowerShell expands it as a variable."
                : string.Empty;
            throw RequestErrors.Create(
                RequestErrors.InvalidStage,
                $"{RequestErrors.Quote(value)} ({origin}) is not a stage name; a stage is $default or 1 to 128 letters, digits, '-' and '_'.{hint}",
                value,
                "Write the default stage in single quotes: -Stage '$default'.");
        }

        /// <summary>
        /// The method of a call, upper-cased; <c>ANY</c> and <c>*</c> become <c>*</c> (every method).
        /// <c>InvalidMethod</c> for anything that is not a word.
        /// </summary>
        public static string ArnMethod(string? value, string origin)
        {
            string method = (value ?? string.Empty).Trim();
            if (method == AnyMethod || string.Equals(method, "ANY", StringComparison.OrdinalIgnoreCase))
            {
                return AnyMethod;
            }

            if (!MethodToken.IsMatch(method))
            {
                throw RequestErrors.Create(
                    RequestErrors.InvalidMethod,
                    $"{RequestErrors.Quote(value)} ({origin}) is not an HTTP method; use a method such as GET or POST, or ANY for every method.",
                    value,
                    "Pass -Method GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY.");
            }

            return method.ToUpperInvariant();
        }
    }
}
