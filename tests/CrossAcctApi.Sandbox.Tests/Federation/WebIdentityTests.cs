using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.SecurityToken.Model;
using CrossAcctApi.Sandbox.Federation.Oidc;
using CrossAcctApi.Sandbox.Tests.Infrastructure;

namespace CrossAcctApi.Sandbox.Tests.Federation;

/// <summary>AssumeRoleWithWebIdentity through the AWS SDK for .NET's STS client, with tokens the sandbox's provider mints.</summary>
public sealed class WebIdentityTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxFixture _fixture;

    public WebIdentityTests(SandboxFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.Reset();
    }

    private Task<string> MintAsync(string claims) => FederationCalls.MintAsync(_fixture.Server, claims);

    private async Task<Amazon.SecurityToken.AmazonSecurityTokenServiceException> RefusedAsync(string token, string roleArn = FederationCalls.CiDeployer) =>
        await StsClients.FailsAsync(() => FederationCalls.AssumeWithTokenAsync(_fixture.Server, token, roleArn));

    [Fact]
    public async Task A_CI_token_with_the_trusted_subject_gets_a_session_with_subject_audience_and_provider()
    {
        var token = await MintAsync($$"""{"sub": "{{FederationCalls.AllowedSubject}}"}""");

        var response = await FederationCalls.AssumeWithTokenAsync(_fixture.Server, token);

        Assert.Equal("arn:aws:sts::222222222222:assumed-role/CiDeployer/ci-job", response.AssumedRoleUser.Arn);
        Assert.Equal(FederationCalls.AllowedSubject, response.SubjectFromWebIdentityToken);
        Assert.Equal("sts.amazonaws.com", response.Audience);
        Assert.Equal(FederationCalls.ProviderArn, response.Provider);
        Assert.Matches("^ASIA[A-Z2-7]{16}$", response.Credentials.AccessKeyId);
        Assert.InRange(response.Credentials.Expiration!.Value.ToUniversalTime(), DateTime.UtcNow.AddSeconds(3590), DateTime.UtcNow.AddSeconds(3605));

        using var sts = StsClients.For(_fixture.Server, FederationCalls.Key(response.Credentials, response.AssumedRoleUser.Arn));
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal(response.AssumedRoleUser.Arn, identity.Arn);
        Assert.Equal(2, _fixture.Server.Stats.Sts.Total);
    }

    [Theory]
    [InlineData("repo:other/items:ref:refs/heads/main")]
    [InlineData("repo:acme/itemsX:ref:refs/heads/main")]
    public async Task The_trust_policy_refuses_another_subject(string subject)
    {
        var refused = await RefusedAsync(await MintAsync($$"""{"sub": "{{subject}}"}"""));
        Assert.Equal("AccessDenied", refused.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Not authorized to perform sts:AssumeRoleWithWebIdentity", refused.Message);
    }

    [Fact]
    public async Task A_role_without_a_federated_trust_or_an_unknown_role_is_the_same_refusal()
    {
        var token = await MintAsync($$"""{"sub": "{{FederationCalls.AllowedSubject}}"}""");
        Assert.Equal("Not authorized to perform sts:AssumeRoleWithWebIdentity", (await RefusedAsync(token, "arn:aws:iam::222222222222:role/ItemsTaskRole")).Message);
        Assert.Equal("Not authorized to perform sts:AssumeRoleWithWebIdentity", (await RefusedAsync(token, "arn:aws:iam::222222222222:role/NoSuchRole")).Message);
    }

    [Fact]
    public async Task The_audience_must_be_a_client_id_of_the_provider()
    {
        var wrong = await RefusedAsync(await MintAsync($$"""{"sub": "{{FederationCalls.AllowedSubject}}", "aud": "sigstore"}"""));
        Assert.Equal("InvalidIdentityToken", wrong.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("Incorrect token audience", wrong.Message);

        var missing = await RefusedAsync(await MintAsync($$"""{"sub": "{{FederationCalls.AllowedSubject}}", "aud": []}"""));
        Assert.Equal("Missing a required claim: aud", missing.Message);

        var inList = await FederationCalls.AssumeWithTokenAsync(_fixture.Server, await MintAsync($$"""{"sub": "{{FederationCalls.AllowedSubject}}", "aud": ["sigstore", "sts.amazonaws.com"]}"""));
        Assert.Equal("sts.amazonaws.com", inList.Audience);
    }

    [Fact]
    public async Task An_issuer_with_no_provider_in_the_role_account_is_named()
    {
        // Account A has no OIDC provider: the same token for a role there finds none.
        var token = await MintAsync($$"""{"sub": "{{FederationCalls.AllowedSubject}}"}""");
        var refused = await RefusedAsync(token, Seed.CrossAccountInvoker);
        Assert.Equal("InvalidIdentityToken", refused.ErrorCode);
        Assert.Equal("No OpenIDConnect provider found in your account for https://token.ci.example.com", refused.Message);
    }

    [Fact]
    public async Task Expiry_is_checked_with_five_minutes_of_clock_skew_on_the_sandbox_clock()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var withinSkew = await MintAsync($$"""{"sub": "{{FederationCalls.AllowedSubject}}", "exp": {{now - 200}}, "iat": {{now - 900}}}""");
        await FederationCalls.AssumeWithTokenAsync(_fixture.Server, withinSkew);

        var expired = await RefusedAsync(await MintAsync($$"""{"sub": "{{FederationCalls.AllowedSubject}}", "exp": {{now - 400}}, "iat": {{now - 900}}}"""));
        Assert.Equal("ExpiredTokenException", expired.ErrorCode);
        Assert.Matches($"^Token expired: current date/time \\d+ must be before the expiration date/time {now - 400}$", expired.Message);

        // A fresh token is expired for a sandbox clock two hours ahead.
        var fresh = await MintAsync($$"""{"sub": "{{FederationCalls.AllowedSubject}}", "exp": {{now + 3600}}}""");
        _fixture.Server.Clock.Offset = TimeSpan.FromHours(2);
        Assert.Equal("ExpiredTokenException", (await RefusedAsync(fresh)).ErrorCode);
    }

    [Fact]
    public async Task A_token_not_valid_yet_or_with_fractional_times_is_invalid()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var notYet = await RefusedAsync(await MintAsync($$"""{"sub": "{{FederationCalls.AllowedSubject}}", "nbf": {{now + 600}}}"""));
        Assert.Equal("InvalidIdentityToken", notYet.ErrorCode);
        Assert.Equal(WebIdentityToken.NotValidatedMessage, notYet.Message);

        var fractional = await RefusedAsync(await MintAsync($$$"""{"sub": "{{{FederationCalls.AllowedSubject}}}", "claims": {"exp": {{{now + 600}}}.5}}"""));
        Assert.Equal(WebIdentityToken.NotValidatedMessage, fractional.Message);
    }

    [Fact]
    public async Task A_changed_payload_or_a_foreign_key_fails_the_signature_check()
    {
        var token = await MintAsync("""{"sub": "repo:other/items:ref:refs/heads/main"}""");
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Jwt.Base64UrlDecode(parts[1])!).Replace("repo:other/items", "repo:acme/items");
        var tampered = parts[0] + "." + Jwt.Base64UrlEncode(Encoding.UTF8.GetBytes(payload)) + "." + parts[2];
        Assert.Equal(WebIdentityToken.NotValidatedMessage, (await RefusedAsync(tampered)).Message);

        using var foreign = RSA.Create(2048);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object?> { ["iss"] = FederationCalls.Issuer, ["sub"] = FederationCalls.AllowedSubject, ["aud"] = "sts.amazonaws.com", ["iat"] = now, ["exp"] = now + 600 };
        var keyId = (await ApiCaller.GetAsync(FederationCalls.Control(_fixture.Server, "oidc/providers"), key: null)).Json[0].GetProperty("keyId").GetString()!;
        Assert.Equal(WebIdentityToken.NotValidatedMessage, (await RefusedAsync(Jwt.Sign(foreign, keyId, claims))).Message);
        Assert.Equal(WebIdentityToken.NotValidatedMessage, (await RefusedAsync("not.a-jwt")).Message);
    }

    [Fact]
    public async Task The_exported_private_key_signs_tokens_the_sandbox_accepts()
    {
        var key = (await ApiCaller.GetAsync(FederationCalls.Control(_fixture.Server, "oidc/signing-key?issuer=" + Uri.EscapeDataString(FederationCalls.Issuer)), key: null)).Json;
        using var rsa = RSA.Create();
        rsa.ImportFromPem(key.GetProperty("privateKeyPem").GetString());
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object?> { ["iss"] = FederationCalls.Issuer, ["sub"] = "repo:acme/items:pull_request", ["aud"] = "sts.amazonaws.com", ["iat"] = now, ["exp"] = now + 600 };

        var response = await FederationCalls.AssumeWithTokenAsync(_fixture.Server, Jwt.Sign(rsa, key.GetProperty("keyId").GetString()!, claims));

        Assert.Equal("repo:acme/items:pull_request", response.SubjectFromWebIdentityToken);
    }

    [Fact]
    public async Task Chaining_from_a_web_identity_session_into_account_A_is_capped_at_one_hour()
    {
        var response = await FederationCalls.AssumeWithTokenAsync(_fixture.Server, await MintAsync($$"""{"sub": "{{FederationCalls.AllowedSubject}}"}"""));
        var ci = FederationCalls.Key(response.Credentials, response.AssumedRoleUser.Arn);

        var tooLong = await StsClients.FailsAsync(() => StsClients.AssumeAsync(_fixture.Server, ci, Seed.CrossAccountInvoker, "chained", r => r.DurationSeconds = 7200));
        Assert.Equal("ValidationError", tooLong.ErrorCode);
        Assert.Contains("1 hour session limit for roles assumed by role chaining", tooLong.Message);

        var chained = await StsClients.AssumeAsync(_fixture.Server, ci, Seed.CrossAccountInvoker, "chained", r => r.DurationSeconds = 3600);
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/chained", chained.Arn);
        var call = await ApiCaller.GetAsync(_fixture.Server.ApiUri(Seed.ApiId, "prod", "/items"), chained);
        Assert.Equal(HttpStatusCode.OK, call.Status);
    }

    [Fact]
    public async Task A_duration_over_the_role_maximum_is_a_validation_error()
    {
        var token = await MintAsync($$"""{"sub": "{{FederationCalls.AllowedSubject}}"}""");
        var refused = await StsClients.FailsAsync(() => FederationCalls.AssumeWithTokenAsync(_fixture.Server, token, durationSeconds: 7200));
        Assert.Equal("ValidationError", refused.ErrorCode);
        Assert.Equal("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", refused.Message);
    }

    [Fact]
    public async Task Each_call_is_counted_by_operation_and_outcome()
    {
        var good = await MintAsync($$"""{"sub": "{{FederationCalls.AllowedSubject}}"}""");
        await FederationCalls.AssumeWithTokenAsync(_fixture.Server, good);
        await RefusedAsync(await MintAsync("""{"sub": "someone-else"}"""));

        var stats = (await ApiCaller.GetAsync(FederationCalls.Control(_fixture.Server, "stats"), key: null)).Json.GetProperty("sts");
        Assert.Equal(2, stats.GetProperty("byOperation").GetProperty("AssumeRoleWithWebIdentity").GetInt64());
        Assert.Equal(1, stats.GetProperty("byOutcome").GetProperty("AccessDenied").GetInt64());
        Assert.Equal(1, stats.GetProperty("byOutcome").GetProperty("Success").GetInt64());
    }
}
