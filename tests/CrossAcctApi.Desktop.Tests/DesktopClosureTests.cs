using System.Reflection;
using Xunit.Abstractions;

namespace CrossAcctApi.Desktop.Tests;

/// <summary>
/// The built module (out/CrossAcctApi, laid out by build.ps1 before the tests run) against .NET Framework 4.7.2's
/// binding rules; and copies of it with a mismatched dependency planted, which the check must name.
/// </summary>
public sealed class DesktopClosureTests : IDisposable
{
    private static readonly Lazy<DotNetFramework472> Framework = new(DotNetFramework472.Load);
    private readonly ITestOutputHelper _output;
    private readonly List<string> _copies = new();

    public DesktopClosureTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private static string BuiltModule
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory != null && !File.Exists(Path.Combine(directory.FullName, "CrossAcctApi.sln")))
            {
                directory = directory.Parent;
            }

            string module = Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("No CrossAcctApi.sln above " + AppContext.BaseDirectory), "out", "CrossAcctApi");
            return File.Exists(Path.Combine(module, "CrossAcctApi.psd1")) ? module : throw new DirectoryNotFoundException(module + " has no module: run build.ps1 first.");
        }
    }

    public void Dispose()
    {
        foreach (string copy in _copies)
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void Every_reference_of_the_built_module_binds_on_NET_Framework_472()
    {
        DesktopClosureReport report = Check(BuiltModule);
        Assert.True(Framework.Value.Count > 200, "FrameworkList.xml lists " + Framework.Value.Count + " assemblies");
        Assert.True(report.ResolverAtImport, "CrossAcctApi.dll has no public IModuleAssemblyInitializer");
        Assert.Contains("Dependencies/AWSSDK.Core.dll", report.Files);
        Assert.DoesNotContain(report.Files, f => f.Contains("net8.0", StringComparison.Ordinal));
        Assert.Empty(report.Unsatisfied);
    }

    [Fact]
    public void Without_the_resolver_registered_at_import_the_mismatched_references_are_named()
    {
        // The files as they are, judged as if CrossAcctApi.dll had no initializer: the module before this check.
        DesktopClosureReport report = Check(BuiltModule, resolverAtImport: false);
        Assert.Contains(report.Unsatisfied, f => f.From == "Dependencies/AWSSDK.Core.dll" && f.Reference.Name == "System.Text.Json" && f.Reference.Version == new Version(6, 0, 0, 0));
        Assert.Contains(report.Unsatisfied, f => f.From == "System.Text.Json.dll" && f.Reference.Name == "System.Memory" && f.Reference.Version == new Version(4, 0, 1, 2));
        Assert.All(report.Unsatisfied, f => Assert.Contains("does not register it at import", f.Detail));
    }

    [Fact]
    public void A_planted_older_System_Memory_is_named_with_who_needs_the_newer_one()
    {
        string copy = CopyWith("System.Memory.dll", Planted("OlderSystemMemory"));
        DesktopClosureReport report = Check(copy);
        ReferenceFinding core = Assert.Single(report.Unsatisfied, f => f.From == "CrossAcctApi.Core.dll");
        Assert.Equal("System.Memory 4.0.2.0 (cc7b13ffcd2ddd51)", core.Reference.ToString());
        Assert.Contains("ships the older 4.0.1.2", core.Detail);
    }

    [Fact]
    public void A_planted_other_AWSSDK_Core_is_named_and_never_taken_for_the_module_s()
    {
        string copy = CopyWith(Path.Combine("Dependencies", "AWSSDK.Core.dll"), Planted("OtherAwsSdkCore"));
        DesktopClosureReport report = Check(copy);
        Assert.Contains(report.Unsatisfied, f => f.From == "Dependencies/AWSSDK.SecurityToken.dll" && f.Reference.Name == "AWSSDK.Core" && f.Detail.Contains("older 3.3.0.0"));
        Assert.Contains(report.Unsatisfied, f => f.From == "Dependencies/CrossAcctApi.Sts.dll" && f.Reference.Name == "AWSSDK.Core");
    }

    [Fact]
    public void Only_the_cmdlet_assembly_registers_anything_at_import()
    {
        Assert.True(AssemblyMetadataFile.Read(Path.Combine(BuiltModule, "CrossAcctApi.dll")).HasImportInitializer);
        Assert.False(AssemblyMetadataFile.Read(Path.Combine(BuiltModule, "CrossAcctApi.Core.dll")).HasImportInitializer);
    }

    private DesktopClosureReport Check(string module, bool? resolverAtImport = null)
    {
        DesktopClosureReport report = DesktopClosureCheck.Run(module, Framework.Value, resolverAtImport);
        _output.WriteLine(report.Summary);
        foreach (ReferenceFinding finding in report.Findings.Where(f => f.Binding != Binding.Framework))
        {
            _output.WriteLine("  " + finding);
        }

        return report;
    }

    private static string Planted(string key) =>
        typeof(DesktopClosureTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>A copy of the built module with one file replaced.</summary>
    private string CopyWith(string relativePath, string replacement)
    {
        Assert.True(File.Exists(replacement), replacement + " was not restored");
        string copy = Path.Combine(Path.GetTempPath(), "desktop-closure-" + Guid.NewGuid().ToString("N"));
        _copies.Add(copy);
        foreach (string file in Directory.GetFiles(BuiltModule, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(BuiltModule, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.Copy(replacement, Path.Combine(copy, relativePath), overwrite: true);
        return copy;
    }
}
