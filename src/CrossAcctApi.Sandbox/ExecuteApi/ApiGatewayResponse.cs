using System.Security.Cryptography;
using System.Text.Json;

namespace CrossAcctApi.Sandbox.ExecuteApi;

/// <summary>An answer in API Gateway's shape: status, optional x-amzn-ErrorType, JSON body, extra headers.</summary>
internal sealed class ApiGatewayResponse
{
    private ApiGatewayResponse(int statusCode, string outcome, byte[] body, string? errorType)
    {
        StatusCode = statusCode;
        Outcome = outcome;
        Body = body;
        ErrorType = errorType;
    }

    public int StatusCode { get; }

    /// <summary>The stats bucket of this answer (Allowed, AccessDenied, NotFound, ...).</summary>
    public string Outcome { get; }

    public byte[] Body { get; }

    public string? ErrorType { get; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A 16-character id like API Gateway's <c>apigw-requestid</c>.</summary>
    public static string NewRequestId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(11));

    public static ApiGatewayResponse Success(int statusCode, byte[] body, string outcome) => new(statusCode, outcome, body, null);

    public static ApiGatewayResponse Error(int statusCode, string outcome, string? errorType, string message) =>
        new(statusCode, outcome, JsonSerializer.SerializeToUtf8Bytes(new { message }), errorType);

    public static ApiGatewayResponse NotFound() => Error(404, "NotFound", null, "Not Found");

    public override string ToString() => $"{StatusCode} {Outcome}";
}
