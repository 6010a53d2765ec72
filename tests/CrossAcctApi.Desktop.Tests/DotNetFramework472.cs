using System.Reflection;
using System.Xml.Linq;
using CrossAcctApi.Isolation.Desktop;

namespace CrossAcctApi.Desktop.Tests;

/// <summary>
/// What Windows PowerShell 5.1 on .NET Framework 4.7.2 provides by itself: the framework's assemblies and facades
/// (its RedistList/FrameworkList.xml, from Microsoft's reference assembly package), to which .NET Framework unifies
/// any reference of the same name and key up to their version, and what Windows PowerShell itself brings
/// (System.Management.Automation 3.0.0.0, in the GAC of every Windows with PowerShell 5.1).
/// </summary>
internal sealed class DotNetFramework472
{
    private static readonly ShippedAssembly[] WindowsPowerShell =
    {
        new("System.Management.Automation", new Version(3, 0, 0, 0), "31bf3856ad364e35", null),
    };

    private readonly Dictionary<string, ShippedAssembly> _framework;

    private DotNetFramework472(Dictionary<string, ShippedAssembly> framework)
    {
        _framework = framework;
    }

    public int Count => _framework.Count;

    public static DotNetFramework472 Load()
    {
        string path = typeof(DotNetFramework472).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FrameworkList").Value!;
        var files = XDocument.Load(path).Root!.Elements("File").Select(f => new ShippedAssembly(
            (string)f.Attribute("AssemblyName")!,
            Version.Parse((string)f.Attribute("Version")!),
            (string?)f.Attribute("PublicKeyToken") ?? string.Empty,
            (string?)f.Attribute("Culture")));
        return new DotNetFramework472(files.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>"the framework's X" or "Windows PowerShell's X" when it satisfies the reference; otherwise null.</summary>
    public string? Provides(ShippedAssembly reference)
    {
        foreach (ShippedAssembly host in WindowsPowerShell)
        {
            if (Satisfies(host, reference))
            {
                return "Windows PowerShell's " + host;
            }
        }

        return _framework.TryGetValue(reference.Name, out ShippedAssembly? file) && Satisfies(file, reference) ? "the framework's " + file : null;
    }

    private static bool Satisfies(ShippedAssembly provided, ShippedAssembly reference) =>
        string.Equals(provided.Name, reference.Name, StringComparison.OrdinalIgnoreCase)
        && provided.PublicKeyToken == reference.PublicKeyToken
        && provided.Culture == reference.Culture
        && reference.Version <= provided.Version;
}
