using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using Xunit;

namespace CrossAcctApi.Core.Tests.Architecture;

/// <summary>
/// Every string literal an assembly's code can show (the #US heap of its metadata: what <c>ldstr</c> loads), read
/// from the compiled file, so that no way of building a text (concatenation, interpolation, constants) escapes.
/// Also what the texts of the engine may not hold: a front end's spelling of an input ("-Region") or a command name.
/// </summary>
internal static class UserStrings
{
    /// <summary>A PowerShell parameter as typed: a dash, a capital, a lower-case letter, not inside a word or a marker.</summary>
    public static readonly Regex ParameterSpelling = new(@"(?<![\w@{])-[A-Z][a-z]+[A-Za-z]*", RegexOptions.CultureInvariant);

    /// <summary>An input marker, <c>{@Name}</c> (<see cref="Phrasing"/>).</summary>
    public static readonly Regex Marker = new(@"\{@([A-Za-z0-9]+)\}", RegexOptions.CultureInvariant);

    public static IReadOnlyList<string> Of(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var texts = new List<string>();
        for (var handle = MetadataTokens.UserStringHandle(1); !handle.IsNil; handle = metadata.GetNextHandle(handle))
        {
            texts.Add(metadata.GetUserString(handle));
        }

        return texts;
    }

    /// <summary>Each text that names a parameter or one of <paramref name="commands"/>, with what it names.</summary>
    public static IReadOnlyList<string> Offending(IEnumerable<string> texts, IReadOnlyCollection<string> commands) =>
        texts.Select(text => (text, named: ParameterSpelling.Matches(text).Select(m => m.Value)
                .Concat(commands.Where(c => text.Contains(c, StringComparison.OrdinalIgnoreCase))).Distinct().ToList()))
            .Where(t => t.named.Count > 0)
            .Select(t => string.Join(", ", t.named) + " in \"" + t.text + "\"")
            .ToList();

    /// <summary>The cmdlets the module exports: CmdletsToExport of the repository's CrossAcctApi.psd1.</summary>
    public static IReadOnlyList<string> ExportedCmdlets()
    {
        var manifest = Path.Combine(RepositoryRoot(), "CrossAcctApi.psd1");
        var list = Regex.Match(File.ReadAllText(manifest), @"CmdletsToExport\s*=\s*@\(([^)]*)\)");
        Assert.True(list.Success, "No CmdletsToExport list in " + manifest);
        var names = Regex.Matches(list.Groups[1].Value, @"'([A-Za-z]+-[A-Za-z]+)'").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(names);
        return names;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory != null && !File.Exists(Path.Combine(directory.FullName, "CrossAcctApi.sln")))
        {
            directory = directory.Parent;
        }

        Assert.True(directory != null, "The repository root (CrossAcctApi.sln) is not above " + AppContext.BaseDirectory);
        return directory!.FullName;
    }
}
