namespace CrossAcctApi.Sandbox.Signing;

internal enum SignatureLocation
{
    /// <summary>The <c>Authorization</c> header.</summary>
    Header,

    /// <summary>The query string (a presigned URL).</summary>
    Query,
}

/// <summary>
/// What a request claims about its signature: who signed (access key and credential scope), when,
/// which headers, and the signature itself. Nothing here is trusted until <see cref="SigV4Verifier"/> agrees.
/// </summary>
internal sealed class SignatureClaim
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string Terminator = "aws4_request";

    public required SignatureLocation Location { get; init; }

    public required string AccessKeyId { get; init; }

    /// <summary>The yyyyMMdd date of the credential scope.</summary>
    public required string ScopeDate { get; init; }

    public required string ScopeRegion { get; init; }

    public required string ScopeService { get; init; }

    public required string ScopeTerminator { get; init; }

    /// <summary>Lower-case header names, in the order the signer listed them.</summary>
    public required IReadOnlyList<string> SignedHeaders { get; init; }

    public required string Signature { get; init; }

    /// <summary>The request time in ISO 8601 basic format, as it goes into the string to sign.</summary>
    public required string AmzDate { get; init; }

    public required DateTimeOffset RequestTime { get; init; }

    public string? SessionToken { get; init; }

    /// <summary>X-Amz-Expires of a presigned request; null for the header form.</summary>
    public TimeSpan? Expires { get; init; }

    public string Scope => $"{ScopeDate}/{ScopeRegion}/{ScopeService}/{ScopeTerminator}";

    // The signature and the session token are secrets; only say who and when.
    public override string ToString() => $"SigV4 ({Location}) by {AccessKeyId} for {Scope} at {AmzDate}";
}
