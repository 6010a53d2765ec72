using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi.Core.Sts
{
    /// <summary>Gives the session credential of a role, for access checks to sign with.</summary>
    public interface IRoleCredentialProvider
    {
        /// <summary>
        /// The credential of <paramref name="request"/>'s role, with STS called in <paramref name="stsRegion"/>. Throws
        /// <see cref="CrossAcctApiException"/> with an STS ErrorId (AssumeRoleAccessDenied, SourceCredentialRejected...)
        /// when there is none to be had.
        /// </summary>
        Task<AwsCredential> GetCredentialAsync(AssumeRoleRequest request, string stsRegion, CancellationToken cancellationToken);
    }
}
