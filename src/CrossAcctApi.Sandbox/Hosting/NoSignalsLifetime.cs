namespace CrossAcctApi.Sandbox.Hosting;

/// <summary>A host lifetime that ignores process signals, for servers hosted inside a test process.</summary>
internal sealed class NoSignalsLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
