using CrossAcctApi.Sandbox.Iam.Policies;

namespace CrossAcctApi.Sandbox.Identity;

/// <summary>An identity or managed policy with the name it was given in the scenario.</summary>
internal sealed class NamedPolicy
{
    public NamedPolicy(string name, IamPolicy document)
    {
        Name = name;
        Document = document;
    }

    public string Name { get; }

    public IamPolicy Document { get; }

    public override string ToString() => $"Policy {Name}";
}

internal sealed class MfaDevice
{
    public MfaDevice(string serialNumber, IReadOnlyList<string> acceptedCodes)
    {
        SerialNumber = serialNumber;
        AcceptedCodes = acceptedCodes;
    }

    public string SerialNumber { get; }

    public IReadOnlyList<string> AcceptedCodes { get; }

    public override string ToString() => $"MfaDevice {SerialNumber}";
}

/// <summary>An IAM user of the scenario, with its long-term access keys.</summary>
internal sealed class IamUser
{
    private IReadOnlyList<IamPolicy>? _documents;

    public required string Name { get; init; }

    public required string AccountId { get; init; }

    public required string Arn { get; init; }

    /// <summary>The unique id (AIDA...) that GetCallerIdentity reports as UserId.</summary>
    public required string UserId { get; init; }

    public required IReadOnlyList<NamedPolicy> Policies { get; init; }

    /// <summary>The documents of <see cref="Policies"/>, listed once (every request reads them).</summary>
    public IReadOnlyList<IamPolicy> PolicyDocuments => _documents ??= Policies.Select(p => p.Document).ToArray();

    /// <summary>The managed policy that caps the user's identity-based permissions, if any.</summary>
    public NamedPolicy? PermissionsBoundary { get; init; }

    public required IReadOnlyList<MfaDevice> MfaDevices { get; init; }

    public override string ToString() => Arn;
}

/// <summary>An IAM role of the scenario.</summary>
internal sealed class IamRole
{
    private IReadOnlyList<IamPolicy>? _documents;

    public required string Name { get; init; }

    public required string AccountId { get; init; }

    public required string Arn { get; init; }

    /// <summary>The unique id (AROA...) that prefixes the AssumedRoleId of its sessions.</summary>
    public required string RoleId { get; init; }

    public required TimeSpan MaxSessionDuration { get; init; }

    public required IamPolicy TrustPolicy { get; init; }

    /// <summary>Inline and attached managed policies.</summary>
    public required IReadOnlyList<NamedPolicy> Policies { get; init; }

    /// <summary>The documents of <see cref="Policies"/>, listed once (every request reads them).</summary>
    public IReadOnlyList<IamPolicy> PolicyDocuments => _documents ??= Policies.Select(p => p.Document).ToArray();

    /// <summary>The managed policy that caps the role's identity-based permissions, if any.</summary>
    public NamedPolicy? PermissionsBoundary { get; init; }

    public override string ToString() => Arn;
}
