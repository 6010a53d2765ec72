using System;
using System.Collections.Generic;

namespace CrossAcctApi.Core.Access
{
    /// <summary>
    /// The verdict of one access check. A denial is a result like any other; <see cref="Passed"/> says whether it is
    /// the one expected, and <see cref="Message"/> says so in a sentence that reads well after Pester's "because".
    /// Holds no secret: no key, token, signature or external id.
    /// </summary>
    public sealed class CrossAccountAccessResult
    {
        internal CrossAccountAccessResult(
            AccessTarget target,
            AccessOutcome outcome,
            AccessStage? failedAt,
            int? statusCode,
            string? diagnosis,
            string? denialReason,
            string detail,
            string? recommendedAction,
            string? requestId,
            string? callerArn,
            string? invokeArn,
            string? stageReading,
            TimeSpan elapsed)
        {
            Target = target.Name;
            RoleArn = target.Role?.RoleArn.Arn;
            Method = target.Call.Method;
            Uri = target.Call.Endpoint.Uri;
            Stage = target.Call.Target.Stage;
            StageSource = target.Call.Target.StageSource;
            Probe = target.Probe;
            InvokeArn = invokeArn;
            StageReading = stageReading;
            Expected = target.Expected;
            Outcome = outcome;
            FailedAt = failedAt;
            StatusCode = statusCode;
            Diagnosis = diagnosis;
            DenialReason = denialReason;
            Detail = detail;
            RecommendedAction = recommendedAction;
            RequestId = requestId;
            CallerArn = callerArn;
            Elapsed = elapsed;
            Passed = outcome != AccessOutcome.Error && outcome == target.Expected;
            Message = Compose();
        }

        /// <summary>What was checked, for example "GET /prod/items as CrossAccountInvoker".</summary>
        public string Target { get; }

        /// <summary>The role assumed (null for an unsigned probe without a role).</summary>
        public string? RoleArn { get; }

        public string Method { get; }

        public Uri Uri { get; }

        /// <summary>The stage the call addresses: given with the target, or read from the URL (see <see cref="StageSource"/>).</summary>
        public string Stage { get; }

        /// <summary>How the stage was decided: Given, AssumedDefault, NoStageSegment or DomainMapping.</summary>
        public Requests.StageSource StageSource { get; }

        public AccessProbe Probe { get; }

        /// <summary>
        /// The execute-api:Invoke resource the call is authorized against: the server's when it named it, else the one
        /// reading of the URL (see <see cref="StageReading"/>); null when nothing names the API.
        /// </summary>
        public string? InvokeArn { get; }

        /// <summary>How the stage was read from the URL when neither the target nor the server said it; null otherwise.</summary>
        public string? StageReading { get; }

        /// <summary>Allowed or Denied.</summary>
        public AccessOutcome Expected { get; }

        /// <summary>Allowed, Denied, or Error (no verdict about access).</summary>
        public AccessOutcome Outcome { get; }

        /// <summary>Where a check without access ended: AssumeRole or Invoke; null when the call was allowed.</summary>
        public AccessStage? FailedAt { get; }

        /// <summary>The API's status code, when it answered.</summary>
        public int? StatusCode { get; }

        /// <summary>True when <see cref="Outcome"/> is <see cref="Expected"/>. An Error never passes.</summary>
        public bool Passed { get; }

        /// <summary>
        /// Why access was refused or not decided, with the ErrorIds of Invoke-SignedHttpApi (NotAuthorized,
        /// MissingAuthenticationToken, NotFound, ExpiredToken, Throttled, Timeout, ConnectionFailed...) or, for
        /// AssumeRole, of Get-AssumedRoleCredential (AssumeRoleAccessDenied, SourceCredentialRejected, StsThrottled...).
        /// Null when the call was allowed.
        /// </summary>
        public string? Diagnosis { get; }

        /// <summary>
        /// Why a denial happened, when the refusal says: for NotAuthorized ExplicitDeny or NoIdentityPolicy (and the
        /// other reasons IAM names), for AssumeRoleAccessDenied the most likely cause (NotTrustedByRole,
        /// ExternalIdRequired, MfaRequired, CallerLacksAssumeRole, ExplicitDeny).
        /// </summary>
        public string? DenialReason { get; }

        /// <summary>What happened, in words: the server's refusal or the diagnosis.</summary>
        public string Detail { get; }

        /// <summary>What to do about a refusal or failure, when there is something to do.</summary>
        public string? RecommendedAction { get; }

        /// <summary>The whole verdict in a sentence: target, expectation, outcome and reason.</summary>
        public string Message { get; }

        /// <summary>API Gateway's request id, to find the call in its access logs.</summary>
        public string? RequestId { get; }

        /// <summary>Who called: the assumed-role session ARN, or the caller STS refused.</summary>
        public string? CallerArn { get; }

        /// <summary>From the start of this check (waiting for a shared AssumeRole included) to its verdict.</summary>
        public TimeSpan Elapsed { get; }

        /// <summary>"PASS" or "FAIL".</summary>
        public string Verdict => Passed ? "PASS" : "FAIL";

        /// <summary>One line: verdict, target, outcome and why.</summary>
        public override string ToString() =>
            Verdict + " " + Target + ": " + Outcome + OutcomeNote() + (Passed ? string.Empty : ", expected " + Expected);

        private string Compose()
        {
            if (Passed)
            {
                return Target + " was " + Outcome + OutcomeNote() + ", as expected";
            }

            if (Outcome == AccessOutcome.Error)
            {
                return Target + " was expected to be " + Expected + ", but the check failed at " + FailedAt + OutcomeNote() + ": " + Detail;
            }

            return Target + " was expected to be " + Expected + ", but was " + Outcome
                + (FailedAt.HasValue ? " at " + FailedAt : string.Empty) + OutcomeNote() + ": " + Detail;
        }

        // "(403 NotAuthorized)", "(200)", "(AssumeRoleAccessDenied)".
        private string OutcomeNote()
        {
            var parts = new List<string>(2);
            if (StatusCode.HasValue)
            {
                parts.Add(StatusCode.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (Diagnosis != null)
            {
                parts.Add(Diagnosis);
            }

            return parts.Count == 0 ? string.Empty : " (" + string.Join(" ", parts) + ")";
        }
    }
}
