using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using CrossAcctApi.Core.Arns;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Policy.Generator
{
    /// <summary>
    /// Writes the least-privilege policies for a cross-account invoke: one invoke resource per route, a trust
    /// policy that names only the caller (with its conditions), and a caller policy on exactly one role. Every
    /// document is parsed back before it is returned, so what comes out is valid IAM JSON.
    /// </summary>
    public static class CrossAccountPolicyGenerator
    {
        public const string InvokeAction = "execute-api:Invoke";
        public const string AssumeRoleAction = "sts:AssumeRole";
        public const string ExternalIdKey = "sts:ExternalId";
        public const string MfaPresentKey = "aws:MultiFactorAuthPresent";

        /// <summary>IAM's bounds on a role's maximum session duration, in seconds.</summary>
        public const int MinSessionDuration = 3600;
        public const int MaxSessionDurationLimit = 43200;

        // STS: 2-1224 characters of [\w+=,.@:/-] (ASCII).
        private static readonly Regex ExternalIdPattern = new Regex(@"^[A-Za-z0-9_+=,.@:/-]{2,1224}\z", RegexOptions.CultureInvariant);

        // user/[path/]name: IAM user names share the role-name alphabet.
        private static readonly Regex UserResource = new Regex(@"^user(/|/[\u0021-\u007E]+/)[A-Za-z0-9_+=,.@-]{1,64}\z", RegexOptions.CultureInvariant);

        public static CrossAccountPolicySet Generate(CrossAccountPolicyRequest request)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            string apiAccount = ApiInputs.Account(request.ApiAccountId, "{@ApiAccountId}");
            string callerAccount = ApiInputs.Account(request.CallerAccountId, "{@CallerAccountId}");
            var kind = request.Kind;
            var isFunction = kind == EndpointKind.FunctionUrl;
            string apiId = isFunction ? string.Empty : ApiInputs.Api(request.ApiId, "{@ApiId}");
            string region = AwsRegion.Validate((request.Region ?? string.Empty).Trim().ToLowerInvariant(), "{@Region}");
            string partition = AwsRegion.GetPartition(region);
            // No '*' stage: IAM's '*' also matches '/', so ".../*/GET/items" would match ".../$default/POST/x/GET/items".
            string stage = isFunction ? string.Empty : ApiInputs.Stage(request.Stage, "{@Stage}");
            if (EndpointKinds.IsRest(kind) && stage == ExecuteApiArn.DefaultStage)
            {
                throw PolicyToolErrors.Create(
                    RequestErrors.StageRequired,
                    "A REST API has no $default stage: give the stage to allow ({@Stage}).",
                    stage,
                    "Pass {@Stage} with the REST API's stage, for example prod.");
            }

            DirectRoutePolicies.CheckPrivate(request);
            string? functionArn = isFunction ? DirectRoutePolicies.FunctionArn(partition, region, apiAccount, request.FunctionName) : null;
            string roleArn = BuildRoleArn(partition, apiAccount, request.RoleName);
            List<ApiRoute> routes = ParseRoutes(request.Routes);
            string principal = TrustedPrincipal(request.CallerPrincipalArn, partition, callerAccount);
            CheckExternalId(request.ExternalId);
            CheckMaxSessionDuration(request.MaxSessionDuration);

            var warnings = new List<string>();
            var notes = new List<string>();

            List<string> resources;
            if (isFunction)
            {
                resources = new List<string> { functionArn! };
                if (routes.Count > 0)
                {
                    warnings.Add("A function URL is authorised on the function as a whole, not per route: {@Route} is ignored, and every path of the URL is allowed.");
                }
            }
            else
            {
                resources = InvokeResources(partition, region, apiAccount, apiId, stage, routes, warnings);
            }

            var trust = new StatementSpec(request.CallerPrincipalArn == null ? "TrustCallerAccount" : "TrustCallerPrincipal", PolicyEffect.Allow, AssumeRoleAction)
            {
                AwsPrincipal = principal,
            };
            if (request.ExternalId != null)
            {
                trust.AddCondition("StringEquals", ExternalIdKey, request.ExternalId);
            }

            if (request.RequireMfa)
            {
                // Bool, not BoolIfExists: a caller without MFA context (long-term keys) must be refused, not let through.
                trust.AddCondition("Bool", MfaPresentKey, "true");
                notes.Add("With MFA required, the caller must pass SerialNumber and TokenCode to AssumeRole (or call it from an MFA-authenticated session).");
            }

            var caller = new StatementSpec("AssumeInvokerRole", PolicyEffect.Allow, AssumeRoleAction);
            caller.Resources.Add(roleArn);

            if (request.CallerPrincipalArn == null)
            {
                notes.Add($"The trust policy trusts account {callerAccount} as a whole; account B decides which of its principals may assume the role by attaching the caller policy to them.");
            }

            if (apiAccount == callerAccount)
            {
                notes.Add("The API and the caller are in the same account: the role is not needed for cross-account access, though it still works.");
            }

            if (request.MaxSessionDuration.HasValue)
            {
                notes.Add($"MaxSessionDuration {request.MaxSessionDuration.Value} s is a property of the role, not of a policy: set it when creating the role (aws iam create-role --max-session-duration {request.MaxSessionDuration.Value}).");
            }

            StatementSpec[]? direct = DirectRoutePolicies.ResourcePolicy(request, principal, resources);
            StatementSpec[]? directCaller = DirectRoutePolicies.CallerPolicy(kind, resources);
            if (direct != null)
            {
                notes.Add($"The direct route: attach the resource policy to the {(isFunction ? "function (aws lambda add-permission, one call per statement)" : "API (then deploy it again)")} and the direct caller policy to account B's principal; across accounts both must allow.");
            }

            return new CrossAccountPolicySet(
                request,
                apiAccount,
                callerAccount,
                apiId,
                region,
                partition,
                stage,
                roleArn,
                principal,
                routes.Select(r => r.RouteKey).ToArray(),
                resources,
                RoundTrip(DirectRoutePolicies.RolePolicy(request, resources)),
                RoundTrip(trust),
                RoundTrip(caller),
                warnings,
                notes)
            {
                Kind = kind,
                FunctionArn = functionArn,
                ResourcePolicyGenerated = direct is null ? null : RoundTrip(direct),
                DirectCallerPolicyGenerated = directCaller is null ? null : RoundTrip(directCaller),
            };
        }

        private static string BuildRoleArn(string partition, string account, string? roleName)
        {
            string? problem = IamNames.RoleNameProblem(roleName ?? string.Empty);
            if (problem != null)
            {
                throw PolicyToolErrors.Create(
                    PolicyToolErrors.InvalidRoleName,
                    $"{PolicyToolErrors.Quote(roleName)} ({{@RoleName}}) is not a valid IAM role name: {problem}.",
                    roleName,
                    "Use 1 to 64 letters, digits and _+=,.@- for the role name.");
            }

            return new RoleArn(partition, account, "/", roleName!).Arn;
        }

        private static List<ApiRoute> ParseRoutes(IReadOnlyList<string>? routes)
        {
            var parsed = new List<ApiRoute>();
            foreach (string route in routes ?? Array.Empty<string>())
            {
                ApiRoute one = ApiRoute.Parse(route);
                if (!parsed.Contains(one))
                {
                    parsed.Add(one);
                }
            }

            return parsed;
        }

        private static List<string> InvokeResources(string partition, string region, string account, string apiId, string stage, List<ApiRoute> routes, List<string> warnings)
        {
            var resources = new List<string>();
            if (routes.Count == 0)
            {
                warnings.Add($"No route was given ({{@Route}}): the invoke policy allows every method and path of stage {stage}. Pass each route with {{@Route}}, for example 'GET /items/*', for least privilege.");
                resources.Add(new ExecuteApiArn(partition, region, account, apiId, stage, "*", "*").ToString());
            }

            foreach (ApiRoute route in routes)
            {
                foreach (string method in route.ArnMethods)
                {
                    string arn = new ExecuteApiArn(partition, region, account, apiId, stage, method, route.ArnPath).ToString();
                    if (!resources.Contains(arn))
                    {
                        resources.Add(arn);
                    }
                }

                if (route.WidensPathParameter)
                {
                    warnings.Add($"Route '{route.RouteKey}': IAM has no one-segment wildcard, so its path parameters became '*', which also matches '/': the policy allows deeper paths than the route matches ({route.ArnPath}).");
                }
            }

            return resources;
        }

        private static string TrustedPrincipal(string? principalArn, string partition, string callerAccount)
        {
            string root = $"arn:{partition}:iam::{callerAccount}:root";
            if (principalArn == null)
            {
                return root;
            }

            string candidate = principalArn.Trim();
            string? problem = PrincipalProblem(candidate, partition, callerAccount);
            if (problem != null)
            {
                throw PolicyToolErrors.Create(
                    PolicyToolErrors.InvalidPrincipalArn,
                    $"{PolicyToolErrors.Quote(principalArn)} ({{@CallerPrincipalArn}}) cannot be trusted: {problem}.",
                    principalArn,
                    $"Pass a role or user ARN of account {callerAccount}, for example arn:{partition}:iam::{callerAccount}:role/ops-engineer, or leave {{@CallerPrincipalArn}} out to trust the account.");
            }

            return candidate;
        }

        private static string? PrincipalProblem(string candidate, string partition, string callerAccount)
        {
            if (!Arn.TryParse(candidate, out Arn? arn))
            {
                return "it is not an ARN";
            }

            if (arn!.Service != "iam")
            {
                return $"it is a {arn.Service} ARN; trust policies name IAM roles or users (a role session is covered by its role's ARN)";
            }

            if (arn.Partition != partition)
            {
                return $"it is in partition {arn.Partition}, the API in {partition}";
            }

            if (arn.AccountId != callerAccount)
            {
                return $"it is in account {arn.AccountId}, not in the caller account {callerAccount}";
            }

            if (arn.Resource == "root" || UserResource.IsMatch(arn.Resource) || RoleArn.TryParse(candidate, out _))
            {
                return null;
            }

            return "it is not a role, user or account root ARN";
        }

        private static void CheckExternalId(string? externalId)
        {
            if (externalId != null && !ExternalIdPattern.IsMatch(externalId))
            {
                // The external id is not a secret (AWS says so), but a long paste is shortened anyway.
                throw PolicyToolErrors.Create(
                    PolicyToolErrors.InvalidExternalId,
                    $"{PolicyToolErrors.Quote(externalId)} ({{@ExternalId}}) is not an external id STS accepts: 2 to 1224 letters, digits and _+=,.@:/-.",
                    externalId,
                    "Use an external id such as 'audit-2026' or a GUID.");
            }
        }

        private static void CheckMaxSessionDuration(int? seconds)
        {
            if (seconds.HasValue && (seconds.Value < MinSessionDuration || seconds.Value > MaxSessionDurationLimit))
            {
                throw PolicyToolErrors.Create(
                    PolicyToolErrors.InvalidMaxSessionDuration,
                    $"{seconds.Value} ({{@MaxSessionDuration}}) is outside IAM's range for a role's maximum session duration, {MinSessionDuration} to {MaxSessionDurationLimit} seconds (1 to 12 hours).",
                    seconds.Value,
                    "Pass a number of seconds from 3600 to 43200.");
            }
        }

        private static GeneratedPolicy RoundTrip(params StatementSpec[] statements)
        {
            string json = PolicyJsonWriter.Write(statements);
            // A document that does not parse is a bug here, not a user error: let InvalidPolicyDocument surface.
            return new GeneratedPolicy(json, PolicyDocument.Parse(json));
        }
    }
}
