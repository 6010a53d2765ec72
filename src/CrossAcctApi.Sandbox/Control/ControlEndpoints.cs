using System.Net;
using System.Text.Json;
using CrossAcctApi.Sandbox.Hosting;
using CrossAcctApi.Sandbox.Scenario;

namespace CrossAcctApi.Sandbox.Control;

/// <summary>
/// The sandbox's own control API under <c>/_sandbox/</c> (loopback callers only): stats, reset, faults,
/// clock offset and session expiry. Answers are JSON; bad input is a 400 with a message saying what to fix.
/// </summary>
internal static class ControlEndpoints
{
    public const string Prefix = "/_sandbox";
    public const double MaxClockOffsetSeconds = 7 * 24 * 3600;

    public static void Map(WebApplication app, SandboxState state)
    {
        var group = Group(app);

        group.MapGet("/stats", () => Results.Json(StatsModel(state)));
        group.MapPost("/reset", () =>
        {
            state.Reset();
            return Results.Json(new { reset = true });
        });
        group.MapGet("/faults", () => Results.Json(FaultsModel(state)));
        group.MapDelete("/faults", () =>
        {
            state.Faults.Clear();
            state.Clock.Offset = TimeSpan.Zero;
            return Results.Json(FaultsModel(state));
        });
        group.MapPost("/faults", async context =>
        {
            var result = await SetFaultsAsync(context, state).ConfigureAwait(false);
            await result.ExecuteAsync(context).ConfigureAwait(false);
        });
        group.MapPost("/sessions/expire", () => Results.Json(new { expired = state.Sessions.ExpireAll(state.Clock.UtcNow) }));
        group.MapGet("/sessions", () => Results.Json(SessionsModel(state)));
        group.MapGet("/clock", () => Results.Json(new { now = state.Clock.UtcNow, offsetSeconds = state.Clock.Offset.TotalSeconds }));
    }

    /// <summary>A route group under <c>/_sandbox</c> that answers loopback callers only.</summary>
    public static RouteGroupBuilder Group(WebApplication app)
    {
        var group = app.MapGroup(Prefix);
        group.AddEndpointFilter(async (context, next) =>
        {
            var remote = context.HttpContext.Connection.RemoteIpAddress;
            if (remote != null && !IPAddress.IsLoopback(remote))
            {
                return Results.Json(new { message = "The sandbox control API answers loopback callers only." }, statusCode: 403);
            }

            return await next(context).ConfigureAwait(false);
        });
        return group;
    }

    private static async Task<IResult> SetFaultsAsync(HttpContext context, SandboxState state)
    {
        FaultRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<FaultRequest>(context.Request.Body, StrictJson.Options, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return BadRequest($"The body is not a fault request: {e.Message} Fields: stsThrottleCount, apiErrorCount, apiErrorStatus, apiRetryAfterSeconds, latencyMilliseconds, clockOffsetSeconds, expireSessions.");
        }

        if (request == null) return BadRequest("The body is empty; send a JSON object such as {\"stsThrottleCount\": 2}.");
        if (request.ClockOffsetSeconds is { } offset && (double.IsNaN(offset) || Math.Abs(offset) > MaxClockOffsetSeconds))
        {
            return BadRequest($"clockOffsetSeconds must be between -{MaxClockOffsetSeconds} and {MaxClockOffsetSeconds}.");
        }

        try
        {
            var current = state.Faults.Snapshot(state.Clock.Offset);
            if (request.StsThrottleCount is { } throttle) state.Faults.ThrottleSts(throttle);
            if (request.ApiErrorCount != null || request.ApiErrorStatus != null || request.ApiRetryAfterSeconds != null)
            {
                state.Faults.FailApi(
                    request.ApiErrorCount ?? current.ApiErrorRemaining,
                    request.ApiErrorStatus ?? current.ApiErrorStatus,
                    request.ApiRetryAfterSeconds ?? current.ApiRetryAfterSeconds);
            }

            if (request.LatencyMilliseconds is { } latency) state.Faults.SetLatency(latency);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // The messages name the JSON field; drop the " (Parameter 'x')" tail .NET appends.
            return BadRequest(e.Message.Split(" (Parameter")[0]);
        }

        if (request.ClockOffsetSeconds is { } seconds) state.Clock.Offset = TimeSpan.FromSeconds(seconds);
        var expired = request.ExpireSessions == true ? state.Sessions.ExpireAll(state.Clock.UtcNow) : 0;
        return Results.Json(new { faults = FaultsModel(state), expiredSessions = expired });
    }

    private static IResult BadRequest(string message) => Results.Json(new { message }, statusCode: 400);

    private static object StatsModel(SandboxState state) =>
        state.Stats.ToJsonModel(state.Sessions.CountActive(state.Clock.UtcNow), (int)state.Sessions.IssuedTotal);

    private static object FaultsModel(SandboxState state) => state.Faults.Snapshot(state.Clock.Offset);

    // Identifiers only: the secret key and the session token are never returned.
    private static object SessionsModel(SandboxState state)
    {
        var now = state.Clock.UtcNow;
        return state.Sessions.All().Select(s => new
        {
            accessKeyId = s.AccessKeyId,
            arn = s.AssumedRoleArn,
            roleArn = s.Role.Arn,
            sessionName = s.SessionName,
            issuedTo = s.IssuedTo,
            issuedAt = s.IssuedAt,
            expiration = s.Expiration,
            expired = s.IsExpiredAt(now),
            multiFactorAuthenticated = s.MultiFactorAuthenticated,
            roleChain = s.IsRoleChain,
            sourceIdentity = s.SourceIdentity,
            tags = s.Tags,
            sessionPolicies = s.SessionPolicies.Count,
        }).ToList();
    }
}
