using System.Threading;
using System.Threading.Tasks;

namespace CrossAcctApi.Core.Sts
{
    /// <summary>
    /// Gives the one-time code of an MFA device when a role that needs one is assumed and no cached session can
    /// serve. The module's implementation asks the user at the prompt (on PowerShell's pipeline thread); a source
    /// that cannot ask throws <c>MfaTokenCodeRequired</c>. Called at most once per session: a renewal never asks.
    /// </summary>
    public interface IMfaCodeSource
    {
        /// <param name="serialNumber">The MFA device (its ARN or serial).</param>
        /// <param name="roleArn">The role being assumed, to say what the code is for.</param>
        Task<string> GetCodeAsync(string serialNumber, string roleArn, CancellationToken cancellationToken);
    }
}
