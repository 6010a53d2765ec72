using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CrossAcctApi.Sandbox.Federation.Oidc;
using CrossAcctApi.Sandbox.Hosting;
using CrossAcctApi.Sandbox.Scenario;

namespace CrossAcctApi.Sandbox.Federation;

/// <summary>The body of <c>POST /_sandbox/oidc/token</c>: the claims of the token to mint; only <c>sub</c> is required.</summary>
public sealed class MintTokenRequest
{
    /// <summary>The provider's URL (the token's iss); default: the scenario's first OIDC provider.</summary>
    public string? Issuer { get; set; }

    public string? Sub { get; set; }

    /// <summary>A string or an array of strings; default: the provider's first client id. Give <c>[]</c> for none.</summary>
    public JsonElement Aud { get; set; }

    public string? Azp { get; set; }

    public List<string>? Amr { get; set; }

    /// <summary>exp = now + this (the sandbox clock); default 3600. Ignored when <see cref="Exp"/> is given.</summary>
    public long? ExpiresInSeconds { get; set; }

    /// <summary>Epoch seconds; default: now + <see cref="ExpiresInSeconds"/>.</summary>
    public long? Exp { get; set; }

    /// <summary>Epoch seconds; default: now.</summary>
    public long? Iat { get; set; }

    public long? Nbf { get; set; }

    /// <summary>More claims, written as given (they may override the ones above).</summary>
    public Dictionary<string, JsonElement>? Claims { get; set; }
}

public sealed class SsoTokenRequest
{
    /// <summary>An Identity Center user of the scenario.</summary>
    public string? UserName { get; set; }

    /// <summary>How long the access token lives; default 28800 (8 hours). 0 or less makes an already expired token.</summary>
    public long? ExpiresInSeconds { get; set; }

    /// <summary>The sso_session name the cache file is for; without it, the legacy file keyed by the start URL.</summary>
    public string? SessionName { get; set; }
}

public sealed class SsoThrottleRequest
{
    /// <summary>The next N portal calls answer 429 TooManyRequestsException.</summary>
    public int Count { get; set; }
}

public sealed class MetadataFaultRequest
{
    /// <summary><c>hang</c>, <c>reset</c>, <c>error</c> or <c>none</c>.</summary>
    public string? Mode { get; set; }

    /// <summary><c>container</c> and/or <c>instance</c>; default both.</summary>
    public List<string>? Targets { get; set; }
}

/// <summary>The control calls of the credential sources; each answers JSON, or 400 with what to fix.</summary>
internal static class FederationControl
{
    public static async Task RunAsync<TRequest>(HttpContext context, Func<TRequest, IResult> handle)
        where TRequest : class
    {
        IResult result;
        try
        {
            var request = await JsonSerializer.DeserializeAsync<TRequest>(context.Request.Body, StrictJson.Options, context.RequestAborted).ConfigureAwait(false);
            result = request == null ? BadRequest("The body is empty; send a JSON object.") : handle(request);
        }
        catch (JsonException e)
        {
            result = BadRequest($"The body is not a {typeof(TRequest).Name}: {e.Message}");
        }

        await result.ExecuteAsync(context).ConfigureAwait(false);
    }

    public static IResult MintToken(SandboxState state, MintTokenRequest request)
    {
        var providers = state.Federation.Directory.Providers;
        var provider = request.Issuer == null ? providers.FirstOrDefault() : providers.FirstOrDefault(p => p.Url == request.Issuer);
        if (provider == null) return BadRequest(request.Issuer == null ? "The scenario has no OIDC provider." : $"No OIDC provider has the URL '{request.Issuer}'; see GET /_sandbox/oidc/providers.");
        if (string.IsNullOrEmpty(request.Sub)) return BadRequest("sub is required, e.g. {\"sub\": \"repo:acme/items:ref:refs/heads/main\"}.");

        var now = state.Clock.UtcNow.ToUnixTimeSeconds();
        var exp = request.Exp ?? now + (request.ExpiresInSeconds ?? 3600);
        var claims = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["iss"] = provider.Url,
            ["sub"] = request.Sub,
            ["aud"] = request.Aud.ValueKind == JsonValueKind.Undefined ? provider.ClientIds[0] : request.Aud,
            ["iat"] = request.Iat ?? now,
            ["exp"] = exp,
        };
        if (request.Nbf is { } nbf) claims["nbf"] = nbf;
        if (request.Azp != null) claims["azp"] = request.Azp;
        if (request.Amr != null) claims["amr"] = request.Amr;
        foreach (var (name, value) in request.Claims ?? new Dictionary<string, JsonElement>()) claims[name] = value;

        var token = Jwt.Sign(provider.Key, provider.KeyId, claims);
        return Results.Json(new { token, issuer = provider.Url, subject = request.Sub, exp, expiresAt = DateTimeOffset.FromUnixTimeSeconds(exp) });
    }

    /// <summary>The provider's private key, for a test that signs its own tokens (test-only, loopback only).</summary>
    public static IResult SigningKey(SandboxState state, string? issuer)
    {
        var provider = state.Federation.Directory.Providers.FirstOrDefault(p => issuer == null || p.Url == issuer);
        if (provider == null) return BadRequest($"No OIDC provider has the URL '{issuer}'.");
        return Results.Json(new { issuer = provider.Url, keyId = provider.KeyId, privateKeyPem = provider.Key.ExportPkcs8PrivateKeyPem() });
    }

    public static IResult CreateSsoToken(SandboxState state, SsoTokenRequest request)
    {
        var directory = state.Federation.Directory;
        if (directory.SsoStartUrl == null) return BadRequest("The scenario has no sso section.");
        if (request.UserName == null || !directory.IsSsoUser(request.UserName))
        {
            return BadRequest($"userName '{request.UserName}' is not an Identity Center user of the scenario ({string.Join(", ", directory.SsoUserNames)}).");
        }

        var expiresAt = TruncateToSeconds(state.Clock.UtcNow + TimeSpan.FromSeconds(request.ExpiresInSeconds ?? 28800));
        var accessToken = state.Federation.IssueSsoToken(request.UserName, expiresAt);
        var expiresText = expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var cacheKey = request.SessionName ?? directory.SsoStartUrl;
        return Results.Json(new
        {
            accessToken,
            expiresAt = expiresText,
            userName = request.UserName,
            startUrl = directory.SsoStartUrl,
            region = directory.SsoRegion,

            // What `aws sso login` writes to ~/.aws/sso/cache/<sha1 of the sso_session name, or of the start URL>.json.
            cacheFileName = Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(cacheKey))).ToLowerInvariant() + ".json",
            cacheFile = new { startUrl = directory.SsoStartUrl, region = directory.SsoRegion, accessToken, expiresAt = expiresText },
        });
    }

    public static IResult ThrottleSso(SandboxState state, SsoThrottleRequest request)
    {
        if (request.Count < 0) return BadRequest("count must be 0 or more.");
        state.Federation.ThrottleSso(request.Count);
        return Results.Json(new { ssoThrottleRemaining = state.Federation.SsoThrottleRemaining });
    }

    public static IResult SetFault(SandboxState state, MetadataFaultRequest request)
    {
        if (!Enum.TryParse<MetadataFaultMode>(request.Mode, ignoreCase: true, out var mode) || !Enum.IsDefined(mode) || int.TryParse(request.Mode, out _))
        {
            return BadRequest($"mode '{request.Mode}' is not one of hang, reset, error, none.");
        }

        var targets = request.Targets ?? new List<string> { "container", "instance" };
        var unknown = targets.Where(t => t is not ("container" or "instance")).ToList();
        if (unknown.Count > 0) return BadRequest($"targets may hold 'container' and 'instance', not '{string.Join("', '", unknown)}'.");
        state.Federation.SetFault(mode, targets.Contains("container"), targets.Contains("instance"));
        return FaultModel(state);
    }

    public static IResult FaultModel(SandboxState state) =>
        Results.Json(new { mode = state.Federation.FaultMode.ToString().ToLowerInvariant(), targets = state.Federation.FaultTargets });

    private static IResult BadRequest(string message) => Results.Json(new { message }, statusCode: 400);

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
