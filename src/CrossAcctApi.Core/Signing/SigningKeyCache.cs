using System;
using System.Collections.Generic;
using System.Threading;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// Derived SigV4 keys per (access key id, yyyyMMdd, region, service). Deriving costs four HMACs; a key is valid
    /// for a whole UTC day, so every signature after the first of the day reuses it. Thread-safe and bounded:
    /// beyond <see cref="Capacity"/> entries the oldest is dropped.
    /// </summary>
    public sealed class SigningKeyCache
    {
        private readonly object _gate = new object();
        private readonly Dictionary<EntryKey, SigningKey> _entries;
        private readonly Queue<EntryKey> _insertionOrder;

        // The key most recently handed out: checked without the lock, so the usual case (one credential,
        // one API, signing all day) costs a few comparisons and no dictionary lookup.
        private SigningKey? _mostRecent;

        public SigningKeyCache(int capacity = 64)
        {
            if (capacity < 1)
            {
                throw SigningErrors.InvalidArgument(
                    SigningErrorIds.InvalidCacheCapacity,
                    $"The signing key cache needs room for at least one key; capacity was {capacity}.",
                    capacity);
            }

            Capacity = capacity;
            _entries = new Dictionary<EntryKey, SigningKey>(Math.Min(capacity, 64));
            _insertionOrder = new Queue<EntryKey>(Math.Min(capacity, 64));
        }

        /// <summary>The cache <see cref="SigV4Signer"/>'s parameterless constructor uses.</summary>
        public static SigningKeyCache Shared { get; } = new SigningKeyCache();

        public int Capacity { get; }

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _entries.Count;
                }
            }
        }

        /// <summary>Forgets every key (for example after credentials were revoked).</summary>
        public void Clear()
        {
            lock (_gate)
            {
                _entries.Clear();
                _insertionOrder.Clear();
                Volatile.Write(ref _mostRecent, null);
            }
        }

        public override string ToString() => $"SigningKeyCache ({Count} of {Capacity} keys)";

        internal SigningKey Get(CredentialKeys keys, AmzDate date, string region, string service)
        {
            var recent = Volatile.Read(ref _mostRecent);
            if (recent != null && recent.Matches(keys.AccessKeyId, keys.SecretAccessKey, date.DateNumber, region, service))
            {
                return recent;
            }

            return GetSlow(keys, date, region, service);
        }

        private SigningKey GetSlow(CredentialKeys keys, AmzDate date, string region, string service)
        {
            var entryKey = new EntryKey(keys.AccessKeyId, date.DateNumber, region, service);
            lock (_gate)
            {
                if (!_entries.TryGetValue(entryKey, out var key) || !key.Matches(keys.AccessKeyId, keys.SecretAccessKey, date.DateNumber, region, service))
                {
                    var replacing = key != null;
                    key = SigningKey.Derive(keys.AccessKeyId, keys.SecretAccessKey, date.Value, date.DateNumber, region, service);
                    _entries[entryKey] = key;
                    if (!replacing)
                    {
                        _insertionOrder.Enqueue(entryKey);
                        while (_entries.Count > Capacity)
                        {
                            _entries.Remove(_insertionOrder.Dequeue());
                        }
                    }
                }

                Volatile.Write(ref _mostRecent, key);
                return key;
            }
        }

        private readonly struct EntryKey : IEquatable<EntryKey>
        {
            private readonly string _accessKeyId;
            private readonly int _dateNumber;
            private readonly string _region;
            private readonly string _service;

            public EntryKey(string accessKeyId, int dateNumber, string region, string service)
            {
                _accessKeyId = accessKeyId;
                _dateNumber = dateNumber;
                _region = region;
                _service = service;
            }

            public bool Equals(EntryKey other) =>
                _dateNumber == other._dateNumber
                && string.Equals(_accessKeyId, other._accessKeyId, StringComparison.Ordinal)
                && string.Equals(_region, other._region, StringComparison.Ordinal)
                && string.Equals(_service, other._service, StringComparison.Ordinal);

            public override bool Equals(object? obj) => obj is EntryKey other && Equals(other);

            public override int GetHashCode()
            {
                unchecked
                {
                    var hash = StringComparer.Ordinal.GetHashCode(_accessKeyId);
                    hash = (hash * 31) + _dateNumber;
                    hash = (hash * 31) + StringComparer.Ordinal.GetHashCode(_region);
                    return (hash * 31) + StringComparer.Ordinal.GetHashCode(_service);
                }
            }
        }
    }
}
