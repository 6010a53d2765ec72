using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CrossAcctApi.Sandbox.Hosting;
using CrossAcctApi.Sandbox.Identity;

namespace CrossAcctApi.Sandbox.Federation.Metadata;

/// <summary>
/// The two credential endpoints a workload reads without any AWS key:
/// <list type="bullet">
/// <item>ECS container credentials, <c>GET /v2/credentials/{id}</c> (<c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c>, with the
/// <c>Authorization</c> header from <c>AWS_CONTAINER_AUTHORIZATION_TOKEN</c> when the container has a token), answering
/// <c>{AccessKeyId, SecretAccessKey, Token, Expiration, RoleArn}</c>;</item>
/// <item>the EC2 instance metadata service at <c>/latest/</c> (<c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>): IMDSv2's
/// <c>PUT /latest/api/token</c>, then <c>GET /latest/meta-data/iam/security-credentials/</c> and <c>.../{role-name}</c>.</item>
/// </list>
/// Both obey the metadata fault (hang, reset, error) so that a client's short timeout can be tested.
/// </summary>
internal sealed class MetadataEndpoints
{
    public const string ImdsTokenHeader = "X-aws-ec2-metadata-token";
    public const string ImdsTtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
    public const int MaxImdsTtlSeconds = 21600;

    /// <summary>A hanging answer gives up after this long, so that nothing is held forever.</summary>
    private static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(10);

    // The ECS agent and IMDS answer PascalCase members (AccessKeyId, Token, ...), not ASP.NET's camelCase default.
    private static readonly JsonSerializerOptions AsWritten = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly SandboxState _state;

    public MetadataEndpoints(SandboxState state)
    {
        _state = state;
    }

    public static void Map(WebApplication app, SandboxState state)
    {
        var endpoints = new MetadataEndpoints(state);
        app.MapGet("/v2/credentials/{id}", context => endpoints.RunAsync(context, "container", "ContainerCredentials", endpoints.ContainerCredentials));
        app.MapPut("/latest/api/token", context => endpoints.RunAsync(context, "instance", "ImdsToken", endpoints.ImdsToken));
        app.MapGet("/latest/meta-data/iam/security-credentials/", context => endpoints.RunAsync(context, "instance", "ImdsRoleName", c => endpoints.ImdsCredentials(c, null)));
        app.MapGet("/latest/meta-data/iam/security-credentials/{roleName}", context =>
            endpoints.RunAsync(context, "instance", "ImdsCredentials", c => endpoints.ImdsCredentials(c, (string)c.Request.RouteValues["roleName"]!)));
        app.MapGet("/latest/meta-data/instance-id", context => endpoints.RunAsync(context, "instance", "ImdsInstanceId", endpoints.InstanceId));
    }

    private async Task RunAsync(HttpContext context, string target, string operation, Func<HttpContext, (int Status, string Outcome, object? Body)> handle)
    {
        switch (_state.Federation.FaultFor(target))
        {
            case MetadataFaultMode.Hang:
            {
                _state.Stats.Metadata.Record(operation, "Hang");

                // Until the client gives up, the sandbox stops, or the limit: a hung answer never holds up a shutdown.
                var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
                try
                {
                    await Task.Delay(HangLimit, giveUp.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, which is the point.
                }

                context.Abort();
                return;
            }

            case MetadataFaultMode.Reset:
                _state.Stats.Metadata.Record(operation, "Reset");
                context.Abort();
                return;
            case MetadataFaultMode.Error:
                _state.Stats.Metadata.Record(operation, "InternalServerError");
                context.Response.StatusCode = 500;
                return;
        }

        await _state.DelayAsync(context.RequestAborted).ConfigureAwait(false);
        var (status, outcome, body) = handle(context);
        _state.Stats.Metadata.Record(operation, outcome);
        context.Response.StatusCode = status;
        if (body is string text)
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(text, Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
        }
        else if (body != null)
        {
            await context.Response.WriteAsJsonAsync(body, AsWritten, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private (int, string, object?) ContainerCredentials(HttpContext context)
    {
        var id = (string)context.Request.RouteValues["id"]!;
        var container = _state.Federation.Directory.FindContainer(id);

        // The ECS agent's answer for an unknown credentials id.
        if (container == null) return (400, "InvalidIdInRequest", new { code = "InvalidIdInRequest", message = "CredentialsV2Request: Credentials not found", HTTPErrorCode = 400 });
        if (container.AuthorizationToken != null && !SameSecret(context.Request.Headers.Authorization.ToString(), container.AuthorizationToken))
        {
            return (401, "Unauthorized", new { code = "Unauthorized", message = "The Authorization header is missing or does not match the container's authorization token" });
        }

        var session = _state.Federation.ServiceSessions.Get(_state, "container/" + id, container.Role, "ecs-tasks.amazonaws.com", TaskSessionName(id), context.Connection.RemoteIpAddress?.ToString());
        if (session == null) return (500, "AssumeRoleDenied", new { code = "AssumeRoleDenied", message = UnableToAssume(container.Role) });
        return (200, "Success", new
        {
            RoleArn = container.Role.Arn,
            AccessKeyId = session.AccessKeyId,
            SecretAccessKey = session.SecretAccessKey,
            Token = session.SessionToken,
            Expiration = Timestamp(session.Expiration),
        });
    }

    private (int, string, object?) ImdsToken(HttpContext context)
    {
        // IMDSv2 refuses a token request that went through a proxy (X-Forwarded-For) and one without a valid TTL.
        if (context.Request.Headers.ContainsKey("X-Forwarded-For")) return (403, "Forbidden", null);
        var ttlText = context.Request.Headers[ImdsTtlHeader].ToString();
        if (!int.TryParse(ttlText, NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) || ttl < 1 || ttl > MaxImdsTtlSeconds) return (400, "BadRequest", null);
        if (_state.Federation.Directory.Instance == null) return (404, "NotFound", null);

        context.Response.Headers[ImdsTtlHeader] = ttl.ToString(CultureInfo.InvariantCulture);
        return (200, "Success", _state.Federation.IssueImdsToken(_state.Clock.UtcNow, TimeSpan.FromSeconds(ttl)));
    }

    private (int, string, object?) ImdsCredentials(HttpContext context, string? roleName)
    {
        var instance = _state.Federation.Directory.Instance;
        if (instance == null) return (404, "NotFound", null);
        if (!Authorized(context, instance)) return (401, "Unauthorized", null);
        if (roleName == null) return (200, "Success", instance.Role.Name);
        if (!string.Equals(roleName, instance.Role.Name, StringComparison.Ordinal)) return (404, "NotFound", null);

        var now = _state.Clock.UtcNow;
        var session = _state.Federation.ServiceSessions.Get(_state, "instance", instance.Role, "ec2.amazonaws.com", instance.InstanceId, context.Connection.RemoteIpAddress?.ToString());
        if (session == null)
        {
            return (200, "AssumeRoleUnauthorizedAccess", new
            {
                Code = "AssumeRoleUnauthorizedAccess",
                Message = $"EC2 cannot assume the role {instance.Role.Name}.  Please see documentation at http://docs.aws.amazon.com/IAM/latest/UserGuide/RolesTroubleshooting.html.",
                LastUpdated = Timestamp(now),
            });
        }

        return (200, "Success", new
        {
            Code = "Success",
            LastUpdated = Timestamp(session.IssuedAt),
            Type = "AWS-HMAC",
            AccessKeyId = session.AccessKeyId,
            SecretAccessKey = session.SecretAccessKey,
            Token = session.SessionToken,
            Expiration = Timestamp(session.Expiration),
        });
    }

    private (int, string, object?) InstanceId(HttpContext context)
    {
        var instance = _state.Federation.Directory.Instance;
        if (instance == null) return (404, "NotFound", null);
        return Authorized(context, instance) ? (200, "Success", instance.InstanceId) : (401, "Unauthorized", null);
    }

    // IMDSv2: a live session token; IMDSv1 (no token header at all) only where the instance allows it.
    private bool Authorized(HttpContext context, InstanceRole instance)
    {
        var token = context.Request.Headers[ImdsTokenHeader];
        if (token.Count == 0) return instance.AllowImdsV1;
        return _state.Federation.IsValidImdsToken(token.ToString(), _state.Clock.UtcNow);
    }

    /// <summary>ECS's words when a task role does not trust ecs-tasks.amazonaws.com.</summary>
    private static string UnableToAssume(IamRole role) =>
        $"ECS was unable to assume the role '{role.Arn}' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role.";

    // ECS names a task role's session after the task id: 32 hexadecimal digits, here derived from the container id.
    private static string TaskSessionName(string id) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..32].ToLowerInvariant();

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static bool SameSecret(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
