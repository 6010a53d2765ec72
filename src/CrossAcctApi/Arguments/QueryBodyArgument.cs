using System;
using System.Collections;
using System.Collections.Generic;
using CrossAcctApi.Core.Signing;

namespace CrossAcctApi
{
    /// <summary>
    /// Invoke-RestMethod's rule for a dictionary -Body on a GET: it becomes the query string (added after the URL's
    /// own query), and nothing is sent as a body. Names and values are encoded as they are signed (a space is %20, a
    /// plus %2B); a list value repeats its name (limit=1&amp;id=a&amp;id=b), a null value is empty.
    /// </summary>
    internal static class QueryBodyArgument
    {
        /// <summary>True when <paramref name="body"/> is a dictionary and <paramref name="method"/> is GET.</summary>
        public static bool Applies(object? body, string method) =>
            PowerShellValues.Unwrap(body) is IDictionary && string.Equals(method?.Trim(), "GET", StringComparison.OrdinalIgnoreCase);

        /// <summary><paramref name="uri"/> with the dictionary's pairs appended to its query.</summary>
        public static Uri Append(Uri uri, object body)
        {
            var pairs = new List<KeyValuePair<string, string>>();
            var dictionary = (IDictionary)PowerShellValues.Unwrap(body)!;
            foreach (DictionaryEntry entry in dictionary)
            {
                var name = PowerShellValues.ToText(entry.Key) ?? string.Empty;
                var value = PowerShellValues.Unwrap(entry.Value);
                if (value is IEnumerable list && !(value is string))
                {
                    foreach (var item in list)
                    {
                        pairs.Add(new KeyValuePair<string, string>(name, PowerShellValues.ToText(item) ?? string.Empty));
                    }
                }
                else
                {
                    pairs.Add(new KeyValuePair<string, string>(name, PowerShellValues.ToText(value) ?? string.Empty));
                }
            }

            if (pairs.Count == 0 || !uri.IsAbsoluteUri)
            {
                return uri;
            }

            var added = RequestLineEncoding.FromPairs(pairs);
            var builder = new UriBuilder(uri);
            builder.Query = builder.Query.Length > 1 ? builder.Query.Substring(1) + "&" + added : added;
            return builder.Uri;
        }
    }
}
