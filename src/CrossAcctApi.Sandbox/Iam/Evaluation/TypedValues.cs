using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CrossAcctApi.Sandbox.Iam.Evaluation;

/// <summary>
/// Reads condition values of the numeric, date, boolean, binary and IP address operators (IAM User Guide,
/// "Condition operators"). A value that does not read as its type matches nothing.
/// </summary>
internal static class TypedValues
{
    // The W3C profile of ISO 8601 the guide names for date operators, from year-only to fractional seconds.
    private static readonly string[] DateFormats =
    {
        "yyyy", "yyyy-MM", "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    };

    public static bool TryNumber(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    /// <summary>A W3C ISO 8601 date and time, or epoch (UNIX) seconds, as the guide allows for date operators.</summary>
    public static bool TryDate(string text, out DateTimeOffset value)
    {
        // Four digits are the W3C year-only form ("2026"), not a second of 1970.
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var epoch) && text.Length != 4)
        {
            var inRange = epoch >= DateTimeOffset.MinValue.ToUnixTimeSeconds() && epoch <= DateTimeOffset.MaxValue.ToUnixTimeSeconds();
            value = inRange ? DateTimeOffset.FromUnixTimeSeconds(epoch) : default;
            return inRange;
        }

        return DateTimeOffset.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    public static bool TryBool(string text, out bool value) => bool.TryParse(text, out value);

    public static bool TryBinary(string text, out byte[] value)
    {
        var buffer = new byte[text.Length];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            value = buffer[..written];
            return true;
        }

        value = Array.Empty<byte>();
        return false;
    }

    /// <summary>
    /// True when <paramref name="address"/> lies in <paramref name="range"/>: CIDR notation, or a bare address, which
    /// "IAM uses the default prefix value of /32" for (and /128 for IPv6).
    /// </summary>
    public static bool InRange(string range, string address)
    {
        if (!IPAddress.TryParse(address, out var ip)) return false;
        var slash = range.IndexOf('/');
        if (!IPAddress.TryParse(slash < 0 ? range : range.Substring(0, slash), out var network)) return false;
        if (network.AddressFamily != ip.AddressFamily) return false;

        var bits = network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(range.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits)) return false;

        var a = network.GetAddressBytes();
        var b = ip.GetAddressBytes();
        for (var i = 0; i < prefix; i++)
        {
            var mask = 0x80 >> (i % 8);
            if ((a[i / 8] & mask) != (b[i / 8] & mask)) return false;
        }

        return true;
    }
}
