using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Policy.Generator
{
    /// <summary>
    /// The documents of the direct route (no role): the endpoint's resource policy naming account B's principal, and
    /// account B's identity policy, which must allow too because the call crosses accounts. HTTP APIs have none
    /// (they take no resource policy); REST APIs and function URLs do.
    /// </summary>
    internal static class DirectRoutePolicies
    {
        private static readonly Regex FunctionName = new Regex(@"^[A-Za-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant);
        private static readonly Regex VpcEndpointId = new Regex(@"^vpce-[0-9a-f]{8,17}\z", RegexOptions.CultureInvariant);
        private static readonly Regex VpcId = new Regex(@"^vpc-[0-9a-f]{8,17}\z", RegexOptions.CultureInvariant);

        public static string FunctionArn(string partition, string region, string account, string? name)
        {
            if (name is null || !FunctionName.IsMatch(name))
            {
                throw PolicyToolErrors.Create(
                    PolicyToolErrors.InvalidEndpointInput,
                    $"{PolicyToolErrors.Quote(name)} ({{@FunctionName}}) is not a Lambda function name: 1 to 64 letters, digits, '-' and '_'.",
                    name,
                    "Pass the function's name as Lambda shows it, for example report-generator.");
            }

            return $"arn:{partition}:lambda:{region}:{account}:function:{name}";
        }

        public static void CheckPrivate(CrossAccountPolicyRequest request)
        {
            var isPrivate = request.Kind == EndpointKind.PrivateRestApi;
            Check(request.VpcEndpointId, VpcEndpointId, "{@VpcEndpointId}", "an interface VPC endpoint id such as vpce-0b2b2b2b2b2b2b2b2", isPrivate);
            Check(request.VpcId, VpcId, "{@VpcId}", "a VPC id such as vpc-0b2b2b2b2b2b2b2b2", isPrivate);
        }

        /// <summary>The resource policy of the direct route, or null for an HTTP API.</summary>
        public static StatementSpec[]? ResourcePolicy(CrossAccountPolicyRequest request, string principal, IReadOnlyList<string> resources)
        {
            switch (request.Kind)
            {
                case EndpointKind.FunctionUrl:
                    return new[] { EndpointStatements.InvokeFunctionUrl(principal, resources[0]), EndpointStatements.InvokeFunctionViaUrl(principal, resources[0]) };
                case EndpointKind.RestApi:
                case EndpointKind.PrivateRestApi:
                    return new[] { EndpointStatements.RestResourcePolicy(principal, resources, request.VpcEndpointId, request.VpcId) };
                default:
                    return null;
            }
        }

        /// <summary>Account B's identity policy for the direct route, or null for an HTTP API.</summary>
        public static StatementSpec[]? CallerPolicy(EndpointKind kind, IReadOnlyList<string> resources) =>
            kind == EndpointKind.FunctionUrl ? EndpointStatements.CallerFunctionUrl(resources[0]).ToArray()
            : EndpointKinds.IsRest(kind) ? new[] { EndpointStatements.CallerRestApi(resources) }
            : null;

        /// <summary>The role's permissions policy of the role route: the kind's actions on the resources.</summary>
        /// <summary>
        /// The role's permissions policy of the role route: the kind's actions on the resources. For a private API the
        /// same VPC endpoint or VPC conditions as the direct route: within account A the role's own policy is enough to
        /// allow, so without them the role could come in through any endpoint.
        /// </summary>
        public static StatementSpec[] RolePolicy(CrossAccountPolicyRequest request, IReadOnlyList<string> resources)
        {
            if (request.Kind == EndpointKind.FunctionUrl)
            {
                return EndpointStatements.CallerFunctionUrl(resources[0]).ToArray();
            }

            var invoke = new StatementSpec("InvokeApiRoutes", PolicyEffect.Allow, EndpointKinds.ExecuteApiInvoke);
            invoke.Resources.AddRange(resources);
            if (request.VpcEndpointId != null)
            {
                invoke.AddCondition("StringEquals", EndpointStatements.SourceVpceKey, request.VpcEndpointId);
            }

            if (request.VpcId != null)
            {
                invoke.AddCondition("StringEquals", EndpointStatements.SourceVpcKey, request.VpcId);
            }

            return new[] { invoke };
        }

        private static void Check(string? value, Regex shape, string marker, string example, bool allowed)
        {
            if (value is null)
            {
                return;
            }

            if (!allowed)
            {
                throw PolicyToolErrors.Create(
                    PolicyToolErrors.InvalidEndpointInput,
                    $"{marker} applies to private REST APIs only ({{@EndpointKind}} PrivateRestApi).",
                    value,
                    $"Leave {marker} out, or pass {{@EndpointKind}} PrivateRestApi.");
            }

            if (!shape.IsMatch(value))
            {
                throw PolicyToolErrors.Create(
                    PolicyToolErrors.InvalidEndpointInput,
                    $"{PolicyToolErrors.Quote(value)} ({marker}) is not {example}.",
                    value,
                    $"Pass {example}.");
            }
        }
    }
}
