using CrossAcctApi.Sandbox.Scenario;

namespace CrossAcctApi.Sandbox.Hosting;

/// <summary>The command-line entry: parse, load the scenario, start, announce the port, wait for SIGTERM/Ctrl+C.</summary>
internal static class SandboxProgram
{
    /// <summary>The first stdout line; tools wait for it and read the port from it.</summary>
    public const string ListeningLinePrefix = "CrossAcctApi sandbox listening on ";

    public const int ExitOk = 0;
    public const int ExitStartFailed = 1;
    public const int ExitUsage = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var commandLine = CommandLine.Parse(args, out var problem);
        if (commandLine == null)
        {
            await Console.Error.WriteAsync(problem + Environment.NewLine + CommandLine.Usage).ConfigureAwait(false);
            return ExitUsage;
        }

        if (commandLine.ShowHelp)
        {
            await Console.Out.WriteAsync(CommandLine.Usage).ConfigureAwait(false);
            return ExitOk;
        }

        if (commandLine.PrintDefaultScenario)
        {
            await Console.Out.WriteAsync(ScenarioLoader.DefaultScenarioJson()).ConfigureAwait(false);
            return ExitOk;
        }

        SandboxServer server;
        try
        {
            var scenario = commandLine.ScenarioPath == null ? null : ScenarioLoader.LoadFile(commandLine.ScenarioPath);
            server = await SandboxServer.StartAsync(new SandboxServerOptions
            {
                Port = commandLine.Port,
                Scenario = scenario,
                HandleProcessSignals = true,
                LogLevel = commandLine.Verbose ? LogLevel.Information : null,
            }).ConfigureAwait(false);
        }
        catch (ScenarioException e)
        {
            await Console.Error.WriteLineAsync($"error [{e.ErrorId}]: {e.Message}").ConfigureAwait(false);
            return ExitUsage;
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"error: cannot listen on 127.0.0.1:{commandLine.Port}: {e.Message}").ConfigureAwait(false);
            return ExitStartFailed;
        }

        await using (server.ConfigureAwait(false))
        {
            Console.Out.WriteLine(ListeningLinePrefix + $"http://127.0.0.1:{server.Port}");
            Console.Out.Flush();
            await server.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return ExitOk;
    }
}
