using System.Text;

namespace CrossAcctApi.Sandbox.Signing;

/// <summary>
/// Builds the SigV4 canonical request from a request as received, with the rules of non-S3 services
/// (execute-api, sts): the path is normalised (dot segments removed, empty segments collapsed) and each
/// segment of the path *as sent* is URI-encoded once more, so <c>/a%20b</c> becomes <c>/a%2520b</c>.
/// </summary>
internal static class CanonicalRequest
{
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    public static string Build(ReceivedRequest request, SignatureClaim claim)
    {
        var builder = new StringBuilder();
        builder.Append(request.Method).Append('\n');
        builder.Append(CanonicalUri(request.RawPath)).Append('\n');
        builder.Append(CanonicalQuery(request.RawQuery, excludeSignature: claim.Location == SignatureLocation.Query)).Append('\n');
        foreach (var name in claim.SignedHeaders)
        {
            builder.Append(name).Append(':').Append(CanonicalHeaderValue(request.HeaderValues(name))).Append('\n');
        }

        builder.Append('\n');
        builder.Append(string.Join(";", claim.SignedHeaders)).Append('\n');
        builder.Append(PayloadHash(request));
        return builder.ToString();
    }

    public static string CanonicalUri(string rawPath)
    {
        if (rawPath.Length == 0) return "/";

        var segments = new List<string>();
        var rawSegments = rawPath.Split('/');
        foreach (var segment in rawSegments)
        {
            if (segment.Length == 0 || segment == ".") continue;
            if (segment == "..")
            {
                if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        var last = rawSegments[^1];
        var endsAsDirectory = last.Length == 0 || last == "." || last == "..";
        var builder = new StringBuilder("/");
        builder.Append(string.Join("/", segments.Select(SigV4Encoding.Encode)));
        if (endsAsDirectory && segments.Count > 0) builder.Append('/');
        return builder.ToString();
    }

    public static string CanonicalQuery(string rawQuery, bool excludeSignature)
    {
        var pairs = new List<(string Name, string Value)>();
        foreach (var piece in rawQuery.Split('&'))
        {
            if (piece.Length == 0) continue;
            var equals = piece.IndexOf('=');
            var name = SigV4Encoding.Encode(SigV4Encoding.PercentDecode(equals < 0 ? piece : piece.Substring(0, equals)));
            var value = equals < 0 ? string.Empty : SigV4Encoding.Encode(SigV4Encoding.PercentDecode(piece.Substring(equals + 1)));
            if (excludeSignature && name == "X-Amz-Signature") continue;
            pairs.Add((name, value));
        }

        pairs.Sort((a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join("&", pairs.Select(p => p.Name + "=" + p.Value));
    }

    /// <summary>All values joined by commas, each trimmed, runs of spaces collapsed to one.</summary>
    public static string CanonicalHeaderValue(IReadOnlyList<string> values) =>
        string.Join(",", values.Select(CollapseWhitespace));

    /// <summary>
    /// The x-amz-content-sha256 value when it is a marker such as UNSIGNED-PAYLOAD; otherwise the hash of
    /// the body actually received, so a body changed after signing (even with its old hash declared) fails.
    /// </summary>
    public static string PayloadHash(ReceivedRequest request)
    {
        var declared = request.SingleHeader("x-amz-content-sha256")?.Trim();
        if (!string.IsNullOrEmpty(declared) && !IsHexSha256(declared)) return declared;
        return request.BodySha256Hex;
    }

    private static bool IsHexSha256(string value) => SigV4Encoding.IsLowerHexSha256(value.ToLowerInvariant());

    private static string CollapseWhitespace(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value.Trim())
        {
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace) builder.Append(' ');
            pendingSpace = false;
            builder.Append(c);
        }

        return builder.ToString();
    }
}
