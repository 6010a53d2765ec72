using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi
{
    /// <summary>
    /// Turns a -Body value into plain data for the engine's one body conversion (<see cref="RequestBodies"/>): text,
    /// bytes and streams as they are; hashtables, PSCustomObjects and arrays of them as dictionaries and lists;
    /// numbers, booleans and dates as values. Only data is taken: a file object, a script block or a process is
    /// refused with <c>InvalidBody</c> (naming where it sits), as are data that refers to itself and data nested
    /// deeper than <see cref="RequestBodies.MaxDepth"/> or larger than <see cref="MaxValues"/> values, so that a body
    /// can never run away with memory or time.
    /// </summary>
    internal static class BodyArgument
    {
        /// <summary>How many values (scalars, lists and objects) a body may hold.</summary>
        public const int MaxValues = 1000000;

        public static object? ToData(object? body)
        {
            var value = PowerShellValues.Unwrap(body);
            if (value is Stream || value is byte[] || value is string || value is null)
            {
                return value;
            }

            var walk = new Walk();
            return walk.Convert(body, "$", 0);
        }

        private sealed class Walk
        {
            private readonly HashSet<object> _path = new HashSet<object>(ReferenceComparer.Instance);
            private int _values;

            public object? Convert(object? raw, string where, int depth)
            {
                if (++_values > MaxValues)
                {
                    throw Invalid("{@Body} holds more than " + MaxValues.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " values.", "Send less data per request.");
                }

                if (depth > RequestBodies.MaxDepth)
                {
                    throw Invalid("{@Body} nests deeper than " + RequestBodies.MaxDepth + " levels (at " + where + ").", "Flatten the data, or convert it to JSON text yourself and give the text.");
                }

                var value = PowerShellValues.Unwrap(raw);
                if (IsScalar(value))
                {
                    return value;
                }

                if (!_path.Add(value!))
                {
                    throw Invalid("{@Body} refers to itself at " + where + " (circular data cannot be sent as JSON).", "Send a copy of the data without the reference back to its parent.");
                }

                try
                {
                    return Container(value!, where, depth);
                }
                finally
                {
                    _path.Remove(value!);
                }
            }

            private object Container(object value, string where, int depth)
            {
                switch (value)
                {
                    case IDictionary dictionary:
                        var map = new OrderedDictionary();
                        foreach (DictionaryEntry entry in dictionary)
                        {
                            var key = PowerShellValues.ToText(entry.Key) ?? string.Empty;
                            map[key] = Convert(entry.Value, where + "." + key, depth + 1);
                        }

                        return map;
                    case PSObject custom when custom.BaseObject is PSCustomObject:
                        var properties = new OrderedDictionary();
                        foreach (var property in custom.Properties)
                        {
                            properties[property.Name] = Convert(property.Value, where + "." + property.Name, depth + 1);
                        }

                        return properties;
                    case Array _:
                    case IList _:
                    case ICollection _:
                        var list = new List<object?>();
                        var index = 0;
                        foreach (var item in (IEnumerable)value)
                        {
                            list.Add(Convert(item, where + "[" + index++ + "]", depth + 1));
                        }

                        return list;
                    default:
                        var type = value.GetType().FullName;
                        throw Invalid(
                            "{@Body} holds a " + type + (where == "$" ? string.Empty : " at " + where) + ", which is not data (text, numbers, booleans, dates, hashtables, PSCustomObjects and arrays of them).",
                            value is FileSystemInfo
                                ? "Send a file's content with {@InFile}."
                                : "Pick the values to send first, for example with Select-Object, or give JSON text.");
                }
            }

            private static bool IsScalar(object? value) =>
                value is null || value is string || value is bool || value is char || value is Enum || value is DateTime || value is DateTimeOffset
                || value is Guid || value is Uri || value is decimal || (value.GetType().IsPrimitive && !(value is IntPtr) && !(value is UIntPtr));

            private static CrossAcctApiException Invalid(string message, string action) => RequestErrors.InvalidBodyError(message, action);
        }

        private sealed class ReferenceComparer : IEqualityComparer<object>
        {
            public static readonly ReferenceComparer Instance = new ReferenceComparer();

            public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

            public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
        }
    }
}
