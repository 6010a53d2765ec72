using System.Collections.Concurrent;
using System.Security.Cryptography;
using CrossAcctApi.Sandbox.Federation.Metadata;

namespace CrossAcctApi.Sandbox.Federation;

/// <summary>How the metadata endpoints misbehave when a test asks them to.</summary>
internal enum MetadataFaultMode
{
    None,

    /// <summary>Accept the connection and never answer (until the client gives up, or 10 minutes).</summary>
    Hang,

    /// <summary>Drop the connection without an answer (the client sees a reset).</summary>
    Reset,

    /// <summary>Answer 500 Internal Server Error.</summary>
    Error,
}

/// <summary>An IAM Identity Center access token issued through the control API (what <c>aws sso login</c> would obtain).</summary>
internal sealed record SsoAccessToken(string UserName, DateTimeOffset ExpiresAt)
{
    public bool Revoked { get; set; }
}

/// <summary>
/// The credential sources' state: the compiled <see cref="FederationDirectory"/>, the SSO access tokens and IMDSv2 session
/// tokens issued so far, and the armed metadata fault. <see cref="Reset"/> forgets the tokens and disarms the fault.
/// </summary>
internal sealed class FederationState : IDisposable
{
    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly ConcurrentDictionary<string, SsoAccessToken> _ssoTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _imdsTokens = new(StringComparer.Ordinal);
    private int _faultMode;
    private int _ssoThrottleRemaining;
    private int _faultTargets;

    public FederationState(FederationDirectory directory)
    {
        Directory = directory;
    }

    public FederationDirectory Directory { get; }

    /// <summary>The sessions ECS and EC2 currently hold for the containers and the instance.</summary>
    public ServiceRoleSessions ServiceSessions { get; } = new();

    public MetadataFaultMode FaultMode => (MetadataFaultMode)Volatile.Read(ref _faultMode);

    /// <summary>The endpoints the fault applies to: "container", "instance" or both.</summary>
    public IReadOnlyList<string> FaultTargets => Volatile.Read(ref _faultTargets) switch
    {
        1 => new[] { "container" },
        2 => new[] { "instance" },
        3 => new[] { "container", "instance" },
        _ => Array.Empty<string>(),
    };

    /// <summary>A new opaque SSO access token for <paramref name="userName"/>, valid until <paramref name="expiresAt"/>.</summary>
    public string IssueSsoToken(string userName, DateTimeOffset expiresAt)
    {
        var token = "aoa" + RandomNumberGenerator.GetString(TokenAlphabet, 125);
        _ssoTokens[token] = new SsoAccessToken(userName, expiresAt);
        return token;
    }

    public SsoAccessToken? FindSsoToken(string token) => _ssoTokens.GetValueOrDefault(token);

    /// <summary>A new IMDSv2 session token that lives <paramref name="ttl"/>.</summary>
    public string IssueImdsToken(DateTimeOffset now, TimeSpan ttl)
    {
        var token = "AQAEA" + RandomNumberGenerator.GetString(TokenAlphabet, 51) + "==";
        _imdsTokens[token] = now + ttl;
        return token;
    }

    public bool IsValidImdsToken(string? token, DateTimeOffset now) => token != null && _imdsTokens.TryGetValue(token, out var expiry) && now < expiry;

    /// <summary>The next N portal calls answer TooManyRequestsException.</summary>
    public void ThrottleSso(int count) => Volatile.Write(ref _ssoThrottleRemaining, count);

    public int SsoThrottleRemaining => Volatile.Read(ref _ssoThrottleRemaining);

    /// <summary>True when this portal call is to be throttled (and one armed throttle is used up).</summary>
    public bool TryConsumeSsoThrottle()
    {
        while (true)
        {
            var remaining = Volatile.Read(ref _ssoThrottleRemaining);
            if (remaining <= 0) return false;
            if (Interlocked.CompareExchange(ref _ssoThrottleRemaining, remaining - 1, remaining) == remaining) return true;
        }
    }

    public void SetFault(MetadataFaultMode mode, bool container, bool instance)
    {
        Volatile.Write(ref _faultTargets, (container ? 1 : 0) | (instance ? 2 : 0));
        Volatile.Write(ref _faultMode, (int)mode);
    }

    /// <summary>The fault to act out on an endpoint ("container" or "instance"), or None.</summary>
    public MetadataFaultMode FaultFor(string target) =>
        FaultTargets.Contains(target) ? FaultMode : MetadataFaultMode.None;

    public void Reset()
    {
        _ssoTokens.Clear();
        _imdsTokens.Clear();
        ServiceSessions.Clear();
        ThrottleSso(0);
        SetFault(MetadataFaultMode.None, false, false);
    }

    public void Dispose() => Directory.Dispose();
}
