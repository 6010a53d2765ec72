using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossAcctApi
{
    /// <summary>
    /// A response's headers: a case-insensitive dictionary of name to values, whose text is the headers themselves
    /// ("Content-Type: application/json; x-amzn-RequestId: ..."), so that Export-Csv writes them instead of the
    /// dictionary's type name. ConvertTo-Json still writes an object of arrays.
    /// </summary>
    internal sealed class ResponseHeaders : Dictionary<string, string[]>
    {
        public ResponseHeaders(IEnumerable<KeyValuePair<string, string[]>> headers)
            : base(StringComparer.OrdinalIgnoreCase)
        {
            foreach (var header in headers)
            {
                this[header.Key] = header.Value;
            }
        }

        public override string ToString() => string.Join("; ", this.Select(h => h.Key + ": " + string.Join(", ", h.Value)));
    }
}
