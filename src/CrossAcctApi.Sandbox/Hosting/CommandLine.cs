using System.Globalization;

namespace CrossAcctApi.Sandbox.Hosting;

/// <summary>The sandbox's command line: <c>[--port n] [--scenario file] [--print-default-scenario] [--verbose]</c>.</summary>
internal sealed class CommandLine
{
    public const string Usage =
        "Usage: dotnet CrossAcctApi.Sandbox.dll [--port <n>] [--scenario <file.json>] [--print-default-scenario] [--verbose]\n" +
        "  --port <n>                 loopback port to listen on; 0 (the default) picks a free port\n" +
        "  --scenario <file.json>     the world to serve (accounts, users, roles, HTTP APIs); default: the built-in scenario\n" +
        "  --print-default-scenario   print the built-in scenario JSON and exit\n" +
        "  --verbose                  log requests to stderr\n";

    public int Port { get; private init; }

    public string? ScenarioPath { get; private init; }

    public bool PrintDefaultScenario { get; private init; }

    public bool Verbose { get; private init; }

    public bool ShowHelp { get; private init; }

    /// <summary>Parses the arguments; returns null with a problem description when they are wrong.</summary>
    public static CommandLine? Parse(IReadOnlyList<string> args, out string? problem)
    {
        problem = null;
        var port = 0;
        string? scenario = null;
        bool print = false, verbose = false, help = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--port":
                    if (i + 1 >= args.Count || !int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
                    {
                        problem = "--port needs a number between 0 and 65535.";
                        return null;
                    }

                    break;
                case "--scenario":
                    if (i + 1 >= args.Count)
                    {
                        problem = "--scenario needs the path of a scenario JSON file.";
                        return null;
                    }

                    scenario = args[++i];
                    break;
                case "--print-default-scenario":
                    print = true;
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                case "--help" or "-h" or "-?":
                    help = true;
                    break;
                default:
                    problem = $"Unknown argument '{args[i]}'.";
                    return null;
            }
        }

        return new CommandLine { Port = port, ScenarioPath = scenario, PrintDefaultScenario = print, Verbose = verbose, ShowHelp = help };
    }
}
