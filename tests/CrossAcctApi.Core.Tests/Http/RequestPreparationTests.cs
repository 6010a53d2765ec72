using System.Net;
using System.Text;
using CrossAcctApi.Core.Http;
using CrossAcctApi.Core.Signing;
using Xunit;
using CrossAcctApi.Core.Requests;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Tests.Http;

/// <summary>Bad input is refused with a stable ErrorId before a credential is read or a request is sent.</summary>
public class RequestPreparationTests
{
    private const string Url = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items";

    private static async Task<CrossAcctApiException> Refused(ApiRequest request)
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.OK, "{}");
        var error = await Assert.ThrowsAnyAsync<CrossAcctApiException>(() => fixture.SendAsync(request));
        Assert.Equal(0, fixture.Handler.Count);
        return error;
    }

    private static KeyValuePair<string, string> H(string name, string value) => new(name, value);

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("get")]
    public async Task A_body_on_a_bodyless_method_is_refused(string method)
    {
        var error = await Refused(new ApiRequest(new Uri(Url), method) { Body = new BytesRequestBody(new byte[] { 1 }) });

        Assert.Equal(RequestErrors.BodyNotAllowed, error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.Contains("query string", error.RecommendedAction);
    }

    [Fact]
    public async Task A_body_over_ten_megabytes_is_refused()
    {
        var error = await Refused(new ApiRequest(new Uri(Url), "POST") { Body = new BytesRequestBody(new byte[(10 * 1024 * 1024) + 1]) });

        Assert.Equal(RequestErrors.BodyTooLarge, error.ErrorId);
        Assert.Equal(FailureKind.LimitsExceeded, error.Kind);
    }

    [Fact]
    public async Task A_body_of_exactly_ten_megabytes_is_sent()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.OK, "{}");

        var response = await fixture.SendAsync(new ApiRequest(new Uri(Url), "PUT") { Body = new BytesRequestBody(new byte[10 * 1024 * 1024]) });

        Assert.Equal(200, response.StatusCode);
        Assert.True(ServerSideCheck.SignatureMatches(fixture.Handler.Received[0], PipelineFixture.SecretAccessKey));
    }

    [Fact]
    public async Task Headers_over_API_Gateways_limit_are_refused_after_signing_and_before_sending()
    {
        var error = await Refused(new ApiRequest(new Uri(Url)) { Headers = new[] { H("X-Big", new string('a', 10000)) } });

        Assert.Equal(ApiErrorIds.HeadersTooLarge, error.ErrorId);
        Assert.Contains("10,240", error.Message);
    }

    [Theory]
    [InlineData("Authorization", SigningErrorIds.ReservedHeader)]
    [InlineData("X-Amz-Date", SigningErrorIds.ReservedHeader)]
    [InlineData("x-amz-security-token", SigningErrorIds.ReservedHeader)]
    [InlineData("Content-Length", SigningErrorIds.InvalidHeader)]
    [InlineData("Transfer-Encoding", SigningErrorIds.InvalidHeader)]
    [InlineData("Bad Name", SigningErrorIds.InvalidHeader)]
    public async Task Headers_the_signer_or_the_HTTP_stack_owns_are_refused(string name, string errorId)
    {
        var error = await Refused(new ApiRequest(new Uri(Url)) { Headers = new[] { H(name, "x") } });

        Assert.Equal(errorId, error.ErrorId);
    }

    [Theory]
    [InlineData("a\r\nX-Injected: 1")]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    public async Task Header_injection_is_refused(string value)
    {
        var error = await Refused(new ApiRequest(new Uri(Url)) { Headers = new[] { H("X-Test", value) } });

        Assert.Equal(SigningErrorIds.InvalidHeader, error.ErrorId);
        Assert.DoesNotContain(value, error.Message);
    }

    [Theory]
    [InlineData("https://user:pass@a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod", RequestErrors.UriUserInfoNotAllowed)]
    [InlineData("ftp://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod", RequestErrors.InvalidUri)]
    [InlineData("https://api.example.com/prod/items", RequestErrors.RegionRequired)]
    [InlineData("https://a1b2c3d4e5.execute-api.cn-north-1.amazonaws.com/prod", AwsRegion.InvalidRegion)]
    public async Task Bad_URLs_are_refused(string url, string errorId)
    {
        var error = await Refused(new ApiRequest(new Uri(url)));

        Assert.Equal(errorId, error.ErrorId);
        Assert.DoesNotContain("pass@", error.Message);
    }

    [Fact]
    public async Task An_invalid_method_is_refused()
    {
        var error = await Refused(new ApiRequest(new Uri(Url), "GE T"));

        Assert.Equal(SigningErrorIds.InvalidMethod, error.ErrorId);
    }

    [Fact]
    public async Task An_OutFile_in_a_missing_folder_is_refused()
    {
        var error = await Refused(new ApiRequest(new Uri(Url)) { OutFile = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid(), "x.json") });

        Assert.Equal(ApiErrorIds.OutFileNotWritable, error.ErrorId);
    }

    [Fact]
    public void A_missing_InFile_is_refused()
    {
        var error = Assert.Throws<CrossAcctApiException>(() => FileRequestBody.Open(Path.Combine(Path.GetTempPath(), "missing-" + Guid.NewGuid())));

        Assert.Equal(RequestErrors.InFileNotReadable, error.ErrorId);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void Options_out_of_range_are_refused()
    {
        Assert.Equal(ApiErrorIds.InvalidCallOption, Assert.Throws<CrossAcctApiException>(() => new ApiCallOptions { MaximumRetryCount = -1 }).ErrorId);
        Assert.Equal(ApiErrorIds.InvalidCallOption, Assert.Throws<CrossAcctApiException>(() => new ApiCallOptions { Timeout = TimeSpan.Zero }).ErrorId);
        Assert.Equal(ApiErrorIds.InvalidCallOption, Assert.Throws<CrossAcctApiException>(() => new ApiCallOptions { RetryInterval = TimeSpan.FromSeconds(-1) }).ErrorId);
    }
}

/// <summary>What goes on the wire is exactly what was signed.</summary>
public class RequestBuildingTests
{
    private const string Url = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items?b=2&a=1";

    [Fact]
    public async Task Content_type_is_sent_exactly_as_signed_without_an_added_charset()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.OK, "{}");

        await fixture.SendAsync(PipelineFixture.Post());

        var received = fixture.Handler.Received[0];
        Assert.Equal("application/json", received.Header("Content-Type"));
        Assert.Contains("content-type", received.SignedHeaderNames);
        Assert.True(ServerSideCheck.SignatureMatches(received, PipelineFixture.SecretAccessKey));
    }

    [Fact]
    public async Task ContentType_wins_over_a_Content_Type_header()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.OK, "{}");

        await fixture.SendAsync(new ApiRequest(new Uri(Url), "POST")
        {
            Body = new BytesRequestBody(new byte[] { 1 }),
            ContentType = "application/octet-stream",
            Headers = new[] { new KeyValuePair<string, string>("Content-Type", "text/plain") },
        });

        Assert.Equal("application/octet-stream", fixture.Handler.Received[0].Header("Content-Type"));
    }

    [Fact]
    public async Task Repeated_headers_are_sent_once_joined_as_they_were_signed()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.OK, "{}");

        await fixture.SendAsync(new ApiRequest(new Uri(Url))
        {
            Headers = new[] { new KeyValuePair<string, string>("X-Tag", "a"), new KeyValuePair<string, string>("x-tag", "b"), new KeyValuePair<string, string>("X-Other", "c") },
        });

        var received = fixture.Handler.Received[0];
        Assert.Equal("a,b", received.Header("X-Tag"));
        Assert.Equal("host;x-amz-date;x-amz-security-token;x-other;x-tag", received.SignedHeaderNames);
        Assert.True(ServerSideCheck.SignatureMatches(received, PipelineFixture.SecretAccessKey));
    }

    [Fact]
    public async Task A_Content_Type_on_a_GET_without_body_is_not_sent_and_the_log_says_so()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.OK, "{}");
        var log = new ListLog();

        await fixture.SendAsync(new ApiRequest(new Uri(Url)) { ContentType = "application/json" }, log: log);

        Assert.Null(fixture.Handler.Received[0].Header("Content-Type"));
        Assert.Contains("The Content-Type header is not sent: GET requests carry no body", log.All);
    }

    [Fact]
    public async Task The_session_token_and_date_are_sent_and_the_query_is_signed_as_sent()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.OK, "{}");

        await fixture.SendAsync(new ApiRequest(new Uri(Url)));

        var received = fixture.Handler.Received[0];
        Assert.Equal(PipelineFixture.SessionToken, received.Header("X-Amz-Security-Token"));
        Assert.Equal("20250601T120000Z", received.Header("X-Amz-Date"));
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=" + PipelineFixture.AccessKeyId + "/20250601/us-east-1/execute-api/aws4_request", received.Header("Authorization"));
        Assert.Equal("?b=2&a=1", received.Uri.Query);
        Assert.True(ServerSideCheck.SignatureMatches(received, PipelineFixture.SecretAccessKey));
    }

    [Fact]
    public async Task Method_names_are_sent_in_upper_case()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.OK, "{}");

        var response = await fixture.SendAsync(new ApiRequest(new Uri(Url), "delete"));

        Assert.Equal("DELETE", fixture.Handler.Received[0].Method);
        Assert.Equal("DELETE", response.Method);
    }

    [Fact]
    public async Task An_InFile_body_is_streamed_hashed_once_and_signed()
    {
        var path = Path.GetTempFileName();
        try
        {
            var content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("line of the file\n", 5000)));
            await File.WriteAllBytesAsync(path, content);
            var body = FileRequestBody.Open(path);
            var fixture = new PipelineFixture();
            fixture.Handler.Then(HttpStatusCode.ServiceUnavailable).Then(HttpStatusCode.OK, "{}");

            await fixture.SendAsync(new ApiRequest(new Uri(Url), "PUT") { Body = body, ContentType = "text/plain" });

            Assert.Equal(content.Length, body.Length);
            Assert.All(fixture.Handler.Received, r => Assert.Equal(content, r.Body));
            Assert.All(fixture.Handler.Received, r => Assert.True(ServerSideCheck.SignatureMatches(r, PipelineFixture.SecretAccessKey)));
            Assert.Contains("file ", body.Describe());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_success_is_streamed_to_OutFile_and_not_kept_in_memory()
    {
        var path = Path.Combine(Path.GetTempPath(), "crossacctapi-out-" + Guid.NewGuid() + ".json");
        try
        {
            var fixture = new PipelineFixture();
            var payload = "{\"items\":[" + string.Join(",", Enumerable.Range(0, 2000)) + "]}";
            fixture.Handler.Then(HttpStatusCode.OK, payload);

            var response = await fixture.SendAsync(new ApiRequest(new Uri(Url)) { OutFile = path });

            Assert.Null(response.Body);
            Assert.Equal(Path.GetFullPath(path), response.OutFile);
            Assert.Equal(payload.Length, response.ContentLength);
            Assert.Equal(payload, await File.ReadAllTextAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task An_error_answer_is_not_written_to_OutFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "crossacctapi-out-" + Guid.NewGuid() + ".json");
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.NotFound, "{\"message\":\"Not Found\"}");

        var response = await fixture.SendAsync(new ApiRequest(new Uri(Url)) { OutFile = path });

        Assert.False(File.Exists(path));
        Assert.NotNull(response.Body);
        Assert.Equal(ApiErrorIds.NotFound, response.ToException().ErrorId);
    }

    [Fact]
    public async Task The_response_carries_request_id_headers_attempts_and_invoke_arn()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.OK, "{\"ok\":true}", null, r =>
        {
            r.Headers.Remove("apigw-requestid");
            r.Headers.TryAddWithoutValidation("apigw-requestid", "Abc123=");
            r.Headers.TryAddWithoutValidation("X-Multi", new[] { "1", "2" });
        });

        var response = await fixture.SendAsync(new ApiRequest(new Uri("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/items/7")) { Stage = "$default" });

        Assert.Equal("Abc123=", response.RequestId);
        Assert.Equal(new[] { "1", "2" }, response.Headers["x-multi"]);
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal(1, response.Attempts);
        Assert.Equal("us-east-1", response.Region);
        Assert.Equal("execute-api", response.Service);
        Assert.Equal("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/items/7", response.InvokeArn);
        Assert.True(response.Elapsed >= TimeSpan.Zero);
    }
}
