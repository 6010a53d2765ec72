using System.Net;
using System.Text;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Http;
using CrossAcctApi.Core.Signing;
using Xunit;

namespace CrossAcctApi.Core.Tests.Http;

public class SignatureMismatchTests
{
    private const string Preamble = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    /// <summary>What the server computes from what it received, in AWS's message format, with <paramref name="tamper"/> applied to its lines.</summary>
    internal static string ServerMessage(ReceivedRequest received, Func<string[], string[]> tamper)
    {
        var names = received.SignedHeaderNames.Split(';');
        var headers = names.Where(n => n is not ("host" or "x-amz-date" or "x-amz-security-token"))
            .Select(n => new KeyValuePair<string, string>(n, received.Header(n)!)).ToList();
        var request = new HttpRequestToSign(received.Method, received.Uri.Authority, received.Uri.AbsolutePath, received.Uri.Query.Length > 1 ? received.Uri.Query[1..] : null, headers) { Body = SignableBody.Bytes(received.Body) };
        var keys = new CredentialKeys(received.AccessKeyId, "whatever-the-server-holds", received.Header("X-Amz-Security-Token"));
        var signed = new SigV4Signer(new SigningKeyCache()).SignRequest(request, keys, new SigningSettings("us-east-1", "execute-api"), received.AmzDate);
        var canonical = string.Join("\n", tamper(signed.CanonicalRequest.ToExactString().Split('\n')));
        return Preamble + "\n\nThe Canonical String for this request should have been\n'" + canonical + "'\n\nThe String-to-Sign should have been\n'" + signed.StringToSign + "'\n";
    }

    private static async Task<(ApiResponse Response, ApiCallException Error)> Run(Func<string[], string[]> tamper)
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(r => Responses.Make(HttpStatusCode.Forbidden, Responses.Json(ServerMessage(r, tamper)), "InvalidSignatureException"));
        var response = await fixture.SendAsync(PipelineFixture.Post(), options: PipelineFixture.Options(retries: 0));
        return (response, response.ToException());
    }

    [Fact]
    public async Task Identical_canonical_requests_mean_the_secret_is_wrong()
    {
        var (_, error) = await Run(lines => lines);

        Assert.Equal(ApiErrorIds.SignatureMismatch, error.ErrorId);
        var report = error.Diagnosis.SignatureMismatch!;
        Assert.True(report.HasServerCanonicalRequest);
        Assert.Empty(report.DifferingParts);
        Assert.Contains("the secret access key is not the one that belongs to access key " + PipelineFixture.AccessKeyId, error.Message);
        Assert.Contains("Check that the secret access key belongs to access key", error.RecommendedAction);
    }

    [Fact]
    public async Task A_re_encoded_path_is_shown_line_by_line_and_explained()
    {
        var (_, error) = await Run(lines =>
        {
            lines[1] = "/prod/items%252F";
            return lines;
        });

        var report = error.Diagnosis.SignatureMismatch!;
        Assert.Equal(new[] { "CanonicalUri" }, report.DifferingParts);
        var line = report.CanonicalRequestLines.Single(l => !l.Same);
        Assert.Equal("/prod/items", line.Ours);
        Assert.Equal("/prod/items%252F", line.Server);
        Assert.Contains("  - /prod/items    <- CanonicalUri", error.Message);
        Assert.Contains("  + /prod/items%252F", error.Message);
        Assert.Contains("The path differs", error.Message);
        Assert.Contains("    POST", error.Message);
    }

    [Fact]
    public async Task A_header_changed_on_the_way_is_aligned_by_name()
    {
        var (_, error) = await Run(lines => lines.Select(l => l.StartsWith("content-type:", StringComparison.Ordinal) ? "content-type:application/json; charset=utf-8" : l).ToArray());

        var report = error.Diagnosis.SignatureMismatch!;
        Assert.Equal(new[] { "Header content-type" }, report.DifferingParts);
        Assert.Contains("The content-type header differs", error.Message);
    }

    [Fact]
    public async Task The_session_token_never_appears_in_the_body_the_message_or_the_report()
    {
        var (response, error) = await Run(lines => lines);

        var body = Encoding.UTF8.GetString(response.Body!);
        Assert.DoesNotContain(PipelineFixture.SessionToken, body);
        Assert.DoesNotContain(Uri.EscapeDataString(PipelineFixture.SessionToken), body);
        Assert.Contains("x-amz-security-token:(redacted)", body);
        Assert.DoesNotContain(PipelineFixture.SessionToken, error.Message);
        Assert.DoesNotContain(PipelineFixture.SessionToken, error.Diagnosis.SignatureMismatch!.ToString());
        Assert.DoesNotContain(PipelineFixture.SessionToken, error.Diagnosis.ServerMessage);
        Assert.DoesNotContain(PipelineFixture.SessionToken, error.ResponseBody);
        Assert.DoesNotContain(PipelineFixture.SecretAccessKey, error.Message);
    }

    [Fact]
    public void Without_the_servers_canonical_request_the_report_shows_ours_and_names_the_usual_causes()
    {
        var report = SignatureMismatchReport.Create(Preamble, "GET\n/\n\nhost:h\n\nhost\nabc", "AWS4-HMAC-SHA256\nx\ny\nz", SecretRedactor.None);

        Assert.False(report.HasServerCanonicalRequest);
        Assert.Contains("Our canonical request", report.ToString());
        Assert.Contains("did not say which canonical request", report.Explain("AKIAX"));
    }

    [Fact]
    public void The_quoted_canonical_request_is_read_even_when_it_contains_quotes()
    {
        var message = "x\nThe Canonical String for this request should have been\n'GET\n/it's\n\nhost:h\n\nhost\nabc'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20250101T000000Z\nscope\nhash'\n";

        Assert.Equal("GET\n/it's\n\nhost:h\n\nhost\nabc", SignatureMismatchReport.ExtractQuoted(message, "The Canonical String for this request should have been", "The String-to-Sign should have been"));
        Assert.Equal("AWS4-HMAC-SHA256\n20250101T000000Z\nscope\nhash", SignatureMismatchReport.ExtractQuoted(message, "The String-to-Sign should have been", null));
        Assert.Null(SignatureMismatchReport.ExtractQuoted("no markers", "The Canonical String for this request should have been", null));
    }

    [Fact]
    public void A_different_scope_in_the_string_to_sign_is_named()
    {
        var canonical = "GET\n/\n\nhost:h\n\nhost\nabc";
        var message = "m\nThe Canonical String for this request should have been\n'" + canonical + "'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20250101T000000Z\n20250101/eu-west-1/execute-api/aws4_request\nh'";

        var report = SignatureMismatchReport.Create(message, canonical, "AWS4-HMAC-SHA256\n20250101T000000Z\n20250101/us-east-1/execute-api/aws4_request\nh", SecretRedactor.None);

        Assert.Contains("string to sign differs in its CredentialScope", report.Explain("AKIAX"));
    }
}
