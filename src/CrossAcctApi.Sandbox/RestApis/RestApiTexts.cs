namespace CrossAcctApi.Sandbox.RestApis;

/// <summary>
/// What API Gateway answers a REST API call with, beyond the authentication texts it shares with HTTP APIs
/// (<see cref="ExecuteApi.ExecuteApiEndpoint"/>). Sources (docs/sandbox-endpoints.md has the full list):
/// <list type="bullet">
/// <item>the Knowledge Center's "How do I troubleshoot HTTP 403 errors from API Gateway?" (api-gateway-troubleshoot-403-forbidden)
/// table: AccessDeniedException "User: &lt;user-arn&gt; ... with an explicit deny", "User: anonymous is not authorized to perform:
/// execute-api:Invoke on resource: &lt;api-resource-arn&gt;", MissingAuthenticationTokenException, ForbiddenException "Forbidden";</item>
/// <item>real captures of those answers in public repositories and issues: the body is <c>{"Message":"..."}</c> with a capital M,
/// and the account id in the resource ARN is masked to its last four digits (<c>********2087</c>);</item>
/// <item>the Knowledge Center row "Resource path doesn't exist": with an Authorization header, IncompleteSignatureException
/// "Authorization header requires 'Credential' parameter. ..." (captures end it with "Authorization=" and the header's first word).</item>
/// </list>
/// </summary>
internal static class RestApiTexts
{
    public const string InvokeAction = "execute-api:Invoke";

    /// <summary>ForbiddenException, e.g. a private API called without its VPC endpoint (KC api-gateway-vpc-connections: "403").</summary>
    public const string Forbidden = "Forbidden";

    private const string IncompleteAuthorization =
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.";

    /// <summary>The AccessDenied message; <paramref name="who"/> is the caller's ARN or "anonymous".</summary>
    public static string NotAuthorized(string who, string resourceArn, bool explicitDeny) =>
        $"User: {who} is not authorized to perform: {InvokeAction} on resource: {MaskAccount(resourceArn)}" + (explicitDeny ? " with an explicit deny" : string.Empty);

    /// <summary>A REST API shows its own account in an ARN as <c>********</c> and the last four digits.</summary>
    public static string MaskAccount(string arn)
    {
        var parts = arn.Split(':', 6);
        if (parts.Length < 6 || parts[4].Length != 12) return arn;
        parts[4] = "********" + parts[4].Substring(8);
        return string.Join(':', parts);
    }

    /// <summary>The answer to a path or method the API does not have, when the request carries an Authorization header.</summary>
    public static string MissingRouteWithAuthorization(string authorization)
    {
        var trimmed = authorization.Trim();
        var space = trimmed.IndexOf(' ');
        return $"{IncompleteAuthorization} Authorization={(space < 0 ? trimmed : trimmed.Substring(0, space))}";
    }
}
