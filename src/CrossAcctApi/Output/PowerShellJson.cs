using System;
using System.Management.Automation;
using System.Reflection;

namespace CrossAcctApi
{
    /// <summary>
    /// PowerShell's own JSON reader, the one behind ConvertFrom-Json (<c>Microsoft.PowerShell.Commands.JsonObject</c>),
    /// called directly. Running ConvertFrom-Json in a nested pipeline for every response cost about as much as the rest
    /// of the client side of a call (profiled with dotnet-trace, see bench/README.md); the reader itself is a small
    /// part of that. The method is public in every PowerShell that ships it but is not in the reference assemblies
    /// this module compiles against, so it is bound once, by reflection; where it cannot be bound the cmdlet keeps
    /// running ConvertFrom-Json.
    /// </summary>
    internal static class PowerShellJson
    {
        private static readonly ConvertFromJsonFunc? Reader = Bind();

        private delegate object? ConvertFromJsonFunc(string input, out ErrorRecord? error);

        public static bool IsAvailable => Reader != null;

        /// <summary>What ConvertFrom-Json makes of <paramref name="text"/> (a JSON array as object[]); false when it is not JSON.</summary>
        public static bool TryRead(string text, out object? value)
        {
            if (Reader is null)
            {
                throw new InvalidOperationException("PowerShell's JSON reader is not available; check IsAvailable first.");
            }

            value = Reader(text, out var error);
            return error is null;
        }

        private static ConvertFromJsonFunc? Bind()
        {
            try
            {
                var type = Type.GetType("Microsoft.PowerShell.Commands.JsonObject, Microsoft.PowerShell.Commands.Utility", throwOnError: false);
                var method = type?.GetMethod(
                    "ConvertFromJson",
                    BindingFlags.Public | BindingFlags.Static,
                    null,
                    new[] { typeof(string), typeof(ErrorRecord).MakeByRefType() },
                    null);
                return method is null || method.ReturnType != typeof(object)
                    ? null
                    : (ConvertFromJsonFunc)Delegate.CreateDelegate(typeof(ConvertFromJsonFunc), method);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is System.IO.IOException || ex is BadImageFormatException || ex is TypeLoadException)
            {
                return null;
            }
        }
    }
}
