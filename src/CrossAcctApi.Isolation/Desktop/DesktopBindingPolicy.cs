using System;
using System.Collections.Generic;

namespace CrossAcctApi.Isolation.Desktop
{
    /// <summary>
    /// What the module's resolver answers on .NET Framework (Windows PowerShell 5.1), written once: the resolver
    /// applies it at run time and the static check of the shipped files (tests/CrossAcctApi.Desktop.Tests) applies
    /// it to every reference, so the check cannot promise what the resolver would not do.
    /// <para>
    /// .NET Framework binds strong-named assemblies by exact version, and a module has no app.config for binding
    /// redirects. The rule below is the part of an application's redirects the module can honestly give itself:
    /// </para>
    /// <list type="bullet">
    /// <item>only names the module ships, with the same public key token and culture;</item>
    /// <item>the exact version always;</item>
    /// <item>a newer version for an older request only for Microsoft's out-of-band packages (System.Memory,
    /// System.Text.Json, ...), which keep binary compatibility across versions — the promise the redirects NuGet
    /// writes for applications rely on;</item>
    /// <item>never the AWS SDK or the module's own assemblies in another version than asked: a caller that wants
    /// another AWSSDK.Core (AWS.Tools) must not be handed the module's.</item>
    /// </list>
    /// </summary>
    public sealed class DesktopBindingPolicy
    {
        // The keys Microsoft signs its out-of-band library packages with (System.Memory, System.Buffers and
        // System.Text.Json use the first; System.Numerics.Vectors and System.Runtime.CompilerServices.Unsafe the second).
        private static readonly HashSet<string> CompatibleAcrossVersionsKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "cc7b13ffcd2ddd51",
            "b03f5f7f11d50a3a",
        };

        private readonly Dictionary<string, List<ShippedAssembly>> _byName =
            new Dictionary<string, List<ShippedAssembly>>(StringComparer.OrdinalIgnoreCase);

        public DesktopBindingPolicy(IEnumerable<ShippedAssembly> moduleFiles)
        {
            foreach (ShippedAssembly file in moduleFiles ?? throw new ArgumentNullException(nameof(moduleFiles)))
            {
                if (!_byName.TryGetValue(file.Name, out List<ShippedAssembly>? list))
                {
                    _byName[file.Name] = list = new List<ShippedAssembly>();
                }

                list.Add(file);
            }
        }

        /// <summary>True when a newer shipped version may answer a request for an older one.</summary>
        public static bool IsCompatibleAcrossVersions(ShippedAssembly file) =>
            file.IsStrongNamed && CompatibleAcrossVersionsKeys.Contains(file.PublicKeyToken);

        /// <summary>The module's file that answers <paramref name="requested"/>, or why none does.</summary>
        public DesktopBinding Resolve(ShippedAssembly requested)
        {
            if (requested is null)
            {
                throw new ArgumentNullException(nameof(requested));
            }

            if (!_byName.TryGetValue(requested.Name, out List<ShippedAssembly>? candidates))
            {
                return DesktopBinding.None("the module ships no " + requested.Name);
            }

            string? refusal = null;
            ShippedAssembly? newer = null;
            foreach (ShippedAssembly file in candidates)
            {
                if (!string.Equals(file.PublicKeyToken, requested.PublicKeyToken, StringComparison.Ordinal)
                    || !string.Equals(file.Culture, requested.Culture, StringComparison.OrdinalIgnoreCase))
                {
                    refusal ??= "the module's " + file + " has another public key token or culture";
                }
                else if (file.Version == requested.Version || !file.IsStrongNamed)
                {
                    // Without a strong name .NET Framework does not compare versions at all.
                    return DesktopBinding.To(file, "the module's file of exactly this version");
                }
                else if (file.Version < requested.Version)
                {
                    refusal = "the module ships the older " + file.Version;
                }
                else if (!IsCompatibleAcrossVersions(file))
                {
                    refusal = "the module's " + file.Name + " is " + file.Version + ", handed only to callers that ask for exactly that version";
                }
                else if (newer is null || file.Version > newer.Version)
                {
                    newer = file;
                }
            }

            return newer != null
                ? DesktopBinding.To(newer, "the module's newer " + newer.Version + " (a Microsoft package: newer versions serve older references, as an application's binding redirect would)")
                : DesktopBinding.None(refusal ?? "no file of the module matches");
        }
    }

    /// <summary>The answer of <see cref="DesktopBindingPolicy.Resolve"/>: a file, or the reason there is none.</summary>
    public sealed class DesktopBinding
    {
        private DesktopBinding(ShippedAssembly? file, string reason)
        {
            File = file;
            Reason = reason;
        }

        public ShippedAssembly? File { get; }

        public string Reason { get; }

        public static DesktopBinding To(ShippedAssembly file, string reason) => new DesktopBinding(file, reason);

        public static DesktopBinding None(string reason) => new DesktopBinding(null, reason);
    }
}
