using System.Globalization;
using CrossAcctApi.Core.Policy;
using CrossAcctApi.Sandbox.Identity;

namespace CrossAcctApi.Sandbox.Authorization;

/// <summary>
/// Builds the IAM request context for a caller: the global condition keys AWS fills in from the
/// credentials (user name, user id, principal type, MFA, source identity, principal tags) and the request.
/// </summary>
internal static class RequestContextFactory
{
    /// <param name="multiFactorForUser">For a long-term key, whether this very request carried a valid MFA code.</param>
    public static RequestContext Create(string action, string resource, Caller caller, DateTimeOffset now, string? sourceIp,
        bool multiFactorForUser = false, IReadOnlyDictionary<string, IReadOnlyList<string>>? requestKeys = null)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["aws:userid"] = new[] { caller.UserId },
            ["aws:CurrentTime"] = new[] { now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) },
            ["aws:EpochTime"] = new[] { now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
            ["aws:SecureTransport"] = new[] { "false" },
            ["aws:ViaAWSService"] = new[] { "false" },
        };
        if (!string.IsNullOrEmpty(sourceIp)) keys["aws:SourceIp"] = new[] { sourceIp };

        if (caller.User != null)
        {
            keys["aws:username"] = new[] { caller.User.Name };
            keys["aws:PrincipalType"] = new[] { "User" };

            // Long-term credentials carry no MFA context unless the request itself authenticated with MFA.
            if (multiFactorForUser)
            {
                keys["aws:MultiFactorAuthPresent"] = new[] { "true" };
                keys["aws:MultiFactorAuthAge"] = new[] { "0" };
            }
        }
        else
        {
            var session = caller.Session!;
            keys["aws:PrincipalType"] = new[] { "AssumedRole" };
            keys["aws:MultiFactorAuthPresent"] = new[] { session.MultiFactorAuthenticated ? "true" : "false" };
            if (session.MultiFactorAuthenticated)
            {
                keys["aws:MultiFactorAuthAge"] = new[] { ((long)(now - session.IssuedAt).TotalSeconds).ToString(CultureInfo.InvariantCulture) };
            }

            if (session.SourceIdentity != null) keys["aws:SourceIdentity"] = new[] { session.SourceIdentity };
            foreach (var (key, value) in session.Tags) keys["aws:PrincipalTag/" + key] = new[] { value };
        }

        if (requestKeys != null)
        {
            foreach (var (key, values) in requestKeys) keys[key] = values;
        }

        return new RequestContext(action, resource)
        {
            PrincipalArn = caller.Arn,
            PrincipalAccountId = caller.AccountId,
            ConditionKeys = keys,
            Missing = MissingConditionKeys.Absent,
        };
    }
}
