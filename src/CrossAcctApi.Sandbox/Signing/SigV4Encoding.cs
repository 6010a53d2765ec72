using System.Security.Cryptography;
using System.Text;

namespace CrossAcctApi.Sandbox.Signing;

/// <summary>
/// The byte-level encodings SigV4 is defined on (RFC 3986 unreserved set, upper-case hex, SHA-256, HMAC).
/// Written for the sandbox on purpose, separately from the module's signing core, so that the two cannot
/// share a mistake.
/// </summary>
internal static class SigV4Encoding
{
    private const string HexUpper = "0123456789ABCDEF";

    public static bool IsUnreserved(byte b) =>
        (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_' || b == '.' || b == '~';

    /// <summary>Percent-encodes every byte outside the unreserved set (so '%' itself becomes %25).</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (IsUnreserved(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(HexUpper[b >> 4]).Append(HexUpper[b & 0xF]);
            }
        }

        return builder.ToString();
    }

    public static string Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Decodes %XX escapes to bytes; everything else (including '+', which SigV4 does not treat as a space,
    /// and a '%' not followed by two hex digits) is kept as its UTF-8 bytes.
    /// </summary>
    public static byte[] PercentDecode(string text)
    {
        var raw = Encoding.UTF8.GetBytes(text);
        var output = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%' && i + 2 < raw.Length && IsHex(raw[i + 1]) && IsHex(raw[i + 2]))
            {
                output.Add((byte)((HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2])));
                i += 2;
            }
            else
            {
                output.Add(raw[i]);
            }
        }

        return output.ToArray();
    }

    public static string PercentDecodeToString(string text) => Encoding.UTF8.GetString(PercentDecode(text));

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Sha256Hex(string text) => Sha256Hex(Encoding.UTF8.GetBytes(text));

    public static byte[] HmacSha256(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    public static bool IsLowerHexSha256(string? value) =>
        value != null && value.Length == 64 && value.All(c => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));

    private static bool IsHex(byte b) => (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
