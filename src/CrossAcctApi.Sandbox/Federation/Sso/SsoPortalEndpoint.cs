using System.Globalization;
using CrossAcctApi.Sandbox.Hosting;
using CrossAcctApi.Sandbox.Sts;

namespace CrossAcctApi.Sandbox.Federation.Sso;

/// <summary>
/// The IAM Identity Center portal API (service <c>sso</c>, REST-JSON, no SigV4: the bearer token is the authentication)
/// as the AWS SDKs call it at <c>https://portal.sso.{region}.amazonaws.com</c>, reached here with
/// <c>AWS_ENDPOINT_URL_SSO</c>: GetRoleCredentials, ListAccounts, ListAccountRoles and Logout.
/// Error texts: "Session token not found or invalid" (UnauthorizedException, 401) and "No access" (ForbiddenException, 403)
/// as AWS answers them in public reports; the codes and statuses of the others are the SSO API model's.
/// </summary>
internal sealed class SsoPortalEndpoint
{
    public const string TokenHeader = "x-amz-sso_bearer_token";
    public const string Unauthorized = "UnauthorizedException";
    public const string UnauthorizedMessage = "Session token not found or invalid";
    public const string Forbidden = "ForbiddenException";
    public const string ForbiddenMessage = "No access";

    private readonly SandboxState _state;

    public SsoPortalEndpoint(SandboxState state)
    {
        _state = state;
    }

    public static void Map(WebApplication app, SandboxState state)
    {
        var portal = new SsoPortalEndpoint(state);
        app.MapGet("/federation/credentials", context => portal.HandleAsync(context, "GetRoleCredentials", portal.GetRoleCredentials));
        app.MapGet("/assignment/accounts", context => portal.HandleAsync(context, "ListAccounts", portal.ListAccounts));
        app.MapGet("/assignment/roles", context => portal.HandleAsync(context, "ListAccountRoles", portal.ListAccountRoles));
        app.MapPost("/logout", context => portal.HandleAsync(context, "Logout", portal.Logout));
    }

    private async Task HandleAsync(HttpContext context, string operation, Func<HttpContext, SsoAccessToken, DateTimeOffset, IResult> handle)
    {
        await _state.DelayAsync(context.RequestAborted).ConfigureAwait(false);
        var now = _state.Clock.UtcNow;
        IResult result;
        string outcome;
        if (_state.Federation.TryConsumeSsoThrottle())
        {
            (result, outcome) = (Error(429, "TooManyRequestsException", "Too many requests"), "TooManyRequestsException");
        }
        else
        {
            var token = context.Request.Headers[TokenHeader].ToString();
            var access = token.Length == 0 ? null : _state.Federation.FindSsoToken(token);
            if (access == null || access.Revoked || now >= access.ExpiresAt || !_state.Federation.Directory.IsSsoUser(access.UserName))
            {
                (result, outcome) = (Error(401, Unauthorized, UnauthorizedMessage), Unauthorized);
            }
            else
            {
                result = handle(context, access, now);
                outcome = result is IStatusCodeHttpResult { StatusCode: >= 400 } failed ? ErrorCodeOf(failed) : StsEndpoint.SuccessOutcome;
            }
        }

        _state.Stats.Sso.Record(operation, outcome);
        await result.ExecuteAsync(context).ConfigureAwait(false);
    }

    private IResult GetRoleCredentials(HttpContext context, SsoAccessToken access, DateTimeOffset now)
    {
        var roleName = context.Request.Query["role_name"].ToString();
        var accountId = context.Request.Query["account_id"].ToString();
        if (roleName.Length == 0 || accountId.Length == 0) return Error(400, "InvalidRequestException", "role_name and account_id are required");

        var assigned = _state.Federation.Directory.AssignmentsOf(access.UserName).Contains((accountId, roleName));
        var permissionSet = assigned ? _state.Federation.Directory.FindPermissionSet(accountId, roleName) : null;
        if (permissionSet == null) return Error(403, Forbidden, ForbiddenMessage);

        var session = SessionGrant.Issue(_state.Sessions, _state.Directory.Partition, new SessionRequest
        {
            Role = permissionSet.Role,
            SessionName = access.UserName,
            Now = now,
            Duration = permissionSet.SessionDuration,
            IssuedTo = "IAM Identity Center user " + access.UserName,
        });
        return Results.Json(new
        {
            roleCredentials = new
            {
                accessKeyId = session.AccessKeyId,
                secretAccessKey = session.SecretAccessKey,
                sessionToken = session.SessionToken,
                expiration = session.Expiration.ToUnixTimeMilliseconds(),
            },
        });
    }

    private IResult ListAccounts(HttpContext context, SsoAccessToken access, DateTimeOffset now)
    {
        var accounts = _state.Federation.Directory.AssignmentsOf(access.UserName).Select(a => a.AccountId).Distinct().Order(StringComparer.Ordinal)
            .Select(id => new { accountId = id, accountName = id, emailAddress = $"aws+{id}@example.com" });
        return Results.Json(new { accountList = accounts });
    }

    private IResult ListAccountRoles(HttpContext context, SsoAccessToken access, DateTimeOffset now)
    {
        var accountId = context.Request.Query["account_id"].ToString();
        if (accountId.Length == 0) return Error(400, "InvalidRequestException", "account_id is required");
        var roles = _state.Federation.Directory.AssignmentsOf(access.UserName).Where(a => a.AccountId == accountId).Select(a => a.Name).Order(StringComparer.Ordinal)
            .Select(name => new { roleName = name, accountId });
        return Results.Json(new { roleList = roles });
    }

    private IResult Logout(HttpContext context, SsoAccessToken access, DateTimeOffset now)
    {
        access.Revoked = true;
        return Results.Ok();
    }

    /// <summary>A REST-JSON error: the status, <c>x-amzn-ErrorType</c> and <c>{"message": ...}</c>.</summary>
    public static IResult Error(int status, string type, string message) => new SsoError(status, type, message);

    private static string ErrorCodeOf(IStatusCodeHttpResult result) => result is SsoError error ? error.Type : result.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "Error";

    private sealed class SsoError : IResult, IStatusCodeHttpResult
    {
        public SsoError(int status, string type, string message)
        {
            StatusCode = status;
            Type = type;
            Message = message;
        }

        public int? StatusCode { get; }

        public string Type { get; }

        public string Message { get; }

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCode!.Value;
            httpContext.Response.Headers["x-amzn-ErrorType"] = Type;
            return httpContext.Response.WriteAsJsonAsync(new { message = Message });
        }
    }
}
