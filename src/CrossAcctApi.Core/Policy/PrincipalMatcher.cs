using System;
using System.Collections.Generic;
using System.Linq;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Policy
{
    /// <summary>
    /// Decides whether the caller is one of the principals a Principal/NotPrincipal element names:
    /// "*" is everyone; an account id or <c>arn:...:iam::ACCOUNT:root</c> is every principal of that account;
    /// a user or role ARN is that identity; a role ARN also covers the sessions of that role (whose ARNs carry
    /// no path); a session ARN is that session. IAM allows no other wildcards in principals.
    /// </summary>
    internal static class PrincipalMatcher
    {
        public static bool Matches(PolicyPrincipal principal, RequestContext context)
        {
            if (principal.IsWildcard)
            {
                return true;
            }

            foreach (string value in principal.ValuesOf(PolicyPrincipal.Aws))
            {
                if (MatchesAws(value, context))
                {
                    return true;
                }
            }

            if (!string.IsNullOrEmpty(context.PrincipalService))
            {
                foreach (string value in principal.ValuesOf(PolicyPrincipal.Service))
                {
                    if (value == "*" || string.Equals(value, context.PrincipalService, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }

            if (!string.IsNullOrEmpty(context.PrincipalFederated))
            {
                foreach (string value in principal.ValuesOf(PolicyPrincipal.Federated))
                {
                    if (value == "*" || string.Equals(value, context.PrincipalFederated, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// True when a NotPrincipal element spares the caller. "AWS might validate the account first, then the role, and
        /// then the assumed-role user" (IAM User Guide, NotPrincipal): the caller is spared only when each of its
        /// identities is listed - its account, its role (for a session) and itself - not when one of them is.
        /// </summary>
        public static bool Excludes(PolicyPrincipal notPrincipal, RequestContext context)
        {
            if (notPrincipal.IsWildcard)
            {
                return true;
            }

            if (!string.IsNullOrEmpty(context.PrincipalService) || !string.IsNullOrEmpty(context.PrincipalFederated))
            {
                return Matches(notPrincipal, context);
            }

            IReadOnlyList<string> listed = notPrincipal.ValuesOf(PolicyPrincipal.Aws);
            if (listed.Contains("*"))
            {
                return true;
            }

            string? account = context.EffectivePrincipalAccountId;
            bool accountListed = account != null && listed.Any(v => IsAccount(v, account, context));
            if (!accountListed)
            {
                return false;
            }

            string? caller = context.PrincipalArn;
            if (string.IsNullOrEmpty(caller))
            {
                // Only the account is known, and it is listed.
                return true;
            }

            if (AssumedRoleArn.TryParse(caller, out AssumedRoleArn? session))
            {
                bool roleListed = listed.Any(v => RoleArn.TryParse(v, out RoleArn? role) && role!.Partition == session!.Partition
                    && role.AccountId == session.AccountId && string.Equals(role.RoleName, session.RoleName, StringComparison.Ordinal));
                return roleListed && listed.Contains(caller!, StringComparer.Ordinal);
            }

            // A user (or the account root itself): listed by its own ARN, or it is the root the account names.
            return listed.Contains(caller!, StringComparer.Ordinal) || caller!.EndsWith(":root", StringComparison.Ordinal);
        }

        /// <summary>True when <paramref name="principal"/> names the caller by more than its account: everyone, its own ARN, its role, a service.</summary>
        public static bool NamesBeyondAccount(PolicyPrincipal principal, RequestContext context)
        {
            if (principal.IsWildcard)
            {
                return true;
            }

            foreach (string value in principal.ValuesOf(PolicyPrincipal.Aws))
            {
                if (Arn.IsAccountId(value) || (Arn.TryParse(value, out Arn? arn) && arn!.Service == "iam" && arn.Resource == "root"))
                {
                    continue;
                }

                if (MatchesAws(value, context))
                {
                    return true;
                }
            }

            return (!string.IsNullOrEmpty(context.PrincipalService) || !string.IsNullOrEmpty(context.PrincipalFederated)) && Matches(principal, context);
        }

        private static bool IsAccount(string value, string account, RequestContext context)
        {
            if (Arn.IsAccountId(value))
            {
                return value == account;
            }

            return Arn.TryParse(value, out Arn? arn) && arn!.Service == "iam" && arn.Resource == "root" && arn.AccountId == account && PartitionMatches(arn.Partition, context);
        }

        private static bool MatchesAws(string value, RequestContext context)
        {
            if (value == "*")
            {
                return true;
            }

            string? callerAccount = context.EffectivePrincipalAccountId;
            if (Arn.IsAccountId(value))
            {
                return callerAccount != null && value == callerAccount;
            }

            if (!Arn.TryParse(value, out Arn? policyArn))
            {
                return false;
            }

            if (policyArn!.Service == "iam" && policyArn.Resource == "root")
            {
                return callerAccount != null && policyArn.AccountId == callerAccount && PartitionMatches(policyArn.Partition, context);
            }

            string? caller = context.PrincipalArn;
            if (string.IsNullOrEmpty(caller))
            {
                return false;
            }

            if (string.Equals(value, caller, StringComparison.Ordinal))
            {
                return true;
            }

            // A role's session is covered by the role's ARN; the session ARN carries no path, so compare
            // partition, account and role name.
            if (AssumedRoleArn.TryParse(caller, out AssumedRoleArn? session) && RoleArn.TryParse(value, out RoleArn? role))
            {
                return role!.Partition == session!.Partition
                    && role.AccountId == session.AccountId
                    && string.Equals(role.RoleName, session.RoleName, StringComparison.Ordinal);
            }

            return false;
        }

        private static bool PartitionMatches(string partition, RequestContext context)
        {
            // An account id alone does not say the partition; an ARN does.
            return context.PrincipalArn == null
                || !Arn.TryParse(context.PrincipalArn, out Arn? caller)
                || caller!.Partition == partition;
        }

        public static IEnumerable<string> Describe(PolicyPrincipal principal)
        {
            if (principal.IsWildcard)
            {
                yield return "*";
                yield break;
            }

            foreach (KeyValuePair<string, IReadOnlyList<string>> pair in principal.Values)
            {
                foreach (string value in pair.Value)
                {
                    yield return pair.Key + ":" + value;
                }
            }
        }
    }
}
