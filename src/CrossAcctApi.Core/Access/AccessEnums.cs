namespace CrossAcctApi.Core.Access
{
    /// <summary>What happened to one access check: the call got through, was refused, or could not be decided.</summary>
    // Output enum: 64-bit so that ConvertTo-Json (PowerShell 7) writes its name, not a number (PowerShell writes
    // Int64 enums as names because JavaScript cannot hold every Int64). tests/pester/Serialization.Tests.ps1 checks it.
    public enum AccessOutcome : long
    {
        /// <summary>The API answered 2xx: the caller has access.</summary>
        Allowed,

        /// <summary>
        /// Authorization said no: STS refused to let the caller assume the role, API Gateway refused the signed call
        /// as not authorized (403 AccessDenied), or refused an unsigned probe (403 Missing Authentication Token).
        /// </summary>
        Denied,

        /// <summary>
        /// Neither: the check did not reach a verdict about access (a network failure, a 404, a 5xx, throttling, an
        /// invalid or expired token, a signature problem). An error never passes, whatever was expected.
        /// </summary>
        Error,
    }

    /// <summary>Which step of a check ended it without access.</summary>
    // Output enum: 64-bit so that ConvertTo-Json (PowerShell 7) writes its name, not a number (PowerShell writes
    // Int64 enums as names because JavaScript cannot hold every Int64). tests/pester/Serialization.Tests.ps1 checks it.
    public enum AccessStage : long
    {
        /// <summary>STS AssumeRole (or finding the source credentials it is called with, or renewing the session).</summary>
        AssumeRole,

        /// <summary>The call to the API.</summary>
        Invoke,
    }

    /// <summary>How the API is called.</summary>
    // Output enum: 64-bit so that ConvertTo-Json (PowerShell 7) writes its name, not a number (PowerShell writes
    // Int64 enums as names because JavaScript cannot hold every Int64). tests/pester/Serialization.Tests.ps1 checks it.
    public enum AccessProbe : long
    {
        /// <summary>As the assumed role, signed with SigV4: does the role's policy allow the route?</summary>
        Signed,

        /// <summary>Without any signature: is the route protected at all? (It should answer 403.)</summary>
        Unsigned,

        /// <summary>
        /// Signed with the caller's own credential, no role assumed: the direct route a REST API's or a function's resource
        /// policy can open to account B.
        /// </summary>
        Direct,
    }
}
