using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace CrossAcctApi
{
    /// <summary>Reading PowerShell's wrapped values as plain .NET data (for the core, which knows no PSObject).</summary>
    internal static class PowerShellValues
    {
        /// <summary>The object inside a PSObject wrapper; a PSCustomObject stays wrapped (its properties live on the wrapper).</summary>
        public static object? Unwrap(object? value) => value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : value;

        /// <summary>Text as PowerShell users expect it: invariant culture for numbers and dates.</summary>
        public static string? ToText(object? value)
        {
            switch (Unwrap(value))
            {
                case null:
                    return null;
                case string text:
                    return text;
                case IFormattable formattable:
                    return formattable.ToString(null, CultureInfo.InvariantCulture);
                case var other:
                    return LanguagePrimitives.ConvertTo<string>(other);
            }
        }

        /// <summary>The names of an object's properties (a dictionary's keys), without reading any value.</summary>
        public static IReadOnlyList<string> PropertyNames(object argument)
        {
            if (Unwrap(argument) is IDictionary dictionary)
            {
                return dictionary.Keys.Cast<object>().Select(k => ToText(k) ?? string.Empty).Where(k => k.Length > 0).ToList();
            }

            var psObject = argument as PSObject ?? PSObject.AsPSObject(Unwrap(argument)!);
            return psObject.Properties.Select(p => p.Name).ToList();
        }

        /// <summary>
        /// The object's properties as a case-insensitive dictionary, descending into the nested objects named by
        /// <paramref name="nested"/> (one level), which become dictionaries too; other values are passed unwrapped.
        /// </summary>
        public static Dictionary<string, object?> ToDictionary(object argument, IReadOnlyCollection<string> nested) => ToDictionary(argument, nested, 0);

        private static Dictionary<string, object?> ToDictionary(object argument, IReadOnlyCollection<string> nested, int depth)
        {
            var properties = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            if (Unwrap(argument) is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = ToText(entry.Key);
                    if (!string.IsNullOrEmpty(key) && !properties.ContainsKey(key!))
                    {
                        properties[key!] = Nested(key!, entry.Value, nested, depth);
                    }
                }

                return properties;
            }

            var psObject = argument as PSObject ?? PSObject.AsPSObject(Unwrap(argument)!);
            foreach (var property in psObject.Properties)
            {
                if (!property.IsGettable || properties.ContainsKey(property.Name))
                {
                    continue;
                }

                object? value;
                try
                {
                    value = property.Value;
                }
                catch (GetValueException)
                {
                    // A getter that throws (some SDK objects have them) is a property we cannot read, not an error.
                    continue;
                }

                properties[property.Name] = Nested(property.Name, value, nested, depth);
            }

            return properties;
        }

        private static object? Nested(string name, object? value, IReadOnlyCollection<string> nested, int depth)
        {
            var unwrapped = Unwrap(value);
            if (unwrapped is null || depth > 0 || !nested.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return unwrapped;
            }

            return unwrapped is string || unwrapped.GetType().IsPrimitive ? unwrapped : ToDictionary(value!, nested, depth + 1);
        }
    }
}
