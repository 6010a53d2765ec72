using System;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Text;
using CrossAcctApi.Core;

namespace CrossAcctApi
{
    /// <summary>
    /// Where credential_process JSON may go: the process's standard output, read by the program that started it (the
    /// AWS CLI or an SDK runs the command of a profile's credential_process and reads its output). Only there: when
    /// PowerShell itself owns that output - a background job's child process (its standard output carries the job's
    /// protocol, and what does not parse ends up quoted in the parent's $Error), a parallel or thread-job runspace
    /// (its console is the parent's, or none), a host that is not the console - the JSON would surface in error records,
    /// job states and logs, so the mode is refused before any secret is written.
    /// </summary>
    internal static class CredentialProcessOutput
    {
        public const string UnsafeOutputErrorId = "CredentialProcessOutputUnsafe";

        // pwsh's switches that make its standard input and output a remoting channel (Start-Job, ssh, named pipes).
        private static readonly string[] ServerModeSwitches = { "-s", "-servermode", "-sshservermode", "-socketservermode", "-namedpipeservermode", "-sshs" };

        /// <summary>Throws <c>CredentialProcessOutputUnsafe</c> (SecurityError) unless standard output is the credential_process channel.</summary>
        public static void EnsureSafe(PSCmdlet cmdlet)
        {
            var unsafeBecause = WhyUnsafe(cmdlet);
            if (unsafeBecause != null)
            {
                throw new CrossAcctApiException(
                    UnsafeOutputErrorId,
                    FailureKind.SecurityError,
                    "The credential_process JSON goes to this process's standard output, but here " + unsafeBecause + ", where the secret key and session token would surface in error records, job results or logs. Nothing was written.",
                    "CredentialProcess")
                {
                    RecommendedAction = "Use the format as the credential_process of an AWS profile, run by the AWS CLI or an SDK (pwsh -NoProfile -NonInteractive -Command \"...\"), or use the Environment format in a job.",
                };
            }
        }

        public static void Write(PSCmdlet cmdlet, string json)
        {
            EnsureSafe(cmdlet);
            var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(json + "\n");
            using (var stdout = Console.OpenStandardOutput())
            {
                stdout.Write(bytes, 0, bytes.Length);
                stdout.Flush();
            }
        }

        /// <summary>Why standard output is not the credential_process channel here, or null when it is.</summary>
        internal static string? WhyUnsafe(PSCmdlet cmdlet)
        {
            foreach (var argument in Environment.GetCommandLineArgs())
            {
                if (Array.IndexOf(ServerModeSwitches, argument.ToLowerInvariant()) >= 0)
                {
                    return "the process is a PowerShell server (a background job or remote session) whose standard output is PowerShell's own channel";
                }
            }

            if (cmdlet.Host?.Name != "ConsoleHost")
            {
                return "the command runs in a host that is not the console (" + (cmdlet.Host?.Name ?? "no host") + ", a thread job or an embedded runspace)";
            }

            var primary = (cmdlet.Host as IHostSupportsInteractiveSession)?.Runspace;
            if (primary != null && !ReferenceEquals(primary, Runspace.DefaultRunspace))
            {
                return "the command runs in a parallel runspace (ForEach-Object -Parallel), which shares the console of the session that started it";
            }

            return null;
        }
    }
}
