using System.Text.Json;

namespace CrossAcctApi.Sandbox.Iam.Policies;

/// <summary>
/// The JSON shapes policy elements take: an object whose keys must be known and unique, and a value that is one
/// string or an array of them. A duplicate key is refused: JSON parsers disagree on which copy wins, and a sandbox that
/// guessed would decide differently from IAM without saying so.
/// </summary>
internal static class PolicyJson
{
    /// <summary>The properties of an object, refusing duplicates and (when <paramref name="known"/> is given) unknown names.</summary>
    public static IReadOnlyList<JsonProperty> Properties(JsonElement element, string where, IReadOnlySet<string>? known = null)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Syntax($"{where} is not a JSON object");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var properties = new List<JsonProperty>();
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name)) throw Syntax($"{where} has the key '{property.Name}' twice");
            if (known != null && !known.Contains(property.Name)) throw Syntax($"{where} has the unknown element '{property.Name}'");
            properties.Add(property);
        }

        return properties;
    }

    /// <summary>A string, or a non-empty array of strings.</summary>
    public static IReadOnlyList<string> Strings(JsonElement element, string where)
    {
        if (element.ValueKind == JsonValueKind.String) return new[] { element.GetString()! };
        if (element.ValueKind != JsonValueKind.Array) throw Syntax($"{where} is not a string or an array of strings");
        var values = new List<string>();
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) throw Syntax($"{where}[{values.Count}] is not a string");
            values.Add(item.GetString()!);
        }

        return values;
    }

    /// <summary>Condition values: strings, numbers and booleans (kept as their JSON text), alone or in a non-empty array.</summary>
    public static IReadOnlyList<string> Scalars(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Array) return new[] { Scalar(element, where) };
        var values = element.EnumerateArray().Select((item, i) => Scalar(item, $"{where}[{i}]")).ToList();
        if (values.Count == 0) throw Syntax($"{where} is an empty array");
        return values;
    }

    public static string String(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Syntax($"{where} is not a string");

    public static PolicySyntaxException Syntax(string where) => new(PolicySyntaxException.SyntaxErrors, where);

    private static string Scalar(JsonElement element, string where) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw Syntax($"{where} is not a string, number or boolean"),
    };
}
