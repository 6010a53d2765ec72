using System.Security.Cryptography;

namespace CrossAcctApi.Sandbox.Federation.Oidc;

/// <summary>
/// An IAM OIDC identity provider of the scenario: its issuer URL, ARN, accepted client ids, and the RSA key its tokens
/// are signed with (the sandbox holds the private half so that tests can act as the identity provider).
/// </summary>
internal sealed class OidcProvider : IDisposable
{
    public OidcProvider(string accountId, string partition, string url, IReadOnlyList<string> clientIds, RSA key, string? keyId)
    {
        AccountId = accountId;
        Url = url;
        HostPath = url.Substring(HttpsScheme.Length);
        Arn = $"arn:{partition}:iam::{accountId}:oidc-provider/{HostPath}";
        ClientIds = clientIds;
        Key = key;
        KeyId = keyId ?? DefaultKeyId(key);
    }

    public const string HttpsScheme = "https://";

    public string AccountId { get; }

    /// <summary>The issuer, <c>https://host[/path]</c>, exactly as tokens carry it in <c>iss</c>.</summary>
    public string Url { get; }

    /// <summary>The URL without its scheme: the ARN's resource suffix and the prefix of the condition keys (<c>host/path:sub</c>).</summary>
    public string HostPath { get; }

    public string Arn { get; }

    public IReadOnlyList<string> ClientIds { get; }

    public RSA Key { get; }

    public string KeyId { get; }

    /// <summary>The provider's JSON Web Key Set: the public key only.</summary>
    public object Jwks()
    {
        var parameters = Key.ExportParameters(includePrivateParameters: false);
        return new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Jwt.Base64UrlEncode(parameters.Modulus!), e = Jwt.Base64UrlEncode(parameters.Exponent!) },
            },
        };
    }

    public void Dispose() => Key.Dispose();

    public override string ToString() => Arn;

    private static string DefaultKeyId(RSA key)
    {
        var modulus = key.ExportParameters(includePrivateParameters: false).Modulus!;
        return Jwt.Base64UrlEncode(SHA256.HashData(modulus)).Substring(0, 16);
    }
}
