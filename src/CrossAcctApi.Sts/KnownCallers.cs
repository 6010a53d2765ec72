using System;
using System.Collections.Concurrent;
using System.Linq;

namespace CrossAcctApi.Sts
{
    /// <summary>
    /// Who access keys belong to, as far as this process has learned it without spending an STS call on a successful
    /// path: sessions this module was issued (AssumeRole's answer names them), callers that an AccessDenied message
    /// quoted, and what an earlier diagnosis asked GetCallerIdentity. Access key ids and ARNs are not secrets.
    /// It is only a hint for ranking causes, so it is bounded crudely: expired sessions go first, and past the
    /// capacity the book starts over.
    /// </summary>
    internal sealed class KnownCallers
    {
        public const int DefaultCapacity = 4096;

        private readonly ConcurrentDictionary<string, Entry> _byAccessKeyId = new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal);
        private readonly Func<DateTime> _utcNow;

        public KnownCallers(int capacity = DefaultCapacity, Func<DateTime>? utcNow = null)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity));
            }

            Capacity = capacity;
            _utcNow = utcNow ?? (() => DateTime.UtcNow);
        }

        public int Capacity { get; }

        public int Count => _byAccessKeyId.Count;

        /// <param name="validUntilUtc">When the keys stop working (a session's expiration); null for long-term keys.</param>
        public void Remember(string accessKeyId, string callerArn, DateTime? validUntilUtc = null)
        {
            if (string.IsNullOrEmpty(accessKeyId) || string.IsNullOrEmpty(callerArn))
            {
                return;
            }

            if (_byAccessKeyId.Count >= Capacity && !_byAccessKeyId.ContainsKey(accessKeyId))
            {
                MakeRoom();
            }

            _byAccessKeyId[accessKeyId] = new Entry(callerArn, validUntilUtc);
        }

        /// <summary>The ARN of the principal that owns <paramref name="accessKeyId"/>, or null when not known (or expired).</summary>
        public string? ArnOf(string accessKeyId)
        {
            return _byAccessKeyId.TryGetValue(accessKeyId, out Entry entry) && !entry.HasExpired(_utcNow())
                ? entry.CallerArn
                : null;
        }

        private void MakeRoom()
        {
            DateTime now = _utcNow();
            foreach (var expired in _byAccessKeyId.Where(e => e.Value.HasExpired(now)).Select(e => e.Key).ToList())
            {
                _byAccessKeyId.TryRemove(expired, out _);
            }

            if (_byAccessKeyId.Count >= Capacity)
            {
                _byAccessKeyId.Clear();
            }
        }

        private readonly struct Entry
        {
            public Entry(string callerArn, DateTime? validUntilUtc)
            {
                CallerArn = callerArn;
                ValidUntilUtc = validUntilUtc;
            }

            public string CallerArn { get; }

            public DateTime? ValidUntilUtc { get; }

            public bool HasExpired(DateTime now) => ValidUntilUtc is { } until && until <= now;
        }
    }
}
