using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using CrossAcctApi.Core.Abstractions;

namespace CrossAcctApi.Sts
{
    /// <summary>
    /// Explains an AssumeRole AccessDenied. Two sides must agree: the caller's own account must allow it
    /// sts:AssumeRole on the role, and the role's trust policy must trust the caller, often on conditions (an
    /// external id, MFA). STS's message says which side refused only sometimes ("because no identity-based policy
    /// allows ...", "explicit deny"); otherwise the diagnosis ranks the causes with what this process has seen:
    /// a role that another principal of the same account assumed before trusts that account, so the caller's own
    /// permissions come first; a role that was assumed with an external id or MFA before needs them again.
    /// </summary>
    internal sealed class AccessDeniedDiagnosis
    {
        private static readonly Regex CallerPattern = new Regex(@"(?:User|Principal):\s*(arn:\S+)\s+is not authorized", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        private static readonly Regex AccountPattern = new Regex(@"^arn:[^:]+:(?:iam|sts)::(\d{12}):", RegexOptions.CultureInvariant);

        // What succeeded in this process, per role: which caller accounts, and whether an external id and MFA were used.
        private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Success>> _successes =
            new ConcurrentDictionary<string, ConcurrentDictionary<string, Success>>(StringComparer.Ordinal);

        /// <summary>The caller ARN that STS quotes in its message, if any.</summary>
        public static string? CallerFromMessage(string? message)
        {
            Match match = CallerPattern.Match(message ?? string.Empty);
            return match.Success ? match.Groups[1].Value.TrimEnd('.', ',') : null;
        }

        public static string? AccountOf(string? arn)
        {
            Match match = AccountPattern.Match(arn ?? string.Empty);
            return match.Success ? match.Groups[1].Value : null;
        }

        public void RecordSuccess(AssumeRoleRequest request, string callerArn)
        {
            var byCaller = _successes.GetOrAdd(request.RoleArn.Arn, _ => new ConcurrentDictionary<string, Success>(StringComparer.Ordinal));
            byCaller[callerArn] = new Success(AccountOf(callerArn), request.ExternalId != null, request.SerialNumber != null);
        }

        public AssumeRoleDeniedException Create(string awsMessage, string? requestId, AssumeRoleRequest request, string? callerArn, Exception inner)
        {
            IReadOnlyList<AssumeRoleDenialCause> causes = Rank(awsMessage, request, callerArn);
            string caller = callerArn ?? "The caller";
            var text = new StringBuilder()
                .Append(caller).Append(" may not assume ").Append(request.RoleArn.Arn).Append(". Likely cause: ")
                .Append(Describe(causes[0], request, callerArn));
            if (causes.Count > 1)
            {
                text.Append(" Otherwise: ").Append(string.Join(" ", causes.Skip(1).Select(c => Describe(c, request, callerArn))));
            }

            text.Append(" (STS said: ").Append(awsMessage);
            if (!string.IsNullOrEmpty(requestId))
            {
                text.Append("; request id ").Append(requestId);
            }

            text.Append(')');
            return new AssumeRoleDeniedException(text.ToString(), request.RoleArn.Arn, callerArn, causes, inner)
            {
                RecommendedAction = Recommend(causes[0], request, callerArn),
            };
        }

        internal IReadOnlyList<AssumeRoleDenialCause> Rank(string awsMessage, AssumeRoleRequest request, string? callerArn)
        {
            string message = awsMessage ?? string.Empty;
            if (Contains(message, "explicit deny"))
            {
                return new[] { AssumeRoleDenialCause.ExplicitDeny };
            }

            if (Contains(message, "no identity-based policy allows"))
            {
                return new[] { AssumeRoleDenialCause.CallerLacksAssumeRole };
            }

            // The trust policy, or a side STS did not name. Gather what this process saw succeed for the role.
            string? callerAccount = AccountOf(callerArn);
            Success[] seen = _successes.TryGetValue(request.RoleArn.Arn, out var byCaller) ? byCaller.Values.ToArray() : Array.Empty<Success>();
            bool accountTrusted = callerAccount != null && seen.Any(s => s.CallerAccount == callerAccount);
            bool neededExternalId = seen.Any(s => s.CallerAccount == callerAccount && s.UsedExternalId);
            bool neededMfa = seen.Any(s => s.CallerAccount == callerAccount && s.UsedMfa);

            var ranked = new List<AssumeRoleDenialCause>();
            if (request.ExternalId is null && neededExternalId)
            {
                ranked.Add(AssumeRoleDenialCause.ExternalIdRequired);
            }

            if (request.SerialNumber is null && neededMfa)
            {
                ranked.Add(AssumeRoleDenialCause.MfaRequired);
            }

            if (accountTrusted)
            {
                ranked.Add(AssumeRoleDenialCause.CallerLacksAssumeRole);
            }

            ranked.Add(AssumeRoleDenialCause.NotTrustedByRole);
            ranked.Add(AssumeRoleDenialCause.ExternalIdRequired);
            ranked.Add(AssumeRoleDenialCause.MfaRequired);
            ranked.Add(AssumeRoleDenialCause.CallerLacksAssumeRole);
            return ranked.Distinct().ToArray();
        }

        private static string Describe(AssumeRoleDenialCause cause, AssumeRoleRequest request, string? callerArn)
        {
            string caller = callerArn ?? "the caller";
            string callerAccount = AccountOf(callerArn) is { } account ? "account " + account : "the caller's account";
            switch (cause)
            {
                case AssumeRoleDenialCause.CallerLacksAssumeRole:
                    return "the caller lacks sts:AssumeRole: no policy in " + callerAccount + " allows " + caller + " to call sts:AssumeRole on this role.";
                case AssumeRoleDenialCause.ExplicitDeny:
                    return "an explicit Deny (identity policy, permissions boundary, SCP or session policy) blocks sts:AssumeRole for " + caller + ".";
                case AssumeRoleDenialCause.ExternalIdRequired:
                    return request.ExternalId is null
                        ? "the role's trust policy requires an external id (sts:ExternalId) and none was given."
                        : "the role's trust policy expects a different external id.";
                case AssumeRoleDenialCause.MfaRequired:
                    return request.SerialNumber is null
                        ? "the role's trust policy requires MFA (aws:MultiFactorAuthPresent) and no -SerialNumber/-TokenCode was given."
                        : "the MFA device or code was not accepted.";
                default:
                    return "the role is not trusting " + callerAccount + ": the trust policy of " + request.RoleArn.RoleName + " in account " + request.RoleArn.AccountId + " does not name " + caller + " or its account as a principal.";
            }
        }

        private static string Recommend(AssumeRoleDenialCause cause, AssumeRoleRequest request, string? callerArn)
        {
            string caller = callerArn ?? "the caller";
            switch (cause)
            {
                case AssumeRoleDenialCause.CallerLacksAssumeRole:
                    return "In the caller's account, allow " + caller + " the action sts:AssumeRole on " + request.RoleArn.Arn + " (an identity policy on the user or role).";
                case AssumeRoleDenialCause.ExplicitDeny:
                    return "Find the Deny statement that matches sts:AssumeRole (identity policy, permissions boundary, SCP or session policy) and narrow it.";
                case AssumeRoleDenialCause.ExternalIdRequired:
                    return "Ask the owner of account " + request.RoleArn.AccountId + " for the external id and pass it with -ExternalId.";
                case AssumeRoleDenialCause.MfaRequired:
                    return "Pass -SerialNumber with your MFA device ARN and -TokenCode with its current code (or omit -TokenCode in an interactive session to be asked).";
                default:
                    return "Ask the owner of account " + request.RoleArn.AccountId + " to add " + caller + " (or its account root) as a Principal in the trust policy of " + request.RoleArn.RoleName + ", or use a principal it trusts.";
            }
        }

        private static bool Contains(string text, string fragment) => text.IndexOf(fragment, StringComparison.OrdinalIgnoreCase) >= 0;

        private sealed class Success
        {
            public Success(string? callerAccount, bool usedExternalId, bool usedMfa)
            {
                CallerAccount = callerAccount;
                UsedExternalId = usedExternalId;
                UsedMfa = usedMfa;
            }

            public string? CallerAccount { get; }

            public bool UsedExternalId { get; }

            public bool UsedMfa { get; }
        }
    }
}
