using System.Net;
using System.Net.Sockets;
using CrossAcctApi.Core.Access;
using CrossAcctApi.Core.Http;
using Xunit;

namespace CrossAcctApi.Core.Tests.Access;

/// <summary>
/// Every verdict of one check: Allowed, Denied with the reason and ARN, answers that say nothing about access,
/// unsigned probes, no connection and time-outs, and the ErrorIds shared with Invoke-SignedHttpApi.
/// </summary>
public class AccessCheckerVerdictTests
{
    [Fact]
    public async Task Allowed_is_a_pass_with_the_caller_the_request_id_and_the_exact_invoke_ARN()
    {
        var fixture = new AccessFixture();
        fixture.Handler.Then(AccessFixture.SeedAnswer);

        var result = await fixture.RunOneAsync(fixture.Target(AccessFixture.Invoker, "/prod/items"));

        Assert.Equal(AccessOutcome.Allowed, result.Outcome);
        Assert.True(result.Passed);
        Assert.Null(result.FailedAt);
        Assert.Null(result.Diagnosis);
        Assert.Equal(200, result.StatusCode);
        Assert.StartsWith("req-", result.RequestId);
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/tester-20250601T120000Z", result.CallerArn);
        Assert.Equal("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items", result.InvokeArn);
        Assert.Equal("GET /prod/items as CrossAccountInvoker was Allowed (200), as expected", result.Message);
        Assert.Equal("PASS GET /prod/items as CrossAccountInvoker: Allowed (200)", result.ToString());
    }

    [Theory]
    [InlineData("/prod/admin/report", "GET", "ExplicitDeny", "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/admin/report")]
    [InlineData("/prod/items", "POST", "NoIdentityPolicy", "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/POST/items")]
    public async Task NotAuthorized_is_Denied_at_Invoke_with_the_reason_and_the_ARN_the_server_named(string path, string method, string reason, string arn)
    {
        var fixture = new AccessFixture();
        fixture.Handler.Then(AccessFixture.SeedAnswer);

        var denied = await fixture.RunOneAsync(fixture.Target(AccessFixture.Invoker, path, method, expect: "Denied", stage: null));
        var expectedAllowed = await fixture.RunOneAsync(fixture.Target(AccessFixture.Invoker, path, method, stage: null));

        Assert.Equal(AccessOutcome.Denied, denied.Outcome);
        Assert.True(denied.Passed);
        Assert.Equal(AccessStage.Invoke, denied.FailedAt);
        Assert.Equal(ApiErrorIds.NotAuthorized, denied.Diagnosis);
        Assert.Equal(reason, denied.DenialReason);
        Assert.Equal(403, denied.StatusCode);
        Assert.Equal(arn, denied.InvokeArn);
        Assert.Contains(arn, denied.RecommendedAction);

        Assert.False(expectedAllowed.Passed);
        Assert.StartsWith(method + " " + path + " as CrossAccountInvoker was expected to be Allowed, but was Denied at Invoke (403 NotAuthorized): ", expectedAllowed.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "{\"message\":\"Not Found\"}", null, ApiErrorIds.NotFound)]
    [InlineData(HttpStatusCode.Forbidden, "{\"message\":\"Missing Authentication Token\"}", "MissingAuthenticationTokenException", ApiErrorIds.MissingAuthenticationToken)]
    [InlineData(HttpStatusCode.Forbidden, "{\"message\":\"The security token included in the request is invalid.\"}", "UnrecognizedClientException", ApiErrorIds.InvalidToken)]
    [InlineData(HttpStatusCode.Forbidden, "{\"message\":\"The request signature we calculated does not match the signature you provided.\"}", "InvalidSignatureException", ApiErrorIds.SignatureMismatch)]
    [InlineData(HttpStatusCode.Forbidden, "{\"message\":\"Signature expired: 20250601T110000Z is now earlier than 20250601T115500Z (20250601T120000Z - 5 min.)\"}", "InvalidSignatureException", ApiErrorIds.SignatureExpired)]
    [InlineData(HttpStatusCode.TooManyRequests, "{\"message\":\"Too Many Requests\"}", "TooManyRequestsException", ApiErrorIds.Throttled)]
    [InlineData(HttpStatusCode.InternalServerError, "{\"message\":\"Internal Server Error\"}", null, ApiErrorIds.ServerError)]
    [InlineData(HttpStatusCode.BadRequest, "{\"message\":\"Bad request\"}", null, ApiErrorIds.HttpError)]
    public async Task Answers_that_say_nothing_about_access_are_Errors_that_never_pass(HttpStatusCode status, string body, string? errorType, string diagnosis)
    {
        var fixture = new AccessFixture();
        fixture.Handler.Then(status, body, errorType);

        foreach (var expect in new[] { "Allowed", "Denied" })
        {
            var result = await fixture.RunOneAsync(fixture.Target(AccessFixture.Invoker, "/prod/items", expect: expect));
            Assert.Equal(AccessOutcome.Error, result.Outcome);
            Assert.False(result.Passed);
            Assert.Equal(AccessStage.Invoke, result.FailedAt);
            Assert.Equal(diagnosis, result.Diagnosis);
            Assert.Equal((int)status, result.StatusCode);
            Assert.Contains("but the check failed at Invoke", result.Message);
        }
    }

    [Fact]
    public async Task An_unsigned_probe_sends_no_signature_assumes_no_role_and_passes_when_refused()
    {
        var fixture = new AccessFixture();
        fixture.Handler.Then(AccessFixture.SeedAnswer);

        var result = await fixture.RunOneAsync(fixture.Target(null, "/prod/items", probe: "Unsigned"));

        var sent = Assert.Single(fixture.Handler.Received);
        Assert.Null(sent.Header("Authorization"));
        Assert.Null(sent.Header("X-Amz-Date"));
        Assert.Null(sent.Header("X-Amz-Security-Token"));
        Assert.Equal(0, fixture.Sts.Total);
        Assert.Equal(AccessOutcome.Denied, result.Outcome);
        Assert.Equal(AccessOutcome.Denied, result.Expected);
        Assert.True(result.Passed);
        Assert.Equal(ApiErrorIds.MissingAuthenticationToken, result.Diagnosis);
        Assert.Equal(AccessProbe.Unsigned, result.Probe);
        Assert.Equal("GET /prod/items unsigned was Denied (403 MissingAuthenticationToken), as expected", result.Message);
    }

    [Fact]
    public async Task An_unsigned_probe_fails_when_the_route_answers_and_says_how_to_protect_it()
    {
        var fixture = new AccessFixture();
        fixture.Handler.Then(HttpStatusCode.OK, "{\"status\":\"ok\"}");

        var result = await fixture.RunOneAsync(fixture.Target(null, "/health", probe: "Unsigned", stage: "$default"));

        Assert.Equal(AccessOutcome.Allowed, result.Outcome);
        Assert.False(result.Passed);
        Assert.Contains("does not require IAM authorization", result.Detail);
        Assert.Contains("AWS_IAM", result.RecommendedAction);
        Assert.StartsWith("GET /health unsigned was expected to be Denied, but was Allowed (200)", result.Message);
    }

    [Fact]
    public async Task An_unsigned_probe_to_a_missing_route_is_an_Error()
    {
        var fixture = new AccessFixture();
        fixture.Handler.Then(HttpStatusCode.NotFound, "{\"message\":\"Not Found\"}");

        var result = await fixture.RunOneAsync(fixture.Target(null, "/prod/nothing", probe: "Unsigned"));

        Assert.Equal(AccessOutcome.Error, result.Outcome);
        Assert.Equal(ApiErrorIds.NotFound, result.Diagnosis);
        Assert.False(result.Passed);
    }

    [Theory]
    [InlineData("Signed")]
    [InlineData("Unsigned")]
    public async Task No_connection_is_ConnectionFailed_and_no_answer_in_time_is_Timeout(string probe)
    {
        var refused = new AccessFixture();
        refused.Handler.ThenThrow(() => new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)));
        var result = await refused.RunOneAsync(refused.Target(AccessFixture.Invoker, "/prod/items", probe: probe, expect: "Denied"));
        Assert.Equal(AccessOutcome.Error, result.Outcome);
        Assert.Equal(ApiErrorIds.ConnectionFailed, result.Diagnosis);
        Assert.Equal(AccessStage.Invoke, result.FailedAt);
        Assert.False(result.Passed);

        var slow = new AccessFixture();
        slow.Handler.Then(async (request, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return AccessFixture.SeedAnswer(request);
        });
        var timedOut = await Task.WhenAll(new CrossAccountAccessChecker(slow.Provider, slow.Pipeline.Client, new HttpClient(slow.Handler), new ApiCallOptions { Timeout = TimeSpan.FromMilliseconds(50), MaximumRetryCount = 0, GetEnvironmentVariable = _ => null })
            .Start(new[] { slow.Target(AccessFixture.Invoker, "/prod/items", probe: probe) }, 1, default).Results);
        Assert.Equal(ApiErrorIds.Timeout, timedOut[0].Diagnosis);
        Assert.Equal(AccessOutcome.Error, timedOut[0].Outcome);
    }

    [Theory]
    [InlineData(GatewayFailureCase.MissingToken, 403, ApiErrorIds.MissingAuthenticationToken)]
    [InlineData(GatewayFailureCase.Expired, 403, ApiErrorIds.ExpiredToken)]
    [InlineData(GatewayFailureCase.Scope, 403, ApiErrorIds.SignatureMismatch)]
    [InlineData(GatewayFailureCase.Forbidden, 403, ApiErrorIds.NotAuthorized)]
    [InlineData(GatewayFailureCase.None, 401, ApiErrorIds.HttpError)]
    [InlineData(GatewayFailureCase.None, 503, ApiErrorIds.ServerError)]
    public void Unsigned_answers_get_the_same_ErrorIds_as_Invoke_SignedHttpApi(GatewayFailureCase kind, int status, string expected)
    {
        var body = kind switch
        {
            GatewayFailureCase.MissingToken => "{\"message\":\"Missing Authentication Token\"}",
            GatewayFailureCase.Expired => "{\"message\":\"The security token included in the request is expired\"}",
            GatewayFailureCase.Scope => "{\"message\":\"Credential should be scoped to a valid region, not 'x'.\"}",
            GatewayFailureCase.Forbidden => "{\"message\":\"Forbidden\"}",
            _ => "{\"message\":\"x\"}",
        };
        Assert.Equal(expected, AccessVerdict.ErrorIdOf(status, GatewayError.Parse(status, null, System.Text.Encoding.UTF8.GetBytes(body))));
    }

    public enum GatewayFailureCase
    {
        None,
        MissingToken,
        Expired,
        Scope,
        Forbidden,
    }
}
