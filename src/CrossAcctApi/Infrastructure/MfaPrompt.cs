using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi
{
    /// <summary>
    /// Asks the user for an MFA code at the prompt, on the pipeline thread, when a role session needs one. In a
    /// session without a user (pwsh -NonInteractive, redirected input, a host without UI) nothing is written and the
    /// answer is <c>MfaTokenCodeRequired</c>, so that a prompt never corrupts captured output.
    /// </summary>
    internal sealed class MfaPrompt : IMfaCodeSource
    {
        private readonly PSCmdlet _cmdlet;
        private readonly PipelineThread _pipeline;

        public MfaPrompt(PSCmdlet cmdlet, PipelineThread pipeline)
        {
            _cmdlet = cmdlet;
            _pipeline = pipeline;
        }

        public Task<string> GetCodeAsync(string serialNumber, string roleArn, CancellationToken cancellationToken) =>
            _pipeline.Invoke(() => Ask(serialNumber));

        private string Ask(string serialNumber)
        {
            if (!CanPrompt())
            {
                throw MfaErrors.CodeRequired(serialNumber, canAsk: false);
            }

            string? code;
            try
            {
                _cmdlet.Host.UI.Write("MFA code for " + serialNumber + ": ");
                code = _cmdlet.Host.UI.ReadLine();
            }
            catch (Exception error) when (error is PSInvalidOperationException || error is System.Management.Automation.Host.HostException || error is NotImplementedException || error is InvalidOperationException)
            {
                throw MfaErrors.CodeRequired(serialNumber, canAsk: false);
            }

            // Asked but answered with nothing (Enter alone, end of input): say so, rather than blame the session.
            if (string.IsNullOrWhiteSpace(code))
            {
                throw MfaErrors.CodeRequired(serialNumber, canAsk: true);
            }

            return code!.Trim();
        }

        /// <summary>False for hosts without a user: pwsh -NonInteractive (runbooks, CI, credential_process), redirected input, hosts without a UI.</summary>
        private bool CanPrompt()
        {
            var host = _cmdlet.Host;
            if (host?.UI is null || host.Name == "Default Host" || host.Name == "ServerRemoteHost")
            {
                return false;
            }

            foreach (var argument in Environment.GetCommandLineArgs())
            {
                if (argument.StartsWith("-noni", StringComparison.OrdinalIgnoreCase) || argument.StartsWith("/noni", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }

            return !Console.IsInputRedirected;
        }
    }
}
