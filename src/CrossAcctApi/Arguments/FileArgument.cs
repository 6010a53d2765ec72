using System.Management.Automation;

namespace CrossAcctApi
{
    /// <summary>Paths as PowerShell users give them (relative to the current location, PSDrives).</summary>
    internal static class FileArgument
    {
        /// <summary>The file system path of an existing file, or the path as given (the core then says why it cannot be read).</summary>
        public static string Resolve(PSCmdlet cmdlet, string path)
        {
            try
            {
                var resolved = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var provider);
                if (resolved.Count == 1 && provider.Name == "FileSystem")
                {
                    return resolved[0];
                }
            }
            catch (ItemNotFoundException)
            {
                // Reported by the core as InFileNotReadable, with the path as given.
            }
            catch (DriveNotFoundException)
            {
            }

            return cmdlet.GetUnresolvedProviderPathFromPSPath(path);
        }
    }
}
