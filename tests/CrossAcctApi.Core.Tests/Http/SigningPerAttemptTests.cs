using System.Net;
using System.Security.Cryptography;
using System.Text;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Http;
using CrossAcctApi.Core.Requests;
using CrossAcctApi.Core.Signing;
using CrossAcctApi.Core.Tests.Signing;
using Xunit;

namespace CrossAcctApi.Core.Tests.Http;

/// <summary>
/// Each attempt is signed by exactly one signing pass, and the debug text, the verbose line and a signature
/// mismatch report all show that pass: nothing is signed a second time to explain it.
/// </summary>
public sealed class SigningPerAttemptTests
{
    private readonly CountingHashEngine _engine = new();

    private PipelineFixture Fixture() => new(signer: new SigV4Signer(new SigningKeyCache(), _engine));

    private static string SentSignature(ReceivedRequest received) => received.Header("Authorization")!.Split("Signature=")[1];

    [Fact]
    public async Task Debug_explains_the_pass_that_signed_the_attempt_without_signing_again()
    {
        var fixture = Fixture();
        fixture.Handler.Then(HttpStatusCode.OK, "{}");
        var log = new ListLog { IsDebugEnabled = true };

        await fixture.SendAsync(PipelineFixture.Get(), log: log);

        Assert.Equal(1, _engine.Hmacs);
        var debug = log.Lines.Single(l => l.StartsWith("DEBUG: Canonical request", StringComparison.Ordinal)).Split("\nString to sign:\n");
        var canonical = debug[0].Substring(debug[0].IndexOf('\n') + 1).Replace("(redacted)", PipelineFixture.SessionToken);
        var stringToSign = debug[1];
        Assert.EndsWith("\n" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), stringToSign);

        // The string to sign shown is the one whose signature went out.
        var keys = new CredentialKeys(PipelineFixture.AccessKeyId, PipelineFixture.SecretAccessKey, PipelineFixture.SessionToken);
        var key = new SigningKeyCache().Get(keys, AmzDate.For(PipelineFixture.T0), "us-east-1", "execute-api").CopyKeyForTests();
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        Assert.Equal(SentSignature(fixture.Handler.Received[0]), signature);
    }

    [Fact]
    public async Task A_mismatch_is_explained_with_the_canonical_request_of_the_refused_attempt_without_signing_again()
    {
        var fixture = Fixture();
        fixture.Handler
            .Then(_ =>
            {
                // The retry is signed at a later second, so the two attempts' canonical requests differ.
                fixture.Clock.Advance(TimeSpan.FromSeconds(5));
                return Responses.Make(HttpStatusCode.ServiceUnavailable);
            })
            .Then(r => Responses.Make(HttpStatusCode.Forbidden, Responses.Json(SignatureMismatchTests.ServerMessage(r, lines => lines)), "InvalidSignatureException"));

        var response = await fixture.SendAsync(PipelineFixture.Get(), options: PipelineFixture.Options(retries: 1));

        Assert.Equal(2, _engine.Hmacs);
        var received = fixture.Handler.Received;
        var refusedDate = received[1].Header("X-Amz-Date");
        Assert.NotEqual(received[0].Header("X-Amz-Date"), refusedDate);
        var report = response.ToException().Diagnosis.SignatureMismatch!;
        Assert.Contains("\nx-amz-date:" + refusedDate + "\n", report.OurCanonicalRequest);
        Assert.Contains("\n" + refusedDate + "\n", report.OurStringToSign);
        Assert.Empty(report.DifferingParts);
        Assert.DoesNotContain(PipelineFixture.SessionToken, report.OurCanonicalRequest);
    }

    [Fact]
    public async Task The_verbose_line_names_the_headers_the_attempt_signed()
    {
        var fixture = Fixture();
        fixture.Handler.Then(HttpStatusCode.OK, "{}");
        var log = new ListLog();
        var request = new ApiRequest(PipelineFixture.Get().Uri)
        {
            Headers = new[] { new KeyValuePair<string, string>("X-Tag", "a"), new KeyValuePair<string, string>("Accept", "application/json") },
        };

        await fixture.SendAsync(request, log: log);

        var signed = fixture.Handler.Received[0].SignedHeaderNames;
        Assert.Equal("accept;host;x-amz-date;x-amz-security-token;x-tag", signed);
        Assert.Contains(log.Lines, l => l.EndsWith("with access key " + PipelineFixture.AccessKeyId + "; signed headers: " + signed + ".", StringComparison.Ordinal));
        Assert.Equal(1, _engine.Hmacs);
    }

    [Fact]
    public async Task A_call_prepared_for_a_presigned_URL_is_not_sent()
    {
        var fixture = Fixture();
        var options = PipelineFixture.Options();
        var call = fixture.Client.Prepare(PipelineFixture.Get(), options, new SignatureOptions { Presign = true });

        var error = await Assert.ThrowsAsync<CrossAcctApiException>(() => fixture.Client.SendAsync(call, fixture.Credential(), options));

        Assert.Equal(SigningErrorIds.UnsupportedSignatureLocation, error.ErrorId);
        Assert.Equal(0, fixture.Handler.Count);
        Assert.Equal(0, _engine.Hmacs);
    }
}
