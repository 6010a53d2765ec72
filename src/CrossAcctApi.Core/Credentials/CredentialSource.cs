namespace CrossAcctApi.Core.Credentials
{
    /// <summary>Where a credential came from; shown to the user so that "which keys did I sign with?" has an answer.</summary>
    // Output enum: 64-bit so that ConvertTo-Json (PowerShell 7) writes its name, not a number (PowerShell writes
    // Int64 enums as names because JavaScript cannot hold every Int64). tests/pester/Serialization.Tests.ps1 checks it.
    public enum CredentialSource : long
    {
        /// <summary>Access key, secret key and session token given as inputs (on the command line).</summary>
        Parameters,

        /// <summary>An object or hashtable recognised by its shape (AWS CLI JSON, AWS.Tools output, a hashtable...).</summary>
        Object,

        /// <summary>AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN.</summary>
        Environment,

        /// <summary>A named profile in the shared config or credentials file.</summary>
        Profile,

        /// <summary>An STS AssumeRole call made by this module.</summary>
        AssumeRole,

        /// <summary>A credential_process command configured in a profile.</summary>
        CredentialProcess,

        /// <summary>The default chain (environment, profile, container or instance metadata).</summary>
        DefaultChain,
    }
}
