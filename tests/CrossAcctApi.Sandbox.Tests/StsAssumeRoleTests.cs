using System.Net;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using CrossAcctApi.Sandbox.Tests.Infrastructure;

namespace CrossAcctApi.Sandbox.Tests;

/// <summary>STS AssumeRole through the AWS SDK for .NET's own client: every success and failure of the seed scenario.</summary>
public sealed class StsAssumeRoleTests : IClassFixture<SandboxFixture>
{
    // Not a constant, so the SDK's analyzer does not reject it at compile time; the sandbox must.
    private static readonly int TooShortDuration = int.Parse("10");
    private readonly SandboxFixture _fixture;

    public StsAssumeRoleTests(SandboxFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.Reset();
    }

    [Fact]
    public async Task CrossAccountInvoker_is_assumed_with_AWS_shaped_credentials()
    {
        using var client = StsClients.For(_fixture.Server, Seed.OpsEngineer);
        var before = DateTime.UtcNow;

        var response = await client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = Seed.CrossAccountInvoker, RoleSessionName = "invoker-1" });

        Assert.Equal(HttpStatusCode.OK, response.HttpStatusCode);
        Assert.Matches("^ASIA[A-Z2-7]{16}$", response.Credentials.AccessKeyId);
        Assert.Equal(40, response.Credentials.SecretAccessKey.Length);
        Assert.True(response.Credentials.SessionToken.Length > 100);
        var expiration = response.Credentials.Expiration!.Value.ToUniversalTime();
        Assert.InRange(expiration, before.AddSeconds(3600 - 5), DateTime.UtcNow.AddSeconds(3600 + 5));
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/invoker-1", response.AssumedRoleUser.Arn);
        Assert.Matches("^AROA[A-Z2-7]{17}:invoker-1$", response.AssumedRoleUser.AssumedRoleId);
        Assert.False(string.IsNullOrEmpty(response.ResponseMetadata.RequestId));
#pragma warning disable CS0618 // PackedPolicySize is what STS documents for AssumeRole responses.
        Assert.Null(response.PackedPolicySize);
#pragma warning restore CS0618
    }

    [Fact]
    public async Task DurationSeconds_sets_the_expiration()
    {
        using var client = StsClients.For(_fixture.Server, Seed.OpsEngineer);
        var response = await client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = Seed.CrossAccountInvoker, RoleSessionName = "short", DurationSeconds = 900 });
        Assert.InRange(response.Credentials.Expiration!.Value.ToUniversalTime(), DateTime.UtcNow.AddSeconds(890), DateTime.UtcNow.AddSeconds(905));
    }

    [Fact]
    public async Task Each_session_gets_its_own_keys()
    {
        var first = await StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker, "same-name");
        var second = await StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker, "same-name");
        Assert.NotEqual(first.AccessKeyId, second.AccessKeyId);
        Assert.NotEqual(first.SecretAccessKey, second.SecretAccessKey);
        Assert.NotEqual(first.SessionToken, second.SessionToken);
    }

    [Fact]
    public async Task AuditReader_needs_the_external_id()
    {
        var session = await StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.AuditReader, "audit", r => r.ExternalId = Seed.AuditExternalId);
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/AuditReader/audit", session.Arn);

        var withoutId = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.AuditReader, "audit"));
        AssertAccessDenied(withoutId, Seed.OpsEngineer.Arn, Seed.AuditReader);

        var wrongId = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.AuditReader, "audit", r => r.ExternalId = "audit-2025"));
        AssertAccessDenied(wrongId, Seed.OpsEngineer.Arn, Seed.AuditReader);
    }

    [Fact]
    public async Task MfaOperator_needs_a_valid_MFA_code()
    {
        var session = await StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.MfaOperator, "mfa", r =>
        {
            r.SerialNumber = Seed.MfaDevice;
            r.TokenCode = Seed.MfaCode;
        });
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/MfaOperator/mfa", session.Arn);

        var withoutMfa = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.MfaOperator, "mfa"));
        AssertAccessDenied(withoutMfa, Seed.OpsEngineer.Arn, Seed.MfaOperator);

        var wrongCode = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.MfaOperator, "mfa", r =>
        {
            r.SerialNumber = Seed.MfaDevice;
            r.TokenCode = "654321";
        }));
        Assert.Equal("AccessDenied", wrongCode.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongCode.StatusCode);
        Assert.StartsWith("MultiFactorAuthentication failed with invalid MFA one time pass code.", wrongCode.Message);

        var wrongDevice = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.MfaOperator, "mfa", r =>
        {
            r.SerialNumber = "arn:aws:iam::222222222222:mfa/someone-else";
            r.TokenCode = Seed.MfaCode;
        }));
        Assert.Equal("AccessDenied", wrongDevice.ErrorCode);
        Assert.StartsWith("MultiFactorAuthentication failed, unable to validate MFA code.", wrongDevice.Message);
    }

    [Fact]
    public async Task A_user_without_an_AssumeRole_policy_is_denied()
    {
        var error = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, Seed.NoAssume, Seed.CrossAccountInvoker));
        AssertAccessDenied(error, Seed.NoAssume.Arn, Seed.CrossAccountInvoker);
    }

    [Fact]
    public async Task An_account_the_trust_policy_does_not_name_is_denied()
    {
        var error = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, Seed.Outsider, Seed.CrossAccountInvoker));
        AssertAccessDenied(error, Seed.Outsider.Arn, Seed.CrossAccountInvoker);
    }

    [Fact]
    public async Task A_missing_role_looks_like_a_denial()
    {
        const string missing = "arn:aws:iam::111111111111:role/DoesNotExist";
        var error = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, missing));
        AssertAccessDenied(error, Seed.OpsEngineer.Arn, missing);
    }

    [Theory]
    [InlineData(899, "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900")]
    [InlineData(43201, "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200")]
    [InlineData(7200, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")]
    public async Task A_duration_out_of_range_is_a_ValidationError(int seconds, string message)
    {
        var error = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker, "duration", r => r.DurationSeconds = seconds));
        AssertValidationError(error, message);
    }

    [Theory]
    [InlineData("a", "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2")]
    [InlineData("has space", @"1 validation error detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*")]
    public async Task A_bad_session_name_is_a_ValidationError(string sessionName, string message)
    {
        var error = await StsClients.FailsAsync(() => StsClients.AssumeRoleWithNameAsync(_fixture.Server, sessionName));
        AssertValidationError(error, message);
    }

    [Fact]
    public async Task A_session_name_of_65_characters_is_a_ValidationError()
    {
        var name = new string('n', 65);
        var error = await StsClients.FailsAsync(() => StsClients.AssumeRoleWithNameAsync(_fixture.Server, name));
        AssertValidationError(error, $"1 validation error detected: Value '{name}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64");
    }

    [Theory]
    [InlineData("arn:aws:iam::111111111111:user/CrossAccountInvoker", "Request ARN is invalid")]
    [InlineData("arn:aws:iam::11111:role/CrossAccountInvoker", "Request ARN is invalid")]
    [InlineData("not-an-arn-at-all-but-long", "Request ARN is invalid")]
    [InlineData("role/Short", "1 validation error detected: Value 'role/Short' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20")]
    public async Task A_malformed_role_ARN_is_a_ValidationError(string roleArn, string message)
    {
        var error = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, roleArn));
        AssertValidationError(error, message);
    }

    [Fact]
    public async Task Several_bad_parameters_are_reported_together()
    {
        var error = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker, "x", r => r.DurationSeconds = TooShortDuration));
        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.StartsWith("2 validation errors detected: ", error.Message);
        Assert.Contains("'roleSessionName'", error.Message);
        Assert.Contains("'durationSeconds'", error.Message);
    }

    [Fact]
    public async Task Session_tags_need_sts_TagSession()
    {
        var error = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker, "tags",
            r => r.Tags = new List<Tag> { new() { Key = "team", Value = "ops" } }));
        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal($"User: {Seed.OpsEngineer.Arn} is not authorized to perform: sts:TagSession on resource: {Seed.CrossAccountInvoker}", error.Message);
    }

    [Fact]
    public async Task A_malformed_session_policy_is_refused()
    {
        var error = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker, "policy", r => r.Policy = "{\"Statement\": 42}"));
        Assert.Equal("MalformedPolicyDocument", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task A_session_policy_is_accepted_and_its_size_reported()
    {
        using var client = StsClients.For(_fixture.Server, Seed.OpsEngineer);
        var response = await client.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = Seed.CrossAccountInvoker,
            RoleSessionName = "scoped",
            Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}]}""",
        });
#pragma warning disable CS0618 // PackedPolicySize is what STS documents for AssumeRole responses.
        Assert.InRange(response.PackedPolicySize!.Value, 1, 100);
#pragma warning restore CS0618
    }

    [Fact]
    public async Task A_role_session_cannot_assume_a_role_that_trusts_only_account_B()
    {
        var session = await StsClients.AssumeAsync(_fixture.Server, Seed.OpsEngineer, Seed.CrossAccountInvoker, "chain");
        var error = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, session, Seed.AuditReader, "chained", r => r.ExternalId = Seed.AuditExternalId));
        AssertAccessDenied(error, session.Arn, Seed.AuditReader);
    }

    internal static void AssertAccessDenied(AmazonSecurityTokenServiceException error, string callerArn, string roleArn)
    {
        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(Amazon.Runtime.ErrorType.Sender, error.ErrorType);
        Assert.Equal($"User: {callerArn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", error.Message);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
    }

    private static void AssertValidationError(AmazonSecurityTokenServiceException error, string message)
    {
        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(message, error.Message);
    }
}
