using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi.Sts.Tests;

/// <summary>The AWS SDK adapter against a loopback listener that answers like STS (canned Query-protocol XML).</summary>
public sealed class StsAdapterTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Queue<(int Status, string Body)> _answers = new();
    private readonly List<string> _requests = new();
    private readonly string _url;

    public StsAdapterTests()
    {
        int port = FreePort();
        _url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(_url);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public void Dispose() => _listener.Close();

    private const string Success = """
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleResult>
            <Credentials>
              <AccessKeyId>ASIACANNEDKEY0000001</AccessKeyId>
              <SecretAccessKey>CannedSecretAccessKey/000000000000000000</SecretAccessKey>
              <SessionToken>CannedSessionToken0000000000000000000000</SessionToken>
              <Expiration>2030-01-01T00:00:00Z</Expiration>
            </Credentials>
            <AssumedRoleUser>
              <Arn>arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/test-session</Arn>
              <AssumedRoleId>AROACANNED:test-session</AssumedRoleId>
            </AssumedRoleUser>
          </AssumeRoleResult>
          <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
        </AssumeRoleResponse>
        """;

    private static string Error(string code, string message) => $"""
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>
          <RequestId>req-err</RequestId>
        </ErrorResponse>
        """;

    private const string ChainTarget = "arn:aws:iam::111111111111:role/ChainTarget";

    private static string CallerIdentityXml(string arn, string account) =>
        $"<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><Arn>{arn}</Arn><UserId>AIDATEST</UserId><Account>{account}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";

    private static AwsSdkRoleAssumer Assumer(List<TimeSpan>? delays = null) =>
        new(new StsClientFactory(TimeSpan.FromSeconds(10)), new StsRetryPolicy(maxAttempts: 4, delay: (d, _) => { delays?.Add(d); return Task.CompletedTask; }));

    [Fact]
    public async Task Maps_the_sdk_answer_to_the_module_result()
    {
        _answers.Enqueue((200, Success));
        var result = await Assumer().AssumeRoleAsync(Samples.Request(externalId: "ext-123"), Samples.Caller, Samples.Endpoint(_url), CancellationToken.None);
        Assert.Equal("ASIACANNEDKEY0000001", result.Keys.AccessKeyId);
        Assert.Equal("CannedSecretAccessKey/000000000000000000", result.Keys.SecretAccessKey);
        Assert.Equal(new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), result.Expiration);
        Assert.Equal(DateTimeKind.Utc, result.Expiration.Kind);
        Assert.Equal("AROACANNED:test-session", result.AssumedRoleId);
        Assert.Contains("Action=AssumeRole", _requests[0]);
        Assert.Contains("ExternalId=ext-123", _requests[0]);
        Assert.Contains("RoleSessionName=test-session", _requests[0]);
        Assert.Single(_requests);
    }

    [Fact]
    public async Task A_success_costs_exactly_one_sts_call_per_AssumeRole()
    {
        // Two sources, two roles, the first source twice: three AssumeRole calls and nothing else (no GetCallerIdentity).
        var assumer = Assumer();
        var other = new CredentialKeys("AKIAOTHERSOURCE22222", "OtherSourceSecretKeyForAccountB/22222222");
        for (int i = 0; i < 3; i++) _answers.Enqueue((200, Success));
        await assumer.AssumeRoleAsync(Samples.Request(), Samples.Caller, Samples.Endpoint(_url), CancellationToken.None);
        await assumer.AssumeRoleAsync(Samples.Request(externalId: "ext-123"), Samples.Caller, Samples.Endpoint(_url), CancellationToken.None);
        await assumer.AssumeRoleAsync(new AssumeRoleRequest(ChainTarget, "s2"), other, Samples.Endpoint(_url), CancellationToken.None);
        Assert.Equal(3, _requests.Count);
        Assert.All(_requests, r => Assert.Contains("Action=AssumeRole", r));
    }

    [Fact]
    public async Task Denials_tell_no_assume_from_outsider_by_asking_sts_only_on_the_failure_path()
    {
        var assumer = Assumer();
        var noAssume = new CredentialKeys("AKIANOASSUME22222222", "NoAssumeSecretKeyForAccountB/2222222222");
        var outsider = new CredentialKeys("AKIAOUTSIDER33333333", "OutsiderSecretKeyForAccountC/3333333333");
        _answers.Enqueue((200, Success));
        await assumer.AssumeRoleAsync(Samples.Request(), Samples.Caller, Samples.Endpoint(_url), CancellationToken.None);
        Assert.Single(_requests);

        // no-assume is refused; who the earlier source was is asked now, with that source's keys (still held here).
        _answers.Enqueue((403, Error("AccessDenied", "User: arn:aws:iam::222222222222:user/no-assume is not authorized to perform: sts:AssumeRole on resource: " + Samples.Role)));
        _answers.Enqueue((200, CallerIdentityXml("arn:aws:iam::222222222222:user/ops-engineer", "222222222222")));
        var denied = await Assert.ThrowsAsync<AssumeRoleDeniedException>(() => assumer.AssumeRoleAsync(Samples.Request(), noAssume, Samples.Endpoint(_url), CancellationToken.None));
        Assert.Equal(AssumeRoleDenialCause.CallerLacksAssumeRole, denied.LikelyCauses[0]);
        Assert.Equal("arn:aws:iam::222222222222:user/no-assume", denied.CallerArn);
        Assert.Equal(3, _requests.Count);
        Assert.Contains("Action=GetCallerIdentity", _requests[2]);
        Assert.Contains("Credential=" + Samples.Caller.AccessKeyId + "/", _requests[2]);
        Assert.DoesNotContain(Samples.Caller.SecretAccessKey, denied.Message);

        // outsider (account C): not trusted; the earlier source is known by now, so no further call.
        _answers.Enqueue((403, Error("AccessDenied", "User: arn:aws:iam::333333333333:user/outsider is not authorized to perform: sts:AssumeRole on resource: " + Samples.Role)));
        var refused = await Assert.ThrowsAsync<AssumeRoleDeniedException>(() => assumer.AssumeRoleAsync(Samples.Request(), outsider, Samples.Endpoint(_url), CancellationToken.None));
        Assert.Equal(AssumeRoleDenialCause.NotTrustedByRole, refused.LikelyCauses[0]);
        Assert.Equal(4, _requests.Count);
    }

    [Fact]
    public async Task A_chained_source_is_known_from_the_session_it_was_issued_as()
    {
        var assumer = Assumer();
        _answers.Enqueue((200, Success));
        _answers.Enqueue((200, Success.Replace("ASIACANNEDKEY0000001", "ASIACANNEDKEY0000002")));
        var hop = await assumer.AssumeRoleAsync(Samples.Request(), Samples.Caller, Samples.Endpoint(_url), CancellationToken.None);
        await assumer.AssumeRoleAsync(new AssumeRoleRequest(ChainTarget, "hop2"), hop.Keys, Samples.Endpoint(_url), CancellationToken.None);

        // Another session of account A is refused: the earlier source (hop, account A) answers it without a lookup.
        var stranger = new CredentialKeys("ASIASTRANGER11111111", "StrangerSecretKeyForAccountA/1111111111", "StrangerToken");
        _answers.Enqueue((403, Error("AccessDenied", "User: arn:aws:sts::111111111111:assumed-role/Other/x is not authorized to perform: sts:AssumeRole on resource: " + ChainTarget)));
        var denied = await Assert.ThrowsAsync<AssumeRoleDeniedException>(() => assumer.AssumeRoleAsync(new AssumeRoleRequest(ChainTarget, "hop2"), stranger, Samples.Endpoint(_url), CancellationToken.None));
        Assert.Equal(AssumeRoleDenialCause.CallerLacksAssumeRole, denied.LikelyCauses[0]);
        Assert.Equal(3, _requests.Count);
        Assert.All(_requests, r => Assert.Contains("Action=AssumeRole", r));
    }

    [Fact]
    public async Task A_denial_that_names_no_caller_asks_who_the_caller_is()
    {
        _answers.Enqueue((403, Error("AccessDenied", "Not authorized to perform sts:AssumeRole")));
        _answers.Enqueue((200, CallerIdentityXml("arn:aws:iam::222222222222:user/ops-engineer", "222222222222")));
        var denied = await Assert.ThrowsAsync<AssumeRoleDeniedException>(() => Assumer().AssumeRoleAsync(Samples.Request(), Samples.Caller, Samples.Endpoint(_url), CancellationToken.None));
        Assert.Equal("arn:aws:iam::222222222222:user/ops-engineer", denied.CallerArn);
        Assert.Contains("arn:aws:iam::222222222222:user/ops-engineer may not assume", denied.Message);
        Assert.Equal(2, _requests.Count);
    }

    [Fact]
    public async Task Retries_throttling_with_growing_delays()
    {
        _answers.Enqueue((400, Error("Throttling", "Rate exceeded")));
        _answers.Enqueue((400, Error("Throttling", "Rate exceeded")));
        _answers.Enqueue((200, Success));
        var delays = new List<TimeSpan>();
        var result = await Assumer(delays).AssumeRoleAsync(Samples.Request(), Samples.Caller, Samples.Endpoint(_url), CancellationToken.None);
        Assert.Equal(2, result.Retries);
        Assert.Equal(2, delays.Count);
        Assert.True(delays[1] > TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Gives_up_on_throttling_after_the_last_attempt()
    {
        for (int i = 0; i < 4; i++) _answers.Enqueue((400, Error("Throttling", "Rate exceeded")));
        var error = await Assert.ThrowsAsync<CrossAcctApiException>(() => Assumer().AssumeRoleAsync(Samples.Request(), Samples.Caller, Samples.Endpoint(_url), CancellationToken.None));
        Assert.Equal(StsErrorIds.StsThrottled, error.ErrorId);
        Assert.Equal(FailureKind.LimitsExceeded, error.Kind);
        Assert.Contains("4 attempts", error.RecommendedAction);
    }

    [Fact]
    public async Task Access_denied_names_caller_role_and_cause_and_is_not_retried()
    {
        _answers.Enqueue((403, Error("AccessDenied", "User: arn:aws:iam::333333333333:user/outsider is not authorized to perform: sts:AssumeRole on resource: " + Samples.Role)));
        var error = await Assert.ThrowsAsync<AssumeRoleDeniedException>(() => Assumer().AssumeRoleAsync(Samples.Request(), Samples.Caller, Samples.Endpoint(_url), CancellationToken.None));
        Assert.Equal(FailureKind.PermissionDenied, error.Kind);
        Assert.Equal("arn:aws:iam::333333333333:user/outsider", error.CallerArn);
        Assert.Equal(AssumeRoleDenialCause.NotTrustedByRole, error.LikelyCauses[0]);
        Assert.Contains(Samples.Role, error.Message);
        Assert.Single(_requests);
    }

    [Theory]
    [InlineData("InvalidClientTokenId", StsErrorIds.SourceCredentialRejected, FailureKind.AuthenticationError)]
    [InlineData("ExpiredToken", StsErrorIds.SourceCredentialRejected, FailureKind.AuthenticationError)]
    [InlineData("SignatureDoesNotMatch", StsErrorIds.SourceCredentialRejected, FailureKind.AuthenticationError)]
    [InlineData("ValidationError", StsErrorIds.StsInvalidRequest, FailureKind.InvalidArgument)]
    [InlineData("MalformedPolicyDocument", StsErrorIds.StsInvalidRequest, FailureKind.InvalidArgument)]
    [InlineData("RegionDisabledException", StsErrorIds.StsRegionDisabled, FailureKind.ResourceUnavailable)]
    public async Task Maps_sts_error_codes(string code, string errorId, FailureKind kind)
    {
        _answers.Enqueue((400, Error(code, "Something\r\nforged log line")));
        var error = await Assert.ThrowsAnyAsync<CrossAcctApiException>(() => Assumer().AssumeRoleAsync(Samples.Request(), Samples.Caller, Samples.Endpoint(_url), CancellationToken.None));
        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(kind, error.Kind);
        Assert.DoesNotContain("\n", error.Message);
        Assert.DoesNotContain(Samples.Caller.SecretAccessKey, error.Message);
    }

    [Fact]
    public async Task Connection_refused_names_the_endpoint()
    {
        string closed = $"http://127.0.0.1:{FreePort()}/";
        var error = await Assert.ThrowsAsync<CrossAcctApiException>(() => Assumer().AssumeRoleAsync(Samples.Request(), Samples.Caller, Samples.Endpoint(closed), CancellationToken.None));
        Assert.Equal(StsErrorIds.StsConnectionFailed, error.ErrorId);
        Assert.Equal(FailureKind.ConnectionError, error.Kind);
        Assert.Contains(closed, error.Message);
    }

    [Fact]
    public void Retry_delays_grow_and_stay_capped()
    {
        var policy = new StsRetryPolicy(baseDelay: TimeSpan.FromMilliseconds(200), maxDelay: TimeSpan.FromSeconds(1), random: new Random(7));
        for (int attempt = 2; attempt <= 8; attempt++)
        {
            double expected = Math.Min(1000, 200 * Math.Pow(2, attempt - 2));
            double delay = policy.DelayBefore(attempt).TotalMilliseconds;
            Assert.InRange(delay, expected / 2, expected);
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            string body = await reader.ReadToEndAsync();
            (int Status, string Body) answer;
            lock (_requests)
            {
                _requests.Add("Authorization: " + context.Request.Headers["Authorization"] + "\n" + body);
                answer = _answers.Count > 0 ? _answers.Dequeue() : (500, Error("InternalFailure", "no canned answer"));
            }

            byte[] bytes = Encoding.UTF8.GetBytes(answer.Body);
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = "text/xml";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
