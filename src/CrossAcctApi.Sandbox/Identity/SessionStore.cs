using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace CrossAcctApi.Sandbox.Identity;

/// <summary>The role sessions issued so far, in memory, by access key id.</summary>
internal sealed class SessionStore
{
    private const string AccessKeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private readonly ConcurrentDictionary<string, IssuedSession> _sessions = new(StringComparer.Ordinal);
    private long _issuedTotal;

    public int Count => _sessions.Count;

    public long IssuedTotal => Interlocked.Read(ref _issuedTotal);

    /// <summary>A new ASIA... access key id, 20 characters like AWS's.</summary>
    public static string NewAccessKeyId() => "ASIA" + RandomNumberGenerator.GetString(AccessKeyAlphabet, 16);

    /// <summary>A new 40-character secret access key.</summary>
    public static string NewSecretAccessKey() => RandomNumberGenerator.GetString(SecretAlphabet, 40);

    /// <summary>A new opaque session token (random bytes, base64; it means nothing outside this store).</summary>
    public static string NewSessionToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(192));

    public void Add(IssuedSession session)
    {
        if (!_sessions.TryAdd(session.AccessKeyId, session))
        {
            throw new InvalidOperationException("An access key id was issued twice; the random source is broken.");
        }

        Interlocked.Increment(ref _issuedTotal);
    }

    public IssuedSession? Find(string accessKeyId) => _sessions.TryGetValue(accessKeyId, out var session) ? session : null;

    public int CountActive(DateTimeOffset now) => _sessions.Values.Count(s => !s.IsExpiredAt(now));

    public IReadOnlyList<IssuedSession> All() => _sessions.Values.OrderBy(s => s.IssuedAt).ToList();

    /// <summary>Makes every issued session expire at <paramref name="now"/>; returns how many were still active.</summary>
    public int ExpireAll(DateTimeOffset now)
    {
        var expired = 0;
        foreach (var session in _sessions.Values)
        {
            if (session.IsExpiredAt(now)) continue;
            session.ExpireAt(now);
            expired++;
        }

        return expired;
    }

    public void Clear()
    {
        _sessions.Clear();
        Interlocked.Exchange(ref _issuedTotal, 0);
    }
}
