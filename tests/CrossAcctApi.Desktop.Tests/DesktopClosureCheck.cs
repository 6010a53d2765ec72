using System.Text.RegularExpressions;
using CrossAcctApi.Isolation.Desktop;

namespace CrossAcctApi.Desktop.Tests;

internal enum Binding
{
    /// <summary>.NET Framework 4.7.2 or Windows PowerShell provides it (unified up to their version).</summary>
    Framework,

    /// <summary>A file of exactly that identity in the referencing file's own folder: found by LoadFrom's probing.</summary>
    ShippedBeside,

    /// <summary>Answered by the module's resolver (DesktopBindingPolicy), registered at import.</summary>
    ModuleResolver,

    Unsatisfied,
}

internal sealed record ReferenceFinding(string From, ShippedAssembly Reference, Binding Binding, string Detail)
{
    public override string ToString() => Reference + " <- " + From + ": " + Binding + ", " + Detail;
}

internal sealed record DesktopClosureReport(IReadOnlyList<string> Files, IReadOnlyList<ReferenceFinding> Findings, bool ResolverAtImport)
{
    public IReadOnlyList<ReferenceFinding> Unsatisfied => Findings.Where(f => f.Binding == Binding.Unsatisfied).ToList();

    public int Count(Binding binding) => Findings.Count(f => f.Binding == binding);

    public string Summary =>
        $"{Findings.Count} references of {Files.Count} Desktop files: {Count(Binding.Framework)} framework or Windows PowerShell, "
        + $"{Count(Binding.ShippedBeside)} shipped beside, {Count(Binding.ModuleResolver)} the module's resolver, {Count(Binding.Unsatisfied)} unsatisfied";
}

/// <summary>
/// Every assembly reference of every file the built module ships for Windows PowerShell 5.1 (the module folder,
/// Dependencies/ and the netstandard2.0 loader; not PowerShell 7's net8.0 loader), bound as .NET Framework 4.7.2
/// would bind it without binding redirects: by the framework, by a file of exactly that identity beside the
/// referencing file, or by the module's resolver, which counts only when CrossAcctApi.dll registers it at import
/// (a public IModuleAssemblyInitializer). Anything else is named as unsatisfied, with the reason.
/// </summary>
internal static class DesktopClosureCheck
{
    public static DesktopClosureReport Run(string moduleDirectory, DotNetFramework472 framework, bool? resolverAtImport = null)
    {
        string dependencies = Path.Combine(moduleDirectory, "Dependencies");
        string[] resolverFolders = { moduleDirectory, dependencies };
        List<AssemblyMetadataFile> files = resolverFolders.Append(Path.Combine(dependencies, "Loader", "netstandard2.0"))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.GetFiles(folder, "*.dll"))
            .Select(AssemblyMetadataFile.Read)
            .ToList();

        AssemblyMetadataFile root = files.Single(f => Path.GetFileName(f.Path) == RootModule(moduleDirectory));
        bool registered = resolverAtImport ?? root.HasImportInitializer;
        var policy = new DesktopBindingPolicy(files.Where(f => resolverFolders.Contains(Path.GetDirectoryName(f.Path))).Select(f => f.Identity));

        var findings = new List<ReferenceFinding>();
        foreach (AssemblyMetadataFile file in files)
        {
            string from = Path.GetRelativePath(moduleDirectory, file.Path);
            foreach (ShippedAssembly reference in file.References)
            {
                findings.Add(Bind(from, reference, file, files, framework, policy, registered));
            }
        }

        foreach (IGrouping<string, AssemblyMetadataFile> twice in files.GroupBy(f => f.Identity.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            findings.Add(new ReferenceFinding(string.Join(", ", twice.Select(f => Path.GetRelativePath(moduleDirectory, f.Path))), twice.First().Identity, Binding.Unsatisfied,
                "shipped more than once: which one binds depends on who asks first"));
        }

        return new DesktopClosureReport(files.Select(f => Path.GetRelativePath(moduleDirectory, f.Path)).ToList(), findings, registered);
    }

    private static ReferenceFinding Bind(string from, ShippedAssembly reference, AssemblyMetadataFile file, List<AssemblyMetadataFile> files, DotNetFramework472 framework, DesktopBindingPolicy policy, bool registered)
    {
        if (framework.Provides(reference) is { } provided)
        {
            return new ReferenceFinding(from, reference, Binding.Framework, provided);
        }

        string folder = Path.GetDirectoryName(file.Path)!;
        if (files.Any(f => Path.GetDirectoryName(f.Path) == folder && SameIdentity(f.Identity, reference)))
        {
            return new ReferenceFinding(from, reference, Binding.ShippedBeside, "the file of exactly that version in the same folder");
        }

        DesktopBinding binding = policy.Resolve(reference);
        if (binding.File is null)
        {
            return new ReferenceFinding(from, reference, Binding.Unsatisfied, binding.Reason);
        }

        string answer = Path.GetFileName(Path.GetDirectoryName(binding.File.Path)) + "/" + Path.GetFileName(binding.File.Path) + " " + binding.File.Version + ": " + binding.Reason;
        return registered
            ? new ReferenceFinding(from, reference, Binding.ModuleResolver, answer)
            : new ReferenceFinding(from, reference, Binding.Unsatisfied, "only the module's resolver could answer it (" + answer + "), and CrossAcctApi.dll does not register it at import (no IModuleAssemblyInitializer)");
    }

    private static bool SameIdentity(ShippedAssembly file, ShippedAssembly reference) =>
        string.Equals(file.Name, reference.Name, StringComparison.OrdinalIgnoreCase) && file.PublicKeyToken == reference.PublicKeyToken
        && file.Culture == reference.Culture && (file.Version == reference.Version || !file.IsStrongNamed);

    private static string RootModule(string moduleDirectory)
    {
        Match root = Regex.Match(File.ReadAllText(Path.Combine(moduleDirectory, "CrossAcctApi.psd1")), @"^\s*RootModule\s*=\s*'([^']+)'", RegexOptions.Multiline);
        return root.Success ? root.Groups[1].Value : throw new InvalidDataException("The manifest has no RootModule.");
    }
}
