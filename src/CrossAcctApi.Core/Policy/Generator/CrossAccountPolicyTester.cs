using System;
using System.Collections.Generic;
using System.Linq;
using CrossAcctApi.Core.Arns;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Policy.Generator
{
    /// <summary>
    /// Offline evaluation of one call of any endpoint kind with the caller's identity policies and the resource's policy
    /// together (<see cref="CrossAccountEvaluator"/>): the action(s) and resource ARN from the one URL reading, the
    /// condition keys each action's request carries (a function URL's <c>lambda:FunctionUrlAuthType</c> and
    /// <c>lambda:InvokedViaFunctionUrl</c>, a private API's <c>aws:SourceVpce</c>), and the caller's principal keys.
    /// Condition keys neither given nor derived are unknown, never assumed.
    /// </summary>
    public static class CrossAccountPolicyTester
    {
        /// <summary>Evaluates the call <paramref name="target"/> reads; the resource's account must be known (given, or in the function ARN).</summary>
        public static CrossAccountPolicyTestResult Test(
            IReadOnlyList<PolicyDocument> identityPolicies,
            PolicyDocument? resourcePolicy,
            string callerArn,
            ApiTarget target,
            IReadOnlyDictionary<string, IReadOnlyList<string>>? conditionKeys = null)
        {
            if (target is null)
            {
                throw new ArgumentNullException(nameof(target));
            }

            var resource = target.Kind == EndpointKind.FunctionUrl ? target.FunctionArn : target.RequireArn().Arn;
            if (resource is null)
            {
                throw PolicyToolErrors.Create(
                    RequestErrors.InvalidFunctionArn,
                    "The function URL does not name its function, and policies are about the function ARN.",
                    target.Endpoint.Uri.AbsoluteUri,
                    "Pass {@FunctionArn} with the function's ARN (or name and {@AccountId}).");
            }

            var notes = new List<string>(target.Warnings);
            var keys = Copy(conditionKeys);
            if (target.Kind == EndpointKind.PrivateRestApi && target.VpcEndpointId != null && !keys.ContainsKey(EndpointStatements.SourceVpceKey))
            {
                keys[EndpointStatements.SourceVpceKey] = new[] { target.VpcEndpointId };
                notes.Add("aws:SourceVpce is " + target.VpcEndpointId + ", the VPC endpoint the URL goes through.");
            }

            return Test(identityPolicies, resourcePolicy, callerArn, resource, target.Actions, keys, notes);
        }

        /// <summary>Evaluates <paramref name="actions"/> on <paramref name="resourceArn"/>, whose account must be a 12-digit id.</summary>
        public static CrossAccountPolicyTestResult Test(
            IReadOnlyList<PolicyDocument> identityPolicies,
            PolicyDocument? resourcePolicy,
            string callerArn,
            string resourceArn,
            IReadOnlyList<string> actions,
            IReadOnlyDictionary<string, IReadOnlyList<string>>? conditionKeys = null,
            IEnumerable<string>? notes = null)
        {
            if (identityPolicies is null)
            {
                throw new ArgumentNullException(nameof(identityPolicies));
            }

            var caller = CheckCaller(callerArn);
            var parts = (resourceArn ?? string.Empty).Split(new[] { ':' }, 6);
            var looksLikeArn = parts.Length == 6 && parts[0] == "arn" && parts[2].Length > 0 && parts[5].Length > 0;
            if (looksLikeArn && !Arn.IsAccountId(parts[4]))
            {
                throw PolicyToolErrors.Create(
                    PolicyToolErrors.AccountIdRequired,
                    "The resource " + resourceArn + " does not name its account, and whether the call crosses accounts depends on it.",
                    resourceArn,
                    "Pass the ARN with the 12-digit account that owns the API or function ({@AccountId} with {@Uri}).");
            }

            if (!Arn.TryParse(resourceArn, out var parsed))
            {
                throw PolicyToolErrors.Create(
                    PolicyToolErrors.InvalidResourceArn,
                    PolicyToolErrors.Quote(resourceArn) + " ({@Arn}) is not an ARN.",
                    resourceArn,
                    "Pass the invoke ARN (arn:aws:execute-api:...) or the function ARN (arn:aws:lambda:<region>:<account>:function:<name>) of the call.");
            }

            if (!Arn.IsAccountId(parsed!.AccountId))
            {
                throw PolicyToolErrors.Create(
                    PolicyToolErrors.AccountIdRequired,
                    "The resource " + resourceArn + " does not name its account, and whether the call crosses accounts depends on it.",
                    resourceArn,
                    "Pass {@AccountId} with the 12-digit account that owns the API or function.");
            }

            // TryParse succeeded, so the ARN is there.
            var resource = resourceArn!;
            var keys = Copy(conditionKeys);
            var contexts = actions.Select(action => new RequestContext(action, resource)
            {
                PrincipalArn = caller,
                ConditionKeys = WithActionKeys(keys, action, resource),
                Missing = MissingConditionKeys.Unknown,
            });
            var decisions = CrossAccountEvaluator.Evaluate(identityPolicies, resourcePolicy, parsed.AccountId, contexts.ToArray());
            return new CrossAccountPolicyTestResult(caller, resource, parsed.AccountId, decisions, notes ?? Array.Empty<string>());
        }

        /// <summary>
        /// The keys Lambda puts in each action's request for a call through an <c>AWS_IAM</c> function URL (Service
        /// Authorization Reference, AWS Lambda): the auth type and function ARN for the URL action, "invoked via function
        /// URL" for the invoke action. Keys given by the caller win.
        /// </summary>
        private static Dictionary<string, IReadOnlyList<string>> WithActionKeys(Dictionary<string, IReadOnlyList<string>> given, string action, string resource)
        {
            var keys = new Dictionary<string, IReadOnlyList<string>>(given, StringComparer.OrdinalIgnoreCase);
            if (string.Equals(action, EndpointKinds.InvokeFunctionUrl, StringComparison.OrdinalIgnoreCase))
            {
                Default(keys, EndpointStatements.FunctionUrlAuthTypeKey, "AWS_IAM");
                Default(keys, "lambda:FunctionArn", resource);
                Default(keys, EndpointStatements.InvokedViaFunctionUrlKey);
            }
            else if (string.Equals(action, EndpointKinds.InvokeFunction, StringComparison.OrdinalIgnoreCase))
            {
                Default(keys, EndpointStatements.InvokedViaFunctionUrlKey, "true");
                Default(keys, EndpointStatements.FunctionUrlAuthTypeKey);
            }

            return keys;
        }

        private static void Default(Dictionary<string, IReadOnlyList<string>> keys, string key, params string[] values)
        {
            if (!keys.ContainsKey(key))
            {
                // An empty list: known to be absent from this action's request.
                keys[key] = values;
            }
        }

        private static Dictionary<string, IReadOnlyList<string>> Copy(IReadOnlyDictionary<string, IReadOnlyList<string>>? keys) =>
            keys is null
                ? new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
                : keys.ToDictionary(k => k.Key, k => k.Value, StringComparer.OrdinalIgnoreCase);

        private static string CheckCaller(string? callerArn)
        {
            var text = (callerArn ?? string.Empty).Trim();
            if (Arn.TryParse(text, out var arn) && Arn.IsAccountId(arn!.AccountId) && (arn.Service == "iam" || arn.Service == "sts"))
            {
                return text;
            }

            throw PolicyToolErrors.Create(
                PolicyToolErrors.InvalidPrincipalArn,
                PolicyToolErrors.Quote(callerArn) + " ({@CallerArn}) is not the ARN of a caller: a user, a role, an assumed-role session or an account root.",
                callerArn,
                "Pass the caller's ARN, for example arn:aws:iam::222222222222:user/ops-engineer or arn:aws:sts::222222222222:assumed-role/Reader/session.");
        }
    }
}
