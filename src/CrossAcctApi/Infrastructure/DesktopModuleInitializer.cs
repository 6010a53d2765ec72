using System.Management.Automation;

namespace CrossAcctApi
{
    /// <summary>
    /// Runs when the module is imported. On Windows PowerShell 5.1 it registers the module's assembly resolver
    /// (<see cref="DesktopAssemblyResolution"/>) before any cmdlet runs; on PowerShell 7 it does nothing.
    /// </summary>
    public sealed class DesktopModuleInitializer : IModuleAssemblyInitializer
    {
        public void OnImport()
        {
            // Tested here as well as in Register, so that PowerShell 7 does not even compile Register at import.
            if (IsolationLoader.IsNetFramework)
            {
                DesktopAssemblyResolution.Register();
            }
        }
    }
}
