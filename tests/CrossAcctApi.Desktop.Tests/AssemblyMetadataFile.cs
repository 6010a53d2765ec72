using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using CrossAcctApi.Isolation.Desktop;

namespace CrossAcctApi.Desktop.Tests;

/// <summary>
/// One shipped file as System.Reflection.Metadata reads it, without loading it: its identity, the assemblies it
/// references, and whether it has a public IModuleAssemblyInitializer (what PowerShell runs at import).
/// </summary>
internal sealed class AssemblyMetadataFile
{
    private AssemblyMetadataFile(string path, ShippedAssembly identity, IReadOnlyList<ShippedAssembly> references, bool hasImportInitializer)
    {
        Path = path;
        Identity = identity;
        References = references;
        HasImportInitializer = hasImportInitializer;
    }

    public string Path { get; }

    public ShippedAssembly Identity { get; }

    public IReadOnlyList<ShippedAssembly> References { get; }

    public bool HasImportInitializer { get; }

    public static AssemblyMetadataFile Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        MetadataReader reader = pe.GetMetadataReader();
        AssemblyDefinition definition = reader.GetAssemblyDefinition();
        var identity = new ShippedAssembly(
            reader.GetString(definition.Name),
            definition.Version,
            TokenOf(reader.GetBlobBytes(definition.PublicKey), isFullKey: true),
            reader.GetString(definition.Culture),
            path);

        var references = reader.AssemblyReferences.Select(handle =>
        {
            AssemblyReference reference = reader.GetAssemblyReference(handle);
            bool isFullKey = (reference.Flags & AssemblyFlags.PublicKey) != 0;
            return new ShippedAssembly(reader.GetString(reference.Name), reference.Version, TokenOf(reader.GetBlobBytes(reference.PublicKeyOrToken), isFullKey), reader.GetString(reference.Culture));
        }).ToList();

        return new AssemblyMetadataFile(path, identity, references, HasPublicImplementationOf(reader, "System.Management.Automation", "IModuleAssemblyInitializer"));
    }

    /// <summary>A public key token is the last 8 bytes of the key's SHA-1, reversed.</summary>
    private static string TokenOf(byte[] blob, bool isFullKey)
    {
        if (blob.Length == 0)
        {
            return string.Empty;
        }

        byte[] token = isFullKey ? SHA1.HashData(blob)[^8..] : blob;
        if (isFullKey)
        {
            Array.Reverse(token);
        }

        return Convert.ToHexStringLower(token);
    }

    private static bool HasPublicImplementationOf(MetadataReader reader, string @namespace, string name)
    {
        foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
        {
            TypeDefinition type = reader.GetTypeDefinition(handle);
            if ((type.Attributes & TypeAttributes.VisibilityMask) != TypeAttributes.Public || (type.Attributes & TypeAttributes.Abstract) != 0)
            {
                continue;
            }

            foreach (InterfaceImplementationHandle implementation in type.GetInterfaceImplementations())
            {
                EntityHandle @interface = reader.GetInterfaceImplementation(implementation).Interface;
                if (@interface.Kind == HandleKind.TypeReference
                    && reader.GetTypeReference((TypeReferenceHandle)@interface) is var reference
                    && reader.GetString(reference.Namespace) == @namespace && reader.GetString(reference.Name) == name)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
