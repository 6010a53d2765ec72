using System.Text;
using System.Text.Json;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Signing;
using Xunit;

namespace CrossAcctApi.Core.Tests.Signing;

/// <summary>
/// Finds the official SigV4 test suite (awslabs/aws-c-auth, tests/aws-signing-test-suite/v4) where the project
/// keeps it: ../shared/sigv4-test-suite from the repository root, or wherever CROSSACCTAPI_SIGV4_SUITE points.
/// </summary>
internal static class SigV4Suite
{
    public const string EnvironmentVariable = "CROSSACCTAPI_SIGV4_SUITE";

    static SigV4Suite()
    {
        (ExpectedLocation, Folder) = Locate();
    }

    /// <summary>Where the suite was looked for (for the skip message).</summary>
    public static string ExpectedLocation { get; }

    /// <summary>The suite folder, or null when it is absent.</summary>
    public static string? Folder { get; }

    public static string SkipReason =>
        $"The SigV4 test suite folder '{ExpectedLocation}' does not exist (it lives in ../shared/sigv4-test-suite next to the repository; set {EnvironmentVariable} to use another folder).";

    public static IEnumerable<string> CaseNames() =>
        Folder == null
            ? Array.Empty<string>()
            : Directory.GetDirectories(Folder)
                .Where(d => File.Exists(Path.Combine(d, "request.txt")))
                .Select(Path.GetFileName)
                .OrderBy(n => n, StringComparer.Ordinal)!;

    private static (string Expected, string? Found) Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            var full = Path.GetFullPath(fromEnvironment);
            return (full, Directory.Exists(full) ? full : null);
        }

        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory != null && !File.Exists(Path.Combine(directory.FullName, "CrossAcctApi.sln")))
        {
            directory = directory.Parent;
        }

        if (directory == null)
        {
            return ("../shared/sigv4-test-suite (repository root not found above " + AppContext.BaseDirectory + ")", null);
        }

        var suite = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "sigv4-test-suite"));
        return (suite, Directory.Exists(suite) ? suite : null);
    }
}

/// <summary>A theory over the suite's cases that reports itself skipped, naming the folder, when the suite is absent.</summary>
public sealed class SigV4SuiteTheoryAttribute : TheoryAttribute
{
    public SigV4SuiteTheoryAttribute()
    {
        if (SigV4Suite.Folder == null)
        {
            Skip = SigV4Suite.SkipReason;
        }
    }
}

/// <summary>A fact that needs the suite; skipped, naming the folder, when the suite is absent.</summary>
public sealed class SigV4SuiteFactAttribute : FactAttribute
{
    public SigV4SuiteFactAttribute()
    {
        if (SigV4Suite.Folder == null)
        {
            Skip = SigV4Suite.SkipReason;
        }
    }
}

/// <summary>One folder of the suite: its context, its raw request parsed, and the expected outputs.</summary>
internal sealed class SigV4SuiteCase
{
    private SigV4SuiteCase(string name, string folder)
    {
        Name = name;
        Folder = folder;
        using var context = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "context.json")));
        var root = context.RootElement;
        var credentials = root.GetProperty("credentials");
        Keys = new CredentialKeys(
            credentials.GetProperty("access_key_id").GetString()!,
            credentials.GetProperty("secret_access_key").GetString()!,
            credentials.TryGetProperty("token", out var token) ? token.GetString() : null);
        Region = root.GetProperty("region").GetString()!;
        Service = root.GetProperty("service").GetString()!;
        Normalize = root.GetProperty("normalize").GetBoolean();
        SignBody = root.GetProperty("sign_body").GetBoolean();
        OmitSessionToken = root.TryGetProperty("omit_session_token", out var omit) && omit.GetBoolean();
        ExpiresIn = TimeSpan.FromSeconds(root.GetProperty("expiration_in_seconds").GetInt64());
        Time = DateTimeOffset.Parse(root.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Raw = RawHttpRequest.Parse(File.ReadAllBytes(Path.Combine(folder, "request.txt")));
    }

    public string Name { get; }

    public string Folder { get; }

    public CredentialKeys Keys { get; }

    public string Region { get; }

    public string Service { get; }

    public bool Normalize { get; }

    public bool SignBody { get; }

    public bool OmitSessionToken { get; }

    public TimeSpan ExpiresIn { get; }

    public DateTimeOffset Time { get; }

    public RawHttpRequest Raw { get; }

    public static SigV4SuiteCase Load(string name) => new(name, Path.Combine(SigV4Suite.Folder!, name));

    public SigningSettings Settings(SignatureLocation location) => new(Region, Service)
    {
        NormalizePath = Normalize,
        PayloadHashHeader = SignBody,
        SignSessionToken = !OmitSessionToken,
        Location = location,
        ExpiresIn = ExpiresIn,
    };

    public HttpRequestToSign Request() => Raw.ToRequestToSign();

    /// <summary>An expected file, e.g. Expected(Header, "canonical-request") reads header-canonical-request.txt.</summary>
    public string Expected(SignatureLocation location, string what)
    {
        var prefix = location == SignatureLocation.Header ? "header" : "query";
        return Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(Folder, $"{prefix}-{what}.txt")));
    }
}

/// <summary>
/// The suite's request.txt: a raw HTTP/1.1 request. The request target is taken as written (raw spaces and UTF-8
/// included, never through System.Uri); header continuation lines (obs-fold) are folded into one value with a
/// single space, as RFC 7230 asks a recipient to, and the original lines are kept to print the request back.
/// </summary>
internal sealed class RawHttpRequest
{
    public required string Method { get; init; }

    public required string Path { get; init; }

    public required string? Query { get; init; }

    public required List<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>Each header exactly as written in the file, continuation lines included.</summary>
    public required List<string> RawHeaderLines { get; init; }

    public required byte[]? Body { get; init; }

    public static RawHttpRequest Parse(byte[] file)
    {
        var text = Encoding.UTF8.GetString(file);
        var blank = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = blank < 0 ? text.TrimEnd('\n') : text.Substring(0, blank);
        byte[]? body = null;
        if (blank >= 0)
        {
            var headBytes = Encoding.UTF8.GetByteCount(text.Substring(0, blank + 2));
            body = file.AsSpan(headBytes).ToArray();
        }

        var lines = head.Split('\n');
        var requestLine = lines[0];
        var firstSpace = requestLine.IndexOf(' ');
        var version = requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal);
        var target = requestLine.Substring(firstSpace + 1, version - firstSpace - 1);
        var question = target.IndexOf('?');

        var headers = new List<KeyValuePair<string, string>>();
        var raw = new List<string>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t'))
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + " " + line.Trim(' ', '\t'));
                raw[^1] += "\n" + line;
                continue;
            }

            var colon = line.IndexOf(':');
            headers.Add(new(line.Substring(0, colon), line.Substring(colon + 1).Trim(' ', '\t')));
            raw.Add(line);
        }

        return new RawHttpRequest
        {
            Method = requestLine.Substring(0, firstSpace),
            Path = question < 0 ? target : target.Substring(0, question),
            Query = question < 0 ? null : target.Substring(question + 1),
            Headers = headers,
            RawHeaderLines = raw,
            Body = body,
        };
    }

    public HttpRequestToSign ToRequestToSign()
    {
        var host = Headers.First(h => h.Key.Equals("host", StringComparison.OrdinalIgnoreCase)).Value;
        return new HttpRequestToSign(Method, host, Path, Query, Headers) { Body = SignableBody.Bytes(Body) };
    }

    /// <summary>
    /// The signed request in the suite's *-signed-request.txt layout. The caller's headers must come back first
    /// and unchanged (checked here), and are printed as they were written; the signer's own follow as "Name:value".
    /// </summary>
    public string Render(SignedRequest signed)
    {
        Assert.True(signed.Headers.Count >= Headers.Count, "the signed request lost headers");
        Assert.Equal(Headers, signed.Headers.Take(Headers.Count));

        var text = new StringBuilder();
        text.Append(signed.Method).Append(' ').Append(signed.Path);
        if (signed.Query != null)
        {
            text.Append('?').Append(signed.Query);
        }

        text.Append(" HTTP/1.1\n");
        foreach (var line in RawHeaderLines)
        {
            text.Append(line).Append('\n');
        }

        foreach (var header in signed.Headers.Skip(Headers.Count))
        {
            text.Append(header.Key).Append(':').Append(header.Value).Append('\n');
        }

        text.Append('\n');
        if (Body != null)
        {
            text.Append(Encoding.UTF8.GetString(Body));
        }

        return text.ToString();
    }
}
