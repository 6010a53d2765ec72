using CrossAcctApi.Sandbox.Authorization;
using CrossAcctApi.Sandbox.Iam.Arns;
using CrossAcctApi.Sandbox.Iam.Evaluation;
using CrossAcctApi.Sandbox.Iam.Policies;
using CrossAcctApi.Sandbox.Identity;
using CrossAcctApi.Sandbox.Scenario;
using CrossAcctApi.Sandbox.Time;

namespace CrossAcctApi.Sandbox.Sts;

/// <summary>
/// STS AssumeRole with IAM's rules: the role's trust policy must allow the caller with the request's condition keys
/// (sts:ExternalId, aws:MultiFactorAuthPresent, ...), the caller's identity policies must allow sts:AssumeRole on the
/// role (within one account, a trust policy naming the caller itself is enough), an explicit Deny anywhere wins, and
/// session tags or a source identity need sts:TagSession or sts:SetSourceIdentity on both sides.
/// </summary>
internal sealed class AssumeRoleOperation
{
    public const string AssumeRoleAction = "sts:AssumeRole";
    public const string TagSessionAction = "sts:TagSession";
    public const string SetSourceIdentityAction = "sts:SetSourceIdentity";

    /// <summary>A session created by a role session (role chaining) lasts at most one hour.</summary>
    public static readonly TimeSpan RoleChainingLimit = TimeSpan.FromHours(1);

    public static readonly TimeSpan DefaultDuration = TimeSpan.FromHours(1);

    /// <summary>The budget a packed session policy and tags are measured against for PackedPolicySize.</summary>
    private const int PackedPolicyBudget = 2048;

    private readonly SandboxDirectory _directory;
    private readonly SessionStore _sessions;
    private readonly SandboxClock _clock;

    public AssumeRoleOperation(SandboxDirectory directory, SessionStore sessions, SandboxClock clock)
    {
        _directory = directory;
        _sessions = sessions;
        _clock = clock;
    }

    public AssumeRoleResult Execute(Caller caller, AssumeRoleInput input, string? sourceIp)
    {
        var now = _clock.UtcNow;

        if (!IamArns.TryParseRole(input.RoleArn, out var roleArn)) return AssumeRoleResult.Failed(StsError.Validation("Request ARN is invalid"));

        var sessionPolicies = new List<IamPolicy>();
        if (input.Policy != null)
        {
            if (!PolicyParser.TryParse(input.Policy, PolicyUse.Identity, out var inline, out var problem))
            {
                return AssumeRoleResult.Failed(new StsError(400, StsError.MalformedPolicyDocument, $"The policy is not valid: {problem}"));
            }

            sessionPolicies.Add(inline!);
        }

        foreach (var policyArn in input.PolicyArns)
        {
            var managed = _directory.FindManagedPolicy(policyArn);
            if (managed == null) return AssumeRoleResult.Failed(StsError.Validation($"Policy {policyArn} does not exist or is not attachable."));
            sessionPolicies.Add(managed.Document);
        }

        var multiFactor = false;
        if (input.SerialNumber != null)
        {
            var mfaError = CheckMultiFactor(caller, input.SerialNumber, input.TokenCode);
            if (mfaError != null) return AssumeRoleResult.Failed(mfaError);
            multiFactor = true;
        }

        var notAuthorized = StsError.NotAuthorized(caller.Arn, AssumeRoleAction, input.RoleArn);
        var role = _directory.FindRole(roleArn.Arn);

        // AWS does not reveal whether a role exists: a missing role is the same AccessDenied.
        if (role == null) return AssumeRoleResult.Failed(notAuthorized);

        var requestKeys = RequestKeys(input, caller);
        if (!IsPermitted(caller, role, AssumeRoleAction, multiFactor, requestKeys, now, sourceIp)) return AssumeRoleResult.Failed(notAuthorized);

        if (input.Tags.Count > 0 && !IsPermitted(caller, role, TagSessionAction, multiFactor, requestKeys, now, sourceIp))
        {
            return AssumeRoleResult.Failed(StsError.NotAuthorized(caller.Arn, TagSessionAction, role.Arn));
        }

        if (input.SourceIdentity != null && !IsPermitted(caller, role, SetSourceIdentityAction, multiFactor, requestKeys, now, sourceIp))
        {
            return AssumeRoleResult.Failed(StsError.NotAuthorized(caller.Arn, SetSourceIdentityAction, role.Arn));
        }

        var callerSession = caller.Session;
        var isRoleChain = callerSession != null;
        var duration = input.DurationSeconds.HasValue ? TimeSpan.FromSeconds(input.DurationSeconds.Value) : DefaultDuration;
        if (isRoleChain && duration > RoleChainingLimit)
        {
            return AssumeRoleResult.Failed(StsError.Validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."));
        }

        if (duration > role.MaxSessionDuration)
        {
            return AssumeRoleResult.Failed(StsError.Validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));
        }

        var sourceIdentity = input.SourceIdentity;
        if (callerSession?.SourceIdentity != null)
        {
            // A source identity, once set, follows every chained session and cannot be changed.
            if (sourceIdentity != null && sourceIdentity != callerSession.SourceIdentity)
            {
                return AssumeRoleResult.Failed(StsError.Denied("The source identity of a role-chained session cannot be changed."));
            }

            sourceIdentity = callerSession.SourceIdentity;
        }

        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var transitive = new HashSet<string>(input.TransitiveTagKeys, StringComparer.OrdinalIgnoreCase);
        if (callerSession != null)
        {
            foreach (var key in callerSession.TransitiveTagKeys)
            {
                if (input.Tags.Any(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase)))
                {
                    return AssumeRoleResult.Failed(StsError.Validation($"The tag key '{key}' is a transitive tag of the calling session and cannot be set again."));
                }

                tags[key] = callerSession.Tags[key];
                transitive.Add(key);
            }
        }

        foreach (var (key, value) in input.Tags) tags[key] = value;

        int? packedPolicySize = null;
        if (input.Policy != null || input.PolicyArns.Count > 0 || input.Tags.Count > 0)
        {
            var packed = (sessionPolicies.Sum(p => p.Json.Length) + input.Tags.Sum(t => t.Key.Length + t.Value.Length)) * 100;
            packedPolicySize = (packed + PackedPolicyBudget - 1) / PackedPolicyBudget;
            if (packedPolicySize > 100)
            {
                return AssumeRoleResult.Failed(new StsError(400, StsError.PackedPolicyTooLarge,
                    $"Packed policy consumes {packedPolicySize}% of allotted space, please use smaller policy for this request."));
            }
        }

        var assumedRoleArn = IamArns.AssumedRole(_directory.Partition, role.AccountId, role.Name, input.RoleSessionName);
        var session = new IssuedSession
        {
            AccessKeyId = SessionStore.NewAccessKeyId(),
            SecretAccessKey = SessionStore.NewSecretAccessKey(),
            SessionToken = SessionStore.NewSessionToken(),
            Role = role,
            SessionName = input.RoleSessionName,
            AssumedRoleArn = assumedRoleArn,
            AssumedRoleId = role.RoleId + ":" + input.RoleSessionName,
            IssuedAt = now,
            Expiration = TruncateToSeconds(now + duration),
            SessionPolicies = sessionPolicies,
            SourceIdentity = sourceIdentity,
            Tags = tags,
            TransitiveTagKeys = transitive,
            MultiFactorAuthenticated = multiFactor || callerSession?.MultiFactorAuthenticated == true,
            IssuedTo = caller.Arn,
            IsRoleChain = isRoleChain,
        };
        _sessions.Add(session);
        return AssumeRoleResult.Succeeded(session, packedPolicySize);
    }

    /// <summary>
    /// The caller may perform <paramref name="action"/> on the role when the trust policy allows it (it must, even within
    /// one account), no policy denies it, and the caller's side allows it: across accounts its identity policies must;
    /// within one account a trust policy that names the caller itself is enough.
    /// </summary>
    private bool IsPermitted(Caller caller, IamRole role, string action, bool multiFactor, IReadOnlyDictionary<string, string[]> requestKeys, DateTimeOffset now, string? sourceIp)
    {
        var request = RequestContextFactory.Create(action, role.Arn, role.AccountId, caller, now, sourceIp, multiFactor, requestKeys);
        return IamAuthorizer.Authorize(caller, request, role.TrustPolicy, ResourcePolicyRole.MustAllow).IsAllowed;
    }

    private static StsError? CheckMultiFactor(Caller caller, string serialNumber, string? tokenCode)
    {
        var device = caller.User?.MfaDevices.FirstOrDefault(d => string.Equals(d.SerialNumber, serialNumber, StringComparison.Ordinal));
        if (device == null)
        {
            return StsError.Denied("MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.");
        }

        if (tokenCode == null || !device.AcceptedCodes.Contains(tokenCode, StringComparer.Ordinal))
        {
            return StsError.Denied("MultiFactorAuthentication failed with invalid MFA one time pass code. ");
        }

        return null;
    }

    private static IReadOnlyDictionary<string, string[]> RequestKeys(AssumeRoleInput input, Caller caller)
    {
        var keys = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["sts:RoleSessionName"] = new[] { input.RoleSessionName },
        };
        if (input.ExternalId != null) keys["sts:ExternalId"] = new[] { input.ExternalId };
        var sourceIdentity = input.SourceIdentity ?? caller.Session?.SourceIdentity;
        if (sourceIdentity != null) keys["sts:SourceIdentity"] = new[] { sourceIdentity };
        if (input.Tags.Count > 0)
        {
            foreach (var (key, value) in input.Tags) keys["aws:RequestTag/" + key] = new[] { value };
            keys["aws:TagKeys"] = input.Tags.Select(t => t.Key).ToArray();
        }

        if (input.TransitiveTagKeys.Count > 0) keys["sts:TransitiveTagKeys"] = input.TransitiveTagKeys.ToArray();
        return keys;
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}

internal sealed class AssumeRoleResult
{
    private AssumeRoleResult(IssuedSession? session, int? packedPolicySize, StsError? error)
    {
        Session = session;
        PackedPolicySize = packedPolicySize;
        Error = error;
    }

    public IssuedSession? Session { get; }

    public int? PackedPolicySize { get; }

    public StsError? Error { get; }

    public static AssumeRoleResult Failed(StsError error) => new(null, null, error);

    public static AssumeRoleResult Succeeded(IssuedSession session, int? packedPolicySize) => new(session, packedPolicySize, null);

    public override string ToString() => Error != null ? Error.Code : $"issued {Session}";
}
