using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace CrossAcctApi
{
    /// <summary>
    /// The module's format views (<c>*.Format.ps1xml</c> beside the module), registered by the first CrossAcctApi
    /// command a session runs instead of by Import-Module. Any format file makes PowerShell rebuild the session's whole
    /// format table (the built-in views and every other module's) and, in a session that has not loaded one yet,
    /// compile its XML loader: most of this module's import (bench/README.md). A session that imports the module from a
    /// profile and never calls it no longer pays that; one that calls it pays it once, in its first command, before
    /// any result is written, so every result finds its views. The module's objects only come from its commands.
    /// </summary>
    internal static class ModuleViews
    {
        internal const string FilePattern = "*.Format.ps1xml";

        // Per runspace: each runspace (a thread job, ForEach-Object -Parallel) has its own format table.
        private static readonly ConditionalWeakTable<Runspace, object> Registered = new ConditionalWeakTable<Runspace, object>();

        /// <summary>Registers the views in the runspace running <paramref name="cmdlet"/>, once.</summary>
        internal static void EnsureRegistered(PSCmdlet cmdlet)
        {
            var runspace = Runspace.DefaultRunspace;
            if (runspace is null)
            {
                return;
            }

            lock (Registered)
            {
                if (Registered.TryGetValue(runspace, out _))
                {
                    return;
                }

                Registered.Add(runspace, FilePattern);
            }

            var files = Files(IsolationLoader.ModuleDirectory);
            if (files.Length == 0)
            {
                return;
            }

            try
            {
                // Update-FormatData is how PowerShell adds format files to a running session; -AppendPath keeps views
                // the user has registered for these types ahead of the module's (tests/pester/ModuleViews.Tests.ps1).
                cmdlet.InvokeCommand.InvokeScript(false, ScriptBlock.Create("param([string[]] $Files) Update-FormatData -AppendPath $Files"), null, new object[] { files });
            }
            catch (Exception error) when (error is RuntimeException || error is InvalidOperationException)
            {
                // A session that may not run Update-FormatData (a restricted endpoint) still gets its results, in
                // PowerShell's default layout.
                cmdlet.WriteVerbose("CrossAcctApi's views were not registered: " + error.Message);
            }
        }

        /// <summary>The module's format files in <paramref name="directory"/>, in a fixed order.</summary>
        internal static string[] Files(string directory) =>
            Directory.Exists(directory)
                ? Directory.GetFiles(directory, FilePattern).OrderBy(path => path, StringComparer.Ordinal).ToArray()
                : Array.Empty<string>();
    }
}
