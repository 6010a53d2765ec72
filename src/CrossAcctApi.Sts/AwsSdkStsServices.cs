using CrossAcctApi.Core.Sts;
using CrossAcctApi.Core.Credentials.Sources;

namespace CrossAcctApi.Sts
{
    /// <summary>
    /// The entry point the cmdlets create (by name, through the isolation loader) on the first STS call: one per
    /// process, holding the role assumer and the source-credential resolver.
    /// </summary>
    public sealed class AwsSdkStsServices : IStsServices
    {
        public AwsSdkStsServices()
        {
            RoleAssumer = new AwsSdkRoleAssumer(new StsClientFactory(), new StsRetryPolicy());
            SourceCredentials = new AwsSdkSourceCredentialResolver();
        }

        public IRoleAssumer RoleAssumer { get; }

        public ISourceCredentialResolver SourceCredentials { get; }
    }
}
