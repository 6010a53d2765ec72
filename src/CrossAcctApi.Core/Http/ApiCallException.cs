using System;
using System.Collections.Generic;

namespace CrossAcctApi.Core.Http
{
    /// <summary>A diagnosed failure: which of the stable ErrorIds, what the server said, and what follows from it.</summary>
    public sealed class ApiErrorDiagnosis
    {
        internal ApiErrorDiagnosis(string errorId, FailureKind kind, string summary, string recommendedAction)
        {
            ErrorId = errorId;
            Kind = kind;
            Summary = summary;
            RecommendedAction = recommendedAction;
        }

        public string ErrorId { get; }

        public FailureKind Kind { get; }

        /// <summary>What happened, in a sentence or a few.</summary>
        public string Summary { get; }

        /// <summary>What to do about it.</summary>
        public string RecommendedAction { get; }

        public int? StatusCode { get; internal set; }

        /// <summary>x-amzn-ErrorType (without its tail), when the server sent one.</summary>
        public string? ErrorType { get; internal set; }

        /// <summary>The server's message, session token redacted.</summary>
        public string? ServerMessage { get; internal set; }

        public string? RequestId { get; internal set; }

        /// <summary>For NotAuthorized: the invoke ARN the role's policy must allow (exact when known).</summary>
        public string? InvokeArn { get; internal set; }

        /// <summary>For NotAuthorized: how the stage in <see cref="InvokeArn"/> was read from the URL, when neither the caller nor the server said it.</summary>
        public string? StageReading { get; internal set; }

        /// <summary>For NotAuthorized: the principal the server evaluated (the assumed-role ARN).</summary>
        public string? CallerArn { get; internal set; }

        public DenialReason DenialReason { get; internal set; }

        /// <summary>For SignatureMismatch: our canonical request beside the server's.</summary>
        public SignatureMismatchReport? SignatureMismatch { get; internal set; }

        public int Attempts { get; internal set; }

        public override string ToString() => ErrorId + ": " + Summary;
    }

    /// <summary>
    /// A call that failed: no answer (Timeout, ConnectionFailed) or a non-success answer turned into an error. Its
    /// message is the diagnosis (no secret), <see cref="CrossAcctApiException.RecommendedAction"/> what to do, and
    /// <see cref="ResponseBody"/> what the server sent (session token redacted).
    /// </summary>
    public sealed class ApiCallException : CrossAcctApiException
    {
        internal ApiCallException(ApiErrorDiagnosis diagnosis, ApiResponse? response, object? target, Exception? inner = null)
            : base(diagnosis.ErrorId, diagnosis.Kind, diagnosis.Summary, target, inner)
        {
            Diagnosis = diagnosis;
            Response = response;
            RecommendedAction = diagnosis.RecommendedAction;
        }

        public ApiErrorDiagnosis Diagnosis { get; }

        /// <summary>The final answer, or null when none came.</summary>
        public ApiResponse? Response { get; }

        public int? StatusCode => Response?.StatusCode;

        /// <summary>The answer's body as text (what Invoke-RestMethod puts in ErrorDetails), or null.</summary>
        public string? ResponseBody =>
            Response?.Body is byte[] body && body.Length > 0 ? new System.Text.UTF8Encoding(false).GetString(body) : null;
    }
}
