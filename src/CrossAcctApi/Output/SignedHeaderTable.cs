using System;
using System.Collections;
using System.Collections.Specialized;
using System.Linq;

namespace CrossAcctApi
{
    /// <summary>
    /// The headers of a signed request as shown (<see cref="SignedHttpApiRequest.Headers"/>): in the order they are
    /// sent, looked up without regard to case, read-only, secrets already redacted. It is a dictionary to every
    /// consumer (ConvertTo-Json writes an object, <c>$r.Headers['X-Amz-Date']</c> works); its text lists the headers as
    /// "Name: value" pairs, so that Export-Csv and string expansion write them instead of a .NET type name.
    /// </summary>
    public sealed class SignedHeaderTable : IDictionary
    {
        private readonly OrderedDictionary _headers;

        internal SignedHeaderTable(OrderedDictionary headers)
        {
            _headers = headers.IsReadOnly ? headers : headers.AsReadOnly();
        }

        public object? this[object key]
        {
            get => _headers[key];
            set => _headers[key] = value;
        }

        public ICollection Keys => _headers.Keys;

        public ICollection Values => _headers.Values;

        public int Count => _headers.Count;

        public bool IsReadOnly => true;

        public bool IsFixedSize => true;

        bool ICollection.IsSynchronized => false;

        object ICollection.SyncRoot => ((ICollection)_headers).SyncRoot;

        public bool Contains(object key) => _headers.Contains(key);

        // The read-only dictionary refuses every change with NotSupportedException, as OrderedDictionary.AsReadOnly does.
        public void Add(object key, object? value) => _headers.Add(key, value);

        public void Clear() => _headers.Clear();

        public void Remove(object key) => _headers.Remove(key);

        public IDictionaryEnumerator GetEnumerator() => _headers.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => _headers.GetEnumerator();

        public void CopyTo(Array array, int index) => _headers.CopyTo(array, index);

        /// <summary>"Name: value" per header, joined with "; " (the values as shown: secrets redacted).</summary>
        public override string ToString() =>
            string.Join("; ", _headers.Cast<DictionaryEntry>().Select(header => header.Key + ": " + header.Value));
    }
}
