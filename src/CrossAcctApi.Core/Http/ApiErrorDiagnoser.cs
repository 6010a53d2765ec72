using System;
using System.Globalization;
using System.Linq;
using CrossAcctApi.Core.Arns;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Http
{
    /// <summary>
    /// Turns a failed call into one of the stable ErrorIds with words for people: what happened, and what to do.
    /// Matches on the x-amzn-ErrorType header and the message (see <see cref="GatewayError"/>).
    /// </summary>
    internal static class ApiErrorDiagnoser
    {
        public static ApiCallException Diagnose(ApiResponse response)
        {
            if (response is null)
            {
                throw new ArgumentNullException(nameof(response));
            }

            var error = response.Error ?? GatewayError.Parse(response.StatusCode, response.Header("x-amzn-ErrorType"), response.Body);
            var diagnosis = Describe(response, error);
            diagnosis.StatusCode = response.StatusCode;
            diagnosis.ErrorType = error.ErrorType;
            diagnosis.ServerMessage = error.Message;
            diagnosis.RequestId = response.RequestId;
            diagnosis.Attempts = response.Attempts;
            return new ApiCallException(diagnosis, response, response.Uri.AbsoluteUri);
        }

        /// <summary>No answer within the timeout.</summary>
        public static ApiCallException Timeout(PreparedApiCall call, CallFacts facts, int attempts, Exception inner)
        {
            var diagnosis = new ApiErrorDiagnosis(
                ApiErrorIds.Timeout,
                FailureKind.OperationTimeout,
                "No answer from " + call.Endpoint.Uri.Authority + " within " + Seconds(facts.Timeout) + " for " + Request(call) + " (attempt " + attempts + ").",
                "Raise {@TimeoutSec} if the API is slow (API Gateway gives its integrations up to 30 seconds), or check the network path to " + call.Endpoint.Host + ".")
            {
                Attempts = attempts,
            };
            return new ApiCallException(diagnosis, null, call.Endpoint.Uri.AbsoluteUri, inner);
        }

        /// <summary>No connection, or it broke, and retrying is over (or not allowed for this method).</summary>
        public static ApiCallException ConnectionFailed(PreparedApiCall call, CallFacts facts, int attempts, TransportFailure failure, Exception inner)
        {
            var uri = call.Endpoint.Uri;
            var summary = "Could not complete " + Request(call) + ": " + failure.Description + " (" + uri.Scheme + "://" + uri.Authority + ", "
                + attempts + (attempts == 1 ? " attempt" : " attempts") + ").";
            var action = "Check the host and port in the URL, DNS, any proxy (HTTPS_PROXY) and firewalls; if the API is local, check that it is running.";
            if (facts.RetryStoppedBecause != null)
            {
                summary += " " + facts.RetryStoppedBecause;
            }

            if (!failure.NeverSent && !HttpMethods.IsIdempotent(call.Method))
            {
                action = "The request may have reached the server before the connection broke, so " + call.Method
                    + " was not sent again: check whether it took effect before repeating it, or pass {@RetryNonIdempotent} if repeating it is harmless. " + action;
            }

            var diagnosis = new ApiErrorDiagnosis(ApiErrorIds.ConnectionFailed, FailureKind.ConnectionError, summary, action) { Attempts = attempts };
            return new ApiCallException(diagnosis, null, uri.AbsoluteUri, inner);
        }

        private static ApiErrorDiagnosis Describe(ApiResponse response, GatewayError error)
        {
            switch (error.Failure)
            {
                case GatewayFailure.MissingAuthenticationToken:
                    return MissingAuthenticationToken(response);
                case GatewayFailure.InvalidToken:
                    return InvalidToken(response, error);
                case GatewayFailure.ExpiredToken:
                    return ExpiredToken(response);
                case GatewayFailure.SignatureExpired:
                    return SignatureExpired(response, error);
                case GatewayFailure.SignatureMismatch:
                    return SignatureMismatch(response, error);
                case GatewayFailure.SignatureScope:
                case GatewayFailure.IncompleteSignature:
                    return SignatureScope(response, error);
                case GatewayFailure.NotAuthorized:
                    return NotAuthorizedDiagnosis.Describe(response, error);
                case GatewayFailure.NotFound:
                    return NotFound(response);
                case GatewayFailure.Throttled:
                    return Throttled(response);
                case GatewayFailure.ServerError:
                    return ServerError(response, error);
                default:
                    return HttpError(response, error);
            }
        }

        private static ApiErrorDiagnosis MissingAuthenticationToken(ApiResponse response) =>
            new ApiErrorDiagnosis(
                ApiErrorIds.MissingAuthenticationToken,
                FailureKind.AuthenticationError,
                Status(response) + " for " + Request(response.Call) + ": Missing Authentication Token. API Gateway saw no SigV4 signature on the request, although it was signed with access key "
                + response.Facts.AccessKeyId + ".",
                "Either something between here and API Gateway removed the Authorization header (a proxy or load balancer), or the URL is not a route of the API that uses IAM authorization "
                + "(REST APIs give this answer for unknown paths and stages too): check the stage segment and the path. A route without IAM authorization needs no signature.");

        private static ApiErrorDiagnosis InvalidToken(ApiResponse response, GatewayError error)
        {
            var facts = response.Facts;
            string action;
            if (facts.AccessKeyId.StartsWith("ASIA", StringComparison.Ordinal) && !facts.HasSessionToken)
            {
                action = "Access key " + facts.AccessKeyId + " is temporary (ASIA…), but no session token was sent: pass the whole credential, SessionToken included.";
            }
            else if (facts.HasSessionToken)
            {
                action = "The access key or its session token is not one AWS issued (or it belongs to another partition, or the session was revoked): get fresh credentials (for example with {@AssumeRoleCommand}) and pass them with {@Credential}.";
            }
            else
            {
                action = "Access key " + facts.AccessKeyId + " is deactivated, deleted or mistyped: check it in IAM (aws iam list-access-keys), or use another key.";
            }

            return new ApiErrorDiagnosis(
                ApiErrorIds.InvalidToken,
                FailureKind.AuthenticationError,
                Status(response) + " for " + Request(response.Call) + ": " + (error.Message ?? "the security token included in the request is invalid")
                + " AWS does not recognise access key " + facts.AccessKeyId + (facts.HasSessionToken ? " with its session token." : "."),
                action);
        }

        private static ApiErrorDiagnosis ExpiredToken(ApiResponse response)
        {
            var facts = response.Facts;
            var summary = Status(response) + " for " + Request(response.Call) + ": the session token of access key " + facts.AccessKeyId + " has expired";
            string action;
            if (facts.RefreshAttempted)
            {
                summary += "; the credential was refreshed once, and the new token was refused as expired too.";
                action = "Check this machine's clock and the source the credential refreshes from, then assume the role again.";
            }
            else if (facts.CanRefresh)
            {
                summary += ".";
                action = "Assume the role again.";
            }
            else
            {
                summary += " (" + facts.CredentialDescription + "), and this credential cannot refresh itself.";
                action = "Assume the role again (with {@AssumeRoleCommand}, or 'aws sts assume-role') and pass the new credential; credentials from {@AssumeRoleCommand} renew themselves before they expire.";
            }

            return new ApiErrorDiagnosis(ApiErrorIds.ExpiredToken, FailureKind.AuthenticationError, summary, action);
        }

        private static ApiErrorDiagnosis SignatureExpired(ApiResponse response, GatewayError error)
        {
            var facts = response.Facts;
            var summary = Status(response) + " for " + Request(response.Call) + ": the server refused the signing time: " + error.Message;
            if (facts.SkewCorrected)
            {
                summary += " The request was signed again with the server's time (our clock is " + Offset(facts.ClockOffset) + ") and was refused again.";
            }
            else if (facts.ServerTimeUnknown)
            {
                summary += " The answer had no Date header (or time in its message) to correct the clock from.";
            }

            return new ApiErrorDiagnosis(
                ApiErrorIds.SignatureExpired,
                FailureKind.AuthenticationError,
                summary,
                "Set this machine's clock right (turn on time synchronisation, NTP): AWS accepts a signature only within 5 minutes of its own time.");
        }

        private static ApiErrorDiagnosis SignatureMismatch(ApiResponse response, GatewayError error)
        {
            var facts = response.Facts;
            var summary = Status(response) + " for " + Request(response.Call) + ": the signature does not match the one API Gateway calculated.";
            var report = facts.SignatureReport;
            if (report != null)
            {
                summary += " " + report.Explain(facts.AccessKeyId) + "\n" + report;
            }

            return new ApiErrorDiagnosis(
                ApiErrorIds.SignatureMismatch,
                FailureKind.AuthenticationError,
                summary,
                "Check that the secret access key belongs to access key " + facts.AccessKeyId + "; if it does, make sure nothing changes the request after signing (a proxy, URL rewriting, "
                + "a custom domain's base path), using the line-by-line comparison of the canonical requests.")
            {
                SignatureMismatch = report,
            };
        }

        private static ApiErrorDiagnosis SignatureScope(ApiResponse response, GatewayError error)
        {
            var call = response.Call;
            string action;
            if (error.MessageContains("valid region"))
            {
                action = "The request was signed for region " + call.Scope.Region + " (from " + call.Scope.RegionOrigin + "), which is not the API's region: pass {@Region} with the region the API is deployed in.";
            }
            else if (error.MessageContains("correct service"))
            {
                action = "The request was signed for service '" + call.Scope.Service + "': leave {@Service} out to sign for execute-api.";
            }
            else if (error.MessageContains("Date in Credential scope"))
            {
                action = "The date in the credential scope and X-Amz-Date disagree: something changed the X-Amz-Date header after signing.";
            }
            else
            {
                action = "The Authorization header arrived incomplete or malformed: check that no proxy rewrites or truncates it.";
            }

            return new ApiErrorDiagnosis(
                ApiErrorIds.SignatureMismatch,
                FailureKind.AuthenticationError,
                Status(response) + " for " + Request(call) + ": " + (error.Message ?? "the signature's credential scope was refused.").Trim(),
                action);
        }

        private static ApiErrorDiagnosis NotFound(ApiResponse response) =>
            new ApiErrorDiagnosis(
                ApiErrorIds.NotFound,
                FailureKind.ObjectNotFound,
                Status(response) + " for " + Request(response.Call) + ": no route of the API matches " + response.Method + " " + response.Uri.AbsolutePath + ".",
                "Check the path, the method and the stage: a named stage is the first path segment (/prod/items), the $default stage has none (/items). "
                + "HTTP APIs answer 404 for unknown routes before checking IAM, so this is not a permissions problem.");

        private static ApiErrorDiagnosis Throttled(ApiResponse response) =>
            new ApiErrorDiagnosis(
                ApiErrorIds.Throttled,
                FailureKind.LimitsExceeded,
                Status(response) + " for " + Request(response.Call) + " after " + Attempts(response) + StopReason(response) + ".",
                "Send fewer requests at once (lower {@ThrottleLimit}), allow more or longer retries ({@MaximumRetryCount}, {@RetryIntervalSec}), or ask the API's owner for higher throttling limits on the stage or route.");

        private static ApiErrorDiagnosis ServerError(ApiResponse response, GatewayError error)
        {
            var requestId = response.RequestId is null ? string.Empty : " (request id " + response.RequestId + ")";
            string action;
            switch (response.StatusCode)
            {
                case 502:
                    action = "API Gateway could not use the integration's answer: the backend failed or answered in a malformed way; check its logs" + requestId + ".";
                    break;
                case 503:
                    action = "The API or its backend is unavailable: try again later.";
                    break;
                case 504:
                    action = "The integration did not answer within API Gateway's 30-second limit: make it faster, or start the work asynchronously.";
                    break;
                default:
                    action = "The API failed while handling the request: check the integration's logs" + requestId + ".";
                    break;
            }

            if (!HttpMethods.IsIdempotent(response.Method) && RetryTiming.IsRetryableStatus(response.StatusCode) && response.Attempts == 1)
            {
                action += " " + response.Method + " was not retried because the server may have processed it: check whether it took effect, or pass {@RetryNonIdempotent} if repeating it is harmless.";
            }

            return new ApiErrorDiagnosis(
                ApiErrorIds.ServerError,
                FailureKind.ResourceUnavailable,
                Status(response) + " for " + Request(response.Call) + " after " + Attempts(response) + StopReason(response) + "." + (error.Message is null ? string.Empty : " The server said: " + error.Message),
                action);
        }

        private static ApiErrorDiagnosis HttpError(ApiResponse response, GatewayError error)
        {
            var forbidden = error.Failure == GatewayFailure.Forbidden;
            var action = response.StatusCode == 401
                ? "A 401 comes from a JWT or Lambda authorizer, not from IAM: this route does not use IAM authorization, so it needs the token its authorizer expects."
                : forbidden
                    ? "This 403 is none of API Gateway's IAM answers: something in front of the API refused it (a WAF rule, a CDN, a proxy). Its answer is in the error's ErrorDetails."
                    : "The server refused the request as sent; its answer is in the error's ErrorDetails.";
            return new ApiErrorDiagnosis(
                forbidden ? ApiErrorIds.AccessDenied : ApiErrorIds.HttpError,
                response.StatusCode >= 500 ? FailureKind.ResourceUnavailable : FailureKind.InvalidOperation,
                Status(response) + " for " + Request(response.Call) + (error.Message is null ? "." : ": " + error.Message),
                action);
        }

        internal static string Status(ApiResponse response) =>
            response.StatusCode.ToString(CultureInfo.InvariantCulture) + (string.IsNullOrEmpty(response.ReasonPhrase) ? string.Empty : " " + response.ReasonPhrase);

        internal static string Request(PreparedApiCall call) => call.Method + " " + call.Endpoint.Uri.AbsoluteUri;

        private static string Attempts(ApiResponse response) => response.Attempts + (response.Attempts == 1 ? " attempt" : " attempts");

        private static string StopReason(ApiResponse response) =>
            response.Facts.RetryStoppedBecause is null ? string.Empty : " (" + response.Facts.RetryStoppedBecause + ")";

        private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

        private static string Offset(TimeSpan offset)
        {
            var text = Math.Abs(offset.TotalSeconds).ToString("0", CultureInfo.InvariantCulture) + " s";
            return offset >= TimeSpan.Zero ? text + " behind the server's" : text + " ahead of the server's";
        }
    }
}
