using System.Text;

namespace CrossAcctApi.Sandbox.Signing;

/// <summary>Splits <c>a=1&amp;b=2</c> strings (query strings and form bodies) into decoded pairs.</summary>
internal static class FormEncoding
{
    /// <summary>
    /// Decodes a query string: only %XX escapes are decoded, as SigV4 does ('+' stays '+').
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParsePairs(string raw) => Parse(raw, plusIsSpace: false);

    /// <summary>
    /// Decodes an application/x-www-form-urlencoded body, where '+' means a space
    /// (the AWS Query protocol's request body).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseForm(string raw) => Parse(raw, plusIsSpace: true);

    private static IReadOnlyList<KeyValuePair<string, string>> Parse(string raw, bool plusIsSpace)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var piece in raw.Split('&'))
        {
            if (piece.Length == 0) continue;
            var equals = piece.IndexOf('=');
            var name = equals < 0 ? piece : piece.Substring(0, equals);
            var value = equals < 0 ? string.Empty : piece.Substring(equals + 1);
            pairs.Add(new KeyValuePair<string, string>(Decode(name, plusIsSpace), Decode(value, plusIsSpace)));
        }

        return pairs;
    }

    private static string Decode(string text, bool plusIsSpace)
    {
        if (plusIsSpace) text = text.Replace('+', ' ');
        return Encoding.UTF8.GetString(SigV4Encoding.PercentDecode(text));
    }
}
