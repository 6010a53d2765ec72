using System;

namespace CrossAcctApi.Core
{
    /// <summary>
    /// What kind of failure an error is. The cmdlet layer maps each kind to one PowerShell ErrorCategory,
    /// so the core can say what went wrong without referencing System.Management.Automation.
    /// </summary>
    // Output enum: 64-bit so that ConvertTo-Json (PowerShell 7) writes its name, not a number (PowerShell writes
    // Int64 enums as names because JavaScript cannot hold every Int64). tests/pester/Serialization.Tests.ps1 checks it.
    public enum FailureKind : long
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
        SecurityError,
        NotSpecified,
    }

    /// <summary>
    /// The one exception type the core throws on purpose. <see cref="ErrorId"/> is stable (scripts and tests
    /// match on it); the message says what to fix and never contains a secret. Inputs are named in the texts as
    /// <c>{@Name}</c> markers (<see cref="Phrasing"/>): <see cref="Message"/> and <see cref="RecommendedAction"/>
    /// render them with the phrasing the front end chose (<see cref="UsePhrasing"/>), neutral words otherwise.
    /// </summary>
    public class CrossAcctApiException : Exception, IPhrasable
    {
        private IPhrasing? _phrasing;

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

        public override string Message => Phrasing.Render(base.Message, _phrasing);

        /// <summary>The message as written, with its input markers.</summary>
        public string MessageTemplate => base.Message;

        /// <summary>What the user should do about it, in words, when the core knows (input markers rendered).</summary>
        public string? RecommendedAction
        {
            get => RecommendedActionTemplate is null ? null : Phrasing.Render(RecommendedActionTemplate, _phrasing);
            set => RecommendedActionTemplate = value;
        }

        /// <summary>The recommended action as written, with its input markers.</summary>
        public string? RecommendedActionTemplate { get; private set; }

        /// <summary>How this error (and the results it carries) names inputs from now on (the cmdlet layer sets PowerShell's parameter syntax).</summary>
        public virtual void UsePhrasing(IPhrasing phrasing) => _phrasing = phrasing ?? throw new ArgumentNullException(nameof(phrasing));
    }
}
