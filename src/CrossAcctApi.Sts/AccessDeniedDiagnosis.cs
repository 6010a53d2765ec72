using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi.Sts
{
    /// <summary>
    /// Explains an AssumeRole AccessDenied. Two sides must agree: the caller's own account must allow it
    /// sts:AssumeRole on the role, and the role's trust policy must trust the caller, often on conditions (an
    /// external id, MFA). STS's message says which side refused only sometimes ("because no identity-based policy
    /// allows ...", "explicit deny"); otherwise the diagnosis ranks the causes with what this process has seen:
    /// a role that another principal of the same account assumed before trusts that account, so the caller's own
    /// permissions come first; a role that was assumed with an external id or MFA before needs them again.
    /// <para>
    /// A success costs nothing but a note (<see cref="AssumeRoleHistory"/>): who the source keys belonged to is
    /// worked out only here, on the failure path, from what is known for free (<see cref="KnownCallers"/>) and,
    /// for sources still held somewhere, from GetCallerIdentity with their keys (a few calls at most).
    /// </para>
    /// </summary>
    internal sealed class AccessDeniedDiagnosis
    {
        /// <summary>At most this many GetCallerIdentity calls for earlier sources per diagnosis.</summary>
        public const int MaxSourceLookups = 4;

        private static readonly Regex CallerPattern = new Regex(@"(?:User|Principal):\s*(arn:\S+)\s+is not authorized", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        private static readonly Regex AccountPattern = new Regex(@"^arn:[^:]+:(?:iam|sts)::(\d{12}):", RegexOptions.CultureInvariant);

        private readonly AssumeRoleHistory _history;
        private readonly KnownCallers _callers;
        private readonly CallerLookup _lookUp;

        /// <param name="lookUp">Best effort GetCallerIdentity: the ARN the keys belong to, or null.</param>
        public AccessDeniedDiagnosis(CallerLookup lookUp, KnownCallers? callers = null, AssumeRoleHistory? history = null)
        {
            _lookUp = lookUp ?? throw new ArgumentNullException(nameof(lookUp));
            _callers = callers ?? new KnownCallers();
            _history = history ?? new AssumeRoleHistory();
        }

        public delegate Task<string?> CallerLookup(CredentialKeys keys, StsEndpoint endpoint, CancellationToken cancellationToken);

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

        /// <summary>Notes a success; no I/O. The new session's owner is known from STS's answer, should it become a source itself (chaining).</summary>
        public void RecordSuccess(AssumeRoleRequest request, CredentialKeys source, StsEndpoint endpoint, AssumeRoleResult result)
        {
            _history.Record(request, source, endpoint);
            if (result != null && !string.IsNullOrEmpty(result.AssumedRoleArn))
            {
                _callers.Remember(result.Keys.AccessKeyId, result.AssumedRoleArn, result.Expiration);
            }
        }

        /// <summary>The refusal as an exception naming the caller, the role and the likely causes, most likely first.</summary>
        public async Task<AssumeRoleDeniedException> DiagnoseAsync(
            string awsMessage,
            string? requestId,
            AssumeRoleRequest request,
            CredentialKeys caller,
            StsEndpoint endpoint,
            Exception inner,
            CancellationToken cancellationToken)
        {
            string? callerArn = await IdentifyCallerAsync(awsMessage, caller, endpoint, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<AssumeRoleDenialCause> causes = await RankAsync(awsMessage, request, caller.AccessKeyId, callerArn, cancellationToken).ConfigureAwait(false);
            return Create(awsMessage, requestId, request, callerArn, causes, inner);
        }

        internal async Task<IReadOnlyList<AssumeRoleDenialCause>> RankAsync(string awsMessage, AssumeRoleRequest request, string? callerAccessKeyId, string? callerArn, CancellationToken cancellationToken)
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

            // STS names a rejected one-time code outright ("MultiFactorAuthentication failed with invalid MFA one
            // time pass code"); no ranking can beat what AWS said.
            if (Contains(message, "MultiFactorAuthentication failed"))
            {
                return new[] { AssumeRoleDenialCause.MfaRequired };
            }

            // The trust policy, or a side STS did not name. Gather what this process saw succeed for the role from
            // the caller's account: the same keys, or keys whose owner is (or can now be found to be) in that account.
            string? callerAccount = AccountOf(callerArn);
            var sameAccount = new List<PastSuccess>();
            int lookups = 0;
            foreach (PastSuccess success in _history.Of(request.RoleArn.Arn))
            {
                if (string.Equals(success.SourceAccessKeyId, callerAccessKeyId, StringComparison.Ordinal))
                {
                    sameAccount.Add(success);
                    continue;
                }

                if (callerAccount is null)
                {
                    continue;
                }

                string? sourceArn = _callers.ArnOf(success.SourceAccessKeyId);
                if (sourceArn is null && lookups < MaxSourceLookups && success.TryGetSourceKeys(out CredentialKeys sourceKeys))
                {
                    lookups++;
                    sourceArn = await LookUpAsync(sourceKeys, success.Endpoint, cancellationToken).ConfigureAwait(false);
                }

                if (AccountOf(sourceArn) == callerAccount)
                {
                    sameAccount.Add(success);
                }
            }

            var ranked = new List<AssumeRoleDenialCause>();
            if (request.ExternalId is null && sameAccount.Any(s => s.UsedExternalId))
            {
                ranked.Add(AssumeRoleDenialCause.ExternalIdRequired);
            }

            if (request.SerialNumber is null && sameAccount.Any(s => s.UsedMfa))
            {
                ranked.Add(AssumeRoleDenialCause.MfaRequired);
            }

            if (sameAccount.Count > 0)
            {
                ranked.Add(AssumeRoleDenialCause.CallerLacksAssumeRole);
            }

            ranked.Add(AssumeRoleDenialCause.NotTrustedByRole);
            ranked.Add(AssumeRoleDenialCause.ExternalIdRequired);
            ranked.Add(AssumeRoleDenialCause.MfaRequired);
            ranked.Add(AssumeRoleDenialCause.CallerLacksAssumeRole);
            return ranked.Distinct().ToArray();
        }

        /// <summary>Who was refused: as STS's message says, else as learned before, else as GetCallerIdentity says (or null).</summary>
        private async Task<string?> IdentifyCallerAsync(string awsMessage, CredentialKeys caller, StsEndpoint endpoint, CancellationToken cancellationToken)
        {
            string? quoted = CallerFromMessage(awsMessage);
            if (quoted != null)
            {
                _callers.Remember(caller.AccessKeyId, quoted);
                return quoted;
            }

            return _callers.ArnOf(caller.AccessKeyId) ?? await LookUpAsync(caller, endpoint, cancellationToken).ConfigureAwait(false);
        }

        private async Task<string?> LookUpAsync(CredentialKeys keys, StsEndpoint endpoint, CancellationToken cancellationToken)
        {
            string? arn = await _lookUp(keys, endpoint, cancellationToken).ConfigureAwait(false);
            if (arn != null)
            {
                _callers.Remember(keys.AccessKeyId, arn);
            }

            return arn;
        }

        private static AssumeRoleDeniedException Create(string awsMessage, string? requestId, AssumeRoleRequest request, string? callerArn, IReadOnlyList<AssumeRoleDenialCause> causes, Exception inner)
        {
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
                        ? "the role's trust policy requires MFA (aws:MultiFactorAuthPresent) and none was given ({@SerialNumber}, {@TokenCode})."
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
                    return "Ask the owner of account " + request.RoleArn.AccountId + " for the external id and pass it with {@ExternalId}.";
                case AssumeRoleDenialCause.MfaRequired:
                    return "Pass {@SerialNumber} with your MFA device ARN and {@TokenCode} with its current code (or leave {@TokenCode} out in an interactive session to be asked).";
                default:
                    return "Ask the owner of account " + request.RoleArn.AccountId + " to add " + caller + " (or its account root) as a Principal in the trust policy of " + request.RoleArn.RoleName + ", or use a principal it trusts.";
            }
        }

        private static bool Contains(string text, string fragment) => text.IndexOf(fragment, StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
