using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Http;
using CrossAcctApi.Core.Signing;
using CrossAcctApi.Core.Runtime;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Tests.Http;

/// <summary>A clock the fake delay and the tests move by hand.</summary>
internal sealed class FakeClock : ISystemClock
{
    private long _ticks;

    public FakeClock(DateTimeOffset now) => _ticks = now.UtcTicks;

    public DateTimeOffset UtcNow
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>Records every wait and moves the fake clock instead of sleeping.</summary>
internal sealed class FakeDelay : IAsyncDelay
{
    private readonly FakeClock _clock;
    private readonly List<TimeSpan> _waits = new();

    public FakeDelay(FakeClock clock) => _clock = clock;

    public IReadOnlyList<TimeSpan> Waits
    {
        get { lock (_waits) { return _waits.ToList(); } }
    }

    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_waits)
        {
            _waits.Add(delay);
        }

        _clock.Advance(delay);
        return Task.CompletedTask;
    }
}

internal sealed class FixedRandom : IRandomSource
{
    public FixedRandom(double value) => Value = value;

    public double Value { get; set; }

    public double NextDouble() => Value;
}

/// <summary>What the fake server received: everything needed to assert on and to verify the signature.</summary>
internal sealed class ReceivedRequest
{
    public required string Method { get; init; }

    public required Uri Uri { get; init; }

    public required Dictionary<string, string> Headers { get; init; }

    public required byte[] Body { get; init; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public DateTimeOffset AmzDate => DateTimeOffset.ParseExact(Header("X-Amz-Date")!, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);

    /// <summary>The SignedHeaders part of the Authorization header, read as the server reads it.</summary>
    public string SignedHeaderNames
    {
        get
        {
            var authorization = Header("Authorization")!;
            var start = authorization.IndexOf("SignedHeaders=", StringComparison.Ordinal) + "SignedHeaders=".Length;
            return authorization.Substring(start, authorization.IndexOf(',', start) - start);
        }
    }

    public string AccessKeyId
    {
        get
        {
            var authorization = Header("Authorization")!;
            var start = authorization.IndexOf("Credential=", StringComparison.Ordinal) + "Credential=".Length;
            return authorization.Substring(start, authorization.IndexOf('/', start) - start);
        }
    }
}

/// <summary>
/// An HttpMessageHandler that answers from a script: each request is recorded (body included) and handed to the
/// next responder, or to the last one when the script has run out.
/// </summary>
internal sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly List<Func<ReceivedRequest, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private readonly List<ReceivedRequest> _received = new();
    private int _next;

    public IReadOnlyList<ReceivedRequest> Received
    {
        get { lock (_received) { return _received.ToList(); } }
    }

    public int Count
    {
        get { lock (_received) { return _received.Count; } }
    }

    public ScriptedHandler Then(Func<ReceivedRequest, CancellationToken, Task<HttpResponseMessage>> responder)
    {
        _script.Add(responder);
        return this;
    }

    public ScriptedHandler Then(Func<ReceivedRequest, HttpResponseMessage> responder) => Then((r, _) => Task.FromResult(responder(r)));

    public ScriptedHandler Then(HttpStatusCode status, string? body = null, string? errorType = null, Action<HttpResponseMessage>? configure = null) =>
        Then(_ =>
        {
            var response = Responses.Make(status, body, errorType);
            configure?.Invoke(response);
            return response;
        });

    public ScriptedHandler ThenThrow(Func<Exception> error) => Then((_, _) => Task.FromException<HttpResponseMessage>(error()));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = string.Join(", ", header.Value);
        }

        byte[] body = Array.Empty<byte>();
        if (request.Content != null)
        {
            foreach (var header in request.Content.Headers)
            {
                headers[header.Key] = string.Join(", ", header.Value);
            }

            body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        var received = new ReceivedRequest { Method = request.Method.Method, Uri = request.RequestUri!, Headers = headers, Body = body };
        int index;
        lock (_received)
        {
            _received.Add(received);
            index = Math.Min(_next++, _script.Count - 1);
        }

        var response = await _script[index](received, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}

internal static class Responses
{
    public static HttpResponseMessage Make(HttpStatusCode status, string? body = null, string? errorType = null)
    {
        var response = new HttpResponseMessage(status);
        if (body != null)
        {
            response.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        if (errorType != null)
        {
            response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", errorType);
        }

        response.Headers.TryAddWithoutValidation("apigw-requestid", "req-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        return response;
    }

    public static string Json(string message) => System.Text.Json.JsonSerializer.Serialize(new { message });
}

/// <summary>Builds the client under test with fakes, and credentials with known secrets.</summary>
internal sealed class PipelineFixture
{
    public static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public const string AccessKeyId = "ASIAFIXTUREKEY000001";
    public const string SecretAccessKey = "FixtureSecretAccessKey/0000000000000000000";
    public const string SessionToken = "FixtureSessionToken+With/Symbols==0000000000000000";

    public PipelineFixture(double jitter = 0.0, SigV4Signer? signer = null)
    {
        Clock = new FakeClock(T0);
        Delay = new FakeDelay(Clock);
        Random = new FixedRandom(jitter);
        Skew = new ClockSkewTracker(Clock);
        Handler = new ScriptedHandler();
        Client = new SignedApiClient(new HttpClient(Handler), signer ?? new SigV4Signer(new SigningKeyCache()), Clock, Delay, Random, Skew, "CrossAcctApi-Tests/1.0");
    }

    public FakeClock Clock { get; }

    public FakeDelay Delay { get; }

    public FixedRandom Random { get; }

    public ClockSkewTracker Skew { get; }

    public ScriptedHandler Handler { get; }

    public SignedApiClient Client { get; }

    public static ApiCallOptions Options(int retries = 3, double intervalSeconds = 1, bool retryNonIdempotent = false) => new()
    {
        MaximumRetryCount = retries,
        RetryInterval = TimeSpan.FromSeconds(intervalSeconds),
        RetryNonIdempotent = retryNonIdempotent,
        GetEnvironmentVariable = _ => null,
    };

    public AwsCredential Credential(DateTime? expiration = null, ICredentialRefresher? refresher = null) =>
        new(new CredentialKeys(AccessKeyId, SecretAccessKey, SessionToken), CredentialSource.Object, expiration ?? T0.UtcDateTime.AddHours(1), refresher, Clock,
            identity: new CredentialIdentity(roleArn: "arn:aws:iam::111111111111:role/CrossAccountInvoker", assumedRoleArn: "arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/test-session"));

    public Task<ApiResponse> SendAsync(ApiRequest request, AwsCredential? credential = null, ApiCallOptions? options = null, IApiCallLog? log = null, CancellationToken cancellationToken = default)
    {
        options ??= Options();
        var call = Client.Prepare(request, options);
        return Client.SendAsync(call, credential ?? Credential(), options, log, cancellationToken);
    }

    public static ApiRequest Get(string url = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items") => new(new Uri(url));

    public static ApiRequest Post(string url = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items", string body = "{\"name\":\"x\"}") =>
        new(new Uri(url), "POST") { Body = new BytesRequestBody(Encoding.UTF8.GetBytes(body)), ContentType = "application/json" };
}

/// <summary>Refreshes with numbered keys; counts calls.</summary>
internal sealed class NumberedRefresher : ICredentialRefresher
{
    private readonly Func<DateTime?> _expiration;
    private int _calls;

    public NumberedRefresher(Func<DateTime?> expiration) => _expiration = expiration;

    public int Calls => Volatile.Read(ref _calls);

    public TaskCompletionSource<bool>? Gate { get; set; }

    public async Task<RefreshedCredential> RefreshAsync(CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        if (Gate != null)
        {
            await Gate.Task.WaitAsync(cancellationToken);
        }

        return new RefreshedCredential(new CredentialKeys("ASIAREFRESHEDKEY" + call.ToString("D4"), "RefreshedSecret" + call + "/xxxxxxxxxxxxxxxxxxxx", "RefreshedToken" + call + "xxxxxxxxxxxxxxxxxxxxxxxx"), _expiration());
    }
}

/// <summary>Collects log lines; thread-safe.</summary>
internal sealed class ListLog : IApiCallLog
{
    private readonly List<string> _lines = new();

    public bool IsDebugEnabled { get; set; }

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) { return _lines.ToList(); } }
    }

    public string All => string.Join("\n", Lines);

    public void Verbose(string message)
    {
        lock (_lines) { _lines.Add("VERBOSE: " + message); }
    }

    public void Debug(string message)
    {
        lock (_lines) { _lines.Add("DEBUG: " + message); }
    }
}

/// <summary>
/// Checks a received request's signature the way a server would: rebuild the request from what arrived (every
/// header it says it signed) and sign it again with the known secret.
/// </summary>
internal static class ServerSideCheck
{
    public static bool SignatureMatches(ReceivedRequest received, string secretAccessKey, string region = "us-east-1", string service = "execute-api")
    {
        var authorization = received.Header("Authorization")!;
        var signedNames = received.SignedHeaderNames.Split(';');
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var name in signedNames)
        {
            if (name is "host" or "x-amz-date" or "x-amz-security-token")
            {
                continue;
            }

            headers.Add(new KeyValuePair<string, string>(name, received.Header(name) ?? throw new InvalidOperationException("Signed header " + name + " was not sent.")));
        }

        var host = received.Uri.IsDefaultPort ? received.Uri.IdnHost : received.Uri.IdnHost + ":" + received.Uri.Port;
        var request = new HttpRequestToSign(received.Method, host, received.Uri.AbsolutePath, received.Uri.Query.Length > 1 ? received.Uri.Query.Substring(1) : null, headers)
        {
            Body = SignableBody.Bytes(received.Body),
        };
        var keys = new CredentialKeys(received.AccessKeyId, secretAccessKey, received.Header("X-Amz-Security-Token"));
        var expected = new SigV4Signer(new SigningKeyCache()).Sign(request, keys, new SigningSettings(region, service), received.AmzDate);
        return expected.Authorization == authorization;
    }
}
