using System.Collections.Concurrent;
using CrossAcctApi.Sandbox.Authorization;
using CrossAcctApi.Sandbox.Hosting;
using CrossAcctApi.Sandbox.Iam.Evaluation;
using CrossAcctApi.Sandbox.Identity;
using CrossAcctApi.Sandbox.Sts;

namespace CrossAcctApi.Sandbox.Federation.Metadata;

/// <summary>
/// The role sessions an AWS service (ECS for a task, EC2 for an instance) holds for a workload: assumed by the service
/// principal under the role's trust policy (decided by the sandbox's evaluator), handed out again while they have more
/// than <see cref="RotationWindow"/> left, then replaced, as the ECS agent and the instance metadata service rotate them.
/// </summary>
internal sealed class ServiceRoleSessions
{
    /// <summary>Task and instance credentials last six hours.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(6);

    /// <summary>New credentials are made available at least 15 minutes before the old ones expire.</summary>
    public static readonly TimeSpan RotationWindow = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, IssuedSession> _current = new(StringComparer.Ordinal);

    /// <summary>The session for <paramref name="workload"/>, or null when the role's trust policy does not let the service assume it.</summary>
    public IssuedSession? Get(SandboxState state, string workload, IamRole role, string servicePrincipal, string sessionName, string? sourceIp)
    {
        var now = state.Clock.UtcNow;
        if (_current.TryGetValue(workload, out var existing) && existing.Expiration - now > RotationWindow) return existing;

        var keys = RequestContextFactory.RequestKeys(now, sourceIp).Set("sts:RoleSessionName", sessionName);
        var decision = AccessDecider.Decide(new AccessQuery
        {
            Request = new AccessRequest
            {
                Action = "sts:AssumeRole",
                Resource = role.Arn,
                ResourceAccountId = role.AccountId,
                Principal = RequestPrincipal.Service(servicePrincipal, state.Directory.Partition),
                Keys = keys,
            },
            IdentityPolicies = Array.Empty<Iam.Policies.IamPolicy>(),
            ResourcePolicy = role.TrustPolicy,
            ResourcePolicyRole = ResourcePolicyRole.MustAllow,
        });
        if (!decision.IsAllowed) return null;

        var session = SessionGrant.Issue(state.Sessions, state.Directory.Partition, new SessionRequest
        {
            Role = role,
            SessionName = sessionName,
            Now = now,
            Duration = Lifetime,
            IssuedTo = servicePrincipal,
        });
        _current[workload] = session;
        return session;
    }

    public void Clear() => _current.Clear();
}
