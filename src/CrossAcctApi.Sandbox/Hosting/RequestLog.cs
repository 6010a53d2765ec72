using System.Diagnostics;

namespace CrossAcctApi.Sandbox.Hosting;

/// <summary>
/// One log line per request (method, path, status, time) when logging is on. The query string and the
/// headers are never logged: a presigned URL's query holds a session token and a signature.
/// </summary>
internal sealed class RequestLog
{
    private readonly RequestDelegate _next;
    private readonly ILogger<RequestLog> _logger;

    public RequestLog(RequestDelegate next, ILogger<RequestLog> logger)
    {
        _next = next;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        var watch = Stopwatch.StartNew();
        await _next(context).ConfigureAwait(false);
        _logger.LogInformation("{Method} {Path} -> {Status} in {Milliseconds} ms",
            context.Request.Method, context.Request.Path.Value, context.Response.StatusCode, watch.ElapsedMilliseconds);
    }
}
