using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace CrossAcctApi.Isolation.Desktop
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework): one AppDomain, one set of loaded assemblies, no binding redirects for
    /// a module. This <see cref="AppDomain.AssemblyResolve"/> handler, registered when the module is imported,
    /// answers the references .NET Framework could not bind with the module's own files, by
    /// <see cref="DesktopBindingPolicy"/>, and stays silent for everything else: it is asked only after the normal
    /// binding failed, and it never answers a reference made by another module's assembly.
    /// </summary>
    internal sealed class DesktopAssemblyResolver
    {
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, DesktopAssemblyResolver> Registered =
            new Dictionary<string, DesktopAssemblyResolver>(StringComparer.OrdinalIgnoreCase);

        private readonly string[] _folders;
        private readonly DesktopBindingPolicy _policy;
        private readonly HashSet<string> _fileNames;

        private DesktopAssemblyResolver(string[] folders)
        {
            _folders = folders;
            var files = new List<ShippedAssembly>();
            _fileNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string folder in folders)
            {
                foreach (string path in Directory.GetFiles(folder, "*.dll"))
                {
                    try
                    {
                        ShippedAssembly file = ShippedAssembly.FromFile(path);
                        files.Add(file);
                        _fileNames.Add(IdentityKey(file));
                    }
                    catch (BadImageFormatException)
                    {
                        // Not a managed assembly: nothing a reference could name.
                    }
                }
            }

            _policy = new DesktopBindingPolicy(files);
        }

        /// <summary>Registers the resolver for these folders once per process; later calls for the same folders do nothing.</summary>
        public static bool Register(IEnumerable<string> folders)
        {
            var full = new List<string>();
            foreach (string folder in folders)
            {
                string path = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
                if (!full.Contains(path) && Directory.Exists(path))
                {
                    full.Add(path);
                }
            }

            full.Sort(StringComparer.OrdinalIgnoreCase);
            string key = string.Join(Path.PathSeparator.ToString(), full);
            lock (Gate)
            {
                if (Registered.ContainsKey(key))
                {
                    return false;
                }

                var resolver = new DesktopAssemblyResolver(full.ToArray());
                AppDomain.CurrentDomain.AssemblyResolve += resolver.OnAssemblyResolve;
                Registered[key] = resolver;
                return true;
            }
        }

        /// <summary>True when a registered resolver answers for the files of <paramref name="folder"/>.</summary>
        public static bool Covers(string folder)
        {
            string path = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            lock (Gate)
            {
                foreach (DesktopAssemblyResolver resolver in Registered.Values)
                {
                    if (resolver.IsModuleFolder(path))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        internal Assembly? Resolve(string requestedName, Assembly? requestingAssembly)
        {
            if (requestingAssembly != null && !IsModuleAssembly(requestingAssembly))
            {
                return null;
            }

            AssemblyName name;
            try
            {
                name = new AssemblyName(requestedName);
            }
            catch (Exception error) when (error is FileLoadException || error is ArgumentException)
            {
                return null;
            }

            DesktopBinding binding = _policy.Resolve(ShippedAssembly.FromName(name));
            return binding.File?.Path is { } path ? LoadedFrom(path) ?? Assembly.LoadFrom(path) : null;
        }

        private Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args) => Resolve(args.Name, args.RequestingAssembly);

        /// <summary>
        /// A reference made by one of the module's files, or by an assembly of the same identity that another module
        /// loaded first (for .NET Framework that is the same assembly, and it binds the references the same way).
        /// </summary>
        private bool IsModuleAssembly(Assembly assembly)
        {
            if (!assembly.IsDynamic && IsInModuleFolder(assembly.Location))
            {
                return true;
            }

            return _fileNames.Contains(IdentityKey(ShippedAssembly.FromName(assembly.GetName())));
        }

        private bool IsInModuleFolder(string location) =>
            !string.IsNullOrEmpty(location) && Path.GetDirectoryName(location) is { } folder && IsModuleFolder(folder);

        private bool IsModuleFolder(string folder) =>
            Array.Exists(_folders, f => string.Equals(f, folder, StringComparison.OrdinalIgnoreCase));

        private static string IdentityKey(ShippedAssembly identity) =>
            identity.Name.ToUpperInvariant() + "|" + identity.Version + "|" + identity.PublicKeyToken;

        /// <summary>The instance already loaded from <paramref name="path"/>: the cmdlets and the STS component must share it.</summary>
        private static Assembly? LoadedFrom(string path)
        {
            foreach (Assembly loaded in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (!loaded.IsDynamic && string.Equals(loaded.Location, path, StringComparison.OrdinalIgnoreCase))
                {
                    return loaded;
                }
            }

            return null;
        }
    }
}
