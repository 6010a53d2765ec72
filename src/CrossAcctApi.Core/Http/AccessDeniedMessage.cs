using System;
using System.Text.RegularExpressions;

namespace CrossAcctApi.Core.Http
{
    /// <summary>Why IAM said no, as far as the message tells.</summary>
    // Output enum: 64-bit so that ConvertTo-Json (PowerShell 7) writes its name, not a number (PowerShell writes
    // Int64 enums as names because JavaScript cannot hold every Int64). tests/pester/Serialization.Tests.ps1 checks it.
    public enum DenialReason : long
    {
        /// <summary>The message does not say (for example a bare "Forbidden").</summary>
        Unknown,

        /// <summary>"because no identity-based policy allows the execute-api:Invoke action".</summary>
        NoIdentityPolicy,

        /// <summary>"with an explicit deny": a Deny statement matched.</summary>
        ExplicitDeny,

        /// <summary>"because no resource-based policy allows": the caller is from another account (HTTP APIs have no resource policies).</summary>
        NoResourcePolicy,

        /// <summary>A session policy passed to AssumeRole does not allow it.</summary>
        SessionPolicy,

        /// <summary>The role's permissions boundary does not allow it.</summary>
        PermissionsBoundary,

        /// <summary>An organizations service control policy does not allow it.</summary>
        ServiceControlPolicy,
    }

    /// <summary>
    /// Reads IAM's "User: &lt;caller arn&gt; is not authorized to perform: &lt;action&gt; on resource: &lt;resource&gt;
    /// [because ... | with an explicit deny ...]" into its parts.
    /// </summary>
    public sealed class AccessDeniedMessage
    {
        private static readonly Regex Shape = new Regex(
            @"User:\s*(?<caller>\S+)\s+is not authorized to perform:\s*(?<action>\S+)\s+on resource:\s*(?<resource>[^\s""]+?)(?<rest>(\s.*)?)$",
            RegexOptions.CultureInvariant | RegexOptions.Singleline);

        private AccessDeniedMessage(string callerArn, string action, string resource, DenialReason reason)
        {
            CallerArn = callerArn;
            Action = action;
            Resource = resource;
            Reason = reason;
        }

        public string CallerArn { get; }

        public string Action { get; }

        /// <summary>The resource IAM evaluated: for execute-api, the exact invoke ARN.</summary>
        public string Resource { get; }

        public DenialReason Reason { get; }

        public static AccessDeniedMessage? TryParse(string? message)
        {
            if (string.IsNullOrEmpty(message))
            {
                return null;
            }

            var match = Shape.Match(message!.Trim());
            if (!match.Success)
            {
                return null;
            }

            var resource = match.Groups["resource"].Value.TrimEnd('.', ',', ';');
            return new AccessDeniedMessage(match.Groups["caller"].Value, match.Groups["action"].Value, resource, ReasonOf(match.Groups["rest"].Value));
        }

        private static DenialReason ReasonOf(string rest)
        {
            if (Contains(rest, "explicit deny"))
            {
                return DenialReason.ExplicitDeny;
            }

            if (Contains(rest, "resource-based policy"))
            {
                return DenialReason.NoResourcePolicy;
            }

            if (Contains(rest, "session policy"))
            {
                return DenialReason.SessionPolicy;
            }

            if (Contains(rest, "permissions boundary"))
            {
                return DenialReason.PermissionsBoundary;
            }

            if (Contains(rest, "service control policy"))
            {
                return DenialReason.ServiceControlPolicy;
            }

            return Contains(rest, "identity-based policy") ? DenialReason.NoIdentityPolicy : DenialReason.Unknown;
        }

        private static bool Contains(string text, string value) => text.IndexOf(value, StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
