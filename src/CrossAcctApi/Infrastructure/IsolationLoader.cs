using System;
using System.IO;
using System.Reflection;

namespace CrossAcctApi
{
    /// <summary>
    /// Finds and loads the isolation loader built for the running runtime: <c>Dependencies/Loader/net8.0/</c> on
    /// PowerShell 7 (a private AssemblyLoadContext), <c>Dependencies/Loader/netstandard2.0/</c> on Windows PowerShell
    /// 5.1 (an AssemblyResolve handler). Shared by the import initializer and <see cref="StsComponent"/>.
    /// </summary>
    internal static class IsolationLoader
    {
        internal const string DependenciesFolder = "Dependencies";
        internal const string AssemblyName = "CrossAcctApi.Isolation";
        internal const string LoaderType = "CrossAcctApi.Isolation.IsolatedAssemblyLoader";

        /// <summary>
        /// True where the core library is mscorlib: .NET Framework (Windows PowerShell 5.1), and Mono's .NET Framework
        /// profile that stands in for it in the tests. There is no AssemblyLoadContext there, only the AppDomain's
        /// AssemblyResolve. (RuntimeInformation.FrameworkDescription would call Mono "Mono", not ".NET Framework".)
        /// </summary>
        internal static bool IsNetFramework =>
            string.Equals(typeof(object).Assembly.GetName().Name, "mscorlib", StringComparison.Ordinal);

        internal static string ModuleDirectory =>
            Path.GetDirectoryName(typeof(IsolationLoader).Assembly.Location) ?? AppDomain.CurrentDomain.BaseDirectory;

        internal static string DependencyDirectory => Path.Combine(ModuleDirectory, DependenciesFolder);

        /// <summary>Loads the loader assembly by path and returns its public static method <paramref name="method"/>.</summary>
        internal static MethodInfo GetMethod(string method)
        {
            string path = Path.Combine(DependencyDirectory, "Loader", IsNetFramework ? "netstandard2.0" : "net8.0", AssemblyName + ".dll");
            Assembly loader = Assembly.LoadFrom(path);
            return loader.GetType(LoaderType, throwOnError: true)!.GetMethod(method, BindingFlags.Public | BindingFlags.Static)
                ?? throw new MissingMethodException(LoaderType, method);
        }
    }
}
