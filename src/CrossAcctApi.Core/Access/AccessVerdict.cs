using System;
using System.Collections.Generic;
using CrossAcctApi.Core.Http;
using CrossAcctApi.Core.Sts;
using CrossAcctApi.Core.Requests;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Access
{
    /// <summary>
    /// Turns what happened to a check (an answer, a diagnosed failure, an STS refusal) into its result. The rule:
    /// 2xx is Allowed; an authorization refusal (NotAuthorized from API Gateway, AccessDenied from STS, and for an
    /// unsigned probe any 401/403) is Denied; anything else says nothing about access and is an Error, which never
    /// passes: a 404 from a mistyped route or an expired token must not make "expect Denied" look proven.
    /// </summary>
    internal static class AccessVerdict
    {
        // STS failures: the role step did not produce a session (first assumption or a renewal during the call).
        private static readonly HashSet<string> RoleStepErrorIds = new HashSet<string>(StringComparer.Ordinal)
        {
            StsErrorIds.AssumeRoleAccessDenied,
            StsErrorIds.SourceCredentialRejected,
            StsErrorIds.SourceCredentialUnavailable,
            StsErrorIds.StsInvalidRequest,
            StsErrorIds.StsThrottled,
            StsErrorIds.StsUnavailable,
            StsErrorIds.StsRegionDisabled,
            StsErrorIds.StsConnectionFailed,
            StsErrorIds.StsTimeout,
            StsErrorIds.StsCallFailed,
            StsErrorIds.StsComponentLoadFailed,
            StsErrorIds.MfaRefreshRequired,
            StsErrorIds.MfaTokenCodeRequired,
            StsErrorIds.InvalidStsEndpoint,
            AwsRegion.InvalidRegion,
            Credentials.CredentialErrors.CredentialRefreshFailed,
            Credentials.CredentialErrors.CredentialRequired,
            Credentials.CredentialErrors.ExpiredCredential,
            Credentials.CredentialErrors.InvalidCredential,
        };

        /// <summary>The final answer to a signed call.</summary>
        public static CrossAccountAccessResult FromResponse(AccessTarget target, ApiResponse response, string? callerArn, TimeSpan elapsed)
        {
            var arn = response.InvokeArn ?? target.InvokeArn;
            var reading = response.InvokeArn is null ? target.StageReading : response.StageReadingTemplate;
            if (response.IsSuccess)
            {
                var detail = (target.Call.Target.Kind == Requests.EndpointKind.FunctionUrl ? "Lambda" : "API Gateway") + " answered " + response.StatusCode + " " + response.ReasonPhrase;
                if (response.CredentialRefreshed)
                {
                    detail += " after the expired session was renewed";
                }

                if (response.Attempts > 1)
                {
                    detail += " (" + response.Attempts + " attempts)";
                }

                return new CrossAccountAccessResult(target, AccessOutcome.Allowed, null, response.StatusCode, null, null, detail + ".", null,
                    response.RequestId, callerArn, arn, reading, elapsed);
            }

            var failure = response.ToException();
            var diagnosis = failure.Diagnosis;
            var denied = ApiErrorIds.IsRefusal(diagnosis.ErrorId);
            return new CrossAccountAccessResult(
                target,
                denied ? AccessOutcome.Denied : AccessOutcome.Error,
                AccessStage.Invoke,
                response.StatusCode,
                diagnosis.ErrorId,
                denied && diagnosis.DenialReason != DenialReason.Unknown ? diagnosis.DenialReason.ToString() : null,
                failure.MessageTemplate,
                failure.RecommendedActionTemplate,
                response.RequestId,
                diagnosis.CallerArn ?? callerArn,
                diagnosis.InvokeArn ?? arn,
                diagnosis.InvokeArn != null ? diagnosis.StageReadingTemplate : reading,
                elapsed);
        }

        /// <summary>
        /// A check that ended with an exception: no answer (Timeout, ConnectionFailed), a refused or failed AssumeRole
        /// (at the start or when the session was renewed during the call), or a credential problem.
        /// </summary>
        public static CrossAccountAccessResult FromException(AccessTarget target, CrossAcctApiException error, AccessStage stage, string? callerArn, TimeSpan elapsed)
        {
            if (RoleStepErrorIds.Contains(error.ErrorId))
            {
                stage = AccessStage.AssumeRole;
            }

            var outcome = AccessOutcome.Error;
            string? reason = null;
            if (error is AssumeRoleDeniedException refused)
            {
                // The role cannot be assumed, so the API cannot be called as it: that is a denial, not a failure to check.
                outcome = AccessOutcome.Denied;
                callerArn = refused.CallerArn ?? callerArn;
                reason = refused.LikelyCauses.Count > 0 ? refused.LikelyCauses[0].ToString() : null;
            }

            return new CrossAccountAccessResult(target, outcome, stage, (error as ApiCallException)?.StatusCode, error.ErrorId, reason, error.MessageTemplate,
                error.RecommendedActionTemplate, null, callerArn, target.InvokeArn, target.StageReading, elapsed);
        }

        /// <summary>The answer to an unsigned probe: refused (401/403) is Denied, 2xx Allowed, anything else an Error.</summary>
        public static CrossAccountAccessResult FromUnsignedAnswer(AccessTarget target, int status, string? reasonPhrase, GatewayError? error, string? requestId, TimeSpan elapsed)
        {
            var exact = target.InvokeArn;
            if (status >= 200 && status <= 299)
            {
                return new CrossAccountAccessResult(target, AccessOutcome.Allowed, null, status, null, null,
                    "API Gateway answered " + status + " " + reasonPhrase + " to a request without a signature: the route does not require IAM authorization.",
                    target.Expected == AccessOutcome.Denied
                        ? "Give the route " + target.Call.Method + " " + target.Call.Endpoint.Uri.AbsolutePath + " the authorization type AWS_IAM (aws apigatewayv2 update-route --authorization-type AWS_IAM), or correct the expectation if the route is public on purpose."
                        : null,
                    requestId, null, exact, target.StageReading, elapsed);
            }

            var id = ErrorIdOf(status, error);
            var refused = status == 401 || status == 403;
            var said = error?.Message is null ? string.Empty : ": " + error.Message;
            string detail;
            string? action = null;
            if (id == ApiErrorIds.MissingAuthenticationToken)
            {
                detail = "API Gateway refused the unsigned request with " + status + " Missing Authentication Token: the route requires a SigV4 signature.";
            }
            else if (refused)
            {
                detail = "API Gateway refused the unsigned request with " + status + said + ".";
            }
            else
            {
                detail = "API Gateway answered " + status + " " + reasonPhrase + said + ", which says nothing about whether the route is protected.";
                action = id == ApiErrorIds.NotFound
                    ? "Check the URL: no route or stage matches " + target.Call.Method + " " + target.Call.Endpoint.Uri.AbsolutePath + "."
                    : "Run the check again when the API answers normally.";
            }

            return new CrossAccountAccessResult(target, refused ? AccessOutcome.Denied : AccessOutcome.Error, AccessStage.Invoke, status, id, null, detail, action,
                requestId, null, exact, target.StageReading, elapsed);
        }

        /// <summary>The same ErrorIds as the diagnoses of signed calls, from the kind of answer.</summary>
        internal static string ErrorIdOf(int status, GatewayError? error)
        {
            switch (error?.Failure ?? GatewayFailure.Other)
            {
                case GatewayFailure.MissingAuthenticationToken: return ApiErrorIds.MissingAuthenticationToken;
                case GatewayFailure.InvalidToken: return ApiErrorIds.InvalidToken;
                case GatewayFailure.ExpiredToken: return ApiErrorIds.ExpiredToken;
                case GatewayFailure.SignatureExpired: return ApiErrorIds.SignatureExpired;
                case GatewayFailure.SignatureMismatch:
                case GatewayFailure.SignatureScope:
                case GatewayFailure.IncompleteSignature:
                    return ApiErrorIds.SignatureMismatch;
                case GatewayFailure.NotAuthorized: return ApiErrorIds.NotAuthorized;
                case GatewayFailure.Forbidden: return ApiErrorIds.AccessDenied;
                case GatewayFailure.NotFound: return ApiErrorIds.NotFound;
                case GatewayFailure.Throttled: return ApiErrorIds.Throttled;
                case GatewayFailure.ServerError: return ApiErrorIds.ServerError;
                default: return ApiErrorIds.HttpError;
            }
        }

    }
}
