using System.Net;
using System.Text;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace CrossAcctApi.Sandbox.Tests.Infrastructure;

/// <summary>An HTTP answer, read fully.</summary>
internal sealed class ApiResponse
{
    public required HttpStatusCode Status { get; init; }

    public required string Body { get; init; }

    public required HttpResponseMessage Raw { get; init; }

    public string? ErrorType => Header("x-amzn-ErrorType");

    public string? Header(string name) =>
        Raw.Headers.TryGetValues(name, out var values) || Raw.Content.Headers.TryGetValues(name, out values) ? values.First() : null;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Message => Json.GetProperty("message").GetString()!;

    /// <summary>The <c>Message</c> (capital M) of IAM's AccessDenied answers and Lambda's Forbidden.</summary>
    public string CapitalMessage => Json.GetProperty("Message").GetString()!;

    public override string ToString() => $"{(int)Status} {ErrorType} {Body}";
}

/// <summary>How a test wants its request signed.</summary>
internal sealed class SigningOptions
{
    public string Region { get; init; } = Seed.Region;

    public string Service { get; init; } = "execute-api";

    public DateTime? SignedAt { get; init; }

    /// <summary>Sign in the query string (a presigned URL) instead of the Authorization header.</summary>
    public TimeSpan? PresignFor { get; init; }

    /// <summary>Hash the body into the signature (x-amz-content-sha256); false signs UNSIGNED-PAYLOAD.</summary>
    public bool SignPayload { get; init; } = true;

    /// <summary>Headers sent with the request and covered by the signature.</summary>
    public Dictionary<string, string> Headers { get; init; } = new();
}

/// <summary>
/// Calls the sandbox's HTTP API with requests signed by the AWS SDK for .NET's public SigV4 signer
/// (<see cref="AWSSigV4Signer"/>), never by the module's signing core.
/// </summary>
internal static class ApiCaller
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

    public static Task<ApiResponse> GetAsync(Uri uri, TestKey? key) => SendAsync(HttpMethod.Get, uri, key);

    public static async Task<ApiResponse> SendAsync(HttpMethod method, Uri uri, TestKey? key, string? jsonBody = null,
        SigningOptions? signing = null, Action<HttpRequestMessage>? afterSigning = null)
    {
        signing ??= new SigningOptions();
        var body = jsonBody == null ? null : Encoding.UTF8.GetBytes(jsonBody);
        var message = new HttpRequestMessage(method, uri);
        if (body != null)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        foreach (var (name, value) in signing.Headers) message.Headers.TryAddWithoutValidation(name, value);
        if (key != null) Sign(message, body, key, signing);
        afterSigning?.Invoke(message);
        return await SendRawAsync(message);
    }

    public static async Task<ApiResponse> SendRawAsync(HttpRequestMessage message)
    {
        var response = await Http.SendAsync(message);
        return new ApiResponse { Status = response.StatusCode, Body = await response.Content.ReadAsStringAsync(), Raw = response };
    }

    private static void Sign(HttpRequestMessage message, byte[]? body, TestKey key, SigningOptions signing)
    {
        var request = new AWSSigningRequest { HttpMethod = message.Method, RequestUri = message.RequestUri!, Content = body };
        if (body != null) request.Headers["Content-Type"] = "application/json";
        foreach (var (name, value) in signing.Headers) request.Headers[name] = value;
        var parameters = new AWSSigV4Parameters
        {
            Credentials = key.ToAwsCredentials(),
            Region = RegionEndpoint.GetBySystemName(signing.Region),
            Service = signing.Service,
            SignPayload = signing.SignPayload,
            SignedAt = signing.SignedAt,
        };

        if (signing.PresignFor is { } lifetime)
        {
            var presigned = AWSSigV4Signer.Presign(request, parameters, lifetime);
            message.RequestUri = presigned.Uri;
            foreach (var (name, value) in presigned.SignedHeaders) AddHeader(message, name, value);
            return;
        }

        var result = AWSSigV4Signer.Sign(request, parameters);
        foreach (var (name, value) in result.Headers) AddHeader(message, name, value);
    }

    private static void AddHeader(HttpRequestMessage message, string name, string value)
    {
        if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase)) return;
        message.Headers.Remove(name);
        message.Headers.TryAddWithoutValidation(name, value);
    }
}
