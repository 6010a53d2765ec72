using System.Net;
using System.Text.RegularExpressions;
using CrossAcctApi.Sandbox.Tests.Infrastructure;

namespace CrossAcctApi.Sandbox.Tests;

/// <summary>
/// The HTTP API's answers to requests whose authentication is wrong, signed by the AWS SDK's SigV4 signer and then
/// spoiled: no or an unknown token, a wrong secret, a request changed after signing, a signature outside its time
/// window or scope, and presigned URLs; every 403 variant with its x-amzn-ErrorType and message.
/// </summary>
public sealed class ExecuteApiSignatureTests : ExecuteApiTestBase
{
    private const string MismatchText = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    public ExecuteApiSignatureTests(SandboxFixture fixture)
        : base(fixture)
    {
    }

    [Fact]
    public async Task An_unsigned_call_is_Missing_Authentication_Token()
    {
        var response = await ApiCaller.GetAsync(Api("prod", "/items"), key: null);
        AssertForbidden(response, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    [Fact]
    public async Task An_unknown_key_is_an_invalid_security_token()
    {
        var response = await ApiCaller.GetAsync(Api("prod", "/items"), new TestKey("ASIAUNKNOWNUNKNOWN00", "UnknownSecretUnknownSecretUnknownSecret0", "?", "token"));
        AssertForbidden(response, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    [Fact]
    public async Task A_session_key_without_its_token_is_an_invalid_security_token()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.GetAsync(Api("prod", "/items"), session with { SessionToken = null });
        AssertForbidden(response, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    [Fact]
    public async Task An_expired_session_is_an_expired_security_token()
    {
        var session = await InvokerAsync();
        Fixture.Server.ExpireAllSessions();
        var response = await ApiCaller.GetAsync(Api("prod", "/items"), session);
        AssertForbidden(response, "ExpiredTokenException", "The security token included in the request is expired");
    }

    [Fact]
    public async Task A_wrong_secret_gets_the_servers_canonical_request_and_string_to_sign()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.GetAsync(Api("prod", "/items/a%20b?x=1"), session with { SecretAccessKey = "WrongSecretWrongSecretWrongSecretWrongSe" });

        AssertForbidden(response, "InvalidSignatureException", null);
        var message = response.Message;
        Assert.StartsWith(MismatchText + "\n\nThe Canonical String for this request should have been\n'GET\n/_aws/execute-api/a1b2c3d4e5/prod/items/a%2520b\nx=1\n", message);
        Assert.Contains($"\nhost:127.0.0.1:{Fixture.Server.Port}\n", message);
        Assert.Matches(new Regex(@"\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n\d{8}T\d{6}Z\n\d{8}/us-east-1/execute-api/aws4_request\n[0-9a-f]{64}'\n$"), message);
        Assert.DoesNotContain(session.SecretAccessKey, message);
    }

    [Fact]
    public async Task A_header_changed_after_signing_is_refused()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Api("prod", "/items"), session,
            signing: new SigningOptions { Headers = { ["x-team"] = "ops" } },
            afterSigning: m =>
            {
                m.Headers.Remove("x-team");
                m.Headers.Add("x-team", "dev");
            });
        AssertForbidden(response, "InvalidSignatureException", null);
        Assert.Contains("\nx-team:dev\n", response.Message);
    }

    [Fact]
    public async Task A_path_changed_after_signing_is_refused()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Api("prod", "/items/1"), session,
            afterSigning: m => m.RequestUri = Api("prod", "/items/2"));
        AssertForbidden(response, "InvalidSignatureException", null);
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Post, Api("$default", "/items"), session, """{"name":"a"}""",
            afterSigning: m =>
            {
                m.Content = new StringContent("""{"name":"b"}""");
                m.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            });
        AssertForbidden(response, "InvalidSignatureException", null);
    }

    [Fact]
    public async Task An_unsigned_payload_is_accepted_when_declared_and_signed()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Post, Api("$default", "/items"), session, """{"name":"a"}""",
            signing: new SigningOptions { Headers = { ["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD" } });
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());

        // The marker is part of the signature: the same request with the real body hash declared instead fails.
        response = await ApiCaller.SendAsync(HttpMethod.Post, Api("$default", "/items"), session, """{"name":"a"}""",
            signing: new SigningOptions { Headers = { ["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD" } },
            afterSigning: m =>
            {
                m.Headers.Remove("x-amz-content-sha256");
                m.Headers.Add("x-amz-content-sha256", "0f0a0a9d5c3b4c2ca8ec9e4a20e42b52c26f34ac1ba3b4f1a1e5a79d0e1d2b8c");
            });
        AssertForbidden(response, "InvalidSignatureException", null);
    }

    [Fact]
    public async Task A_signature_older_than_five_minutes_has_expired()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Api("prod", "/items"), session, signing: new SigningOptions { SignedAt = DateTime.UtcNow.AddMinutes(-6) });
        AssertForbidden(response, "InvalidSignatureException", null);
        Assert.Matches(@"^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$", response.Message);
    }

    [Fact]
    public async Task A_signature_from_the_future_is_not_yet_current()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Api("prod", "/items"), session, signing: new SigningOptions { SignedAt = DateTime.UtcNow.AddMinutes(6) });
        AssertForbidden(response, "InvalidSignatureException", null);
        Assert.Matches(@"^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$", response.Message);
    }

    [Fact]
    public async Task A_skewed_server_clock_refuses_a_fresh_signature()
    {
        var session = await InvokerAsync();
        Fixture.Server.Clock.Offset = TimeSpan.FromMinutes(-10);
        var response = await ApiCaller.GetAsync(Api("prod", "/items"), session);
        AssertForbidden(response, "InvalidSignatureException", null);
        Assert.StartsWith("Signature not yet current: ", response.Message);

        // Within the window the same clock is fine.
        Fixture.Server.Clock.Offset = TimeSpan.FromMinutes(-4);
        Assert.Equal(HttpStatusCode.OK, (await ApiCaller.GetAsync(Api("prod", "/items"), session)).Status);
    }

    [Fact]
    public async Task A_credential_scoped_to_another_region_is_refused()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Api("prod", "/items"), session, signing: new SigningOptions { Region = "eu-west-1" });
        AssertForbidden(response, "InvalidSignatureException", "Credential should be scoped to a valid region, not 'eu-west-1'. ");
    }

    [Fact]
    public async Task A_credential_scoped_to_another_service_is_refused()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Api("prod", "/items"), session, signing: new SigningOptions { Service = "lambda" });
        AssertForbidden(response, "InvalidSignatureException", "Credential should be scoped to correct service: 'execute-api'. ");
    }

    [Fact]
    public async Task An_incomplete_Authorization_header_is_refused()
    {
        var message = new HttpRequestMessage(HttpMethod.Get, Api("prod", "/items"));
        message.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20260101/us-east-1/execute-api/aws4_request");
        message.Headers.TryAddWithoutValidation("X-Amz-Date", DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'"));
        var response = await ApiCaller.SendRawAsync(message);
        AssertForbidden(response, "IncompleteSignatureException",
            "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.");
    }

    [Fact]
    public async Task A_presigned_URL_is_accepted()
    {
        var session = await InvokerAsync("presigned");
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Api("prod", "/items/a%20b"), session, signing: new SigningOptions { PresignFor = TimeSpan.FromMinutes(5) });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/presigned", response.Json.GetProperty("caller").GetString());
    }

    [Fact]
    public async Task A_presigned_URL_past_its_expiry_is_refused()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Api("prod", "/items"), session,
            signing: new SigningOptions { PresignFor = TimeSpan.FromMinutes(1), SignedAt = DateTime.UtcNow.AddMinutes(-3) });
        AssertForbidden(response, "InvalidSignatureException", null);
        Assert.StartsWith("Signature expired: ", response.Message);
    }

    [Fact]
    public async Task A_presigned_URL_with_a_changed_query_is_refused()
    {
        var session = await InvokerAsync();
        var response = await ApiCaller.SendAsync(HttpMethod.Get, Api("prod", "/items?limit=1"), session,
            signing: new SigningOptions { PresignFor = TimeSpan.FromMinutes(5) },
            afterSigning: m => m.RequestUri = new Uri(m.RequestUri!.ToString().Replace("limit=1", "limit=2")));
        AssertForbidden(response, "InvalidSignatureException", null);
    }
}
