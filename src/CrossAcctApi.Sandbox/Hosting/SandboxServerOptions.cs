using CrossAcctApi.Sandbox.Scenario;

namespace CrossAcctApi.Sandbox.Hosting;

public sealed class SandboxServerOptions
{
    /// <summary>The loopback port; 0 picks a free one (see <see cref="SandboxServer.Port"/>).</summary>
    public int Port { get; init; }

    /// <summary>The world to serve; null is the built-in default scenario.</summary>
    public ScenarioDefinition? Scenario { get; init; }

    /// <summary>Stop on SIGTERM/SIGINT (the command line); tests hosting several servers leave it off.</summary>
    public bool HandleProcessSignals { get; init; }

    /// <summary>Write ASP.NET Core's log to stderr at this level; null writes no log at all.</summary>
    public LogLevel? LogLevel { get; init; }

    /// <summary>Real time unless a test injects another; the fault API's clock offset applies on top.</summary>
    public TimeProvider? TimeSource { get; init; }
}
