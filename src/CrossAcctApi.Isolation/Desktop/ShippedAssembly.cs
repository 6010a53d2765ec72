using System;
using System.Globalization;
using System.Reflection;

namespace CrossAcctApi.Isolation.Desktop
{
    /// <summary>
    /// An assembly identity as .NET Framework binds it: simple name, version, culture and public key token. Used for
    /// the files the module ships (with their path) and for the references they make (without one), so that the
    /// resolver at run time and the static check at test time compare exactly the same four things.
    /// </summary>
    public sealed class ShippedAssembly
    {
        public ShippedAssembly(string name, Version version, string publicKeyToken, string? culture, string? path = null)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Version = version ?? throw new ArgumentNullException(nameof(version));
            PublicKeyToken = (publicKeyToken ?? string.Empty).ToLowerInvariant();
            Culture = string.IsNullOrEmpty(culture) || string.Equals(culture, "neutral", StringComparison.OrdinalIgnoreCase) ? string.Empty : culture!;
            Path = path;
        }

        public string Name { get; }

        public Version Version { get; }

        /// <summary>Lower-case hex, empty for an assembly without a strong name.</summary>
        public string PublicKeyToken { get; }

        /// <summary>Empty for culture-neutral assemblies.</summary>
        public string Culture { get; }

        /// <summary>The shipped file, or null for a reference.</summary>
        public string? Path { get; }

        public bool IsStrongNamed => PublicKeyToken.Length > 0;

        /// <summary>Reads a file's identity from its metadata without loading it into the process.</summary>
        public static ShippedAssembly FromFile(string path) => FromName(AssemblyName.GetAssemblyName(path), path);

        public static ShippedAssembly FromName(AssemblyName name, string? path = null)
        {
            if (name is null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            return new ShippedAssembly(name.Name ?? string.Empty, name.Version ?? new Version(0, 0, 0, 0), ToHex(name.GetPublicKeyToken()), name.CultureName, path);
        }

        public static string ToHex(byte[]? bytes)
        {
            if (bytes is null)
            {
                return string.Empty;
            }

            var hex = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                string pair = bytes[i].ToString("x2", CultureInfo.InvariantCulture);
                hex[2 * i] = pair[0];
                hex[(2 * i) + 1] = pair[1];
            }

            return new string(hex);
        }

        public override string ToString() =>
            Name + " " + Version + (IsStrongNamed ? " (" + PublicKeyToken + ")" : string.Empty) + (Culture.Length > 0 ? " [" + Culture + "]" : string.Empty);
    }
}
