using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Reflection;

namespace CrossAcctApi.Isolation
{
    /// <summary>
    /// The one entry point the cmdlets call (by reflection: this assembly is loaded by path, for the edition that
    /// is running). Loads an assembly so that it and the names declared isolated come from the module's dependency
    /// folder, whatever versions the session already has.
    /// </summary>
    public static class IsolatedAssemblyLoader
    {
        // One loader per dependency folder, for the life of the process: assemblies cannot be unloaded from a
        // non-collectible context, and a second Import-Module must reuse what the first one loaded.
        private static readonly ConcurrentDictionary<string, Lazy<Func<string, Assembly>>> Loaders =
            new ConcurrentDictionary<string, Lazy<Func<string, Assembly>>>(StringComparer.Ordinal);

        /// <summary>
        /// Loads <paramref name="assemblyName"/> from <paramref name="dependencyDirectory"/>.
        /// </summary>
        /// <param name="dependencyDirectory">The module's Dependencies folder.</param>
        /// <param name="assemblyName">Simple name of the assembly to load, e.g. CrossAcctApi.Sts.</param>
        /// <param name="isolatedNames">Names served from the folder first; a name ending in '.' is a prefix.</param>
        /// <param name="sharedAssemblies">Module assemblies already loaded that both sides must share.</param>
        public static Assembly Load(string dependencyDirectory, string assemblyName, string[] isolatedNames, Assembly[] sharedAssemblies)
        {
            if (assemblyName is null)
            {
                throw new ArgumentNullException(nameof(assemblyName));
            }

            string key = Path.GetFullPath(dependencyDirectory);
            Lazy<Func<string, Assembly>> loader = Loaders.GetOrAdd(
                key,
                _ => new Lazy<Func<string, Assembly>>(() => CreateLoader(new IsolationPolicy(key, isolatedNames, sharedAssemblies), sharedAssemblies)));
            return loader.Value(assemblyName);
        }

        /// <summary>
        /// Windows PowerShell 5.1: registers the module's assembly resolver for the files in
        /// <paramref name="moduleFolders"/> (the module folder and its Dependencies folder), once per process. The
        /// module's import initializer calls it, so the resolver is in place before any of the module's code can need
        /// a dependency that .NET Framework cannot bind by itself. Returns false when it was registered already, and
        /// on PowerShell 7, where the private load context does this job.
        /// </summary>
        public static bool RegisterDesktopResolver(string[] moduleFolders)
        {
            if (moduleFolders is null)
            {
                throw new ArgumentNullException(nameof(moduleFolders));
            }

#if NET8_0_OR_GREATER
            return false;
#else
            return Desktop.DesktopAssemblyResolver.Register(moduleFolders);
#endif
        }

        /// <summary>True when the Windows PowerShell resolver answers for the files of <paramref name="folder"/>.</summary>
        public static bool IsDesktopResolverRegistered(string folder)
        {
#if NET8_0_OR_GREATER
            return false;
#else
            return Desktop.DesktopAssemblyResolver.Covers(folder);
#endif
        }

        /// <summary>Describes where an assembly was loaded, for diagnostics and tests ("default", a context name, ...).</summary>
        public static string DescribeLoadContext(Assembly assembly)
        {
#if NET8_0_OR_GREATER
            return System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(assembly)?.Name ?? "(none)";
#else
            return AppDomain.CurrentDomain.FriendlyName;
#endif
        }

        private static Func<string, Assembly> CreateLoader(IsolationPolicy policy, Assembly[] sharedAssemblies)
        {
            string EntryPath(string name) =>
                policy.FindInDependencyDirectory(name)
                ?? throw new FileNotFoundException($"The module's dependency folder {policy.DependencyDirectory} has no {name}.dll; reinstall the module.", name + ".dll");

#if NET8_0_OR_GREATER
            var context = new DependencyLoadContext(policy);
            return name => context.LoadFromAssemblyPath(EntryPath(name));
#else
            // Normally registered at import already (same folders: nothing happens then); registered here too so
            // that the component never loads without it.
            string[] folders = sharedAssemblies.Where(a => !a.IsDynamic && a.Location.Length > 0)
                .Select(a => Path.GetDirectoryName(a.Location)!)
                .Concat(new[] { policy.DependencyDirectory })
                .ToArray();
            Desktop.DesktopAssemblyResolver.Register(folders);
            return name =>
            {
                Desktop.SessionCopies.ThrowIfOlderCopyLoaded(policy);
                return Assembly.LoadFrom(EntryPath(name));
            };
#endif
        }
    }
}
