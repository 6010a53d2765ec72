using System.Net.Http.Headers;
using CrossAcctApi.Core.Http;
using Xunit;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Tests.Http;

public class PreparedTargetTests
{
    private static ApiTarget Prepare(string url, string method = "GET", string? stage = null, string? region = null) =>
        new SignedApiClient(new HttpClient()).Prepare(new ApiRequest(new Uri(url), method) { Stage = stage, Region = region }, new ApiCallOptions { GetEnvironmentVariable = _ => null }).Target;

    [Fact]
    public void A_prepared_call_reads_its_URL_the_one_way_the_policy_tools_do()
    {
        var url = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items/42";
        var prepared = Prepare(url, "post");
        var tool = ApiTarget.Resolve(new ApiTargetRequest(new Uri(url), "POST"), _ => null).RequireArn();

        Assert.Equal(tool.Arn, prepared.Arn!.ToString());
        Assert.Equal("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/POST/prod/items/42", prepared.ArnFor("111111111111")!.ToString());
        Assert.Equal(tool.StageSource, prepared.StageSource);
    }

    [Fact]
    public void A_known_stage_gives_one_exact_ARN()
    {
        Assert.Equal("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items", Prepare("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items", stage: "prod").ArnFor("111111111111")!.ToString());
        Assert.Equal("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/prod/items", Prepare("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items", stage: "$default").ArnFor("111111111111")!.ToString());
    }

    [Fact]
    public void The_emulator_path_form_names_the_API_in_the_path()
    {
        Assert.Equal("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items", Prepare("http://127.0.0.1:5000/_aws/execute-api/a1b2c3d4e5/prod/items", stage: "prod", region: "us-east-1").ArnFor("111111111111")!.ToString());
    }

    [Fact]
    public void A_custom_domain_gives_no_ARN_and_China_regions_use_their_partition()
    {
        Assert.Null(Prepare("https://api.example.com/prod/items", region: "us-east-1").ArnFor("111111111111"));
        Assert.StartsWith("arn:aws-cn:execute-api:cn-north-1:", Prepare("https://a1b2c3d4e5.execute-api.cn-north-1.amazonaws.com.cn/prod/x").Arn!.ToString());
    }
}

public class AccessDeniedMessageTests
{
    [Theory]
    [InlineData(" because no identity-based policy allows the execute-api:Invoke action", DenialReason.NoIdentityPolicy)]
    [InlineData(" with an explicit deny in an identity-based policy", DenialReason.ExplicitDeny)]
    [InlineData(" with an explicit deny", DenialReason.ExplicitDeny)]
    [InlineData(" because no resource-based policy allows the execute-api:Invoke action", DenialReason.NoResourcePolicy)]
    [InlineData(" because no session policy allows the execute-api:Invoke action", DenialReason.SessionPolicy)]
    [InlineData(" because no permissions boundary allows the execute-api:Invoke action", DenialReason.PermissionsBoundary)]
    [InlineData(" with an explicit deny in a service control policy", DenialReason.ExplicitDeny)]
    [InlineData(" because no service control policy allows the execute-api:Invoke action", DenialReason.ServiceControlPolicy)]
    [InlineData("", DenialReason.Unknown)]
    public void Parses_caller_action_resource_and_reason(string tail, DenialReason reason)
    {
        var parsed = AccessDeniedMessage.TryParse("User: arn:aws:sts::111111111111:assumed-role/R/s is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:111111111111:abc/prod/GET/items" + tail);

        Assert.NotNull(parsed);
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/R/s", parsed!.CallerArn);
        Assert.Equal("execute-api:Invoke", parsed.Action);
        Assert.Equal("arn:aws:execute-api:us-east-1:111111111111:abc/prod/GET/items", parsed.Resource);
        Assert.Equal(reason, parsed.Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Forbidden")]
    [InlineData("User is not authorized to access this resource")]
    public void Other_messages_are_not_parsed(string? message)
    {
        Assert.Null(AccessDeniedMessage.TryParse(message));
    }
}

public class GatewayErrorTests
{
    [Fact]
    public void A_JSON_message_in_any_casing_is_read()
    {
        Assert.Equal("Hello", GatewayError.Parse(400, null, "{\"Message\":\"Hello\"}"u8.ToArray()).Message);
        Assert.Equal("Hello", GatewayError.Parse(400, null, "{\"errorMessage\":\"Hello\"}"u8.ToArray()).Message);
        Assert.Equal("{\"other\":1}", GatewayError.Parse(400, null, "{\"other\":1}"u8.ToArray()).Message);
        Assert.Null(GatewayError.Parse(400, null, Array.Empty<byte>()).Message);
        Assert.Equal("{ broken", GatewayError.Parse(400, null, "{ broken"u8.ToArray()).Message);
    }

    [Theory]
    [InlineData(200, GatewayFailure.None)]
    [InlineData(302, GatewayFailure.None)]
    [InlineData(404, GatewayFailure.NotFound)]
    [InlineData(409, GatewayFailure.Other)]
    [InlineData(429, GatewayFailure.Throttled)]
    [InlineData(599, GatewayFailure.ServerError)]
    public void Statuses_are_classified(int status, GatewayFailure failure)
    {
        Assert.Equal(failure, GatewayError.Parse(status, null, null).Failure);
    }
}

public class RetryTimingTests
{
    [Fact]
    public void Retryable_statuses_are_exactly_429_502_503_504()
    {
        var retryable = Enumerable.Range(100, 500).Where(RetryTiming.IsRetryableStatus);
        Assert.Equal(new[] { 429, 502, 503, 504 }, retryable);
    }

    [Fact]
    public void Retry_After_reads_seconds_and_dates_and_never_goes_negative()
    {
        var now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromSeconds(3), RetryTiming.RetryAfter(RetryConditionHeaderValue.Parse("3"), now));
        Assert.Equal(TimeSpan.FromSeconds(30), RetryTiming.RetryAfter(new RetryConditionHeaderValue(now.AddSeconds(30)), now));
        Assert.Equal(TimeSpan.Zero, RetryTiming.RetryAfter(new RetryConditionHeaderValue(now.AddSeconds(-30)), now));
        Assert.Null(RetryTiming.RetryAfter(null, now));
    }

    [Fact]
    public void Backoff_stays_within_half_to_full_ceiling_for_any_jitter()
    {
        var options = new ApiCallOptions { RetryInterval = TimeSpan.FromSeconds(1), MaximumBackoff = TimeSpan.FromSeconds(20) };
        foreach (var jitter in new[] { 0.0, 0.25, 0.5, 0.75, 0.9999 })
        {
            for (var retry = 1; retry <= 10; retry++)
            {
                var ceiling = Math.Min(Math.Pow(2, retry - 1), 20);
                var wait = RetryTiming.Backoff(retry, options, new FixedRandom(jitter)).TotalSeconds;
                Assert.InRange(wait, (ceiling / 2) - 1e-6, ceiling + 1e-6);
            }
        }
    }
}

public class SharedHttpClientTests
{
    [Fact]
    public void One_client_per_process_on_a_pooling_handler_that_does_not_follow_redirects()
    {
        Assert.Same(SharedHttpClient.Instance, SharedHttpClient.Instance);
        Assert.Same(SignedApiClient.Shared, SignedApiClient.Shared);
        Assert.Equal("SocketsHttpHandler", SharedHttpClient.HandlerName);
        Assert.Equal(Timeout.InfiniteTimeSpan, SharedHttpClient.Instance.Timeout);
        Assert.StartsWith("CrossAcctApi/", SharedHttpClient.UserAgent);

        using var handler = SharedHttpClient.CreateHandler();
        var sockets = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.False(sockets.AllowAutoRedirect);
        Assert.False(sockets.UseCookies);
        Assert.Equal(SharedHttpClient.MaxConnectionsPerServer, sockets.MaxConnectionsPerServer);
        Assert.Equal(TimeSpan.FromMinutes(5), sockets.PooledConnectionLifetime);
    }
}
