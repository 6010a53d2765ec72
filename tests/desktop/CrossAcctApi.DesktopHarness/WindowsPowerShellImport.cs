using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using CrossAcctApi.Core.Runtime;
using CrossAcctApi.Core.Sts;
using CrossAcctApi.Core.Credentials.Sources;

namespace CrossAcctApi.DesktopHarness
{
    /// <summary>
    /// What Windows PowerShell 5.1 does at <c>Import-Module CrossAcctApi.psd1</c>, and what its host provides:
    /// <list type="bullet">
    /// <item>the manifest's RequiredAssemblies, then its RootModule, loaded by path (Assembly.LoadFrom);</item>
    /// <item>PowerShell's own AssemblyResolve handler, which hands back the assemblies it loaded that way when asked
    /// for their exact full name (here it also binds the harness's compiled references to the engine to the copy the
    /// module loaded);</item>
    /// <item>the module's IModuleAssemblyInitializer.OnImport. Its body, DesktopAssemblyResolution.Register, is
    /// called directly: the initializer type implements PowerShell's interface, and PowerShell does not run on Mono.</item>
    /// <item>at the first command, PowerShell reading the cmdlets' parameters, whose types include the engine's: the
    /// runtime then loads the engine (CrossAcctApi.Core) for the module assembly, from its folder.</item>
    /// </list>
    /// No app.config, no binding redirects, nothing copied next to the harness.
    /// </summary>
    internal sealed class WindowsPowerShellImport
    {
        private readonly List<Assembly> _loadedByHost = new List<Assembly>();

        public WindowsPowerShellImport(string moduleDirectory)
        {
            ModuleDirectory = moduleDirectory;
        }

        public string ModuleDirectory { get; }

        public string DependencyDirectory => Path.Combine(ModuleDirectory, "Dependencies");

        public Assembly? ForeignAssembly { get; private set; }

        /// <summary>The STS component, loaded on first use exactly as the cmdlets load it (CrossAcctApi.StsComponent).</summary>
        public IStsServices StsServices
        {
            get
            {
                PropertyInfo services = RootModule.GetType("CrossAcctApi.StsComponent", throwOnError: true)!
                    .GetProperty("Services", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
                try
                {
                    return (IStsServices)services.GetValue(null)!;
                }
                catch (TargetInvocationException error) when (error.InnerException != null)
                {
                    // The cmdlets see the module's own exception, not reflection's wrapper.
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error.InnerException).Throw();
                    throw;
                }
            }
        }

        private Assembly RootModule => _loadedByHost.Last();

        public void LoadForeignAssembly(string path) => ForeignAssembly = Assembly.LoadFrom(path);

        public void Import(bool registerResolver)
        {
            string manifest = File.ReadAllText(Path.Combine(ModuleDirectory, "CrossAcctApi.psd1"));
            AppDomain.CurrentDomain.AssemblyResolve += (sender, args) =>
                _loadedByHost.FirstOrDefault(a => a.FullName == args.Name) ?? LoadedByModule(args.Name);
            foreach (string file in ManifestList(manifest, "RequiredAssemblies").Concat(ManifestList(manifest, "RootModule")))
            {
                _loadedByHost.Add(Assembly.LoadFrom(Path.Combine(ModuleDirectory, file)));
            }

            Expect.Equal("CrossAcctApi", RootModule.GetName().Name, "the manifest's RootModule");
            if (registerResolver)
            {
                var registered = (bool)RootModule.GetType("CrossAcctApi.DesktopAssemblyResolution", throwOnError: true)!
                    .GetMethod("Register", BindingFlags.NonPublic | BindingFlags.Static)!
                    .Invoke(null, null)!;
                Expect.True(registered, "the initializer's Register() says the resolver was already registered, or that this is not .NET Framework");
                Expect.True(ResolverCovers(ModuleDirectory) && ResolverCovers(DependencyDirectory), "the resolver does not cover the module folder and Dependencies/");
            }

            string[] sdk = LoadedNames().Where(n => n.StartsWith("AWSSDK.", StringComparison.Ordinal) && (ForeignAssembly == null || n != ForeignAssembly.GetName().Name)).ToArray();
            Expect.True(sdk.Length == 0, "Import loaded the AWS SDK: " + string.Join(", ", sdk));
            Expect.True(!Loaded(EngineName).Any(), "Import loaded the engine: it should wait for the first command");
        }

        /// <summary>
        /// The part of the module's first command that Mono can run. PowerShell reads the cmdlets' parameters, whose
        /// types include the engine's, but the cmdlet classes derive from PowerShell's, which Mono does not have. The
        /// harness instead reads the constructor of the signed-request result, which takes the engine's SignedRequest.
        /// Either way the runtime must load the engine for the module assembly, from the module folder.
        /// </summary>
        public void RunFirstCommand()
        {
            Type result = RootModule.GetType("CrossAcctApi.SignedHttpApiRequest", throwOnError: true)!;
            foreach (ConstructorInfo constructor in result.GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public))
            {
                foreach (ParameterInfo parameter in constructor.GetParameters())
                {
                    _ = parameter.ParameterType;
                }
            }

            Assembly engine = Loaded(EngineName).Single();
            Expect.Equal(Path.GetFullPath(ModuleDirectory).TrimEnd(Path.DirectorySeparatorChar), Path.GetDirectoryName(engine.Location), "the folder the engine was loaded from");
        }

        private const string EngineName = "CrossAcctApi.Core";

        private static Assembly? LoadedByModule(string fullName) => AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.FullName == fullName);

        /// <summary>Simple names of the assemblies loaded in the process.</summary>
        public static IEnumerable<string> LoadedNames() => AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name);

        /// <summary>Every loaded assembly of that simple name, with the file it came from.</summary>
        public static IEnumerable<Assembly> Loaded(string name) => AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == name);

        private static bool ResolverCovers(string folder)
        {
            Assembly isolation = Loaded("CrossAcctApi.Isolation").Single();
            return (bool)isolation.GetType("CrossAcctApi.Isolation.IsolatedAssemblyLoader", throwOnError: true)!
                .GetMethod("IsDesktopResolverRegistered")!
                .Invoke(null, new object[] { folder })!;
        }

        /// <summary>A manifest key's file names: <c>Key = 'a.dll'</c> or <c>Key = @('a.dll', 'b.dll')</c>.</summary>
        private static IEnumerable<string> ManifestList(string manifest, string key)
        {
            Match entry = Regex.Match(manifest, @"^\s*" + key + @"\s*=\s*(@\((?<list>[^)]*)\)|'(?<one>[^']*)')", RegexOptions.Multiline);
            if (!entry.Success)
            {
                return Enumerable.Empty<string>();
            }

            string text = entry.Groups["one"].Success ? "'" + entry.Groups["one"].Value + "'" : entry.Groups["list"].Value;
            return Regex.Matches(text, "'([^']+)'").Cast<Match>().Select(m => m.Groups[1].Value).ToList();
        }
    }
}
