using System;
using System.IO;
using System.Reflection;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi
{
    /// <summary>
    /// Loads the STS component (CrossAcctApi.Sts and the AWS SDK) on first use, never at Import-Module.
    /// <para>
    /// Layout: the component lives in the module's <c>Dependencies/</c> folder, with the isolation loader built twice
    /// beside it, <c>Dependencies/Loader/net8.0/</c> (PowerShell 7: a private AssemblyLoadContext) and
    /// <c>Dependencies/Loader/netstandard2.0/</c> (Windows PowerShell 5.1: an AssemblyResolve handler that answers
    /// only for the module's own files). This class picks the loader for the running runtime, loads it by path and
    /// asks it for CrossAcctApi.Sts, sharing CrossAcctApi.Core so that the component's <see cref="IStsServices"/> is
    /// the cmdlets' type. Nothing here names an AWS SDK type: the SDK is reached only through that interface.
    /// </para>
    /// </summary>
    internal static class StsComponent
    {
        internal const string ComponentAssembly = "CrossAcctApi.Sts";
        internal const string ServicesType = "CrossAcctApi.Sts.AwsSdkStsServices";

        // The module keeps its own copy of these even when the session has others (AWS.Tools' AWSSDK.Core).
        private static readonly string[] IsolatedNames = { ComponentAssembly, "AWSSDK." };

        private static readonly object Gate = new object();
        private static IStsServices? _services;

        /// <summary>True once the component has been loaded in this process (tests check that import does not).</summary>
        public static bool IsLoaded => _services != null;

        public static IStsServices Services
        {
            get
            {
                IStsServices? services = _services;
                if (services != null)
                {
                    return services;
                }

                lock (Gate)
                {
                    return _services ??= Load();
                }
            }
        }

        private static IStsServices Load()
        {
            string dependencies = IsolationLoader.DependencyDirectory;
            try
            {
                MethodInfo load = IsolationLoader.GetMethod("Load");
                var component = (Assembly)load.Invoke(null, new object[] { dependencies, ComponentAssembly, IsolatedNames, new[] { typeof(IStsServices).Assembly } })!;
                Type servicesType = component.GetType(ServicesType, throwOnError: true)!;
                return (IStsServices)Activator.CreateInstance(servicesType)!;
            }
            catch (Exception error) when (error is IOException || error is BadImageFormatException || error is TypeLoadException
                || error is MissingMemberException || error is TargetInvocationException || error is InvalidCastException)
            {
                Exception cause = error is TargetInvocationException { InnerException: { } inner } ? inner : error;
                throw new CrossAcctApiException(
                    StsErrorIds.StsComponentLoadFailed,
                    FailureKind.ResourceUnavailable,
                    "The STS component (CrossAcctApi.Sts and the AWS SDK) could not be loaded from " + dependencies + ": " + cause.GetType().Name + ": " + cause.Message,
                    dependencies,
                    cause)
                {
                    RecommendedAction = "Reinstall the module so that its Dependencies folder is complete.",
                };
            }
        }
    }
}
