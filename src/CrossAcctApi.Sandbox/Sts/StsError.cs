namespace CrossAcctApi.Sandbox.Sts;

/// <summary>An STS error as the Query protocol returns it: HTTP status, Error/Type, Error/Code, Error/Message.</summary>
internal sealed record StsError(int StatusCode, string Code, string Message, string Type = "Sender")
{
    public const string AccessDenied = "AccessDenied";
    public const string ValidationError = "ValidationError";
    public const string InvalidClientTokenId = "InvalidClientTokenId";
    public const string SignatureDoesNotMatch = "SignatureDoesNotMatch";
    public const string IncompleteSignature = "IncompleteSignature";
    public const string ExpiredToken = "ExpiredToken";
    public const string Throttling = "Throttling";
    public const string MissingAuthenticationToken = "MissingAuthenticationToken";
    public const string InvalidAction = "InvalidAction";
    public const string MalformedPolicyDocument = "MalformedPolicyDocument";
    public const string PackedPolicyTooLarge = "PackedPolicyTooLarge";

    public static StsError Denied(string message) => new(403, AccessDenied, message);

    public static StsError NotAuthorized(string callerArn, string action, string resource) =>
        Denied($"User: {callerArn} is not authorized to perform: {action} on resource: {resource}");

    public static StsError Validation(string message) => new(400, ValidationError, message);

    public static StsError ThrottlingError() => new(400, Throttling, "Rate exceeded");
}
