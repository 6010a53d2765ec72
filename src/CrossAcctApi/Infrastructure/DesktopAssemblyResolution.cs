using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using CrossAcctApi.Core;

namespace CrossAcctApi
{
    /// <summary>
    /// Windows PowerShell 5.1 binds strong-named assemblies by exact version and gives a module no app.config for
    /// binding redirects, while the module's dependencies (System.Text.Json, System.Memory, the AWS SDK) reference
    /// versions other than the ones shipped. The isolation loader's resolver answers those references with the
    /// module's own files, and must be registered before any of them is needed: at import, not at the first STS call.
    /// Kept apart from <see cref="DesktopModuleInitializer"/> (which needs PowerShell) so that a .NET Framework test
    /// harness can run this very code without a PowerShell host.
    /// </summary>
    internal static class DesktopAssemblyResolution
    {
        internal const string RegisterMethod = "RegisterDesktopResolver";

        /// <summary>Registers the resolver on .NET Framework (true the first time), does nothing elsewhere (false).</summary>
        internal static bool Register()
        {
            if (!IsolationLoader.IsNetFramework)
            {
                return false;
            }

            string[] folders = { IsolationLoader.ModuleDirectory, IsolationLoader.DependencyDirectory };
            try
            {
                return (bool)IsolationLoader.GetMethod(RegisterMethod).Invoke(null, new object[] { folders })!;
            }
            catch (Exception error) when (error is System.IO.IOException || error is BadImageFormatException
                || error is TypeLoadException || error is MissingMemberException || error is TargetInvocationException)
            {
                throw ResolverUnavailable(error is TargetInvocationException { InnerException: { } inner } ? inner : error);
            }
        }

        // Apart from Register, so that compiling Register does not load the engine (CrossAcctApiException is its
        // type): the engine loads with the first command on Windows PowerShell too, not at import.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Exception ResolverUnavailable(Exception cause)
        {
            return new CrossAcctApiException(
                "DesktopResolverUnavailable",
                FailureKind.ResourceUnavailable,
                "CrossAcctApi could not register its assembly resolver for Windows PowerShell from " + IsolationLoader.DependencyDirectory + ": " + cause.GetType().Name + ": " + cause.Message,
                IsolationLoader.DependencyDirectory,
                cause)
            {
                RecommendedAction = "Reinstall the module so that its Dependencies folder is complete.",
            };
        }
    }
}
