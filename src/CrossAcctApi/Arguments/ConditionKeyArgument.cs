using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Policy.Generator;

namespace CrossAcctApi
{
    /// <summary>
    /// Reads -ConditionKey: a hashtable of condition key names to values, as IAM would see them in the request
    /// context. A list gives a multivalued key; $null or an empty list says the key is absent (known, not unknown);
    /// booleans, numbers and dates are written the way IAM compares them.
    /// </summary>
    internal static class ConditionKeyArgument
    {
        public static Dictionary<string, IReadOnlyList<string>> Convert(IDictionary? keys)
        {
            var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            if (keys == null)
            {
                return result;
            }

            foreach (DictionaryEntry entry in keys)
            {
                string? name = Unwrap(entry.Key) as string;
                if (string.IsNullOrWhiteSpace(name))
                {
                    throw Invalid($"The condition key name {entry.Key} is not a text such as 'aws:SourceIp'.", entry.Key);
                }

                result[name!.Trim()] = Values(name, entry.Value);
            }

            return result;
        }

        private static IReadOnlyList<string> Values(string key, object? value)
        {
            object? unwrapped = Unwrap(value);
            if (unwrapped == null)
            {
                return Array.Empty<string>();
            }

            if (unwrapped is IEnumerable list && !(unwrapped is string) && !(unwrapped is IDictionary))
            {
                var values = new List<string>();
                foreach (object? item in list)
                {
                    values.Add(Scalar(key, Unwrap(item)));
                }

                return values;
            }

            return new[] { Scalar(key, unwrapped) };
        }

        private static string Scalar(string key, object? value)
        {
            switch (value)
            {
                case string text:
                    return text;
                case bool flag:
                    return flag ? "true" : "false";
                case SwitchParameter flag:
                    return flag.IsPresent ? "true" : "false";
                case DateTime time:
                    return time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                case DateTimeOffset time:
                    return time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                case System.Net.IPAddress address:
                    return address.ToString();
                case IFormattable number when IsNumber(number):
                    return number.ToString(null, CultureInfo.InvariantCulture);
                default:
                    throw Invalid($"The value of the condition key '{key}' is a {value?.GetType().Name ?? "null"}; give text, a number, a boolean, a date or a list of them.", key);
            }
        }

        private static bool IsNumber(object value) =>
            value is byte || value is sbyte || value is short || value is ushort || value is int || value is uint
            || value is long || value is ulong || value is float || value is double || value is decimal;

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        private static CrossAcctApiException Invalid(string message, object? target) =>
            new CrossAcctApiException(PolicyToolErrors.InvalidConditionKey, FailureKind.InvalidArgument, message, target)
            {
                RecommendedAction = "Pass -ConditionKey @{ 'aws:SourceIp' = '203.0.113.7'; 'aws:MultiFactorAuthPresent' = $true }.",
            };
    }
}
