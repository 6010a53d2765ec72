using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace CrossAcctApi.Core.Policy
{
    /// <summary>
    /// The JSON rules every policy element shares: a string or an array of strings, scalars in condition values,
    /// no empty names, no duplicate or unknown keys (IAM refuses them; a JSON reader would silently keep the last).
    /// </summary>
    internal static class PolicyJson
    {
        internal static string Scalar(JsonElement value, string where)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    return value.GetString()!;
                case JsonValueKind.True:
                    return "true";
                case JsonValueKind.False:
                    return "false";
                case JsonValueKind.Number:
                    return value.GetRawText();
                default:
                    throw PolicyDocumentParser.Error($"{where}: values must be strings, numbers or booleans, not {Describe(value.ValueKind)}");
            }
        }

        internal static IReadOnlyList<string>? StringOrArray(JsonElement parent, string name, string where)
        {
            if (!parent.TryGetProperty(name, out JsonElement element))
            {
                return null;
            }

            if (element.ValueKind == JsonValueKind.String)
            {
                return new[] { NonEmpty(element.GetString()!, name, where) };
            }

            if (element.ValueKind != JsonValueKind.Array)
            {
                throw PolicyDocumentParser.Error($"{where}: {name} must be a string or an array of strings, not {Describe(element.ValueKind)}");
            }

            var list = new List<string>();
            foreach (JsonElement item in element.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    throw PolicyDocumentParser.Error($"{where}: {name} must contain only strings, not {Describe(item.ValueKind)}");
                }

                list.Add(NonEmpty(item.GetString()!, name, where));
            }

            if (list.Count == 0 && name != PolicyPrincipal.Aws && name != PolicyPrincipal.Service && name != PolicyPrincipal.Federated && name != PolicyPrincipal.CanonicalUser)
            {
                throw PolicyDocumentParser.Error($"{where}: {name} is an empty array");
            }

            return list;
        }

        internal static string NonEmpty(string value, string name, string where)
        {
            if (value.Trim().Length == 0)
            {
                throw PolicyDocumentParser.Error($"{where}: {name} contains an empty string");
            }

            return value;
        }

        internal static string? OptionalString(JsonElement parent, string name, string where)
        {
            if (!parent.TryGetProperty(name, out JsonElement element))
            {
                return null;
            }

            if (element.ValueKind != JsonValueKind.String)
            {
                throw PolicyDocumentParser.Error($"{where}: {name} must be a string, not {Describe(element.ValueKind)}");
            }

            return element.GetString();
        }

        internal static void RejectDuplicatesAndUnknown(JsonElement element, HashSet<string> known, string where)
        {
            RejectDuplicates(element, where);
            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (!known.Contains(property.Name))
                {
                    string? sameIgnoringCase = known.FirstOrDefault(k => string.Equals(k, property.Name, StringComparison.OrdinalIgnoreCase));
                    string hint = sameIgnoringCase != null
                        ? $" (element names are case-sensitive: write '{sameIgnoringCase}')"
                        : $" (expected one of {string.Join(", ", known)})";
                    throw PolicyDocumentParser.Error($"{where} has the unknown element '{property.Name}'{hint}");
                }
            }
        }

        internal static void RejectDuplicates(JsonElement element, string where)
        {
            // JsonDocument keeps duplicate names and TryGetProperty would silently pick one; IAM rejects them.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw PolicyDocumentParser.Error($"{where} has the element '{property.Name}' more than once");
                }
            }
        }

        internal static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => "null",
            _ => "nothing",
        };
    }
}
