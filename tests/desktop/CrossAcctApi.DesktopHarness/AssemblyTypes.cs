using System;
using System.Linq;
using System.Reflection;

namespace CrossAcctApi.DesktopHarness
{
    /// <summary>Loads every type of an assembly, which binds every assembly its types are built from.</summary>
    internal static class AssemblyTypes
    {
        /// <summary>Null when all types load; otherwise the distinct loader errors, in one line.</summary>
        public static string? Problem(Assembly assembly)
        {
            try
            {
                assembly.GetTypes();
                return null;
            }
            catch (ReflectionTypeLoadException error)
            {
                return string.Join("; ", error.LoaderExceptions.Where(e => e != null).Select(e => e!.GetType().Name + ": " + e.Message).Distinct().Take(5));
            }
        }
    }
}
