using System;
using System.Collections.Concurrent;
using System.IO;
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
                _ => new Lazy<Func<string, Assembly>>(() => CreateLoader(new IsolationPolicy(key, isolatedNames, sharedAssemblies))));
            return loader.Value(assemblyName);
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

        private static Func<string, Assembly> CreateLoader(IsolationPolicy policy)
        {
            string EntryPath(string name) =>
                policy.FindInDependencyDirectory(name)
                ?? throw new FileNotFoundException($"The module's dependency folder {policy.DependencyDirectory} has no {name}.dll; reinstall the module.", name + ".dll");

#if NET8_0_OR_GREATER
            var context = new DependencyLoadContext(policy);
            return name => context.LoadFromAssemblyPath(EntryPath(name));
#else
            var resolver = new AppDomainDependencyResolver(policy);
            resolver.Register();
            return name => Assembly.LoadFrom(EntryPath(name));
#endif
        }
    }
}
