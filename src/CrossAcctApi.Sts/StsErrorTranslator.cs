using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Amazon.Runtime;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi.Sts
{
    /// <summary>
    /// Turns what the AWS SDK throws into <see cref="CrossAcctApiException"/> with a stable id, the right kind and a
    /// message that names the endpoint, the role and what to do. AWS messages are quoted only after being cut to one
    /// line: they carry ARNs and reasons, never keys, but a stray newline must not forge log lines.
    /// </summary>
    internal static class StsErrorTranslator
    {
        public static CrossAcctApiException Translate(Exception error, string operation, StsEndpoint endpoint, string? roleArn, CancellationToken cancellationToken)
        {
            switch (error)
            {
                case CrossAcctApiException known:
                    return known;
                case AmazonServiceException service:
                    return FromService(service, operation, endpoint, roleArn);
                case OperationCanceledException _ when !cancellationToken.IsCancellationRequested:
                    return new CrossAcctApiException(StsErrorIds.StsTimeout, FailureKind.OperationTimeout,
                        "STS at " + endpoint.Uri + " did not answer " + operation + " in time.", endpoint.Uri.ToString(), error)
                    {
                        RecommendedAction = "Check that the endpoint is reachable from here (proxy, firewall, VPC endpoint) and try again.",
                    };
            }

            if (FindConnectionFailure(error) is { } connection)
            {
                return new CrossAcctApiException(StsErrorIds.StsConnectionFailed, FailureKind.ConnectionError,
                    "Could not connect to STS at " + endpoint.Uri + " (" + DescribeEndpoint(endpoint) + "): " + OneLine(connection.Message),
                    endpoint.Uri.ToString(), error)
                {
                    RecommendedAction = "Check the endpoint ({@StsEndpoint}, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, {@Region}), DNS, proxy and network access.",
                };
            }

            return new CrossAcctApiException(StsErrorIds.StsCallFailed, FailureKind.NotSpecified,
                "STS " + operation + " at " + endpoint.Uri + " failed: " + error.GetType().Name + ": " + OneLine(error.Message),
                roleArn ?? endpoint.Uri.ToString(), error);
        }

        private static CrossAcctApiException FromService(AmazonServiceException error, string operation, StsEndpoint endpoint, string? roleArn)
        {
            string code = error.ErrorCode ?? string.Empty;
            string awsSays = OneLine(error.Message);
            string requestId = string.IsNullOrEmpty(error.RequestId) ? string.Empty : " (request id " + error.RequestId + ")";
            object target = roleArn ?? endpoint.Uri.ToString();
            switch (code)
            {
                case "InvalidClientTokenId":
                case "SignatureDoesNotMatch":
                case "ExpiredToken":
                case "IncompleteSignature":
                case "MissingAuthenticationToken":
                case "UnrecognizedClientException":
                case "InvalidAccessKeyId":
                    return new CrossAcctApiException(StsErrorIds.SourceCredentialRejected, FailureKind.AuthenticationError,
                        "STS rejected the source credentials for " + operation + " (" + code + "): " + awsSays + requestId, target, error)
                    {
                        RecommendedAction = code == "ExpiredToken"
                            ? "The source session has expired: get fresh source credentials (aws sso login, a new chained session, new environment variables)."
                            : "Check the access key id and secret (and the session token for temporary keys) of the source credentials, and that they belong to the partition of the endpoint.",
                    };
                case "RegionDisabledException":
                    return new CrossAcctApiException(StsErrorIds.StsRegionDisabled, FailureKind.ResourceUnavailable,
                        "STS is not activated in region " + endpoint.SigningRegion + " for the caller's account: " + awsSays + requestId, endpoint.SigningRegion, error)
                    {
                        RecommendedAction = "Activate STS for the region in IAM account settings, or give another region ({@Region}).",
                    };
                case "MalformedPolicyDocument":
                case "PackedPolicyTooLarge":
                case "ValidationError":
                case "InvalidParameterValue":
                case "InvalidParameterCombination":
                    return new CrossAcctApiException(StsErrorIds.StsInvalidRequest, FailureKind.InvalidArgument,
                        "STS refused the " + operation + " parameters (" + code + "): " + awsSays + requestId, target, error)
                    {
                        RecommendedAction = "Fix the value STS names (for example {@DurationSeconds} above the role's maximum session duration, or the session policy).",
                    };
                case "Throttling":
                case "ThrottlingException":
                case "RequestLimitExceeded":
                case "TooManyRequestsException":
                case "SlowDown":
                    return Throttled(operation, endpoint, awsSays + requestId, target, error);
            }

            int status = (int)error.StatusCode;
            if (status == 429)
            {
                return Throttled(operation, endpoint, awsSays + requestId, target, error);
            }

            if (status >= 500)
            {
                return new CrossAcctApiException(StsErrorIds.StsUnavailable, FailureKind.ResourceUnavailable,
                    "STS at " + endpoint.Uri + " answered " + operation + " with HTTP " + status + " (" + code + "): " + awsSays + requestId, target, error);
            }

            return new CrossAcctApiException(StsErrorIds.StsCallFailed, status == 403 ? FailureKind.PermissionDenied : FailureKind.NotSpecified,
                "STS " + operation + " failed with HTTP " + status + " (" + code + "): " + awsSays + requestId, target, error);
        }

        private static CrossAcctApiException Throttled(string operation, StsEndpoint endpoint, string detail, object target, Exception error) =>
            new CrossAcctApiException(StsErrorIds.StsThrottled, FailureKind.LimitsExceeded,
                "STS at " + endpoint.Uri + " throttled " + operation + ": " + detail, target, error);

        private static Exception? FindConnectionFailure(Exception error)
        {
            for (Exception? current = error; current != null; current = current.InnerException)
            {
                if (current is HttpRequestException || current is SocketException || current is WebException)
                {
                    // The innermost socket error says "Connection refused" rather than "An error occurred while sending".
                    Exception deepest = current;
                    for (Exception? inner = current.InnerException; inner != null; inner = inner.InnerException)
                    {
                        if (inner is SocketException || inner is System.IO.IOException)
                        {
                            deepest = inner;
                        }
                    }

                    return deepest;
                }
            }

            return null;
        }

        private static string DescribeEndpoint(StsEndpoint endpoint)
        {
            switch (endpoint.Source)
            {
                case StsEndpointSource.Parameter: return "from {@StsEndpoint}";
                case StsEndpointSource.ServiceEnvironmentVariable: return "from " + StsEndpoint.ServiceEndpointVariable;
                case StsEndpointSource.GlobalEnvironmentVariable: return "from " + StsEndpoint.GlobalEndpointVariable;
                default: return "regional endpoint for " + endpoint.SigningRegion;
            }
        }

        internal static string OneLine(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return "(no message)";
            }

            var builder = new StringBuilder(Math.Min(text!.Length, 500));
            foreach (char c in text)
            {
                if (builder.Length >= 500)
                {
                    builder.Append("...");
                    break;
                }

                builder.Append(char.IsControl(c) ? ' ' : c);
            }

            return builder.ToString().Trim();
        }
    }
}
