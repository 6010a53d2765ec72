using System.Globalization;
using CrossAcctApi.Sandbox.Authorization;
using CrossAcctApi.Sandbox.Hosting;
using CrossAcctApi.Sandbox.Iam.Arns;
using CrossAcctApi.Sandbox.Iam.Evaluation;
using CrossAcctApi.Sandbox.Identity;
using CrossAcctApi.Sandbox.Sts;

namespace CrossAcctApi.Sandbox.Federation.Oidc;

/// <summary>
/// STS AssumeRoleWithWebIdentity for OIDC ID tokens: no AWS signature (the token is the authentication), the token verified
/// against the role account's OIDC provider (<see cref="WebIdentityToken"/>), then the role's trust policy decided by the
/// sandbox's own evaluator for the principal <c>"Federated": "arn:aws:iam::account:oidc-provider/host"</c> with the token's
/// condition keys. A refusal is AWS's "Not authorized to perform sts:AssumeRoleWithWebIdentity" (captured in public reports;
/// the role's existence is not revealed).
/// </summary>
internal sealed class AssumeRoleWithWebIdentityOperation
{
    public const string Action = "AssumeRoleWithWebIdentity";
    public const string TrustAction = "sts:AssumeRoleWithWebIdentity";
    public const string NotAuthorizedMessage = "Not authorized to perform sts:AssumeRoleWithWebIdentity";

    private readonly SandboxState _state;

    public AssumeRoleWithWebIdentityOperation(SandboxState state)
    {
        _state = state;
    }

    public (int StatusCode, string Body, string Outcome) Handle(StsParameters parameters, string requestId, string? sourceIp)
    {
        var result = Execute(parameters, sourceIp, out var error);
        if (error != null) return (error.StatusCode, StsXml.Error(error, requestId), error.Code);
        return (200, Xml(result!, requestId), StsEndpoint.SuccessOutcome);
    }

    private WebIdentityResult? Execute(StsParameters parameters, string? sourceIp, out StsError? error)
    {
        var problems = new List<string>();
        var roleArnText = parameters["RoleArn"];
        AssumeRoleInput.Require(problems, roleArnText, "roleArn", 20, 2048);
        var sessionName = parameters["RoleSessionName"];
        AssumeRoleInput.Require(problems, sessionName, "roleSessionName", 2, 64, AssumeRoleInput.SessionNamePattern, @"[\w+=,.@-]*");
        var token = parameters["WebIdentityToken"];
        // The token is a secret (the STS model marks it sensitive), so a problem with it never repeats its value.
        if (token == null) problems.Add("Value null at 'webIdentityToken' failed to satisfy constraint: Member must not be null");
        else if (token.Length < 4 || token.Length > 20000) problems.Add("Value '***' at 'webIdentityToken' failed to satisfy constraint: Member must have length between 4 and 20000");
        AssumeRoleInput.Optional(problems, parameters["ProviderId"], "providerId", 4, 2048);
        var duration = AssumeRoleInput.ReadDuration(problems, parameters["DurationSeconds"]);
        var policy = parameters["Policy"];
        AssumeRoleInput.Optional(problems, policy, "policy", 1, 2048);
        var policyArns = AssumeRoleInput.ReadPolicyArns(problems, parameters);
        error = AssumeRoleInput.ValidationError(problems);
        if (error != null) return null;

        if (!IamArns.TryParseRole(roleArnText, out var roleName))
        {
            error = StsError.Validation("Request ARN is invalid");
            return null;
        }

        var sessionPolicies = SessionGrant.ReadSessionPolicies(_state.Directory, policy, policyArns, out error);
        if (sessionPolicies == null) return null;

        var now = _state.Clock.UtcNow;
        var verified = WebIdentityToken.Verify(_state.Federation.Directory, roleName.AccountId, token!, now, out error);
        if (verified == null) return null;

        var role = _state.Directory.FindRole(roleName.Arn);
        var keys = RequestContextFactory.RequestKeys(now, sourceIp).Set("sts:RoleSessionName", sessionName!);
        foreach (var (key, values) in verified.ConditionKeys) keys.Set(key, values);
        var allowed = role != null && AccessDecider.Decide(new AccessQuery
        {
            Request = new AccessRequest
            {
                Action = TrustAction,
                Resource = role.Arn,
                ResourceAccountId = role.AccountId,
                Principal = RequestPrincipal.WebIdentity(verified.Provider.Arn, _state.Directory.Partition, verified.Provider.AccountId),
                Keys = keys,
            },
            IdentityPolicies = Array.Empty<Iam.Policies.IamPolicy>(),
            ResourcePolicy = role.TrustPolicy,
            ResourcePolicyRole = ResourcePolicyRole.MustAllow,
        }).IsAllowed;
        if (!allowed)
        {
            error = StsError.Denied(NotAuthorizedMessage);
            return null;
        }

        var lifetime = TimeSpan.FromSeconds(duration ?? 3600);
        if (lifetime > role!.MaxSessionDuration)
        {
            error = StsError.Validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
            return null;
        }

        var packedPolicySize = SessionGrant.PackedPolicySize(sessionPolicies, Array.Empty<KeyValuePair<string, string>>(), out error);
        if (error != null) return null;

        var session = SessionGrant.Issue(_state.Sessions, _state.Directory.Partition, new SessionRequest
        {
            Role = role,
            SessionName = sessionName!,
            Now = now,
            Duration = lifetime,
            IssuedTo = verified.Provider.Arn,
            SessionPolicies = sessionPolicies,
        });
        return new WebIdentityResult(session, verified, packedPolicySize);
    }

    private static string Xml(WebIdentityResult result, string requestId)
    {
        var session = result.Session;
        return StsXml.Response(Action, requestId, writer =>
        {
            writer.WriteElementString("SubjectFromWebIdentityToken", StsXml.Namespace, result.Token.Subject);
            writer.WriteElementString("Audience", StsXml.Namespace, result.Token.Audience);
            StsXml.WriteSession(writer, session);
            writer.WriteElementString("Provider", StsXml.Namespace, result.Token.Provider.Arn);
            if (result.PackedPolicySize is { } packed) writer.WriteElementString("PackedPolicySize", StsXml.Namespace, packed.ToString(CultureInfo.InvariantCulture));
        });
    }

    private sealed record WebIdentityResult(IssuedSession Session, VerifiedToken Token, int? PackedPolicySize);
}
