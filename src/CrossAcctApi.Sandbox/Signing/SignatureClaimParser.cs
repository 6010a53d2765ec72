using System.Globalization;

namespace CrossAcctApi.Sandbox.Signing;

/// <summary>The result of reading a request's signature parameters.</summary>
internal sealed class ClaimParseResult
{
    private ClaimParseResult(SignatureClaim? claim, bool missing, string? problem)
    {
        Claim = claim;
        IsMissing = missing;
        Problem = problem;
    }

    public SignatureClaim? Claim { get; }

    /// <summary>No signature at all: neither an Authorization header nor X-Amz-* query parameters.</summary>
    public bool IsMissing { get; }

    /// <summary>Why the signature parameters are unusable (AWS's IncompleteSignature wording).</summary>
    public string? Problem { get; }

    public static ClaimParseResult Missing { get; } = new(null, true, null);

    public static ClaimParseResult Incomplete(string problem) => new(null, false, problem);

    public static ClaimParseResult Parsed(SignatureClaim claim) => new(claim, false, null);
}

/// <summary>
/// Reads the SigV4 parameters from the Authorization header or from the query string, with the checks
/// and messages AWS applies before it looks up any key.
/// </summary>
internal static class SignatureClaimParser
{
    private const string IsoBasicFormat = "yyyyMMdd'T'HHmmss'Z'";
    private static readonly char[] ParameterSeparators = { ',', ' ', '\t' };
    private static readonly string[] QueryAuthParameters = { "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature" };

    public static ClaimParseResult Parse(ReceivedRequest request)
    {
        var authorization = request.HeaderValues("Authorization");
        var query = request.QueryParameters();
        var hasQueryAuth = query.Any(p => QueryAuthParameters.Contains(p.Key, StringComparer.Ordinal));

        if (authorization.Count == 0 && !hasQueryAuth) return ClaimParseResult.Missing;
        if (authorization.Count > 0 && hasQueryAuth)
        {
            return ClaimParseResult.Incomplete(
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified");
        }

        if (authorization.Count > 1) return ClaimParseResult.Incomplete("Only one Authorization header is allowed.");
        return authorization.Count == 1 ? ParseHeader(request, authorization[0]) : ParseQuery(request, query);
    }

    private static ClaimParseResult ParseHeader(ReceivedRequest request, string header)
    {
        header = header.Trim();
        var space = header.IndexOf(' ');
        var algorithm = space < 0 ? header : header.Substring(0, space);
        var rest = space < 0 ? string.Empty : header.Substring(space + 1);

        // AWS splits the parameters at commas and at blanks alike: "Authorization: AWS4-HMAC-SHA256 Credential=..."
        // sent as the value gets "'AWS4-HMAC-SHA256' not a valid key=value pair (missing equal-sign) in Authorization
        // header" from API Gateway (capture in amzn/selling-partner-api-docs issue 836). The module's
        // New-SignedHttpApiRequest relies on it: its GetHeaders() puts a blank before SignedHeaders for strict parsers.
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var piece in rest.Split(ParameterSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = piece.IndexOf('=');
            if (equals <= 0) return ClaimParseResult.Incomplete($"'{piece}' not a valid key=value pair (missing equal-sign) in Authorization header.");
            fields[piece.Substring(0, equals).Trim()] = piece.Substring(equals + 1).Trim();
        }

        var problems = new List<string>();
        if (!fields.ContainsKey("Credential")) problems.Add("Authorization header requires 'Credential' parameter.");
        if (!fields.ContainsKey("Signature")) problems.Add("Authorization header requires 'Signature' parameter.");
        if (!fields.ContainsKey("SignedHeaders")) problems.Add("Authorization header requires 'SignedHeaders' parameter.");

        string? amzDate = request.SingleHeader("X-Amz-Date");
        if (amzDate == null)
        {
            var httpDate = request.SingleHeader("Date");
            if (httpDate != null && DateTimeOffset.TryParseExact(httpDate, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                amzDate = parsed.UtcDateTime.ToString(IsoBasicFormat, CultureInfo.InvariantCulture);
            }
            else
            {
                problems.Add("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
            }
        }

        if (problems.Count > 0) return ClaimParseResult.Incomplete(string.Join(" ", problems));
        if (!string.Equals(algorithm, SignatureClaim.Algorithm, StringComparison.Ordinal))
        {
            return ClaimParseResult.Incomplete($"Unsupported AWS 'algorithm': '{algorithm}'. Only '{SignatureClaim.Algorithm}' is supported.");
        }

        return Build(SignatureLocation.Header, fields["Credential"], fields["SignedHeaders"], fields["Signature"], amzDate!,
            request.SingleHeader("X-Amz-Security-Token"), expires: null);
    }

    private static ClaimParseResult ParseQuery(ReceivedRequest request, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        string? Get(string name) => query.Where(p => p.Key == name).Select(p => p.Value).FirstOrDefault();

        var missing = new[] { "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date", "X-Amz-Expires" }
            .Where(name => Get(name) == null)
            .Select(name => $"AWS query-string parameters must include '{name}'.")
            .ToList();
        if (missing.Count > 0) return ClaimParseResult.Incomplete(string.Join(" ", missing) + " Re-examine the query-string parameters.");

        var algorithm = Get("X-Amz-Algorithm")!;
        if (!string.Equals(algorithm, SignatureClaim.Algorithm, StringComparison.Ordinal))
        {
            return ClaimParseResult.Incomplete($"X-Amz-Algorithm only supports \"{SignatureClaim.Algorithm}\"");
        }

        var expiresText = Get("X-Amz-Expires")!;
        if (!int.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresSeconds) || expiresSeconds < 1 || expiresSeconds > 604800)
        {
            return ClaimParseResult.Incomplete("X-Amz-Expires must be a number of seconds between 1 and 604800 (seven days).");
        }

        return Build(SignatureLocation.Query, Get("X-Amz-Credential")!, Get("X-Amz-SignedHeaders")!, Get("X-Amz-Signature")!, Get("X-Amz-Date")!,
            Get("X-Amz-Security-Token") ?? request.SingleHeader("X-Amz-Security-Token"), TimeSpan.FromSeconds(expiresSeconds));
    }

    private static ClaimParseResult Build(SignatureLocation location, string credential, string signedHeaders, string signature, string amzDate, string? sessionToken, TimeSpan? expires)
    {
        var parts = credential.Split('/');
        if (parts.Length != 5 || parts.Any(p => p.Length == 0))
        {
            var keyId = parts.Length > 0 ? parts[0] : string.Empty;
            return ClaimParseResult.Incomplete(
                $"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{keyId}/...'");
        }

        if (!DateTimeOffset.TryParseExact(amzDate, IsoBasicFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var requestTime))
        {
            return ClaimParseResult.Incomplete($"Date must be in ISO-8601 'basic format'. Got '{amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601");
        }

        var headers = signedHeaders.Split(';').Select(h => h.Trim().ToLowerInvariant()).ToList();
        if (!headers.Contains("host") && !headers.Contains(":authority"))
        {
            return ClaimParseResult.Incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }

        return ClaimParseResult.Parsed(new SignatureClaim
        {
            Location = location,
            AccessKeyId = parts[0],
            ScopeDate = parts[1],
            ScopeRegion = parts[2],
            ScopeService = parts[3],
            ScopeTerminator = parts[4],
            SignedHeaders = headers,
            Signature = signature,
            AmzDate = amzDate,
            RequestTime = requestTime,
            SessionToken = string.IsNullOrEmpty(sessionToken) ? null : sessionToken,
            Expires = expires,
        });
    }
}
