using System.Net;
using CrossAcctApi.Sandbox.Tests.Infrastructure;

namespace CrossAcctApi.Sandbox.Tests;

/// <summary>
/// The seed's function URLs as Lambda answers them, called with requests the AWS SDK's signer signed for service lambda:
/// both lambda:InvokeFunctionUrl and lambda:InvokeFunction required, Lambda's one Forbidden text for every refusal of
/// IAM, its own texts for SigV4 failures, and its headers.
/// </summary>
public sealed class FunctionUrlTests : IClassFixture<SandboxFixture>
{
    private const string Forbidden = """{"Message":"Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"}""";
    private readonly SandboxFixture _fixture;

    public FunctionUrlTests(SandboxFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.Reset();
    }

    private Uri Url(string urlId, string path = "/") => _fixture.Server.FunctionUri(urlId, path);

    private Task<ApiResponse> CallAsync(string urlId, TestKey? key, string path = "/", SigningOptions? signing = null) =>
        ApiCaller.SendAsync(HttpMethod.Get, Url(urlId, path), key, signing: signing ?? Endpoints.Lambda());

    private Task<TestKey> InvokerAsync() => StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker, "lambda");

    [Fact]
    public async Task Account_Bs_user_is_let_in_when_the_function_policy_and_its_own_policy_allow_both_actions()
    {
        var response = await CallAsync(Endpoints.ReportGenerator, Seed.OpsEngineer, "/monthly?format=csv");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("/monthly", response.Json.GetProperty("path").GetString());
        Assert.Equal(Seed.OpsEngineer.Arn, response.Json.GetProperty("caller").GetString());
        Assert.True(Guid.TryParse(response.Header("x-amzn-RequestId"), out _));
        Assert.Matches("^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$", response.Header("X-Amzn-Trace-Id"));
        Assert.Null(response.ErrorType);
        Assert.Equal(1, _fixture.Server.Stats.Lambda.CountOfStatus(200));
    }

    [Fact]
    public async Task A_role_of_the_functions_account_needs_only_the_function_policy()
    {
        var session = await InvokerAsync();
        var response = await CallAsync(Endpoints.ReportGenerator, session);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(session.Arn, response.Json.GetProperty("caller").GetString());
    }

    [Fact]
    public async Task A_policy_without_lambda_InvokeFunction_refuses_everyone_after_allowing_the_URL_action()
    {
        var session = await InvokerAsync();
        foreach (var key in new[] { Seed.OpsEngineer, session })
        {
            var response = await CallAsync(Endpoints.LegacyExport, key);
            Assert.Equal(HttpStatusCode.Forbidden, response.Status);
            Assert.Equal("AccessDeniedException", response.ErrorType);
            Assert.Equal(Forbidden, response.Body);
            Assert.Null(response.Header("X-Amzn-Trace-Id"));
        }

        Assert.Equal(2, _fixture.Server.Stats.Lambda.CountOf("AccessDeniedInvokeFunction"));
        Assert.Equal(0, _fixture.Server.Stats.Lambda.CountOf("AccessDeniedInvokeFunctionUrl"));
    }

    [Fact]
    public async Task Callers_the_function_policy_does_not_name_are_refused_at_the_URL_action()
    {
        foreach (var key in new[] { Seed.NoAssume, Seed.Outsider })
        {
            var response = await CallAsync(Endpoints.ReportGenerator, key);
            Assert.Equal(Forbidden, response.Body);
        }

        Assert.Equal(2, _fixture.Server.Stats.Lambda.CountOf("AccessDeniedInvokeFunctionUrl"));
    }

    [Fact]
    public async Task An_unsigned_call_to_an_AWS_IAM_URL_gets_the_same_Forbidden()
    {
        var response = await CallAsync(Endpoints.ReportGenerator, key: null);
        EndpointAsserts.Refused(response, "AccessDeniedException", Forbidden);
        Assert.Equal(1, _fixture.Server.Stats.Lambda.CountOf("MissingAuthenticationToken"));
    }

    [Fact]
    public async Task A_NONE_URL_needs_no_signature_and_ignores_one()
    {
        var unsigned = await CallAsync(Endpoints.PublicStatus, key: null);
        Assert.Equal(HttpStatusCode.OK, unsigned.Status);
        var wrong = Seed.OpsEngineer with { SecretAccessKey = "WrongSecretWrongSecretWrongSecretWrong00" };
        var signedBadly = await CallAsync(Endpoints.PublicStatus, wrong);
        Assert.Equal(HttpStatusCode.OK, signedBadly.Status);
        Assert.Equal(2, _fixture.Server.Stats.Lambda.CountOf("Public"));
    }

    [Theory]
    [InlineData("execute-api", "us-east-1", "Credential should be scoped to correct service: 'lambda'. ")]
    [InlineData("lambda", "eu-west-1", "Credential should be scoped to a valid region, not 'eu-west-1'. ")]
    public async Task A_wrong_credential_scope_is_InvalidSignatureException(string service, string region, string message)
    {
        var response = await CallAsync(Endpoints.ReportGenerator, Seed.OpsEngineer, signing: new SigningOptions { Service = service, Region = region });
        EndpointAsserts.Refused(response, "InvalidSignatureException");
        Assert.Equal(message, response.Message);
    }

    [Fact]
    public async Task A_wrong_secret_gets_Lambdas_bare_mismatch_text_without_the_canonical_request()
    {
        var wrong = Seed.OpsEngineer with { SecretAccessKey = "WrongSecretWrongSecretWrongSecretWrong00" };
        var response = await CallAsync(Endpoints.ReportGenerator, wrong);
        EndpointAsserts.Refused(response, "InvalidSignatureException",
            """{"message":"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."}""");
    }

    [Fact]
    public async Task An_unknown_key_and_an_expired_session_are_told_apart()
    {
        var unknown = await CallAsync(Endpoints.ReportGenerator, new TestKey("AKIAUNKNOWNUNKNOWN00", "UnknownSecretUnknownSecretUnknownSecret0", "?"));
        EndpointAsserts.Refused(unknown, "UnrecognizedClientException", """{"message":"The security token included in the request is invalid."}""");

        var session = await InvokerAsync();
        _fixture.Server.ExpireAllSessions();
        var expired = await CallAsync(Endpoints.ReportGenerator, session);
        EndpointAsserts.Refused(expired, "ExpiredTokenException", """{"message":"The security token included in the request is expired"}""");
    }

    [Fact]
    public async Task A_presigned_URL_and_a_signed_POST_body_are_accepted()
    {
        var presigned = await CallAsync(Endpoints.ReportGenerator, Seed.OpsEngineer, signing: new SigningOptions { Service = "lambda", PresignFor = TimeSpan.FromMinutes(2) });
        Assert.Equal(HttpStatusCode.OK, presigned.Status);

        var post = await ApiCaller.SendAsync(HttpMethod.Post, Url(Endpoints.ReportGenerator, "/run"), Seed.OpsEngineer, """{"month":"2026-11"}""", Endpoints.Lambda());
        Assert.Equal(HttpStatusCode.OK, post.Status);
        Assert.Equal(2, _fixture.Server.Stats.Lambda.CountOf("Allowed"));
    }

    [Fact]
    public async Task An_unknown_URL_id_is_the_sandboxs_404()
    {
        var response = await CallAsync("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", Seed.OpsEngineer);
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Null(response.ErrorType);
    }
}
