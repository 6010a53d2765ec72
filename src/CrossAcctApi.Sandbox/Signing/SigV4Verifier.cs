using System.Security.Cryptography;
using System.Text;

namespace CrossAcctApi.Sandbox.Signing;

/// <summary>What the server computed for a request, and whether the client's signature matches it.</summary>
internal sealed class SignatureCheck
{
    public SignatureCheck(bool matches, string canonicalRequest, string stringToSign)
    {
        Matches = matches;
        CanonicalRequest = canonicalRequest;
        StringToSign = stringToSign;
    }

    public bool Matches { get; }

    /// <summary>The canonical request the server computed (no secrets in it).</summary>
    public string CanonicalRequest { get; }

    public string StringToSign { get; }

    public override string ToString() => Matches ? "signature matches" : "signature does not match";
}

/// <summary>Recomputes a request's SigV4 signature with the signer's secret and compares in constant time.</summary>
internal static class SigV4Verifier
{
    public static SignatureCheck Check(ReceivedRequest request, SignatureClaim claim, string secretAccessKey)
    {
        var canonicalRequest = CanonicalRequest.Build(request, claim);
        var stringToSign = StringToSign(claim, canonicalRequest);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(SigningKey(secretAccessKey, claim), Encoding.UTF8.GetBytes(stringToSign)));
        var matches = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(claim.Signature));
        return new SignatureCheck(matches, canonicalRequest, stringToSign);
    }

    public static string StringToSign(SignatureClaim claim, string canonicalRequest) =>
        $"{SignatureClaim.Algorithm}\n{claim.AmzDate}\n{claim.Scope}\n{SigV4Encoding.Sha256Hex(canonicalRequest)}";

    private static byte[] SigningKey(string secretAccessKey, SignatureClaim claim)
    {
        var dateKey = SigV4Encoding.HmacSha256(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), claim.ScopeDate);
        var regionKey = SigV4Encoding.HmacSha256(dateKey, claim.ScopeRegion);
        var serviceKey = SigV4Encoding.HmacSha256(regionKey, claim.ScopeService);
        return SigV4Encoding.HmacSha256(serviceKey, claim.ScopeTerminator);
    }
}
