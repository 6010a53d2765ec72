using System;
using System.Diagnostics;
using System.IO;
using System.Reflection;

namespace CrossAcctApi.Isolation.Desktop
{
    /// <summary>
    /// Windows PowerShell 5.1 has one AppDomain per session: once an assembly identity is loaded (AWS.Tools 5.x
    /// brings AWSSDK.Core 4.0.0.0), every later reference to that identity binds to it, whatever file the module
    /// ships. When that copy is older than the module's, the STS component would fail somewhere inside the AWS SDK;
    /// this check fails first, naming both files and what to do.
    /// </summary>
    internal static class SessionCopies
    {
        public static void ThrowIfOlderCopyLoaded(IsolationPolicy policy)
        {
            foreach (string path in Directory.GetFiles(policy.DependencyDirectory, "*.dll"))
            {
                string name = Path.GetFileNameWithoutExtension(path);
                if (!policy.IsIsolated(name))
                {
                    continue;
                }

                AssemblyName ours = AssemblyName.GetAssemblyName(path);
                foreach (Assembly loaded in AppDomain.CurrentDomain.GetAssemblies())
                {
                    if (loaded.IsDynamic || loaded.Location.Length == 0 || !SameIdentity(loaded.GetName(), ours)
                        || string.Equals(Path.GetDirectoryName(loaded.Location), policy.DependencyDirectory, StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    Version theirs = FileVersion(loaded.Location);
                    Version mine = FileVersion(path);
                    if (theirs < mine)
                    {
                        throw new FileLoadException(
                            name + " " + ours.Version + " is already loaded in this session from " + loaded.Location + " (file version " + theirs
                            + "), so .NET Framework hands CrossAcctApi that copy instead of its own (file version " + mine + "), which is older than the one it needs."
                            + " Import CrossAcctApi and make its first STS call before loading the other module (AWS.Tools?), update that module, or use PowerShell 7, where each keeps its own.",
                            name);
                    }
                }
            }
        }

        private static bool SameIdentity(AssemblyName a, AssemblyName b) =>
            string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase) && a.Version == b.Version
            && ShippedAssembly.ToHex(a.GetPublicKeyToken()) == ShippedAssembly.ToHex(b.GetPublicKeyToken());

        private static Version FileVersion(string path) =>
            Version.TryParse(FileVersionInfo.GetVersionInfo(path).FileVersion, out Version? version) ? version! : new Version(0, 0);
    }
}
