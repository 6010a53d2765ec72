using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrossAcctApi.Sandbox.Tests.Differential;

/// <summary>
/// The independent oracle: tests/oracle/evaluate.mjs, which runs @cloud-copilot/iam-simulate (pinned by
/// tests/oracle/package-lock.json; CI runs <c>npm ci</c> there) over a whole batch of cases in one node process.
/// </summary>
internal static class IamSimulateOracle
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>iam-simulate's result for each case by id: Allowed, ExplicitlyDenied, ImplicitlyDenied, or "Error: ...".</summary>
    public static IReadOnlyDictionary<int, string> Evaluate(IEnumerable<JsonObject> cases)
    {
        var folder = OracleFolder();
        var work = Directory.CreateTempSubdirectory("iam-oracle-");
        try
        {
            var input = Path.Combine(work.FullName, "cases.json");
            var output = Path.Combine(work.FullName, "results.json");
            File.WriteAllText(input, new JsonArray(cases.Select(c => (JsonNode)c).ToArray()).ToJsonString());
            Run(folder, input, output);

            using var results = JsonDocument.Parse(File.ReadAllText(output));
            return results.RootElement.EnumerateArray().ToDictionary(
                r => r.GetProperty("id").GetInt32(),
                r => r.GetProperty("result").GetString() is "Error" ? "Error: " + r.GetProperty("error").GetString() : r.GetProperty("result").GetString()!);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static void Run(string folder, string input, string output)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { Path.Combine(folder, "evaluate.mjs"), input, output }) start.ArgumentList.Add(argument);
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start; Node 20 or later must be on PATH.");
        var stderr = node.StandardError.ReadToEndAsync();
        var stdout = node.StandardOutput.ReadToEndAsync();
        if (!node.WaitForExit(Timeout))
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException($"iam-simulate did not finish within {Timeout}.");
        }

        if (node.ExitCode != 0) throw new InvalidOperationException($"node evaluate.mjs exited with {node.ExitCode}: {stderr.Result}{stdout.Result}");
    }

    private static string OracleFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory != null && !File.Exists(Path.Combine(directory.FullName, "CrossAcctApi.sln"))) directory = directory.Parent;
        var folder = Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("The repository root (CrossAcctApi.sln) was not found."), "tests", "oracle");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@cloud-copilot", "iam-simulate")))
        {
            throw new InvalidOperationException($"iam-simulate is not installed: run 'npm ci' in {folder} (.ci/run does).");
        }

        return folder;
    }
}
