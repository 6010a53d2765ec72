using CrossAcctApi.Core.Sts;

namespace CrossAcctApi.Sts
{
    /// <summary>
    /// The entry point the cmdlets create (by name, through the isolation loader) on the first STS call: one per
    /// process, holding the role assumer. (Profiles are read by the engine itself, with botocore's rules.)
    /// </summary>
    public sealed class AwsSdkStsServices : IStsServices
    {
        public AwsSdkStsServices()
        {
            RoleAssumer = new AwsSdkRoleAssumer(new StsClientFactory(), new StsRetryPolicy());
        }

        public IRoleAssumer RoleAssumer { get; }

    }
}
