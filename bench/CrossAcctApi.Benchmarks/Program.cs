using BenchmarkDotNet.Running;

namespace CrossAcctApi.Benchmarks;

public static class Program
{
    /// <summary>
    /// Runs BenchmarkDotNet over every benchmark class in this assembly (use --filter to pick some), or with
    /// --smoke runs each benchmark method once, in process and unmeasured, so tests keep the code from rotting.
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Contains("--smoke", StringComparer.OrdinalIgnoreCase))
        {
            return SmokeRunner.Run(typeof(Program).Assembly, Console.Out);
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToList();
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
