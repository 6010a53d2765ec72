using System.Net;
using CrossAcctApi.Core.Http;
using Xunit;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Tests.Http;

/// <summary>Every 403 variant of api-gateway-errors.md, and the other statuses, through the pipeline to an ErrorId.</summary>
public class DiagnosisTests
{
    private const string ApiUrl = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items";
    private const string Mismatch = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private static async Task<ApiCallException> Diagnose(HttpStatusCode status, string? body, string? errorType, string url = ApiUrl, string method = "GET", Action<HttpResponseMessage>? configure = null)
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(status, body, errorType, configure);
        var response = await fixture.SendAsync(new ApiRequest(new Uri(url), method), options: PipelineFixture.Options(retries: 0));
        Assert.False(response.IsSuccess);
        return response.ToException();
    }

    [Theory]
    [InlineData(403, "{\"message\":\"Missing Authentication Token\"}", "MissingAuthenticationTokenException", ApiErrorIds.MissingAuthenticationToken)]
    [InlineData(403, "{\"message\":\"Missing Authentication Token\"}", null, ApiErrorIds.MissingAuthenticationToken)]
    [InlineData(403, "{\"message\":\"The security token included in the request is invalid.\"}", "UnrecognizedClientException", ApiErrorIds.InvalidToken)]
    [InlineData(403, "{\"message\":\"The security token included in the request is invalid.\"}", "AccessDeniedException", ApiErrorIds.InvalidToken)]
    [InlineData(403, "{\"message\":\"The security token included in the request is expired\"}", "ExpiredTokenException", ApiErrorIds.ExpiredToken)]
    [InlineData(403, "{\"message\":\"Signature expired: 20250601T110000Z is now earlier than 20250601T115500Z (20250601T120000Z - 5 min.)\"}", "InvalidSignatureException", ApiErrorIds.SignatureExpired)]
    [InlineData(403, "{\"message\":\"" + Mismatch + "\"}", "InvalidSignatureException", ApiErrorIds.SignatureMismatch)]
    [InlineData(403, "{\"message\":\"Credential should be scoped to a valid region, not 'eu-west-1'. \"}", "InvalidSignatureException", ApiErrorIds.SignatureMismatch)]
    [InlineData(403, "{\"message\":\"Credential should be scoped to correct service: 'execute-api'. \"}", "InvalidSignatureException", ApiErrorIds.SignatureMismatch)]
    [InlineData(403, "{\"message\":\"Authorization header requires 'Signature' parameter.\"}", "IncompleteSignatureException", ApiErrorIds.SignatureMismatch)]
    [InlineData(403, "{\"message\":\"User: arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/s is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items because no identity-based policy allows the execute-api:Invoke action\"}", "AccessDeniedException", ApiErrorIds.NotAuthorized)]
    [InlineData(403, "{\"message\":\"Forbidden\"}", "AccessDeniedException", ApiErrorIds.NotAuthorized)]
    [InlineData(403, "{\"message\":\"Forbidden\"}", null, ApiErrorIds.NotAuthorized)]
    [InlineData(404, "{\"message\":\"Not Found\"}", null, ApiErrorIds.NotFound)]
    [InlineData(429, "{\"message\":\"Too Many Requests\"}", "TooManyRequestsException", ApiErrorIds.Throttled)]
    [InlineData(500, "{\"message\":\"Internal Server Error\"}", null, ApiErrorIds.ServerError)]
    [InlineData(502, "{\"message\":\"Bad Gateway\"}", null, ApiErrorIds.ServerError)]
    [InlineData(503, "{\"message\":\"Service Unavailable\"}", null, ApiErrorIds.ServerError)]
    [InlineData(504, "{\"message\":\"Endpoint request timed out\"}", null, ApiErrorIds.ServerError)]
    [InlineData(400, "{\"message\":\"Bad request\"}", null, ApiErrorIds.HttpError)]
    [InlineData(401, "{\"message\":\"Unauthorized\"}", null, ApiErrorIds.HttpError)]
    public async Task Each_answer_gets_its_ErrorId_and_a_recommended_action(int status, string body, string? errorType, string expected)
    {
        var error = await Diagnose((HttpStatusCode)status, body, errorType);

        Assert.Equal(expected, error.ErrorId);
        Assert.Equal(expected, error.Diagnosis.ErrorId);
        Assert.False(string.IsNullOrWhiteSpace(error.RecommendedAction));
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(body, error.ResponseBody);
        Assert.NotNull(error.Diagnosis.RequestId);
    }

    [Fact]
    public async Task The_error_type_header_tail_is_ignored()
    {
        var error = await Diagnose(HttpStatusCode.Forbidden, "{\"message\":\"x\"}", "ExpiredTokenException:http://internal.amazon.com/coral/com.amazon.coral.service/");

        Assert.Equal(ApiErrorIds.ExpiredToken, error.ErrorId);
        Assert.Equal("ExpiredTokenException", error.Diagnosis.ErrorType);
    }

    [Fact]
    public async Task MissingAuthenticationToken_explains_that_no_signature_arrived_or_the_route_is_not_IAM()
    {
        var error = await Diagnose(HttpStatusCode.Forbidden, "{\"message\":\"Missing Authentication Token\"}", "MissingAuthenticationTokenException");

        Assert.Equal(Core.FailureKind.AuthenticationError, error.Kind);
        Assert.Contains("saw no SigV4 signature", error.Message);
        Assert.Contains("IAM authorization", error.RecommendedAction);
        Assert.Contains("proxy", error.RecommendedAction);
    }

    [Fact]
    public async Task NotAuthorized_names_the_invoke_ARN_the_server_evaluated_and_the_role()
    {
        const string arn = "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items";
        var error = await Diagnose(
            HttpStatusCode.Forbidden,
            Responses.Json("User: arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/s1 is not authorized to perform: execute-api:Invoke on resource: " + arn + " because no identity-based policy allows the execute-api:Invoke action"),
            "AccessDeniedException");

        Assert.Equal(Core.FailureKind.PermissionDenied, error.Kind);
        Assert.Equal(arn, error.Diagnosis.InvokeArn);
        Assert.Null(error.Diagnosis.StageReading);
        Assert.Equal(DenialReason.NoIdentityPolicy, error.Diagnosis.DenialReason);
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/s1", error.Diagnosis.CallerArn);
        Assert.Contains("Allow execute-api:Invoke on " + arn, error.RecommendedAction);
        Assert.Contains("role CrossAccountInvoker (account 111111111111)", error.RecommendedAction);
        Assert.Equal(arn, error.Response!.InvokeArn);
    }

    [Fact]
    public async Task NotAuthorized_by_an_explicit_deny_says_to_find_the_Deny()
    {
        const string arn = "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/admin/report";
        var error = await Diagnose(
            HttpStatusCode.Forbidden,
            Responses.Json("User: arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/s1 is not authorized to perform: execute-api:Invoke on resource: " + arn + " with an explicit deny in an identity-based policy"),
            "AccessDeniedException",
            "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/admin/report");

        Assert.Equal(DenialReason.ExplicitDeny, error.Diagnosis.DenialReason);
        Assert.Contains("A Deny statement matches " + arn, error.RecommendedAction);
        Assert.Contains("with an explicit deny", error.Message);
    }

    [Fact]
    public async Task NotAuthorized_for_a_caller_from_another_account_says_to_assume_a_role_in_the_APIs_account()
    {
        const string arn = "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items";
        var error = await Diagnose(
            HttpStatusCode.Forbidden,
            Responses.Json("User: arn:aws:iam::222222222222:user/ops-engineer is not authorized to perform: execute-api:Invoke on resource: " + arn + " because no resource-based policy allows the execute-api:Invoke action"),
            "AccessDeniedException");

        Assert.Equal(DenialReason.NoResourcePolicy, error.Diagnosis.DenialReason);
        Assert.Contains("HTTP APIs have no resource policies", error.RecommendedAction);
        Assert.Contains("(111111111111)", error.RecommendedAction);
        Assert.Contains("Get-AssumedRoleCredential -RoleArn", error.RecommendedAction);
    }

    [Fact]
    public async Task A_bare_Forbidden_names_the_one_reading_of_the_URL_and_how_the_stage_was_read()
    {
        var error = await Diagnose(HttpStatusCode.Forbidden, "{\"message\":\"Forbidden\"}", "AccessDeniedException");

        Assert.Equal("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/prod/items", error.Diagnosis.InvokeArn);
        Assert.Contains("'prod' is a stage", error.Diagnosis.StageReading);
        Assert.Contains("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/prod/items", error.RecommendedAction);
        Assert.Contains("{@Stage} prod", error.RecommendedActionTemplate);
        Assert.Contains("WAF", error.RecommendedAction);
    }

    [Fact]
    public async Task A_known_stage_makes_the_invoke_ARN_exact()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.Forbidden, "{\"message\":\"Forbidden\"}", "AccessDeniedException");

        var response = await fixture.SendAsync(new ApiRequest(new Uri(ApiUrl)) { Stage = "prod" });

        Assert.Equal("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items", response.ToException().Diagnosis.InvokeArn);
    }

    [Fact]
    public async Task InvalidToken_for_a_temporary_key_without_its_token_says_the_token_is_missing()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.Forbidden, Responses.Json("The security token included in the request is invalid."), "UnrecognizedClientException");
        var credential = new Core.Credentials.AwsCredential(new Core.Credentials.CredentialKeys("ASIANOTOKEN000000001", "secret-secret-secret"), Core.Credentials.CredentialSource.Object, clock: fixture.Clock);

        var response = await fixture.SendAsync(PipelineFixture.Get(), credential);

        Assert.Contains("no session token was sent", response.ToException().RecommendedAction);
    }

    [Fact]
    public async Task A_wrong_region_scope_says_to_pass_Region()
    {
        var error = await Diagnose(HttpStatusCode.Forbidden, Responses.Json("Credential should be scoped to a valid region, not 'us-east-1'. "), "InvalidSignatureException");

        Assert.Contains("-Region", error.RecommendedAction);
        Assert.Contains("us-east-1 (from the host name)", error.RecommendedAction);
    }

    [Fact]
    public async Task NotFound_says_to_check_stage_and_path_and_that_it_is_not_about_permissions()
    {
        var error = await Diagnose(HttpStatusCode.NotFound, "{\"message\":\"Not Found\"}", null);

        Assert.Equal(Core.FailureKind.ObjectNotFound, error.Kind);
        Assert.Contains("$default stage has none", error.RecommendedAction);
        Assert.Contains("not a permissions problem", error.RecommendedAction);
    }

    [Fact]
    public async Task A_401_points_at_a_JWT_or_Lambda_authorizer()
    {
        var error = await Diagnose(HttpStatusCode.Unauthorized, "{\"message\":\"Unauthorized\"}", null);

        Assert.Contains("JWT or Lambda authorizer", error.RecommendedAction);
    }

    [Fact]
    public async Task A_plain_text_error_body_is_the_server_message()
    {
        var error = await Diagnose(HttpStatusCode.BadRequest, "bad input, line 3", null);

        Assert.Equal("bad input, line 3", error.Diagnosis.ServerMessage);
        Assert.Contains("bad input, line 3", error.Message);
    }
}
