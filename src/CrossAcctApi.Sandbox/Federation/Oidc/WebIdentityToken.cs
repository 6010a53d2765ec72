using System.Globalization;
using System.Text.Json;
using CrossAcctApi.Sandbox.Sts;

namespace CrossAcctApi.Sandbox.Federation.Oidc;

/// <summary>A web identity token whose signature, issuer, audience and times have been checked.</summary>
internal sealed class VerifiedToken
{
    public required OidcProvider Provider { get; init; }

    public required string Subject { get; init; }

    /// <summary>The client id the token was accepted for (AssumeRoleWithWebIdentity's Audience).</summary>
    public required string Audience { get; init; }

    /// <summary>The request context keys the trust policy sees: <c>host/path:aud</c>, <c>:sub</c>, <c>:oaud</c>, <c>:amr</c>.</summary>
    public required IReadOnlyDictionary<string, string[]> ConditionKeys { get; init; }

    public override string ToString() => $"{Provider.HostPath} sub={Subject}";
}

/// <summary>
/// Verifies an OIDC ID token as STS does for AssumeRoleWithWebIdentity. Error texts: "No OpenIDConnect provider found in
/// your account for ...", "Incorrect token audience", "Missing a required claim: aud" and "Token expired: current
/// date/time ... must be before the expiration date/time ..." are AWS's as captured in public reports (README, sandbox
/// section); the other failures carry the STS API reference's description of InvalidIdentityToken.
/// </summary>
internal static class WebIdentityToken
{
    /// <summary>IAM "provides five minutes beyond the expiration time specified in the JWT to account for clock skew" (IAM User Guide, OIDC federation).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The STS API reference's description of InvalidIdentityToken.</summary>
    public const string NotValidatedMessage = "The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.";

    public static VerifiedToken? Verify(FederationDirectory directory, string accountId, string token, DateTimeOffset now, out StsError? error)
    {
        error = null;
        var jwt = Jwt.TryRead(token);
        if (jwt == null) return Fail(Invalid(NotValidatedMessage), out error);
        var claims = jwt.Payload;

        if (String(claims, "iss") is not { } issuer) return Fail(Invalid(MissingClaim("iss")), out error);
        var provider = directory.FindProvider(accountId, issuer);
        if (provider == null) return Fail(Invalid($"No OpenIDConnect provider found in your account for {issuer}"), out error);

        // The key must be the provider's (by kid when the token names one) and the signature must verify with it.
        if ((jwt.KeyId != null && jwt.KeyId != provider.KeyId) || !jwt.IsSignedBy(provider.Key)) return Fail(Invalid(NotValidatedMessage), out error);

        var audiences = Strings(claims, "aud");
        if (audiences.Count == 0) return Fail(Invalid(MissingClaim("aud")), out error);
        var authorizedParty = String(claims, "azp");
        var audience = (authorizedParty != null ? new[] { authorizedParty } : audiences).FirstOrDefault(a => provider.ClientIds.Contains(a, StringComparer.Ordinal));
        if (audience == null) return Fail(Invalid("Incorrect token audience"), out error);

        if (!claims.TryGetProperty("exp", out _)) return Fail(Invalid(MissingClaim("exp")), out error);
        var times = new Dictionary<string, long>();
        foreach (var name in new[] { "exp", "nbf", "iat" })
        {
            if (!claims.TryGetProperty(name, out var value)) continue;

            // "Timestamps in the token must be formatted as either an integer or a long integer" (STS API reference).
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var seconds)) return Fail(Invalid(NotValidatedMessage), out error);
            times[name] = seconds;
        }

        var nowSeconds = now.ToUnixTimeSeconds();
        var skew = (long)ClockSkew.TotalSeconds;
        if (nowSeconds >= times["exp"] + skew)
        {
            return Fail(new StsError(400, ExpiredTokenException, $"Token expired: current date/time {nowSeconds.ToString(CultureInfo.InvariantCulture)} must be before the expiration date/time {times["exp"].ToString(CultureInfo.InvariantCulture)}"), out error);
        }

        if ((times.TryGetValue("nbf", out var notBefore) && notBefore > nowSeconds + skew) || (times.TryGetValue("iat", out var issuedAt) && issuedAt > nowSeconds + skew))
        {
            return Fail(Invalid(NotValidatedMessage), out error);
        }

        if (String(claims, "sub") is not { Length: > 0 } subject) return Fail(Invalid(MissingClaim("sub")), out error);

        var prefix = provider.HostPath + ":";
        var keys = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            [prefix + "aud"] = authorizedParty != null ? new[] { authorizedParty } : audiences.ToArray(),
            [prefix + "sub"] = new[] { subject },
        };
        if (authorizedParty != null) keys[prefix + "oaud"] = audiences.ToArray();
        var amr = Strings(claims, "amr");
        if (amr.Count > 0) keys[prefix + "amr"] = amr.ToArray();

        return new VerifiedToken { Provider = provider, Subject = subject, Audience = audience, ConditionKeys = keys };
    }

    public const string InvalidIdentityToken = "InvalidIdentityToken";
    public const string ExpiredTokenException = "ExpiredTokenException";

    private static StsError Invalid(string message) => new(400, InvalidIdentityToken, message);

    private static string MissingClaim(string claim) => $"Missing a required claim: {claim}";

    private static VerifiedToken? Fail(StsError error, out StsError? result)
    {
        result = error;
        return null;
    }

    private static string? String(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // A claim that is a string or an array of strings (aud, amr).
    private static IReadOnlyList<string> Strings(JsonElement claims, string name)
    {
        if (!claims.TryGetProperty(name, out var value)) return Array.Empty<string>();
        if (value.ValueKind == JsonValueKind.String) return new[] { value.GetString()! };
        if (value.ValueKind != JsonValueKind.Array) return Array.Empty<string>();
        return value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList();
    }
}
