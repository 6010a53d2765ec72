using System;
using CrossAcctApi.Core.Arns;
using CrossAcctApi.Core.Policy.Generator;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Http
{
    /// <summary>
    /// A REST API's 403s. Unlike an HTTP API, a REST API weighs its resource policy: within the API's account either the
    /// caller's policy or the resource policy may allow; across accounts both must (apigateway-authorization-flow). Its
    /// refusal names no reason besides "with an explicit deny", and masks the API's account (<c>********1111</c>).
    /// </summary>
    internal static class RestApiDiagnosis
    {
        public static ApiErrorDiagnosis NotAuthorized(ApiResponse response, GatewayError error)
        {
            var call = response.Call;
            if (string.Equals(error.ErrorType, "ForbiddenException", StringComparison.Ordinal))
            {
                return EndpointRefused(response, error);
            }

            var denied = AccessDeniedMessage.TryParse(error.Message);
            if (denied is null)
            {
                return NotAuthorizedDiagnosis.HttpApi(response, error);
            }

            var target = call.Target;
            var arn = target.ResourceArnFor(null) ?? denied.Resource;
            var explicitDeny = denied.Reason == DenialReason.ExplicitDeny;
            var summary = ApiErrorDiagnoser.Status(response) + " for " + ApiErrorDiagnoser.Request(call) + ": " + denied.CallerArn + " is not authorized to perform "
                + denied.Action + " on " + denied.Resource + (explicitDeny ? ", with an explicit deny." : ".");
            if (string.Equals(denied.CallerArn, "anonymous", StringComparison.Ordinal))
            {
                return new ApiErrorDiagnosis(
                    ApiErrorIds.AnonymousNotAuthorized,
                    FailureKind.PermissionDenied,
                    summary + " The route does not use IAM authorization, so API Gateway ignores the signature and the caller is anonymous; only the API's resource policy decides.",
                    explicitDeny
                        ? "A Deny statement of the API's resource policy matches " + arn + " for every caller (\"Principal\": \"*\"): narrow it, or give the route AWS_IAM authorization and allow the caller by name."
                        : "Allow anonymous callers in the resource policy (\"Principal\": \"*\" on " + arn + "), or, to let only account B in, give the route AWS_IAM authorization and name B's principal in the resource policy.")
                {
                    InvokeArn = arn,
                    CallerArn = denied.CallerArn,
                    DenialReason = denied.Reason,
                };
            }

            var callerAccount = AccountOfCaller(denied.CallerArn) ?? response.Facts.CredentialAccountId;
            var apiAccount = target.AccountGiven ? target.AccountId : MaskedAccount(denied.Resource);
            var crossAccount = apiAccount != null && callerAccount != null && !SameAccount(apiAccount, callerAccount);
            var principal = PrincipalOf(denied.CallerArn);
            string action;
            if (explicitDeny)
            {
                action = "A Deny statement matches " + arn + ": look in the API's resource policy and in the policies of " + NotAuthorizedDiagnosis.RoleOf(denied.CallerArn, response.Facts.CredentialRoleArn)
                    + " (or a permissions boundary, session policy or SCP); narrow it, or call a route it does not cover.";
            }
            else
            {
                var resource = EndpointStatements.Document(EndpointStatements.RestResourcePolicy(principal, new[] { arn }, target.Kind == EndpointKind.PrivateRestApi ? target.VpcEndpointId : null, null));
                var identity = EndpointStatements.Document(EndpointStatements.CallerRestApi(new[] { arn }));
                action = (crossAccount ? "The caller is in account " + callerAccount + ", the API in " + apiAccount + ": across accounts BOTH must allow. "
                        : apiAccount is null ? "Across accounts both the API's resource policy and the caller's identity policy must allow; within the API's account either may. "
                        : "Within the API's account either the caller's identity policy or the resource policy may allow. ")
                    + "The API's resource policy (then deploy the API again, which applies it):\n" + resource
                    + "\nThe caller's identity policy:\n" + identity
                    + (target.AccountGiven ? string.Empty : "\nIn the statements, put account A's id where the ARN has '*'.");
                if (target.Kind == EndpointKind.PrivateRestApi)
                {
                    action += "\nA private API's resource policy must also allow the way in: aws:SourceVpce " + (target.VpcEndpointId ?? "<vpce-id>") + " or the VPC (aws:SourceVpc).";
                }
            }

            if (response.StageReadingTemplate != null)
            {
                action += " " + response.StageReadingTemplate;
            }

            return new ApiErrorDiagnosis(ApiErrorIds.NotAuthorized, FailureKind.PermissionDenied, summary, action)
            {
                InvokeArn = arn,
                CallerArn = denied.CallerArn,
                DenialReason = denied.Reason,
            };
        }

        /// <summary>API Gateway refused the way in before any policy: the endpoint type and the VPC endpoint do not fit.</summary>
        private static ApiErrorDiagnosis EndpointRefused(ApiResponse response, GatewayError error)
        {
            var target = response.Call.Target;
            var through = target.VpcEndpointId is null ? "not through a VPC endpoint" : "through VPC endpoint " + target.VpcEndpointId;
            return new ApiErrorDiagnosis(
                ApiErrorIds.PrivateEndpointRefused,
                FailureKind.PermissionDenied,
                ApiErrorDiagnoser.Status(response) + " for " + ApiErrorDiagnoser.Request(response.Call) + ": API Gateway refused the request " + through + " (" + (error.Message ?? "Forbidden") + ") before any policy was read.",
                "A private API is reached only through an interface VPC endpoint (the {api-id}-{vpce-id} name only for an endpoint associated with the API; the endpoint's own name with the x-apigw-api-id header for any), "
                + "and a VPC endpoint reaches only private APIs: check the API's endpoint type, the VPC endpoint id and its association with the API.")
            {
                InvokeArn = response.InvokeArn,
            };
        }

        /// <summary>API Gateway masks the API's account in its refusal (<c>********1111</c>); the last four digits still tell two accounts apart.</summary>
        private static string? MaskedAccount(string resource)
        {
            var parts = resource.Split(':');
            return parts.Length > 4 && parts[4].Length == 12 && parts[4].StartsWith("********", StringComparison.Ordinal) ? parts[4] : null;
        }

        private static bool SameAccount(string apiAccount, string callerAccount) =>
            apiAccount.StartsWith("*", StringComparison.Ordinal)
                ? callerAccount.EndsWith(apiAccount.TrimStart('*'), StringComparison.Ordinal)
                : apiAccount == callerAccount;

        private static string? AccountOfCaller(string callerArn) =>
            Arn.TryParse(callerArn, out var arn) && Arn.IsAccountId(arn!.AccountId) ? arn.AccountId : null;

        /// <summary>The principal a resource policy names for the caller: a role session by its role, anything else as it is.</summary>
        private static string PrincipalOf(string callerArn) =>
            AssumedRoleArn.TryParse(callerArn, out var session) ? session!.RoleArn.Arn : callerArn;
    }
}
