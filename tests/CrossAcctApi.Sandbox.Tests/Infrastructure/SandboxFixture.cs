using CrossAcctApi.Sandbox.Hosting;

namespace CrossAcctApi.Sandbox.Tests.Infrastructure;

/// <summary>
/// One real sandbox (Kestrel on 127.0.0.1, port 0, the built-in scenario) per test class. xunit runs the tests
/// of a class one after another, so each test may arm faults after <see cref="ResetAsync"/>.
/// </summary>
public class SandboxFixture : IAsyncLifetime
{
    private SandboxServer? _server;

    public SandboxServer Server => _server ?? throw new InvalidOperationException("The sandbox has not started.");

    /// <summary>The scenario to serve; null is the built-in one.</summary>
    protected virtual Scenario.ScenarioDefinition? Scenario => null;

    public async Task InitializeAsync() => _server = await SandboxServer.StartAsync(port: 0, Scenario);

    public async Task DisposeAsync()
    {
        if (_server != null) await _server.DisposeAsync();
    }
}
