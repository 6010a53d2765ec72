using CrossAcctApi.Sandbox.Diagnostics;
using CrossAcctApi.Sandbox.Faults;
using CrossAcctApi.Sandbox.Federation;
using CrossAcctApi.Sandbox.Identity;
using CrossAcctApi.Sandbox.Scenario;
using CrossAcctApi.Sandbox.Signing;
using CrossAcctApi.Sandbox.Time;

namespace CrossAcctApi.Sandbox.Hosting;

/// <summary>Everything one running sandbox holds: the compiled scenario and the mutable state around it.</summary>
internal sealed class SandboxState
{
    public SandboxState(SandboxDirectory directory, SandboxClock clock, FederationDirectory federation)
    {
        Directory = directory;
        Federation = new FederationState(federation);
        Clock = clock;
        Credentials = new CredentialResolver(directory, Sessions, clock);
        Authenticator = new RequestAuthenticator(clock, Credentials);
    }

    public SandboxDirectory Directory { get; }

    public SandboxClock Clock { get; }

    /// <summary>OIDC providers, Identity Center, container and instance credentials, and their tokens.</summary>
    public FederationState Federation { get; }

    public SessionStore Sessions { get; } = new();

    public FaultInjector Faults { get; } = new();

    public SandboxStats Stats { get; } = new();

    public CredentialResolver Credentials { get; }

    public RequestAuthenticator Authenticator { get; }

    /// <summary>Back to a fresh start: no sessions, no faults, no clock offset, zero counters.</summary>
    public void Reset()
    {
        Sessions.Clear();
        Faults.Clear();
        Clock.Offset = TimeSpan.Zero;
        Stats.Reset();
        Federation.Reset();
    }

    /// <summary>Waits for the armed latency, if any, before a call is handled.</summary>
    public Task DelayAsync(CancellationToken cancellationToken)
    {
        var latency = Faults.Latency;
        return latency > TimeSpan.Zero ? Task.Delay(latency, cancellationToken) : Task.CompletedTask;
    }
}
