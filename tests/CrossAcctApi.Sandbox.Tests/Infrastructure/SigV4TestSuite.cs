using System.Text;
using System.Text.Json;
using CrossAcctApi.Sandbox.Signing;

namespace CrossAcctApi.Sandbox.Tests.Infrastructure;

/// <summary>
/// The official SigV4 test vectors at <c>../shared/sigv4-test-suite</c> from the repository root. Where the
/// folder is absent (a fresh clone), the tests that need it are skipped with a message naming the folder.
/// </summary>
internal static class SigV4TestSuite
{
    public static readonly string? Folder = Locate();

    public static string SkipReason => "The SigV4 test suite folder ../shared/sigv4-test-suite (next to the repository root) is absent.";

    /// <summary>Cases with execute-api's rules (normalised paths); S3-style cases are not the sandbox's business.</summary>
    public static IEnumerable<object[]> NormalisedCases() => Cases(includeTokenAfterSigning: true);

    /// <summary>
    /// The normalised cases for query signing, without those that add the session token to the query after
    /// signing (omit_session_token, an IoT convention): execute-api signs X-Amz-Security-Token like any parameter.
    /// </summary>
    public static IEnumerable<object[]> NormalisedQueryCases() => Cases(includeTokenAfterSigning: false);

    private static IEnumerable<object[]> Cases(bool includeTokenAfterSigning)
    {
        if (Folder == null)
        {
            // A placeholder row; the theory is skipped and never runs it.
            yield return new object[] { "(suite absent)" };
            yield break;
        }

        foreach (var directory in Directory.GetDirectories(Folder).OrderBy(d => d, StringComparer.Ordinal))
        {
            var context = Path.Combine(directory, "context.json");
            if (!File.Exists(context)) continue;
            using var json = JsonDocument.Parse(File.ReadAllText(context));
            var normalised = json.RootElement.TryGetProperty("normalize", out var normalize) && normalize.GetBoolean();
            var tokenAfter = json.RootElement.TryGetProperty("omit_session_token", out var omit) && omit.GetBoolean();
            if (normalised && (includeTokenAfterSigning || !tokenAfter))
            {
                yield return new object[] { Path.GetFileName(directory) };
            }
        }
    }

    public static string Read(string caseName, string file) => File.ReadAllText(Path.Combine(Folder!, caseName, file));

    public static string Secret(string caseName)
    {
        using var json = JsonDocument.Parse(Read(caseName, "context.json"));
        return json.RootElement.GetProperty("credentials").GetProperty("secret_access_key").GetString()!;
    }

    /// <summary>Parses a raw HTTP/1.1 request file (request line, headers with folded continuations, body).</summary>
    public static ReceivedRequest ParseRequest(string raw)
    {
        var text = raw.Replace("\r\n", "\n");
        var headerEnd = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = headerEnd < 0 ? text : text.Substring(0, headerEnd);
        var body = headerEnd < 0 ? string.Empty : text.Substring(headerEnd + 2);
        var lines = head.Split('\n');

        // The target may hold raw spaces (get-space-*), so cut at the first space and at the last " HTTP/".
        var requestLine = lines[0];
        var method = requestLine.Substring(0, requestLine.IndexOf(' '));
        var target = requestLine.Substring(method.Length + 1, requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal) - method.Length - 1);
        var query = target.IndexOf('?');

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t'))
            {
                var last = headers[^1];
                headers[^1] = new KeyValuePair<string, string>(last.Key, last.Value + " " + line.Trim());
                continue;
            }

            var colon = line.IndexOf(':');
            headers.Add(new KeyValuePair<string, string>(line.Substring(0, colon), line.Substring(colon + 1)));
        }

        return new ReceivedRequest(method, query < 0 ? target : target.Substring(0, query), query < 0 ? string.Empty : target.Substring(query + 1),
            headers, Encoding.UTF8.GetBytes(body));
    }

    private static string? Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (!File.Exists(Path.Combine(directory.FullName, "CrossAcctApi.sln"))) continue;
            var suite = Path.Combine(directory.FullName, "..", "shared", "sigv4-test-suite");
            return Directory.Exists(suite) ? Path.GetFullPath(suite) : null;
        }

        return null;
    }
}

/// <summary>A theory over the SigV4 test suite, skipped (not failed) when the suite folder is absent.</summary>
public sealed class SigV4SuiteTheoryAttribute : TheoryAttribute
{
    public SigV4SuiteTheoryAttribute()
    {
        if (SigV4TestSuite.Folder == null) Skip = SigV4TestSuite.SkipReason;
    }
}
