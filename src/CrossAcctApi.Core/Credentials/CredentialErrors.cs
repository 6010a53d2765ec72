using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CrossAcctApi.Core.Credentials
{
    /// <summary>Stable error ids for credential problems, and the exceptions that carry them. No message holds a secret.</summary>
    public static class CredentialErrors
    {
        /// <summary>The object given as a credential is not one, or lacks a usable access key id or secret.</summary>
        public const string InvalidCredential = "InvalidCredential";

        /// <summary>The credential's expiration has passed and it cannot refresh itself.</summary>
        public const string ExpiredCredential = "ExpiredCredential";

        /// <summary>No credential was given and none was found in the environment.</summary>
        public const string CredentialRequired = "CredentialRequired";

        /// <summary>The refresher failed in a way it did not describe itself.</summary>
        public const string CredentialRefreshFailed = "CredentialRefreshFailed";

        private const int MaxNamesShown = 20;
        private const int MaxNameLength = 64;

        internal static CrossAcctApiException Invalid(string message, string recommendedAction)
        {
            return new CrossAcctApiException(InvalidCredential, FailureKind.InvalidArgument, message)
            {
                RecommendedAction = recommendedAction,
            };
        }

        internal static CrossAcctApiException Expired(AwsCredential credential, DateTime expirationUtc, DateTimeOffset now)
        {
            var message = string.Format(
                System.Globalization.CultureInfo.InvariantCulture,
                "The credential for access key {0} expired at {1:yyyy-MM-ddTHH:mm:ssZ} ({2} before the signing time {3:yyyy-MM-ddTHH:mm:ssZ}) and cannot refresh itself.",
                credential.AccessKeyId,
                expirationUtc,
                FormatSpan(now.UtcDateTime - expirationUtc),
                now.UtcDateTime);
            return new CrossAcctApiException(ExpiredCredential, FailureKind.AuthenticationError, message, credential.ToString())
            {
                RecommendedAction = "Get fresh credentials (for example from {@AssumeRoleCommand}, or re-run 'aws sts assume-role') and pass them with {@Credential}.",
            };
        }

        internal static CrossAcctApiException Required(string message)
        {
            return new CrossAcctApiException(CredentialRequired, FailureKind.InvalidArgument, message)
            {
                RecommendedAction = "Pass {@Credential} (for example the output of {@AssumeRoleCommand} or 'aws sts assume-role ... | ConvertFrom-Json'), or {@AccessKeyId} and {@SecretAccessKey}, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.",
            };
        }

        internal static CrossAcctApiException RefreshFailed(string accessKeyId, Exception inner)
        {
            // The inner exception's type is named, not its message: a foreign exception's text is not known to be secret-free.
            var message = "Refreshing the credential for access key " + accessKeyId + " failed (" + inner.GetType().Name + ").";
            return new CrossAcctApiException(CredentialRefreshFailed, FailureKind.AuthenticationError, message, accessKeyId, inner)
            {
                RecommendedAction = "Check that the source credentials are still valid and that STS is reachable, then try again.",
            };
        }

        /// <summary>
        /// A short, safe list of the property names seen, for "what shape was this?" messages. Names only (never
        /// values); capped in count and length and stripped of control characters, since they are user data too.
        /// </summary>
        internal static string DescribeNames(IEnumerable<string> names)
        {
            var list = names.Where(n => n != null).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (list.Count == 0)
            {
                return "(no properties)";
            }

            var shown = list.Take(MaxNamesShown).Select(Sanitize);
            var text = string.Join(", ", shown);
            return list.Count > MaxNamesShown ? text + ", ... (" + list.Count + " in all)" : text;
        }

        private static string Sanitize(string name)
        {
            var builder = new StringBuilder(Math.Min(name.Length, MaxNameLength));
            foreach (var c in name)
            {
                if (builder.Length == MaxNameLength)
                {
                    builder.Append("...");
                    break;
                }

                builder.Append(char.IsControl(c) ? '?' : c);
            }

            return builder.ToString();
        }

        private static string FormatSpan(TimeSpan span)
        {
            if (span.TotalDays >= 1)
            {
                return ((int)span.TotalDays).ToString(System.Globalization.CultureInfo.InvariantCulture) + " d " + span.Hours + " h";
            }

            if (span.TotalHours >= 1)
            {
                return ((int)span.TotalHours).ToString(System.Globalization.CultureInfo.InvariantCulture) + " h " + span.Minutes + " min";
            }

            if (span.TotalMinutes >= 1)
            {
                return ((int)span.TotalMinutes).ToString(System.Globalization.CultureInfo.InvariantCulture) + " min " + span.Seconds + " s";
            }

            return Math.Max(0, (int)span.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + " s";
        }
    }
}
