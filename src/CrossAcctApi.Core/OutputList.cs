using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace CrossAcctApi.Core
{
    /// <summary>
    /// A read-only list in a result object. It is a list to every consumer (ConvertTo-Json writes an array,
    /// Format-Table shows {a, b}), and its text is its items joined, so that Export-Csv and string expansion write
    /// "a; b" instead of the list's type name.
    /// </summary>
    internal sealed class OutputList<T> : ReadOnlyCollection<T>
    {
        public static readonly OutputList<T> Empty = new OutputList<T>(new List<T>());

        private OutputList(IList<T> items)
            : base(items)
        {
        }

        public static IReadOnlyList<T> Of(IEnumerable<T>? items) =>
            items is OutputList<T> already ? already : items == null ? Empty : new OutputList<T>(items.ToList());

        public override string ToString() => string.Join("; ", this.Select(item => item?.ToString()));
    }
}
