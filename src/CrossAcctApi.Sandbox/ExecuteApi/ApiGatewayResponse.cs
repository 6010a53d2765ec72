using System.Security.Cryptography;
using System.Text.Json;

namespace CrossAcctApi.Sandbox.ExecuteApi;

/// <summary>
/// An answer in API Gateway's shape (Lambda function URLs answer in the same one): status, optional x-amzn-ErrorType,
/// JSON body, extra headers.
/// </summary>
internal sealed class ApiGatewayResponse
{
    /// <summary>The body property of IAM's AccessDenied answers (<c>{"Message":"User: ..."}</c>); API Gateway's own use "message".</summary>
    public const string CapitalMessage = "Message";

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

    /// <summary>An X-Ray trace header, <c>Root=1-{epoch seconds, 8 hex}-{96 random bits, 24 hex}</c>, as on successful answers.</summary>
    public static string NewTraceId(DateTimeOffset now) =>
        $"Root=1-{now.ToUnixTimeSeconds():x8}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant()}";

    public static ApiGatewayResponse Success(int statusCode, byte[] body, string outcome) => new(statusCode, outcome, body, null);

    // AWS writes quotes and '+' as they are ("Credential should be scoped to correct service: 'execute-api'."); the
    // default encoder would write \u0027, which parses the same but is not what a byte comparison with AWS sees.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ApiGatewayResponse Error(int statusCode, string outcome, string? errorType, string message, string property = "message") =>
        new(statusCode, outcome, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { [property] = message }, Relaxed), errorType);

    public static ApiGatewayResponse NotFound() => Error(404, "NotFound", null, "Not Found");

    /// <summary>Writes x-amzn-ErrorType, the extra headers and the body (JSON unless a header says otherwise); the caller sets the status and ids.</summary>
    public async Task WriteAsync(HttpContext context)
    {
        if (ErrorType != null) context.Response.Headers["x-amzn-ErrorType"] = ErrorType;
        foreach (var (name, value) in Headers) context.Response.Headers[name] = value;
        if (Body.Length == 0) return;
        if (!Headers.ContainsKey("Content-Type")) context.Response.ContentType = "application/json";
        context.Response.ContentLength = Body.Length;
        await context.Response.Body.WriteAsync(Body, context.RequestAborted).ConfigureAwait(false);
    }

    public override string ToString() => $"{StatusCode} {Outcome}";
}
