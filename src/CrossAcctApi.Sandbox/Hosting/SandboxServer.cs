using System.Net;
using CrossAcctApi.Sandbox.Control;
using CrossAcctApi.Sandbox.Diagnostics;
using CrossAcctApi.Sandbox.ExecuteApi;
using CrossAcctApi.Sandbox.Faults;
using CrossAcctApi.Sandbox.Federation;
using CrossAcctApi.Sandbox.Scenario;
using CrossAcctApi.Sandbox.Sts;
using CrossAcctApi.Sandbox.Time;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CrossAcctApi.Sandbox.Hosting;

/// <summary>
/// A running sandbox: Kestrel on 127.0.0.1 serving STS at <c>/</c>, the scenario's HTTP APIs at
/// <c>/_aws/execute-api/...</c> and the control API at <c>/_sandbox/...</c>. Used by the command line
/// and, in process, by tests and benchmarks.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    /// <summary>The largest request body API Gateway HTTP APIs accept.</summary>
    public const long MaxRequestBodyBytes = 10 * 1024 * 1024;

    private readonly WebApplication _app;
    private readonly SandboxState _state;

    private SandboxServer(WebApplication app, SandboxState state, int port)
    {
        _app = app;
        _state = state;
        Port = port;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;/</c>, which is also the STS endpoint.</summary>
    public Uri BaseUri { get; }

    public Uri StsEndpoint => BaseUri;

    public SandboxClock Clock => _state.Clock;

    public FaultInjector Faults => _state.Faults;

    public SandboxStats Stats => _state.Stats;

    internal SandboxState State => _state;

    public static Task<SandboxServer> StartAsync(int port = 0, ScenarioDefinition? scenario = null, CancellationToken cancellationToken = default) =>
        StartAsync(new SandboxServerOptions { Port = port, Scenario = scenario }, cancellationToken);

    /// <summary>Checks the scenario, binds 127.0.0.1 and starts serving; throws when the scenario is invalid or the port is taken.</summary>
    public static async Task<SandboxServer> StartAsync(SandboxServerOptions options, CancellationToken cancellationToken = default)
    {
        if (options.Port < 0 || options.Port > 65535) throw new ArgumentOutOfRangeException(nameof(options), "The port must be between 0 and 65535.");
        var scenario = options.Scenario ?? ScenarioLoader.Default();
        var directory = SandboxDirectory.Compile(scenario);
        var state = new SandboxState(directory, new SandboxClock(options.TimeSource), FederationDirectory.Compile(scenario, directory));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = Array.Empty<string>(),
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(SandboxServer).Assembly.GetName().Name,
        });
        ConfigureLogging(builder.Logging, options.LogLevel);
        if (!options.HandleProcessSignals) builder.Services.AddSingleton<IHostLifetime, NoSignalsLifetime>();
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
        });

        var app = builder.Build();
        MapEndpoints(app, state);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SandboxServer(app, state, new Uri(address).Port);
    }

    /// <summary>The URL of a path on an HTTP API: <c>/_aws/execute-api/{api}/{stage}/{path}</c>, no stage segment for $default.</summary>
    public Uri ApiUri(string apiId, string stage, string pathAndQuery)
    {
        var path = pathAndQuery.StartsWith('/') ? pathAndQuery : "/" + pathAndQuery;
        var stagePart = stage == HttpApi.DefaultStage ? string.Empty : "/" + stage;
        return new Uri(BaseUri, $"{ExecuteApiEndpoint.PathPrefix}{apiId}{stagePart}{path}");
    }

    /// <summary>Expires every session issued so far; returns how many were still active.</summary>
    public int ExpireAllSessions() => _state.Sessions.ExpireAll(_state.Clock.UtcNow);

    public int ActiveSessionCount => _state.Sessions.CountActive(_state.Clock.UtcNow);

    /// <summary>Clears sessions, faults, clock offset and stats.</summary>
    public void Reset() => _state.Reset();

    /// <summary>Completes when the host is asked to stop (SIGTERM, Ctrl+C, or <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _state.Federation.Dispose();
    }

    public override string ToString() => $"CrossAcctApi sandbox at {BaseUri}";

    private static void ConfigureLogging(ILoggingBuilder logging, LogLevel? level)
    {
        // stdout belongs to the "listening on" line; any log goes to stderr, and none unless asked for.
        logging.ClearProviders();
        if (level is not { } minimum) return;
        logging.SetMinimumLevel(minimum);

        // ASP.NET Core's own request log prints full URLs, and a presigned URL carries its session token and
        // signature in the query; the sandbox logs requests itself (RequestLog), path only.
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddSimpleConsole(o => o.SingleLine = true);
        logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    private static void MapEndpoints(WebApplication app, SandboxState state)
    {
        var sts = new StsEndpoint(state);
        var api = new ExecuteApiEndpoint(state);
        app.UseMiddleware<RequestLog>();

        // Clients correct their clock skew from the Date header, so it must tell the sandbox's (offset) time.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.Date = state.Clock.UtcNow.ToString("r", System.Globalization.CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            });
            return next(context);
        });
        ControlEndpoints.Map(app, state);
        FederationEndpoints.Map(app, state);
        app.Map(ExecuteApiEndpoint.PathPrefix + "{**rest}", api.HandleAsync);
        app.MapMethods("/", new[] { HttpMethods.Get, HttpMethods.Post }, sts.HandleAsync);
        Lambda.ServiceEndpoints.Map(app, state);
        // Any other path, including ones that look like files (the default fallback skips those).
        app.MapFallback("{**path}", context =>
        {
            context.Response.StatusCode = 404;
            return context.Response.WriteAsJsonAsync(new { message = "Not Found" });
        });
    }
}
