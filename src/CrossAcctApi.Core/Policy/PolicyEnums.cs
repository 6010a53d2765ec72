namespace CrossAcctApi.Core.Policy
{
    // Output enum: 64-bit so that ConvertTo-Json (PowerShell 7) writes its name, not a number (PowerShell writes
    // Int64 enums as names because JavaScript cannot hold every Int64). tests/pester/Serialization.Tests.ps1 checks it.
    public enum PolicyEffect : long
    {
        Allow,
        Deny,
    }

    // Output enum: 64-bit so that ConvertTo-Json (PowerShell 7) writes its name, not a number (PowerShell writes
    // Int64 enums as names because JavaScript cannot hold every Int64). tests/pester/Serialization.Tests.ps1 checks it.
    public enum PolicyDecision : long
    {
        /// <summary>At least one statement allows and none denies.</summary>
        Allowed,

        /// <summary>A statement explicitly denies; nothing can override it.</summary>
        ExplicitDeny,

        /// <summary>No statement allows (the default for every request).</summary>
        ImplicitDeny,
    }

    /// <summary>What a condition on a key that the request context does not hold means.</summary>
    public enum MissingConditionKeys
    {
        /// <summary>
        /// The key is absent from the request, as at real IAM: the condition is evaluated the way IAM does
        /// (false, except Null, ...IfExists, negated operators and ForAllValues).
        /// </summary>
        Absent,

        /// <summary>
        /// Offline analysis: the value is not known, so such a condition is reported as unevaluated and never
        /// silently treated as true or false. A key given with an empty value list is known to be absent.
        /// </summary>
        Unknown,
    }

    /// <summary>Which kind of policy is evaluated; it decides whether the Principal element is checked.</summary>
    public enum PolicyKind
    {
        /// <summary>Identity, session and permission-boundary policies: the principal is implicit.</summary>
        Identity,

        /// <summary>Trust policies and other resource policies: the statement's Principal must match the caller.</summary>
        Resource,
    }
}
