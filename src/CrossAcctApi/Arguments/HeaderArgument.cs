using System.Collections;
using System.Collections.Generic;

namespace CrossAcctApi
{
    /// <summary>Maps -Header to what the signing core takes.</summary>
    internal static class HeaderArgument
    {
        /// <summary>
        /// The headers in the dictionary's order. A value that is a list gives the header once per item (signed as one
        /// comma-joined value); other values are converted to text as PowerShell would. Validation (reserved names,
        /// CR/LF injection) is the signing core's.
        /// </summary>
        public static List<KeyValuePair<string, string>> Read(IDictionary? headers)
        {
            var list = new List<KeyValuePair<string, string>>();
            if (headers is null)
            {
                return list;
            }

            foreach (DictionaryEntry entry in headers)
            {
                var name = PowerShellValues.ToText(entry.Key) ?? string.Empty;
                var value = PowerShellValues.Unwrap(entry.Value);
                if (value is IEnumerable items && !(value is string))
                {
                    foreach (var item in items)
                    {
                        list.Add(new KeyValuePair<string, string>(name, PowerShellValues.ToText(item)!));
                    }
                }
                else
                {
                    // Null is passed on as null: the core refuses it with a message that says to use "".
                    list.Add(new KeyValuePair<string, string>(name, PowerShellValues.ToText(value)!));
                }
            }

            return list;
        }
    }
}
