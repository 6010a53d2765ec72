using System;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi.Core.Access
{
    /// <summary>Role credentials for runs that cannot or need not assume roles.</summary>
    public sealed class FixedRoleCredentials : IRoleCredentialProvider
    {
        private readonly CrossAcctApiException? _error;

        private FixedRoleCredentials(CrossAcctApiException? error) => _error = error;

        /// <summary>For runs of unsigned probes only: no role is assumed, so the STS component is never loaded.</summary>
        public static FixedRoleCredentials None { get; } = new FixedRoleCredentials(null);

        /// <summary>Every assumption fails the same way (the identity that would assume the roles could not be found).</summary>
        public static FixedRoleCredentials Failing(CrossAcctApiException error) => new FixedRoleCredentials(error ?? throw new ArgumentNullException(nameof(error)));

        public Task<AwsCredential> GetCredentialAsync(AssumeRoleRequest request, string stsRegion, CancellationToken cancellationToken) =>
            _error != null
                ? Task.FromException<AwsCredential>(_error)
                : throw new InvalidOperationException("No role was expected to be assumed in this run.");
    }
}
