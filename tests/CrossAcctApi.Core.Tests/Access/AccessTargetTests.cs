using CrossAcctApi.Core.Access;
using CrossAcctApi.Core.Http;
using Xunit;

namespace CrossAcctApi.Core.Tests.Access;

/// <summary>Targets are checked, with stable ErrorIds, before anything is sent.</summary>
public class AccessTargetTests
{
    private static CrossAcctApiException Refused(AccessTargetInput input, AccessFixture fixture)
    {
        var error = Assert.ThrowsAny<CrossAcctApiException>(() => AccessTarget.Create(input, fixture.Pipeline.Client, fixture.Options, null, "tester-20250601T120000Z"));
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.False(string.IsNullOrWhiteSpace(error.RecommendedAction));
        return error;
    }

    public static TheoryData<string, string?, string?, string?, string?, string?, string?, string?> BadInput => new()
    {
        // errorId, roleArn, uri, method, expect, externalId, probe, region
        { "InvalidRoleArn", "CrossAccountInvoker", AccessFixture.Api + "/prod/items", null, null, null, null, null },
        { "InvalidRoleArn", "arn:aws:iam::111111111111:user/bob", AccessFixture.Api + "/prod/items", null, null, null, null, null },
        { "InvalidUri", AccessFixture.Invoker, "not a url", null, null, null, null, null },
        { "InvalidUri", AccessFixture.Invoker, "ftp://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items", null, null, null, null, null },
        { "InvalidUri", AccessFixture.Invoker, "", null, null, null, null, null },
        { "RegionRequired", AccessFixture.Invoker, "http://127.0.0.1:9/_aws/execute-api/a1b2c3d4e5/prod/items", null, null, null, null, null },
        { "InvalidMethod", AccessFixture.Invoker, AccessFixture.Api + "/prod/items", "GE T", null, null, null, null },
        { "InvalidExpectation", AccessFixture.Invoker, AccessFixture.Api + "/prod/items", null, "Maybe", null, null, null },
        { "InvalidExpectation", AccessFixture.Invoker, AccessFixture.Api + "/prod/items", null, "Error", null, null, null },
        { "InvalidProbe", AccessFixture.Invoker, AccessFixture.Api + "/prod/items", null, null, null, "Anonymous", null },
        { "RoleArnRequired", null, AccessFixture.Api + "/prod/items", null, null, null, null, null },
        { "RoleArnRequired", "  ", AccessFixture.Api + "/prod/items", null, null, null, "Signed", null },
        { "InvalidExternalId", AccessFixture.Auditor, AccessFixture.Api + "/prod/items", null, null, "audit 2026", null, null },
        { "InvalidRegion", AccessFixture.Invoker, "http://127.0.0.1:9/_aws/execute-api/a1b2c3d4e5/prod/items", null, null, null, null, "moon" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void Bad_input_is_refused_with_a_stable_ErrorId_and_sends_nothing(string errorId, string? roleArn, string? uri, string? method, string? expect, string? externalId, string? probe, string? region)
    {
        var fixture = new AccessFixture();
        var error = Refused(new AccessTargetInput { RoleArn = roleArn, Uri = uri, Method = method, Expect = expect, ExternalId = externalId, Probe = probe, Region = region }, fixture);

        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(0, fixture.Handler.Count);
        Assert.Equal(0, fixture.Sts.Total);
    }

    [Fact]
    public void An_external_id_is_never_echoed_in_the_refusal()
    {
        var fixture = new AccessFixture();
        var error = Refused(new AccessTargetInput { RoleArn = AccessFixture.Auditor, Uri = AccessFixture.Api + "/prod/items", ExternalId = "secret shared id" }, fixture);
        Assert.DoesNotContain("secret shared id", error.Message + error.RecommendedAction + error.Target);
    }

    [Theory]
    [InlineData(null, null, AccessOutcome.Allowed)]
    [InlineData(null, "Signed", AccessOutcome.Allowed)]
    [InlineData(null, "unsigned", AccessOutcome.Denied)]
    [InlineData("", "Unsigned", AccessOutcome.Denied)]
    [InlineData("Allowed", "Unsigned", AccessOutcome.Allowed)]
    [InlineData("allow", null, AccessOutcome.Allowed)]
    [InlineData("Deny", null, AccessOutcome.Denied)]
    [InlineData(" denied ", null, AccessOutcome.Denied)]
    public void The_expectation_defaults_by_probe_and_accepts_IAM_words(string? expect, string? probe, AccessOutcome expected)
    {
        var fixture = new AccessFixture();
        var target = AccessTarget.Create(new AccessTargetInput { RoleArn = AccessFixture.Invoker, Uri = AccessFixture.Api + "/prod/items", Expect = expect, Probe = probe }, fixture.Pipeline.Client, fixture.Options, "s-1", "default-name");
        Assert.Equal(expected, target.Expected);
    }

    [Fact]
    public void Empty_cells_count_as_not_given()
    {
        var fixture = new AccessFixture();
        var target = AccessTarget.Create(
            new AccessTargetInput { RoleArn = AccessFixture.Invoker, Uri = AccessFixture.Api + "/prod/items", Method = "", Expect = "", ExternalId = "", Stage = "", Region = "", Probe = "" },
            fixture.Pipeline.Client, fixture.Options, "s-1", "default-name");

        Assert.Equal("GET", target.Call.Method);
        Assert.Equal(AccessProbe.Signed, target.Probe);
        Assert.Null(target.Role!.ExternalId);
        Assert.Null(target.Stage);
        Assert.Equal("us-east-1", target.StsRegion);
    }

    [Fact]
    public void An_unsigned_probe_needs_no_role()
    {
        var fixture = new AccessFixture();
        var target = AccessTarget.Create(new AccessTargetInput { Uri = AccessFixture.Api + "/items", Probe = "Unsigned" }, fixture.Pipeline.Client, fixture.Options, "s-1", "default-name");
        Assert.Null(target.Role);
        Assert.False(target.NeedsRole);
        Assert.Equal("GET /items unsigned", target.Name);
    }

    [Theory]
    [InlineData("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items", "post", "prod", "POST /prod/items as CrossAccountInvoker", "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/POST/items")]
    [InlineData("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/items/7", "GET", "$default", "GET /items/7 as CrossAccountInvoker", "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/items/7")]
    [InlineData("http://127.0.0.1:9/_aws/execute-api/a1b2c3d4e5/prod/admin/report", "GET", "prod", "GET /prod/admin/report as CrossAccountInvoker", "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/admin/report")]
    public void The_target_is_named_by_method_path_and_role_and_its_invoke_ARN_is_exact_with_a_stage(string uri, string method, string stage, string name, string arn)
    {
        var fixture = new AccessFixture();
        var target = AccessTarget.Create(new AccessTargetInput { RoleArn = AccessFixture.Invoker, Uri = uri, Method = method, Stage = stage, Region = "us-east-1" }, fixture.Pipeline.Client, fixture.Options, "s-1", "default-name");

        Assert.Equal(name, target.Name);
        Assert.Equal(arn, target.InvokeArn);
        Assert.Null(target.StageReading);
    }

    [Fact]
    public void Without_a_stage_the_invoke_ARN_is_the_one_reading_of_the_URL_and_says_so()
    {
        var fixture = new AccessFixture();
        var target = fixture.Target(AccessFixture.Invoker, "/prod/items", stage: null);
        Assert.Equal("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/prod/items", target.InvokeArn);
        Assert.Contains("'prod' is a stage", target.StageReading);
    }
}
