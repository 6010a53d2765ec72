using System.Globalization;
using CrossAcctApi.Sandbox.Iam.Evaluation;
using CrossAcctApi.Sandbox.Identity;

namespace CrossAcctApi.Sandbox.Authorization;

/// <summary>
/// Builds the IAM request for a caller: the principal, and the global condition keys AWS fills in from the credentials
/// (principal ARN and account, user name and id, principal type, MFA, source identity, principal tags) and the request.
/// </summary>
internal static class RequestContextFactory
{
    /// <param name="multiFactorForUser">For a long-term key, whether this very request carried a valid MFA code.</param>
    public static AccessRequest Create(string action, string resource, string resourceAccountId, Caller caller, DateTimeOffset now, string? sourceIp,
        bool multiFactorForUser = false, IReadOnlyDictionary<string, string[]>? requestKeys = null)
    {
        var keys = new ContextKeys()
            .Set("aws:PrincipalAccount", caller.AccountId)
            .Set("aws:userid", caller.UserId)
            .Set("aws:CurrentTime", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .Set("aws:EpochTime", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
            .Set("aws:SecureTransport", "false")
            .Set("aws:ViaAWSService", "false")
            .Set("aws:PrincipalIsAWSService", "false");
        if (!string.IsNullOrEmpty(sourceIp)) keys.Set("aws:SourceIp", sourceIp);

        RequestPrincipal principal;
        if (caller.User is { } user)
        {
            principal = RequestPrincipal.User(user.Arn, caller.Partition, caller.AccountId);
            keys.Set("aws:PrincipalArn", user.Arn).Set("aws:username", user.Name).Set("aws:PrincipalType", "User");

            // Long-term credentials carry no MFA context unless the request itself authenticated with MFA.
            if (multiFactorForUser) keys.Set("aws:MultiFactorAuthPresent", "true").Set("aws:MultiFactorAuthAge", "0");
        }
        else
        {
            var session = caller.Session!;

            // For a role session aws:PrincipalArn is the role's ARN, not the session's (IAM User Guide, global condition keys).
            principal = RequestPrincipal.RoleSession(session.AssumedRoleArn, session.Role.Arn, caller.Partition, caller.AccountId);
            keys.Set("aws:PrincipalArn", session.Role.Arn).Set("aws:PrincipalType", "AssumedRole")
                .Set("aws:MultiFactorAuthPresent", session.MultiFactorAuthenticated ? "true" : "false")
                .Set("aws:TokenIssueTime", session.IssuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            if (session.MultiFactorAuthenticated) keys.Set("aws:MultiFactorAuthAge", ((long)(now - session.IssuedAt).TotalSeconds).ToString(CultureInfo.InvariantCulture));
            if (session.SourceIdentity != null) keys.Set("aws:SourceIdentity", session.SourceIdentity);
            foreach (var (key, value) in session.Tags) keys.Set("aws:PrincipalTag/" + key, value);
        }

        if (requestKeys != null)
        {
            foreach (var (key, values) in requestKeys) keys.Set(key, values);
        }

        return new AccessRequest { Action = action, Resource = resource, ResourceAccountId = resourceAccountId, Principal = principal, Keys = keys };
    }
}
