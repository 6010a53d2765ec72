using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace CrossAcctApi.Isolation
{
    /// <summary>
    /// Which assemblies the module keeps to itself and which it shares with the session. Both loaders
    /// (the PowerShell 7 load context and the Windows PowerShell resolver) ask the same questions of it,
    /// so the rule is written once.
    /// </summary>
    internal sealed class IsolationPolicy
    {
        private readonly string[] _isolatedNames;
        private readonly Dictionary<string, Assembly> _shared;

        public IsolationPolicy(string dependencyDirectory, IEnumerable<string> isolatedNames, IEnumerable<Assembly> sharedAssemblies)
        {
            if (string.IsNullOrEmpty(dependencyDirectory))
            {
                throw new ArgumentException("A dependency directory is required.", nameof(dependencyDirectory));
            }

            DependencyDirectory = Path.GetFullPath(dependencyDirectory);
            _isolatedNames = new List<string>(isolatedNames ?? throw new ArgumentNullException(nameof(isolatedNames))).ToArray();
            _shared = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
            foreach (Assembly assembly in sharedAssemblies ?? throw new ArgumentNullException(nameof(sharedAssemblies)))
            {
                string? name = assembly.GetName().Name;
                if (name != null)
                {
                    _shared[name] = assembly;
                }
            }
        }

        public string DependencyDirectory { get; }

        /// <summary>
        /// True when the module must use its own copy even if the session already has one: the names given
        /// as-is (CrossAcctApi.Sts) and those ending in a dot as prefixes ("AWSSDK." covers every AWS SDK assembly).
        /// </summary>
        public bool IsIsolated(string simpleName)
        {
            if (_shared.ContainsKey(simpleName))
            {
                return false;
            }

            foreach (string pattern in _isolatedNames)
            {
                bool matches = pattern.EndsWith(".", StringComparison.Ordinal)
                    ? simpleName.StartsWith(pattern, StringComparison.OrdinalIgnoreCase)
                    : string.Equals(simpleName, pattern, StringComparison.OrdinalIgnoreCase);
                if (matches)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The module's own assemblies that code in the isolated world must see as the very same instances as
        /// the cmdlets do (CrossAcctApi.Core: its interfaces cross the boundary).
        /// </summary>
        public bool TryGetShared(string simpleName, out Assembly assembly)
        {
            return _shared.TryGetValue(simpleName, out assembly!);
        }

        /// <summary>The file for <paramref name="simpleName"/> in the dependency directory, or null.</summary>
        public string? FindInDependencyDirectory(string simpleName)
        {
            // A name with path characters could point outside the folder; such a name is never ours.
            if (simpleName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || simpleName.Contains(".."))
            {
                return null;
            }

            string path = Path.Combine(DependencyDirectory, simpleName + ".dll");
            return File.Exists(path) ? path : null;
        }
    }
}
