using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CrossAcctApi.Sandbox.Federation.Oidc;

/// <summary>
/// A JSON Web Token in compact form (RFC 7519): <c>base64url(header).base64url(payload).base64url(signature)</c>, read
/// without trusting anything in it yet. <see cref="Sign"/> makes one with an RSA key (RS256), as an OIDC provider does.
/// </summary>
internal sealed class Jwt
{
    private Jwt(JsonElement header, JsonElement payload, byte[] signingInput, byte[] signature)
    {
        Header = header;
        Payload = payload;
        SigningInput = signingInput;
        Signature = signature;
    }

    public JsonElement Header { get; }

    public JsonElement Payload { get; }

    /// <summary>The ASCII bytes of <c>header.payload</c>, which the signature covers.</summary>
    public byte[] SigningInput { get; }

    public byte[] Signature { get; }

    public string? Algorithm => HeaderString("alg");

    public string? KeyId => HeaderString("kid");

    /// <summary>Reads the three parts; null when the text is not a compact JWS with JSON object header and payload.</summary>
    public static Jwt? TryRead(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return null;
        var header = DecodeJson(parts[0]);
        var payload = DecodeJson(parts[1]);
        var signature = Base64UrlDecode(parts[2]);
        if (header == null || payload == null || signature == null) return null;
        return new Jwt(header.Value, payload.Value, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature);
    }

    /// <summary>A compact JWT with header <c>{"alg":"RS256","typ":"JWT","kid":...}</c> signed by <paramref name="key"/>.</summary>
    public static string Sign(RSA key, string keyId, IReadOnlyDictionary<string, object?> claims)
    {
        var header = new Dictionary<string, object?> { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = keyId };
        var signingInput = Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64UrlEncode(signature);
    }

    /// <summary>Checks an RS256, RS384 or RS512 signature; false for any other algorithm.</summary>
    public bool IsSignedBy(RSA key)
    {
        var hash = Algorithm switch
        {
            "RS256" => HashAlgorithmName.SHA256,
            "RS384" => HashAlgorithmName.SHA384,
            "RS512" => HashAlgorithmName.SHA512,
            _ => default(HashAlgorithmName?),
        };
        return hash != null && key.VerifyData(SigningInput, Signature, hash.Value, RSASignaturePadding.Pkcs1);
    }

    public static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[]? Base64UrlDecode(string text)
    {
        if (text.Length % 4 == 1 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))) return null;
        var padded = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4);
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private string? HeaderString(string name) =>
        Header.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonElement? DecodeJson(string part)
    {
        var bytes = Base64UrlDecode(part);
        if (bytes == null) return null;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // The token is a bearer secret: never print it.
    public override string ToString() => $"JWT alg={Algorithm} kid={KeyId}";
}
