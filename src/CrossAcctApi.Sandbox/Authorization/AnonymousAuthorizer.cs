using System.Globalization;
using CrossAcctApi.Sandbox.Iam.Evaluation;
using CrossAcctApi.Sandbox.Iam.Policies;

namespace CrossAcctApi.Sandbox.Authorization;

/// <summary>
/// Decisions for callers nobody authenticated: a REST API route without authorization, a function URL with auth type
/// NONE. Only the resource policy speaks, and it must allow explicitly ("API Gateway resource policy only": "an implicit
/// denial or any explicit denial results in denying the caller"; Lambda, auth type NONE: the resource-based policy "must
/// grant public access"). Only a Principal of <c>"*"</c> (or a NotPrincipal that does not exclude everyone) names an
/// anonymous caller.
/// </summary>
internal static class AnonymousAuthorizer
{
    /// <summary>How API Gateway names an unauthenticated caller in its messages.</summary>
    public const string Name = "anonymous";

    public static AccessDecision Decide(IamPolicy? resourcePolicy, string action, string resource, string resourceAccountId, string partition,
        DateTimeOffset now, RequestOrigin origin, IReadOnlyDictionary<string, string[]>? requestKeys = null)
    {
        if (resourcePolicy == null) return new AccessDecision(Verdict.ImplicitDeny, PolicyType.Resource);

        var keys = new ContextKeys()
            .Set("aws:CurrentTime", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .Set("aws:EpochTime", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
            .Set("aws:SecureTransport", "false");
        if (origin.PublicSourceIp is { } ip) keys.Set("aws:SourceIp", ip);
        foreach (var (key, values) in origin.Keys(requestKeys)) keys.Set(key, values);

        // The evaluator has no anonymous principal kind; a service principal named "anonymous" is matched by "*" only
        // (no policy names such a service), which is exactly how IAM treats an anonymous caller.
        var request = new AccessRequest
        {
            Action = action,
            Resource = resource,
            ResourceAccountId = resourceAccountId,
            Principal = RequestPrincipal.Service(Name, partition),
            Keys = keys,
        };
        var outcome = PolicySetEvaluator.Evaluate(resourcePolicy, request);
        if (outcome.ExplicitDeny) return new AccessDecision(Verdict.ExplicitDeny, PolicyType.Resource);
        return new AccessDecision(outcome.Allows ? Verdict.Allowed : Verdict.ImplicitDeny, PolicyType.Resource);
    }
}
