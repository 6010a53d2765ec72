using Microsoft.AspNetCore.Http.Features;

namespace CrossAcctApi.Sandbox.Signing;

/// <summary>
/// The parts of an HTTP request that SigV4 covers, exactly as they arrived: the raw request-target
/// (not the decoded path ASP.NET Core routes on), every header value in order, and the body bytes.
/// </summary>
internal sealed class ReceivedRequest
{
    private readonly Dictionary<string, List<string>> _headers;
    private readonly Lazy<string> _bodySha256;

    public ReceivedRequest(string method, string rawPath, string rawQuery, IEnumerable<KeyValuePair<string, string>> headers, byte[] body)
    {
        Method = method;
        RawPath = rawPath;
        RawQuery = rawQuery;
        Body = body;
        _headers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            if (!_headers.TryGetValue(name, out var values))
            {
                values = new List<string>();
                _headers.Add(name, values);
            }

            values.Add(value);
        }

        _bodySha256 = new Lazy<string>(() => SigV4Encoding.Sha256Hex(Body));
    }

    public string Method { get; }

    /// <summary>The path of the request-target as sent, still percent-encoded.</summary>
    public string RawPath { get; }

    /// <summary>The query of the request-target as sent, without the '?'.</summary>
    public string RawQuery { get; }

    public byte[] Body { get; }

    public string BodySha256Hex => _bodySha256.Value;

    /// <summary>All values of a header in the order received, or an empty list.</summary>
    public IReadOnlyList<string> HeaderValues(string name) =>
        _headers.TryGetValue(name, out var values) ? values : (IReadOnlyList<string>)Array.Empty<string>();

    public string? SingleHeader(string name)
    {
        var values = HeaderValues(name);
        return values.Count == 0 ? null : values[0];
    }

    /// <summary>The query parameters, decoded, in the order sent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> QueryParameters() => FormEncoding.ParsePairs(RawQuery);

    public static async Task<ReceivedRequest> FromHttpContextAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(rawTarget) || rawTarget[0] != '/')
        {
            // Absolute-form or missing target: fall back to what ASP.NET Core parsed, re-escaped.
            rawTarget = context.Request.PathBase.Add(context.Request.Path).ToUriComponent() + context.Request.QueryString.ToUriComponent();
        }

        var queryStart = rawTarget.IndexOf('?');
        var rawPath = queryStart < 0 ? rawTarget : rawTarget.Substring(0, queryStart);
        var rawQuery = queryStart < 0 ? string.Empty : rawTarget.Substring(queryStart + 1);

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in context.Request.Headers)
        {
            foreach (var value in header.Value)
            {
                headers.Add(new KeyValuePair<string, string>(header.Key, value ?? string.Empty));
            }
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return new ReceivedRequest(context.Request.Method, rawPath, rawQuery, headers, buffer.ToArray());
    }
}
