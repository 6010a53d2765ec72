using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Signing;
using CsCheck;
using Xunit;

namespace CrossAcctApi.Core.Tests.Properties;

/// <summary>Generators and fixed inputs shared by the property tests of this folder.</summary>
internal static class PropertyInputs
{
    public static readonly DateTimeOffset Time = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    public static readonly CredentialKeys Keys = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "IQoJb3JpZ2luX2VjEXAMPLETOKEN/+=");

    public static readonly SigningSettings ExecuteApi = new("us-east-1", "execute-api");

    /// <summary>Text as hostile as UTF-16 allows: controls, NUL, CR/LF, lone and paired surrogates, URI syntax.</summary>
    public static readonly Gen<string> HostileText = Gen.Frequency(
        (3, Gen.Char[(char)0, (char)0x7F].Array[0, 24].Select(c => new string(c))),
        (1, Gen.Char[(char)0, char.MaxValue].Array[0, 16].Select(c => new string(c))),
        (3, Gen.OneOf("/", "//", "/./", "/../", ".", "..", "%", "%2", "%zz", "%2F", "%2f", "%00", "?", "#", "&", "=", "+", " ", "\t", "\r\n", "\0",
            "\u00e9", "\U0001F600", "\ud800", "\udc00", "a", "Z", "9", "~", "@", ":", "[", "]").Array[0, 10].Select(string.Concat)));

    /// <summary>Characters allowed unencoded in a path or query as sent (RFC 3986 pchar, minus the delimiters used here).</summary>
    public const string WireSafe = "abcxyzABCXYZ0189-._~!$'()*,;:@";

    public const string Unreserved = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";

    /// <summary>A path segment as it goes on the wire: safe characters, percent escapes (any case), some raw Unicode; never "." or "..".</summary>
    public static readonly Gen<string> Segment = Gen.Frequency(
        (6, Gen.Char[WireSafe].Array[1, 8].Select(c => new string(c))),
        (2, Gen.Byte.Select(b => "%" + b.ToString("X2"))),
        (1, Gen.Byte.Select(b => "%" + b.ToString("x2"))),
        (1, Gen.OneOf("caf\u00e9", "\u1234", "\U0001F600", "a b", "...", ".x", "x.")))
        .Array[1, 3].Select(string.Concat)
        .Where(s => s != "." && s != "..");

    /// <summary>A query name or value as sent: safe characters and escapes, never '&amp;', '=', '#' or a raw '+'.</summary>
    public static readonly Gen<string> QueryText = Gen.Frequency(
        (6, Gen.Char[WireSafe].Array[0, 6].Select(c => new string(c))),
        (2, Gen.Byte.Select(b => "%" + b.ToString("X2"))),
        (1, Gen.OneOf("\u00e9", "\u1234", "%2B", "%20", "%26", "%3D")))
        .Array[1, 3].Select(string.Concat);

    public static readonly Gen<(string Name, string Value)[]> QueryPairs =
        Gen.Select(QueryText.Where(n => n.Length > 0), QueryText).Array[1, 6];

    public static string Query((string Name, string Value)[] pairs) => string.Join("&", pairs.Select(p => p.Name + "=" + p.Value));

    public static SignedRequest Sign(HttpRequestToSign request, SigningSettings? settings = null) =>
        new SigV4Signer(new SigningKeyCache(8)).SignRequest(request, Keys, settings ?? ExecuteApi, Time);

    /// <summary>Runs <paramref name="action"/>; a <see cref="CrossAcctApiException"/> is an acceptable refusal, any other exception fails the property.</summary>
    public static bool AcceptedOrRefused(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (CrossAcctApiException ex)
        {
            Assert.False(string.IsNullOrEmpty(ex.ErrorId));
            Assert.False(string.IsNullOrEmpty(ex.Message));
            return false;
        }
    }
}
