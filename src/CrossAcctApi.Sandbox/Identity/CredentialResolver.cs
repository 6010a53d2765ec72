using System.Security.Cryptography;
using System.Text;
using CrossAcctApi.Sandbox.Scenario;
using CrossAcctApi.Sandbox.Time;

namespace CrossAcctApi.Sandbox.Identity;

internal enum CredentialStatus
{
    Found,

    /// <summary>Unknown key, a session key without its token, or a token that does not belong to the key.</summary>
    Invalid,

    /// <summary>A role session past its expiration.</summary>
    Expired,
}

/// <summary>The secret to verify a signature with, and who it belongs to.</summary>
internal sealed class CredentialLookup
{
    private CredentialLookup(CredentialStatus status, string? secret, Caller? caller)
    {
        Status = status;
        SecretAccessKey = secret;
        Caller = caller;
    }

    public CredentialStatus Status { get; }

    public string? SecretAccessKey { get; }

    public Caller? Caller { get; }

    public static CredentialLookup Invalid { get; } = new(CredentialStatus.Invalid, null, null);

    public static CredentialLookup Expired(Caller caller) => new(CredentialStatus.Expired, null, caller);

    public static CredentialLookup Found(string secret, Caller caller) => new(CredentialStatus.Found, secret, caller);

    public override string ToString() => $"{Status} {Caller}";
}

/// <summary>Finds the secret behind an access key id: a scenario user's long-term key or an issued session.</summary>
internal sealed class CredentialResolver
{
    private readonly SandboxDirectory _directory;
    private readonly SessionStore _sessions;
    private readonly SandboxClock _clock;

    public CredentialResolver(SandboxDirectory directory, SessionStore sessions, SandboxClock clock)
    {
        _directory = directory;
        _sessions = sessions;
        _clock = clock;
    }

    public CredentialLookup Resolve(string accessKeyId, string? sessionToken)
    {
        if (_directory.TryFindUserKey(accessKeyId, out var user, out var secret))
        {
            // A long-term key never comes with a session token; AWS rejects the pair as an invalid token.
            return sessionToken == null ? CredentialLookup.Found(secret, Caller.ForUser(user)) : CredentialLookup.Invalid;
        }

        var session = _sessions.Find(accessKeyId);
        if (session == null || sessionToken == null || !TokensEqual(session.SessionToken, sessionToken)) return CredentialLookup.Invalid;

        var caller = Caller.ForSession(session);
        return session.IsExpiredAt(_clock.UtcNow) ? CredentialLookup.Expired(caller) : CredentialLookup.Found(session.SecretAccessKey, caller);
    }

    private static bool TokensEqual(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));
}
