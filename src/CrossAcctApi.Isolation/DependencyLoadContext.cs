using System.Reflection;
using System.Runtime.Loader;

namespace CrossAcctApi.Isolation
{
    /// <summary>
    /// PowerShell 7: the private load context that the AWS SDK lives in. The runtime asks <see cref="Load"/> first
    /// for every reference made from inside this context, so the module's AWSSDK.Core wins even when AWS.Tools has
    /// already put another AWSSDK.Core (same simple name, maybe the same assembly version) into the default context.
    /// Everything that is not the module's to isolate is deferred, so framework types and CrossAcctApi.Core stay
    /// one and the same on both sides of the boundary.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly IsolationPolicy _policy;

        public DependencyLoadContext(IsolationPolicy policy)
            : base("CrossAcctApi.Dependencies", isCollectible: false)
        {
            _policy = policy;

            // Last resort, after the default context found nothing: a transitive dependency that the runtime does
            // not carry (e.g. a netstandard helper package) is served from the module's folder.
            Resolving += (context, name) => name.Name is { } simple && _policy.FindInDependencyDirectory(simple) is { } path
                ? context.LoadFromAssemblyPath(path)
                : null;
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            string? simpleName = assemblyName.Name;
            if (simpleName is null)
            {
                return null;
            }

            if (_policy.TryGetShared(simpleName, out Assembly shared))
            {
                return shared;
            }

            if (_policy.IsIsolated(simpleName) && _policy.FindInDependencyDirectory(simpleName) is { } path)
            {
                return LoadFromAssemblyPath(path);
            }

            // null: let the default context (the runtime, PowerShell, the session) provide it.
            return null;
        }
    }
}
