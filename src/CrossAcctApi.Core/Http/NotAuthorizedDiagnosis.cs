using System;
using System.Linq;
using CrossAcctApi.Core.Arns;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Http
{
    /// <summary>
    /// The diagnosis of an authorisation refusal (403 AccessDenied / "is not authorized"), by endpoint kind: HTTP APIs here,
    /// REST APIs in <see cref="RestApiDiagnosis"/>, function URLs in <see cref="FunctionUrlDiagnosis"/>.
    /// </summary>
    internal static class NotAuthorizedDiagnosis
    {
        public static ApiErrorDiagnosis Describe(ApiResponse response, GatewayError error)
        {
            switch (response.Call.Target.Kind)
            {
                case EndpointKind.FunctionUrl:
                    return FunctionUrlDiagnosis.NotAuthorized(response, error);
                case EndpointKind.RestApi:
                case EndpointKind.PrivateRestApi:
                    return RestApiDiagnosis.NotAuthorized(response, error);
                default:
                    return HttpApi(response, error);
            }
        }

        /// <summary>An HTTP API's refusal, and the parts every kind shares.</summary>
        internal static ApiErrorDiagnosis HttpApi(ApiResponse response, GatewayError error)
        {
            var facts = response.Facts;
            var call = response.Call;
            var denied = AccessDeniedMessage.TryParse(error.Message);
            var caller = denied?.CallerArn ?? facts.CredentialRoleArn ?? "access key " + facts.AccessKeyId;
            var role = RoleOf(denied?.CallerArn, facts.CredentialRoleArn);
            var target = response.InvokeArn ?? "the invoke ARN arn:" + call.Scope.Partition + ":execute-api:" + call.Scope.Region + ":<account>:<api-id>/<stage>/" + call.Method + "/<path>";

            string summary;
            if (denied != null)
            {
                summary = ApiErrorDiagnoser.Status(response) + " for " + ApiErrorDiagnoser.Request(call) + ": " + denied.CallerArn + " is not authorized to perform " + denied.Action + " on " + denied.Resource + ReasonText(denied.Reason) + ".";
            }
            else
            {
                summary = ApiErrorDiagnoser.Status(response) + " for " + ApiErrorDiagnoser.Request(call) + ": " + (error.Message ?? "Forbidden") + ". The caller (" + facts.CredentialDescription
                    + ") is authenticated but not allowed to invoke " + target + ".";
            }

            string action;
            switch (denied?.Reason ?? DenialReason.Unknown)
            {
                case DenialReason.ExplicitDeny:
                    action = "A Deny statement matches " + target + ": find it in the policies of " + role + " (or a permissions boundary, session policy or SCP) and narrow it, or call a route it does not cover.";
                    break;
                case DenialReason.NoResourcePolicy:
                    action = "The caller " + caller + " is from another account than the API" + AccountOf(target) + ", and HTTP APIs have no resource policies, so such a caller is never allowed: "
                        + "assume a role in the API's account (arn:aws:iam::<API account>:role/<name>, with {@AssumeRoleCommand} or {@RoleArn}) and call with the role session's credential.";
                    break;
                case DenialReason.SessionPolicy:
                    action = "The session policy passed when the role was assumed does not allow execute-api:Invoke on " + target + ": assume the role without it, or widen it.";
                    break;
                case DenialReason.PermissionsBoundary:
                    action = "The permissions boundary of " + role + " does not allow execute-api:Invoke on " + target + ": widen the boundary.";
                    break;
                case DenialReason.ServiceControlPolicy:
                    action = "A service control policy of the organization denies execute-api:Invoke on " + target + ": ask the organization's administrators.";
                    break;
                default:
                    action = "Allow execute-api:Invoke on " + target + " in the policy of " + role + " (or on a pattern that matches it, such as one ending in /*/*)."
                        + (denied is null ? " If the role's policy already allows it, a WAF rule or another authorizer may be refusing the request." : string.Empty);
                    break;
            }

            if (response.StageReadingTemplate != null)
            {
                action += " " + response.StageReadingTemplate;
            }

            return new ApiErrorDiagnosis(ApiErrorIds.NotAuthorized, FailureKind.PermissionDenied, summary, action)
            {
                InvokeArn = response.InvokeArn,
                StageReadingTemplate = response.StageReadingTemplate,
                CallerArn = denied?.CallerArn,
                DenialReason = denied?.Reason ?? DenialReason.Unknown,
            };
        }

        internal static string ReasonText(DenialReason reason)
        {
            switch (reason)
            {
                case DenialReason.ExplicitDeny:
                    return ", with an explicit deny";
                case DenialReason.NoIdentityPolicy:
                    return ", because no identity-based policy allows it";
                case DenialReason.NoResourcePolicy:
                    return ", because no resource-based policy allows it (the caller is from another account)";
                case DenialReason.SessionPolicy:
                    return ", because the session policy does not allow it";
                case DenialReason.PermissionsBoundary:
                    return ", because the permissions boundary does not allow it";
                case DenialReason.ServiceControlPolicy:
                    return ", because a service control policy does not allow it";
                default:
                    return string.Empty;
            }
        }

        /// <summary>"role CrossAccountInvoker (account 111111111111)", from the assumed-role ARN the server named, else the credential's role.</summary>
        internal static string RoleOf(string? callerArn, string? roleArn)
        {
            var assumed = (AssumedRoleArn.TryParse(callerArn, out var session) ? session : null);
            if (assumed != null)
            {
                return "role " + assumed.RoleName + " (account " + assumed.AccountId + ")";
            }

            if (roleArn != null)
            {
                return "role " + roleArn;
            }

            return callerArn != null ? callerArn : "the role or user whose credential signed the request";
        }

        private static string AccountOf(string target)
        {
            var parts = target.Split(':');
            return parts.Length > 5 && parts[4].Length == 12 && parts[4].All(char.IsDigit) ? " (" + parts[4] + ")" : string.Empty;
        }
    }
}
