using System.Globalization;

namespace CrossAcctApi.Sandbox.Sts;

/// <summary>
/// The parameters of one Query-protocol call (query string plus form body), with the protocol's list
/// encodings (<c>Name.member.N</c> and <c>Name.member.N.Field</c>).
/// </summary>
internal sealed class StsParameters
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public StsParameters(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        // The first value wins, as AWS does with a repeated parameter.
        foreach (var (name, value) in pairs) _values.TryAdd(name, value);
    }

    public string? this[string name] => _values.TryGetValue(name, out var value) ? value : null;

    /// <summary><c>Name.member.1</c>, <c>Name.member.2</c>, ... until the first gap.</summary>
    public IReadOnlyList<string> List(string name) =>
        Members(name).Select(prefix => this[prefix]).TakeWhile(v => v != null).Select(v => v!).ToList();

    /// <summary><c>Name.member.N.Field</c> records for N = 1.. until no field of N is present.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string?>> Structures(string name, params string[] fields)
    {
        var records = new List<IReadOnlyDictionary<string, string?>>();
        foreach (var prefix in Members(name))
        {
            var record = fields.ToDictionary(f => f, f => this[prefix + "." + f], StringComparer.Ordinal);
            if (record.Values.All(v => v == null)) break;
            records.Add(record);
        }

        return records;
    }

    private static IEnumerable<string> Members(string name)
    {
        for (var i = 1; i <= 1000; i++) yield return name + ".member." + i.ToString(CultureInfo.InvariantCulture);
    }
}
