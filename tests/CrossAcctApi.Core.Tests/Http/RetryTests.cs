using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using CrossAcctApi.Core.Http;
using Xunit;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Tests.Http;

public class RetryTests
{
    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task A_GET_is_retried_after_each_retryable_status_until_it_succeeds(HttpStatusCode status)
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(status, Responses.Json("busy")).Then(status, Responses.Json("busy")).Then(HttpStatusCode.OK, "{\"ok\":true}");

        var response = await fixture.SendAsync(PipelineFixture.Get());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(3, response.Attempts);
        Assert.Equal(3, fixture.Handler.Count);
        Assert.Equal(2, fixture.Delay.Waits.Count);
    }

    [Fact]
    public async Task A_500_is_not_retried_because_it_is_usually_the_integrations_own_failure()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.InternalServerError, Responses.Json("Internal Server Error")).Then(HttpStatusCode.OK, "{}");

        var response = await fixture.SendAsync(PipelineFixture.Get());

        Assert.Equal(500, response.StatusCode);
        Assert.Equal(1, fixture.Handler.Count);
        Assert.Equal(ApiErrorIds.ServerError, response.ToException().ErrorId);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    public async Task A_non_idempotent_request_is_not_replayed_after_an_answer(string method)
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.ServiceUnavailable, Responses.Json("Service Unavailable")).Then(HttpStatusCode.OK, "{}");
        var request = new ApiRequest(new Uri("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/items"), method) { Body = new BytesRequestBody(new byte[] { 1, 2 }) };

        var response = await fixture.SendAsync(request);

        Assert.Equal(503, response.StatusCode);
        Assert.Equal(1, fixture.Handler.Count);
        Assert.Empty(fixture.Delay.Waits);
        var error = response.ToException();
        Assert.Equal(ApiErrorIds.ServerError, error.ErrorId);
        Assert.Contains("{@RetryNonIdempotent}", error.RecommendedActionTemplate);
        Assert.Contains(method + " is not retried", error.Message);
    }

    [Fact]
    public async Task A_non_idempotent_request_is_retried_when_the_caller_opts_in()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.BadGateway).Then(HttpStatusCode.Created, "{\"id\":1}");

        var response = await fixture.SendAsync(PipelineFixture.Post(), options: PipelineFixture.Options(retryNonIdempotent: true));

        Assert.Equal(201, response.StatusCode);
        Assert.Equal(2, fixture.Handler.Count);
        Assert.Equal(fixture.Handler.Received[0].Body, fixture.Handler.Received[1].Body);
    }

    [Fact]
    public async Task Retries_stop_after_MaximumRetryCount_and_the_error_says_so()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.ServiceUnavailable, Responses.Json("Service Unavailable"));

        var response = await fixture.SendAsync(PipelineFixture.Get(), options: PipelineFixture.Options(retries: 2));

        Assert.Equal(3, response.Attempts);
        Assert.Equal(3, fixture.Handler.Count);
        var error = response.ToException();
        Assert.Equal(ApiErrorIds.ServerError, error.ErrorId);
        Assert.Contains("3 attempts", error.Message);
        Assert.Contains("all 2 retries used", error.Message);
    }

    [Fact]
    public async Task MaximumRetryCount_zero_sends_once()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.TooManyRequests, Responses.Json("Too Many Requests"), "TooManyRequestsException");

        var response = await fixture.SendAsync(PipelineFixture.Get(), options: PipelineFixture.Options(retries: 0));

        Assert.Equal(1, fixture.Handler.Count);
        Assert.Equal(ApiErrorIds.Throttled, response.ToException().ErrorId);
        Assert.Equal(Core.FailureKind.LimitsExceeded, response.ToException().Kind);
    }

    [Fact]
    public async Task Backoff_doubles_from_the_interval_with_equal_jitter_at_the_low_end()
    {
        var fixture = new PipelineFixture(jitter: 0.0);
        fixture.Handler.Then(HttpStatusCode.ServiceUnavailable);

        await fixture.SendAsync(PipelineFixture.Get(), options: PipelineFixture.Options(retries: 4, intervalSeconds: 2));

        Assert.Equal(new[] { 1.0, 2.0, 4.0, 8.0 }, fixture.Delay.Waits.Select(w => w.TotalSeconds));
    }

    [Fact]
    public async Task Backoff_jitter_reaches_the_full_ceiling_at_the_high_end_and_is_capped()
    {
        var fixture = new PipelineFixture(jitter: 0.999999);
        fixture.Handler.Then(HttpStatusCode.ServiceUnavailable);

        await fixture.SendAsync(PipelineFixture.Get(), options: new ApiCallOptions
        {
            MaximumRetryCount = 6,
            RetryInterval = TimeSpan.FromSeconds(2),
            MaximumBackoff = TimeSpan.FromSeconds(10),
            GetEnvironmentVariable = _ => null,
        });

        var waits = fixture.Delay.Waits.Select(w => Math.Round(w.TotalSeconds, 3)).ToArray();
        Assert.Equal(new[] { 2.0, 4.0, 8.0, 10.0, 10.0, 10.0 }, waits);
    }

    [Fact]
    public async Task A_zero_interval_retries_without_waiting()
    {
        var fixture = new PipelineFixture(jitter: 0.5);
        fixture.Handler.Then(HttpStatusCode.BadGateway).Then(HttpStatusCode.OK, "{}");

        var response = await fixture.SendAsync(PipelineFixture.Get(), options: PipelineFixture.Options(intervalSeconds: 0));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(new[] { TimeSpan.Zero }, fixture.Delay.Waits);
    }

    [Fact]
    public async Task Retry_After_in_seconds_is_waited_instead_of_the_backoff()
    {
        var fixture = new PipelineFixture(jitter: 0.0);
        fixture.Handler
            .Then(HttpStatusCode.TooManyRequests, Responses.Json("Too Many Requests"), "TooManyRequestsException", r => r.Headers.TryAddWithoutValidation("Retry-After", "7"))
            .Then(HttpStatusCode.OK, "{}");

        var response = await fixture.SendAsync(PipelineFixture.Get());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(new[] { TimeSpan.FromSeconds(7) }, fixture.Delay.Waits);
    }

    [Fact]
    public async Task Retry_After_as_an_HTTP_date_is_waited_until()
    {
        var fixture = new PipelineFixture(jitter: 0.0);
        var until = PipelineFixture.T0.AddSeconds(12);
        fixture.Handler
            .Then(HttpStatusCode.ServiceUnavailable, null, null, r => r.Headers.TryAddWithoutValidation("Retry-After", until.ToString("r")))
            .Then(HttpStatusCode.OK, "{}");

        await fixture.SendAsync(PipelineFixture.Get());

        Assert.Equal(new[] { TimeSpan.FromSeconds(12) }, fixture.Delay.Waits);
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_limit_is_not_waited_for_and_the_error_says_how_long_was_asked()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.TooManyRequests, Responses.Json("Too Many Requests"), "TooManyRequestsException", r => r.Headers.TryAddWithoutValidation("Retry-After", "3600"));

        var response = await fixture.SendAsync(PipelineFixture.Get());

        Assert.Equal(1, fixture.Handler.Count);
        Assert.Empty(fixture.Delay.Waits);
        var error = response.ToException();
        Assert.Equal(ApiErrorIds.Throttled, error.ErrorId);
        Assert.Contains("3600 s", error.Message);
    }

    [Fact]
    public async Task Each_retry_is_signed_again_with_the_time_it_is_sent_at()
    {
        var fixture = new PipelineFixture(jitter: 0.0);
        fixture.Handler.Then(HttpStatusCode.ServiceUnavailable).Then(HttpStatusCode.OK, "{}");

        await fixture.SendAsync(PipelineFixture.Get(), options: PipelineFixture.Options(intervalSeconds: 10));

        var received = fixture.Handler.Received;
        Assert.Equal(PipelineFixture.T0, received[0].AmzDate);
        Assert.Equal(PipelineFixture.T0.AddSeconds(5), received[1].AmzDate);
        Assert.NotEqual(received[0].Header("Authorization"), received[1].Header("Authorization"));
        Assert.All(received, r => Assert.True(ServerSideCheck.SignatureMatches(r, PipelineFixture.SecretAccessKey)));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task A_refused_connection_is_retried_for_any_method_since_nothing_reached_the_server(string method)
    {
        var fixture = new PipelineFixture();
        fixture.Handler
            .ThenThrow(() => new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)))
            .Then(HttpStatusCode.OK, "{}");
        var request = method == "GET" ? PipelineFixture.Get() : PipelineFixture.Post();

        var response = await fixture.SendAsync(request);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, response.Attempts);
    }

    [Fact]
    public async Task A_reset_connection_is_retried_for_GET()
    {
        var fixture = new PipelineFixture();
        fixture.Handler
            .ThenThrow(() => new HttpRequestException("reset", new IOException("reset", new SocketException((int)SocketError.ConnectionReset))))
            .Then(HttpStatusCode.OK, "{}");

        var response = await fixture.SendAsync(PipelineFixture.Get());

        Assert.Equal(2, response.Attempts);
    }

    [Fact]
    public async Task A_reset_connection_is_not_retried_for_POST_which_may_have_been_processed()
    {
        var fixture = new PipelineFixture();
        fixture.Handler
            .ThenThrow(() => new HttpRequestException("reset", new IOException("reset", new SocketException((int)SocketError.ConnectionReset))))
            .Then(HttpStatusCode.OK, "{}");

        var error = await Assert.ThrowsAsync<ApiCallException>(() => fixture.SendAsync(PipelineFixture.Post()));

        Assert.Equal(ApiErrorIds.ConnectionFailed, error.ErrorId);
        Assert.Equal(Core.FailureKind.ConnectionError, error.Kind);
        Assert.Equal(1, fixture.Handler.Count);
        Assert.Contains("may have reached the server", error.RecommendedAction);
        Assert.Contains("connection was reset", error.Message);
    }

    [Fact]
    public async Task Connection_failures_give_ConnectionFailed_naming_the_endpoint_once_the_retries_are_used()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.ThenThrow(() => new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)));

        var error = await Assert.ThrowsAsync<ApiCallException>(() =>
            fixture.SendAsync(new ApiRequest(new Uri("http://127.0.0.1:9/_aws/execute-api/a1b2c3d4e5/items")) { Region = "us-east-1" }, options: PipelineFixture.Options(retries: 2)));

        Assert.Equal(ApiErrorIds.ConnectionFailed, error.ErrorId);
        Assert.Equal(3, fixture.Handler.Count);
        Assert.Contains("127.0.0.1:9", error.Message);
        Assert.Contains("connection refused", error.Message);
        Assert.Contains("3 attempts", error.Message);
    }

    [Fact]
    public async Task A_failed_TLS_handshake_is_not_retried()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.ThenThrow(() => new HttpRequestException("ssl", new AuthenticationException("The remote certificate is invalid")));

        var error = await Assert.ThrowsAsync<ApiCallException>(() => fixture.SendAsync(PipelineFixture.Get()));

        Assert.Equal(ApiErrorIds.ConnectionFailed, error.ErrorId);
        Assert.Equal(1, fixture.Handler.Count);
        Assert.Contains("TLS", error.Message);
    }

    [Fact]
    public async Task A_slow_answer_gives_Timeout_after_the_attempt_timeout_and_is_not_retried()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        var options = new ApiCallOptions { Timeout = TimeSpan.FromMilliseconds(150), GetEnvironmentVariable = _ => null };

        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<ApiCallException>(() => fixture.SendAsync(PipelineFixture.Get(), options: options));

        Assert.Equal(ApiErrorIds.Timeout, error.ErrorId);
        Assert.Equal(Core.FailureKind.OperationTimeout, error.Kind);
        Assert.Equal(1, fixture.Handler.Count);
        Assert.Contains("Raise {@TimeoutSec}", error.RecommendedActionTemplate);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Cancelling_stops_the_call_promptly_with_OperationCanceledException()
    {
        var fixture = new PipelineFixture();
        var entered = new TaskCompletionSource();
        fixture.Handler.Then(async (_, token) =>
        {
            entered.SetResult();
            await Task.Delay(Timeout.Infinite, token);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using var cancellation = new CancellationTokenSource();

        var call = fixture.SendAsync(PipelineFixture.Get(), cancellationToken: cancellation.Token);
        await entered.Task;
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task Verbose_log_tells_attempts_statuses_and_waits()
    {
        var fixture = new PipelineFixture(jitter: 0.0);
        fixture.Handler.Then(HttpStatusCode.ServiceUnavailable).Then(HttpStatusCode.OK, "{}");
        var log = new ListLog();

        await fixture.SendAsync(PipelineFixture.Get(), log: log);

        var text = log.All;
        Assert.Contains("GET https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items: signing for us-east-1/execute-api (region from the host name)", text);
        Assert.Contains("Attempt 1: 503", text);
        Assert.Contains("Retrying after 503 in 500 ms (backoff), retry 1 of 3.", text);
        Assert.Contains("Attempt 2: 200", text);
        Assert.Contains("signed headers: host;x-amz-date;x-amz-security-token", text);
    }
}

public class DebugLogTests
{
    [Fact]
    public async Task Debug_shows_the_canonical_request_with_the_token_redacted_and_never_a_secret()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.OK, "{}");
        var log = new ListLog { IsDebugEnabled = true };

        await fixture.SendAsync(PipelineFixture.Post(), log: log);

        var text = log.All;
        Assert.Contains("DEBUG: Canonical request (session token redacted):\nPOST\n/prod/items\n", text);
        Assert.Contains("x-amz-security-token:(redacted)", text);
        Assert.Contains("String to sign:\nAWS4-HMAC-SHA256\n20250601T120000Z\n20250601/us-east-1/execute-api/aws4_request", text);
        Assert.DoesNotContain(PipelineFixture.SessionToken, text);
        Assert.DoesNotContain(PipelineFixture.SecretAccessKey, text);
        var signature = fixture.Handler.Received[0].Header("Authorization")!.Split("Signature=")[1];
        Assert.DoesNotContain(signature, text);
    }

    [Fact]
    public async Task Without_debug_no_canonical_request_is_built()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.OK, "{}");
        var log = new ListLog();

        await fixture.SendAsync(PipelineFixture.Get(), log: log);

        Assert.DoesNotContain(log.Lines, l => l.StartsWith("DEBUG:", StringComparison.Ordinal));
    }
}
