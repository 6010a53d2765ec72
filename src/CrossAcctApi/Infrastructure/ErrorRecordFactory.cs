using System;
using System.Management.Automation;
using CrossAcctApi.Core;

namespace CrossAcctApi
{
    /// <summary>
    /// The one place a <see cref="CrossAcctApiException"/> becomes an <see cref="ErrorRecord"/>: its ErrorId (to which
    /// PowerShell appends ",&lt;cmdlet class&gt;" to make the FullyQualifiedErrorId), the ErrorCategory for its
    /// FailureKind, its target, its recommended action in ErrorDetails, and the inputs it names phrased as
    /// parameters. Core messages never hold secrets, so the record does not either.
    /// </summary>
    internal static class ErrorRecordFactory
    {
        public static ErrorRecord Create(CrossAcctApiException exception, object? fallbackTarget = null)
        {
            if (exception is null)
            {
                throw new ArgumentNullException(nameof(exception));
            }

            exception.UsePhrasing(ParameterPhrasing.Instance);
            var record = new ErrorRecord(exception, exception.ErrorId, ToCategory(exception.Kind), exception.Target ?? fallbackTarget)
            {
                ErrorDetails = new ErrorDetails(exception.Message),
            };
            if (!string.IsNullOrEmpty(exception.RecommendedAction))
            {
                record.ErrorDetails.RecommendedAction = exception.RecommendedAction;
            }

            return record;
        }

        /// <summary>For errors the cmdlet layer itself detects (invalid parameter combinations).</summary>
        public static ErrorRecord Create(string errorId, FailureKind kind, string message, object? target, string? recommendedAction) =>
            Create(new CrossAcctApiException(errorId, kind, message, target) { RecommendedAction = recommendedAction });

        public static ErrorCategory ToCategory(FailureKind kind)
        {
            switch (kind)
            {
                case FailureKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case FailureKind.InvalidData: return ErrorCategory.InvalidData;
                case FailureKind.InvalidOperation: return ErrorCategory.InvalidOperation;
                case FailureKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                case FailureKind.AuthenticationError: return ErrorCategory.AuthenticationError;
                case FailureKind.ResourceUnavailable: return ErrorCategory.ResourceUnavailable;
                case FailureKind.ObjectNotFound: return ErrorCategory.ObjectNotFound;
                case FailureKind.LimitsExceeded: return ErrorCategory.LimitsExceeded;
                case FailureKind.ConnectionError: return ErrorCategory.ConnectionError;
                case FailureKind.OperationTimeout: return ErrorCategory.OperationTimeout;
                case FailureKind.OperationStopped: return ErrorCategory.OperationStopped;
                case FailureKind.ProtocolError: return ErrorCategory.ProtocolError;
                case FailureKind.SecurityError: return ErrorCategory.SecurityError;
                default: return ErrorCategory.NotSpecified;
            }
        }
    }
}
