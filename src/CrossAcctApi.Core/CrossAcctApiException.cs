using System;

namespace CrossAcctApi.Core
{
    /// <summary>
    /// What kind of failure an error is. The cmdlet layer maps each kind to one PowerShell ErrorCategory,
    /// so the core can say what went wrong without referencing System.Management.Automation.
    /// </summary>
    public enum FailureKind
    {
        InvalidArgument,
        InvalidData,
        InvalidOperation,
        PermissionDenied,
        AuthenticationError,
        ResourceUnavailable,
        ObjectNotFound,
        LimitsExceeded,
        ConnectionError,
        OperationTimeout,
        OperationStopped,
        ProtocolError,
        NotSpecified,
    }

    /// <summary>
    /// The one exception type the core throws on purpose. <see cref="ErrorId"/> is stable (scripts and tests
    /// match on it); the message says what to fix and never contains a secret.
    /// </summary>
    public class CrossAcctApiException : Exception
    {
        public CrossAcctApiException(string errorId, FailureKind kind, string message, object? target = null, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId ?? throw new ArgumentNullException(nameof(errorId));
            Kind = kind;
            Target = target;
        }

        /// <summary>Stable identifier, for example <c>ReservedHeader</c> or <c>NotAuthorized</c>.</summary>
        public string ErrorId { get; }

        public FailureKind Kind { get; }

        /// <summary>The input the error is about (a URI, a header name, a role ARN); never a secret.</summary>
        public object? Target { get; }

        /// <summary>What the user should do about it, in words, when the core knows.</summary>
        public string? RecommendedAction { get; set; }
    }
}
