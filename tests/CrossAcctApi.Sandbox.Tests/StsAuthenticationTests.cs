using System.Net;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using CrossAcctApi.Sandbox.Tests.Infrastructure;

namespace CrossAcctApi.Sandbox.Tests;

/// <summary>STS GetCallerIdentity and the authentication failures every STS call can meet, seen by the AWS SDK.</summary>
public sealed class StsAuthenticationTests : IClassFixture<SandboxFixture>
{
    private static readonly XNamespace Sts = "https://sts.amazonaws.com/doc/2011-06-15/";
    private readonly SandboxFixture _fixture;

    public StsAuthenticationTests(SandboxFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.Reset();
    }

    [Fact]
    public async Task GetCallerIdentity_reports_the_user()
    {
        using var client = StsClients.For(_fixture.Server, Seed.OpsEngineer);
        var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal(Seed.OpsEngineer.Arn, identity.Arn);
        Assert.Equal(Seed.AccountB, identity.Account);
        Assert.Matches("^AIDA[A-Z2-7]{17}$", identity.UserId);
    }

    [Fact]
    public async Task GetCallerIdentity_reports_the_role_session()
    {
        var session = await StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker, "who-am-i");
        using var client = StsClients.For(_fixture.Server, session);
        var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/who-am-i", identity.Arn);
        Assert.Equal(Seed.AccountA, identity.Account);
        Assert.Matches("^AROA[A-Z2-7]{17}:who-am-i$", identity.UserId);
    }

    [Fact]
    public async Task An_unknown_access_key_is_InvalidClientTokenId()
    {
        using var client = StsClients.For(_fixture.Server, new TestKey("AKIAUNKNOWN000000000", "UnknownSecretUnknownSecretUnknownSecret0", "?"));
        var error = await StsClients.FailsAsync(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        AssertError(error, HttpStatusCode.Forbidden, "InvalidClientTokenId", "The security token included in the request is invalid.");
    }

    [Fact]
    public async Task A_session_key_with_another_sessions_token_is_InvalidClientTokenId()
    {
        var first = await StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker, "one");
        var second = await StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker, "two");
        using var client = StsClients.For(_fixture.Server, first with { SessionToken = second.SessionToken });
        var error = await StsClients.FailsAsync(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        AssertError(error, HttpStatusCode.Forbidden, "InvalidClientTokenId", "The security token included in the request is invalid.");
    }

    [Fact]
    public async Task A_wrong_secret_is_SignatureDoesNotMatch()
    {
        using var client = StsClients.For(_fixture.Server, Seed.OpsEngineer with { SecretAccessKey = "OpsEngineerSecretKeyForAccountB/22222223" });
        var error = await StsClients.FailsAsync(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.StartsWith("The request signature we calculated does not match the signature you provided.", error.Message);
        Assert.Contains("The Canonical String for this request should have been\n'POST\n/\n", error.Message);
        Assert.DoesNotContain("OpsEngineerSecretKeyForAccountB", error.Message);
    }

    [Fact]
    public async Task An_expired_session_is_ExpiredToken()
    {
        var session = await StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker, "short-lived");
        Assert.Equal(1, _fixture.Server.ExpireAllSessions());

        using var client = StsClients.For(_fixture.Server, session);
        var error = await StsClients.FailsAsync(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        AssertError(error, HttpStatusCode.BadRequest, "ExpiredToken", "The security token included in the request is expired");
    }

    [Fact]
    public async Task A_session_expires_on_the_sandbox_clock()
    {
        var session = await StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker, "clock", r => r.DurationSeconds = 900);

        // 16 minutes later by the server clock; the client signs with the same skew so only the token is stale.
        _fixture.Server.Clock.Offset = TimeSpan.FromMinutes(16);
        var response = await RawSts.SendSignedAsync(_fixture.Server, session, "Action=GetCallerIdentity&Version=2011-06-15", DateTime.UtcNow.AddMinutes(16));
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("ExpiredToken", RawSts.ErrorCode(response));
    }

    [Fact]
    public async Task Throttling_is_answered_and_counted()
    {
        _fixture.Server.Faults.ThrottleSts(1);
        using var client = StsClients.For(_fixture.Server, Seed.OpsEngineer);
        var error = await StsClients.FailsAsync(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        AssertError(error, HttpStatusCode.BadRequest, "Throttling", "Rate exceeded");

        // Only one call was armed; the next one goes through.
        await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal(1, _fixture.Server.Stats.Sts.CountOf("Throttling"));
        Assert.Equal(1, _fixture.Server.Stats.Sts.CountOf("Success"));
    }

    [Fact]
    public async Task The_SDK_retries_through_throttling()
    {
        _fixture.Server.Faults.ThrottleSts(2);
        using var client = StsClients.For(_fixture.Server, Seed.OpsEngineer, maxErrorRetry: 2);
        var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal(Seed.OpsEngineer.Arn, identity.Arn);
        Assert.Equal(2, _fixture.Server.Stats.Sts.CountOf("Throttling"));
        Assert.Equal(3, _fixture.Server.Stats.Sts.Total);
    }

    [Fact]
    public async Task An_unsigned_call_is_MissingAuthenticationToken()
    {
        using var client = new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = _fixture.Server.StsEndpoint.ToString(),
            AuthenticationRegion = Seed.Region,
            MaxErrorRetry = 0,
        });
        var error = await StsClients.FailsAsync(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        AssertError(error, HttpStatusCode.Forbidden, "MissingAuthenticationToken", "Request is missing Authentication Token");
    }

    [Fact]
    public async Task A_request_signed_ten_minutes_ago_is_refused()
    {
        _fixture.Server.Clock.Offset = TimeSpan.FromMinutes(10);
        using var client = StsClients.For(_fixture.Server, Seed.OpsEngineer);
        var error = await StsClients.FailsAsync(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        Assert.Matches(@"^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$", error.Message);
    }

    [Fact]
    public async Task The_error_XML_has_AWS_shape()
    {
        var response = await ApiCaller.SendRawAsync(new HttpRequestMessage(HttpMethod.Post, _fixture.Server.StsEndpoint)
        {
            Content = new StringContent("Action=GetCallerIdentity&Version=2011-06-15", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        });
        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.StartsWith("text/xml", response.Header("Content-Type"));
        var xml = XDocument.Parse(response.Body).Root!;
        Assert.Equal(Sts + "ErrorResponse", xml.Name);
        var error = xml.Element(Sts + "Error")!;
        Assert.Equal("Sender", error.Element(Sts + "Type")!.Value);
        Assert.Equal("MissingAuthenticationToken", error.Element(Sts + "Code")!.Value);
        Assert.Equal(response.Header("x-amzn-RequestId"), xml.Element(Sts + "RequestId")!.Value);
    }

    [Fact]
    public async Task A_presigned_GetCallerIdentity_URL_works()
    {
        var response = await RawSts.PresignedGetCallerIdentityAsync(_fixture.Server, Seed.OpsEngineer);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        var result = XDocument.Parse(response.Body).Root!.Element(Sts + "GetCallerIdentityResult")!;
        Assert.Equal(Seed.OpsEngineer.Arn, result.Element(Sts + "Arn")!.Value);
    }

    [Fact]
    public async Task An_unknown_action_is_InvalidAction()
    {
        var response = await RawSts.SendSignedAsync(_fixture.Server, Seed.OpsEngineer, "Action=GetSessionToken&Version=2011-06-15");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("InvalidAction", RawSts.ErrorCode(response));
    }

    private static void AssertError(AmazonSecurityTokenServiceException error, HttpStatusCode status, string code, string message)
    {
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(message, error.Message);
    }
}
