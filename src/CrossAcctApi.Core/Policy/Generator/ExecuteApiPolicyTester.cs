using CrossAcctApi.Core.Requests;
using System;
using System.Collections.Generic;
using System.Linq;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Policy.Generator
{
    /// <summary>
    /// Offline evaluation of identity policies for one <c>execute-api:Invoke</c> call, with IAM's semantics from
    /// <see cref="PolicyEvaluator"/>. Condition keys not supplied are unknown, never assumed: statements that
    /// depend on them are reported, and the result says it is not conclusive.
    /// </summary>
    public static class ExecuteApiPolicyTester
    {
        public const string InvokeAction = "execute-api:Invoke";

        private const string WildcardAccount = "*";

        /// <summary>
        /// Parses the documents; <c>InvalidPolicyDocument</c> naming the document (by position) that is not a
        /// valid policy.
        /// </summary>
        public static IReadOnlyList<PolicyDocument> ParseDocuments(IReadOnlyList<string?> texts)
        {
            if (texts == null || texts.Count == 0)
            {
                throw PolicyToolErrors.Create(
                    PolicyToolErrors.InvalidPolicyDocument,
                    "No policy document was given.",
                    null,
                    "Pass the policy JSON as text with {@PolicyDocument}: a file's content read as one string, not its name.");
            }

            var documents = new List<PolicyDocument>(texts.Count);
            for (int i = 0; i < texts.Count; i++)
            {
                try
                {
                    documents.Add(PolicyDocument.Parse(texts[i]!));
                }
                catch (CrossAcctApiException ex) when (ex.ErrorId == PolicyToolErrors.InvalidPolicyDocument)
                {
                    string which = texts.Count == 1 ? "The policy document" : $"Policy document #{i} (of {texts.Count}, counted from 0)";
                    throw new CrossAcctApiException(ex.ErrorId, ex.Kind, which + ": " + ex.MessageTemplate, "PolicyDocument[" + i + "]", ex)
                    {
                        RecommendedAction = ex.RecommendedActionTemplate + " Pass JSON text (a file's content read as one string), not a file name or ConvertFrom-Json output.",
                    };
                }
            }

            return documents;
        }

        /// <summary>As <see cref="ParseDocuments"/>, but none is a valid answer: a caller whose identity policies allow nothing.</summary>
        public static IReadOnlyList<PolicyDocument> ParseDocumentsOrNone(IReadOnlyList<string?>? texts) =>
            texts is null || texts.Count == 0 ? Array.Empty<PolicyDocument>() : ParseDocuments(texts);

        /// <summary>
        /// Evaluates <paramref name="policies"/> for a call worked out from its URL; what was assumed to get its ARN
        /// is carried to the result (the account, when unknown, is then taken as <see cref="Test(IReadOnlyList{PolicyDocument}, ExecuteApiArn, IReadOnlyDictionary{string, IReadOnlyList{string}}?, IEnumerable{string}?)"/> says).
        /// </summary>
        public static ExecuteApiPolicyTestResult Test(
            IReadOnlyList<PolicyDocument> policies,
            ResolvedInvokeArn call,
            IReadOnlyDictionary<string, IReadOnlyList<string>>? conditionKeys = null)
        {
            if (call == null)
            {
                throw new ArgumentNullException(nameof(call));
            }

            // The tester states its own conclusion about an unknown account, which replaces the resolver's.
            IEnumerable<string> assumptions = call.AssumptionTemplates.Where(a => !string.Equals(a, call.AccountAssumptionTemplate, StringComparison.Ordinal));
            return Test(policies, call.ExecuteApiArn, conditionKeys, assumptions);
        }

        /// <summary>
        /// Evaluates <paramref name="policies"/> for <paramref name="call"/>. An account of <c>*</c> (not known) is
        /// taken from the policies when they name exactly one; other wildcards are refused
        /// (<c>ArnIsPattern</c>), since a decision is about one call.
        /// </summary>
        public static ExecuteApiPolicyTestResult Test(
            IReadOnlyList<PolicyDocument> policies,
            ExecuteApiArn call,
            IReadOnlyDictionary<string, IReadOnlyList<string>>? conditionKeys = null,
            IEnumerable<string>? assumptions = null)
        {
            if (policies == null)
            {
                throw new ArgumentNullException(nameof(policies));
            }

            if (call == null)
            {
                throw new ArgumentNullException(nameof(call));
            }

            var notes = new List<string>(assumptions ?? Array.Empty<string>());
            RefusePatterns(call);
            ExecuteApiArn resolved = call.AccountId == WildcardAccount ? WithAccountFromPolicies(policies, call, notes) : call;

            var context = new RequestContext(InvokeAction, resolved.ToString())
            {
                ConditionKeys = conditionKeys ?? new Dictionary<string, IReadOnlyList<string>>(),
                Missing = MissingConditionKeys.Unknown,
            };
            PolicyEvaluationResult result = PolicyEvaluator.Evaluate(policies, context, PolicyKind.Identity);

            return new ExecuteApiPolicyTestResult(
                result.Decision,
                resolved.ToString(),
                resolved.AccountId,
                resolved.Stage,
                resolved.Method,
                resolved.Path,
                result.MatchingStatements.Select(m => new PolicyStatementMatch(m)).ToArray(),
                result.UnevaluatedConditions.Select(c => new PolicyConditionNotEvaluated(c)).ToArray(),
                notes,
                policies.Count);
        }

        private static void RefusePatterns(ExecuteApiArn call)
        {
            // The path may really contain '*' (a legal URL character), so only the parts that cannot are checked.
            var parts = new[] { ("region", call.Region), ("API id", call.ApiId), ("stage", call.Stage), ("method", call.Method) };
            foreach (var (name, value) in parts)
            {
                if (IamWildcard.HasWildcard(value))
                {
                    throw PolicyToolErrors.Create(
                        PolicyToolErrors.ArnIsPattern,
                        $"The ARN {call} has the wildcard '{value}' as its {name}: it names a set of calls, and a decision is about one call.",
                        call.ToString(),
                        name == "method" ? "Pass the call's method (GET, POST...), not ANY or *." : $"Pass the call's {name}.");
                }
            }

            if (call.AccountId != WildcardAccount && IamWildcard.HasWildcard(call.AccountId))
            {
                throw PolicyToolErrors.Create(
                    PolicyToolErrors.ArnIsPattern,
                    $"The ARN {call} has a partial wildcard in its account id.",
                    call.ToString(),
                    "Pass the 12-digit account id that owns the API, or '*' to take it from the policies.");
            }
        }

        /// <summary>
        /// A URL does not name the API's account. When the policies name exactly one account in the execute-api
        /// resources that could apply, that is the account the policies are about; when they name none, the
        /// account cannot change the decision. Several accounts are ambiguous, and then the account must be given.
        /// </summary>
        private static ExecuteApiArn WithAccountFromPolicies(IReadOnlyList<PolicyDocument> policies, ExecuteApiArn call, List<string> notes)
        {
            var accounts = new SortedSet<string>(StringComparer.Ordinal);
            foreach (PolicyStatement statement in policies.SelectMany(p => p.Statements).Where(CouldApplyToInvoke))
            {
                foreach (string pattern in statement.Resources.Concat(statement.NotResources))
                {
                    string[] parts = pattern.Split(new[] { ':' }, 6);
                    if (parts.Length >= 5 && IamWildcard.IsMatch(parts[2], ExecuteApiArn.Service) && parts[4] != WildcardAccount)
                    {
                        accounts.Add(parts[4]);
                    }
                }
            }

            if (accounts.Count == 0)
            {
                notes.Add("No account was given and no policy names one in an execute-api resource, so the account cannot change the decision.");
                return call;
            }

            string only = accounts.First();
            if (accounts.Count == 1 && Arn.IsAccountId(only))
            {
                notes.Add($"No account was given: used {only}, the account the policies' execute-api resources name. Pass {{@AccountId}} if the API is in another account.");
                return new ExecuteApiArn(call.Partition, call.Region, only, call.ApiId, call.Stage, call.Method, call.Path);
            }

            throw PolicyToolErrors.Create(
                PolicyToolErrors.AccountIdRequired,
                $"The call's account is not known, and the policies name {accounts.Count} account patterns in execute-api resources ({string.Join(", ", accounts)}), so the decision depends on which account owns the API.",
                call.ToString(),
                "Pass {@AccountId} with the 12-digit account that owns the API.");
        }

        private static bool CouldApplyToInvoke(PolicyStatement statement) =>
            statement.Actions.Count > 0
                ? statement.Actions.Any(a => IamWildcard.IsMatch(a, InvokeAction, ignoreCase: true))
                : !statement.NotActions.Any(a => IamWildcard.IsMatch(a, InvokeAction, ignoreCase: true));
    }
}
