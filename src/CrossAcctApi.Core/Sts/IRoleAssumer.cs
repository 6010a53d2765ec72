using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi.Core.Sts
{
    /// <summary>
    /// The STS seam: AssumeRole and GetCallerIdentity with the caller's keys. The implementation (CrossAcctApi.Sts)
    /// uses the AWS SDK and is loaded in isolation; only the module's own types cross this interface.
    /// Failures are <see cref="CrossAcctApiException"/> with an id from <see cref="StsErrorIds"/>.
    /// </summary>
    public interface IRoleAssumer
    {
        Task<AssumeRoleResult> AssumeRoleAsync(AssumeRoleRequest request, CredentialKeys caller, StsEndpoint endpoint, CancellationToken cancellationToken);

        Task<CallerIdentity> GetCallerIdentityAsync(CredentialKeys caller, StsEndpoint endpoint, CancellationToken cancellationToken);
    }
}
