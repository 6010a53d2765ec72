using System;
using System.Collections.Generic;
using System.Linq;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Policy
{
    /// <summary>
    /// What a request asks for and the facts IAM would know about it: the action, the resource, the caller
    /// and the condition keys (names compared case-insensitively, as IAM does).
    /// </summary>
    public sealed class RequestContext
    {
        private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Empty =
            new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

        private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _conditionKeys = Empty;

        public RequestContext(string action, string resource)
        {
            if (string.IsNullOrEmpty(action))
            {
                throw new CrossAcctApiException("InvalidRequestContext", FailureKind.InvalidArgument, "The request action is empty; give one such as execute-api:Invoke.", action);
            }

            if (string.IsNullOrEmpty(resource))
            {
                throw new CrossAcctApiException("InvalidRequestContext", FailureKind.InvalidArgument, "The request resource is empty; give the ARN the action is performed on.", resource);
            }

            Action = action;
            Resource = resource;
        }

        /// <summary>The action, e.g. <c>execute-api:Invoke</c> or <c>sts:AssumeRole</c>.</summary>
        public string Action { get; }

        /// <summary>The resource ARN the action is performed on.</summary>
        public string Resource { get; }

        /// <summary>
        /// The caller: a user or role ARN, an assumed-role session ARN, or an account root ARN. Matched against
        /// Principal/NotPrincipal of resource policies; also the default of <c>aws:PrincipalArn</c>.
        /// </summary>
        public string? PrincipalArn { get; init; }

        /// <summary>The caller's account; taken from <see cref="PrincipalArn"/> when not given.</summary>
        public string? PrincipalAccountId { get; init; }

        /// <summary>A service principal making the call (e.g. <c>lambda.amazonaws.com</c>), matched against Principal.Service.</summary>
        public string? PrincipalService { get; init; }

        /// <summary>A federated identity provider (e.g. <c>cognito-identity.amazonaws.com</c> or a SAML provider ARN).</summary>
        public string? PrincipalFederated { get; init; }

        /// <summary>
        /// Condition keys and their values. A key with an empty list is known to be absent from the request
        /// (useful with <see cref="MissingConditionKeys.Unknown"/>). Key names are case-insensitive.
        /// </summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> ConditionKeys
        {
            get => _conditionKeys;
            init
            {
                var copy = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
                foreach (KeyValuePair<string, IReadOnlyList<string>> pair in value ?? Empty)
                {
                    copy[pair.Key] = (pair.Value ?? Array.Empty<string>()).ToArray();
                }

                _conditionKeys = copy;
            }
        }

        /// <summary>How conditions on keys that <see cref="ConditionKeys"/> lacks are treated.</summary>
        public MissingConditionKeys Missing { get; init; } = MissingConditionKeys.Absent;

        /// <summary>The caller's account: <see cref="PrincipalAccountId"/>, else the account of <see cref="PrincipalArn"/>.</summary>
        public string? EffectivePrincipalAccountId
        {
            get
            {
                if (!string.IsNullOrEmpty(PrincipalAccountId))
                {
                    return PrincipalAccountId;
                }

                return PrincipalArn != null && Arn.TryParse(PrincipalArn, out Arn? arn) && Arn.IsAccountId(arn!.AccountId)
                    ? arn.AccountId
                    : null;
            }
        }

        /// <summary>A copy with one more condition key (replacing a key of the same name).</summary>
        public RequestContext WithConditionKey(string key, params string[] values)
        {
            var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, IReadOnlyList<string>> pair in _conditionKeys)
            {
                keys[pair.Key] = pair.Value;
            }

            keys[key] = values ?? Array.Empty<string>();
            return With(keys, Missing);
        }

        /// <summary>A copy that treats missing keys as given.</summary>
        public RequestContext WithMissing(MissingConditionKeys missing) => With(_conditionKeys, missing);

        /// <summary>
        /// Looks a key up: given keys first, then the global keys IAM always derives from the caller
        /// (<c>aws:PrincipalArn</c>, <c>aws:PrincipalAccount</c>). Null means "not in the request".
        /// </summary>
        public IReadOnlyList<string>? Lookup(string key)
        {
            if (_conditionKeys.TryGetValue(key, out IReadOnlyList<string>? values))
            {
                return values;
            }

            if (string.Equals(key, "aws:PrincipalAccount", StringComparison.OrdinalIgnoreCase))
            {
                string? account = EffectivePrincipalAccountId;
                return account == null ? null : new[] { account };
            }

            if (string.Equals(key, "aws:PrincipalArn", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(PrincipalArn))
            {
                // For a role session IAM reports the role's ARN here, not the session's.
                return AssumedRoleArn.TryParse(PrincipalArn, out AssumedRoleArn? session)
                    ? new[] { session!.RoleArn.Arn }
                    : new[] { PrincipalArn! };
            }

            return null;
        }

        private RequestContext With(IReadOnlyDictionary<string, IReadOnlyList<string>> keys, MissingConditionKeys missing) =>
            new RequestContext(Action, Resource)
            {
                PrincipalArn = PrincipalArn,
                PrincipalAccountId = PrincipalAccountId,
                PrincipalService = PrincipalService,
                PrincipalFederated = PrincipalFederated,
                ConditionKeys = keys,
                Missing = missing,
            };
    }
}
