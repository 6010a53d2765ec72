namespace CrossAcctApi.Core.Sts
{
    /// <summary>
    /// Everything the module needs from the AWS SDK, behind module-owned types. CrossAcctApi.Sts implements it with a
    /// public parameterless class that the cmdlets create through the isolation loader on the first STS call.
    /// </summary>
    public interface IStsServices
    {
        IRoleAssumer RoleAssumer { get; }
    }
}
