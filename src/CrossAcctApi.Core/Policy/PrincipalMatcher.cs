using System;
using System.Collections.Generic;
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
