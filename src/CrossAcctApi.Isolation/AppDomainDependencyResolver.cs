using System;
using System.Reflection;

namespace CrossAcctApi.Isolation
{
    /// <summary>
    /// Windows PowerShell 5.1 has one load context per AppDomain, so true isolation is not possible there. The
    /// resolver makes the module's own files findable and nothing more: it answers only for names that are
    /// shared module assemblies or files in the module's dependency folder, and stays silent for everything else,
    /// so it never changes how another module's assemblies resolve.
    /// </summary>
    internal sealed class AppDomainDependencyResolver
    {
        private readonly IsolationPolicy _policy;

        public AppDomainDependencyResolver(IsolationPolicy policy)
        {
            _policy = policy;
        }

        public void Register()
        {
            AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
        }

        internal Assembly? Resolve(string requestedName)
        {
            string? simpleName = new AssemblyName(requestedName).Name;
            if (simpleName is null)
            {
                return null;
            }

            if (_policy.TryGetShared(simpleName, out Assembly shared))
            {
                return shared;
            }

            string? path = _policy.FindInDependencyDirectory(simpleName);

            // LoadFrom (not LoadFile): the file's own references are then probed in the same folder first.
            return path is null ? null : Assembly.LoadFrom(path);
        }

        private Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args) => Resolve(args.Name);
    }
}
