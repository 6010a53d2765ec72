using CrossAcctApi.Core;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi.Sts.Tests;

public class AssumeRoleRequestTests
{
    [Theory]
    [InlineData("CrossAccountInvoker", "InvalidRoleArn")]
    [InlineData("arn:aws:iam::111111111111:user/bob", "InvalidRoleArn")]
    [InlineData("arn:aws:iam::11111111111:role/X", "InvalidRoleArn")]
    public void Refuses_bad_role_arns(string arn, string errorId)
    {
        var error = Samples.Catch(() => new AssumeRoleRequest(arn, "session"));
        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
    }

    [Theory]
    [InlineData(899, false)]
    [InlineData(900, true)]
    [InlineData(43200, true)]
    [InlineData(43201, false)]
    public void Checks_the_duration_range(int seconds, bool valid)
    {
        if (valid)
        {
            Assert.Equal(seconds, Samples.Request(duration: seconds).DurationSeconds);
        }
        else
        {
            Assert.Equal(StsErrorIds.InvalidDurationSeconds, Samples.Catch(() => Samples.Request(duration: seconds)).ErrorId);
        }
    }

    [Theory]
    [InlineData("a")]
    [InlineData("has space")]
    [InlineData("line\nbreak")]
    [InlineData("ünïcode")]
    public void Refuses_bad_session_names(string name) =>
        Assert.Equal(StsErrorIds.InvalidRoleSessionName, Samples.Catch(() => Samples.Request(session: name)).ErrorId);

    [Fact]
    public void Never_echoes_the_external_id()
    {
        var error = Samples.Catch(() => Samples.Request(externalId: "secret external id"));
        Assert.Equal(StsErrorIds.InvalidExternalId, error.ErrorId);
        Assert.DoesNotContain("secret external id", error.Message);
        Assert.Null(error.Target);
    }

    [Fact]
    public void Token_code_needs_a_serial_number_and_six_digits()
    {
        Assert.Equal(StsErrorIds.TokenCodeWithoutSerialNumber, Samples.Catch(() => Samples.Request(token: "123456")).ErrorId);
        Assert.Equal(StsErrorIds.InvalidTokenCode, Samples.Catch(() => Samples.Request(serial: "arn:aws:iam::222222222222:mfa/x", token: "12345")).ErrorId);
        Assert.Equal("123456", Samples.Request(serial: "arn:aws:iam::222222222222:mfa/x", token: "123456").TokenCode);
    }

    [Fact]
    public void WithTokenCode_keeps_everything_else()
    {
        var request = Samples.Request(serial: "arn:aws:iam::222222222222:mfa/x", duration: 1800, externalId: "ext-id");
        var withCode = request.WithTokenCode("654321");
        Assert.Equal("654321", withCode.TokenCode);
        Assert.Equal(request.RoleArn, withCode.RoleArn);
        Assert.Equal(1800, withCode.DurationSeconds);
        Assert.Equal("ext-id", withCode.ExternalId);
        Assert.DoesNotContain("654321", withCode.ToString());
    }

    [Fact]
    public void Compacts_and_checks_session_policies()
    {
        var request = new AssumeRoleRequest(Samples.Role, "ss", policy: "{ \"Version\": \"2012-10-17\",\n \"Statement\": [] }");
        Assert.Equal("{\"Version\":\"2012-10-17\",\"Statement\":[]}", request.Policy);
        Assert.Equal(StsErrorIds.InvalidSessionPolicy, Samples.Catch(() => new AssumeRoleRequest(Samples.Role, "ss", policy: "{ nope")).ErrorId);
        Assert.Equal(StsErrorIds.InvalidSessionPolicy, Samples.Catch(() => new AssumeRoleRequest(Samples.Role, "ss", policy: "[1]")).ErrorId);
        string huge = "{\"Statement\":[{\"Sid\":\"" + new string('a', 2100) + "\"}]}";
        Assert.Equal(StsErrorIds.InvalidSessionPolicy, Samples.Catch(() => new AssumeRoleRequest(Samples.Role, "ss", policy: huge)).ErrorId);
    }

    [Fact]
    public void Checks_tags_and_transitive_keys()
    {
        var tags = new[] { new KeyValuePair<string, string>("team", "ops"), new KeyValuePair<string, string>("project", "x") };
        var request = new AssumeRoleRequest(Samples.Role, "ss", tags: tags, transitiveTagKeys: new[] { "TEAM" });
        Assert.Equal(2, request.Tags.Count);
        Assert.Equal(StsErrorIds.InvalidTransitiveTagKey, Samples.Catch(() => new AssumeRoleRequest(Samples.Role, "ss", tags: tags, transitiveTagKeys: new[] { "other" })).ErrorId);
        var duplicate = new[] { new KeyValuePair<string, string>("Team", "a"), new KeyValuePair<string, string>("team", "b") };
        Assert.Equal(StsErrorIds.InvalidSessionTag, Samples.Catch(() => new AssumeRoleRequest(Samples.Role, "ss", tags: duplicate)).ErrorId);
        Assert.Equal(StsErrorIds.InvalidSessionTag, Samples.Catch(() => new AssumeRoleRequest(Samples.Role, "ss", tags: new[] { new KeyValuePair<string, string>("a*b", "v") })).ErrorId);
    }

    [Fact]
    public void Checks_policy_arns_and_source_identity()
    {
        Assert.Single(new AssumeRoleRequest(Samples.Role, "ss", policyArns: new[] { "arn:aws:iam::aws:policy/ReadOnlyAccess" }).PolicyArns);
        Assert.Equal(StsErrorIds.InvalidPolicyArn, Samples.Catch(() => new AssumeRoleRequest(Samples.Role, "ss", policyArns: new[] { "arn:aws:s3:::bucket" })).ErrorId);
        Assert.Equal(StsErrorIds.InvalidPolicyArn, Samples.Catch(() => new AssumeRoleRequest(Samples.Role, "ss", policyArns: Enumerable.Repeat("arn:aws:iam::aws:policy/P", 11))).ErrorId);
        Assert.Equal(StsErrorIds.InvalidSourceIdentity, Samples.Catch(() => new AssumeRoleRequest(Samples.Role, "ss", sourceIdentity: "aws:me")).ErrorId);
    }

    [Theory]
    [InlineData("jdoe", "jdoe-20260311T101500Z")]
    [InlineData("DOMAIN\\j doe", "DOMAINjdoe-20260311T101500Z")]
    [InlineData("", "CrossAcctApi-20260311T101500Z")]
    public void Default_session_names_are_readable_and_valid(string user, string expected)
    {
        string name = AssumeRoleRequest.DefaultSessionName(user, new DateTimeOffset(2026, 3, 11, 10, 15, 0, TimeSpan.Zero));
        Assert.Equal(expected, name);
        _ = Samples.Request(session: name);
    }

    [Fact]
    public void Default_session_name_of_a_long_user_name_fits_64_characters()
    {
        string name = AssumeRoleRequest.DefaultSessionName(new string('u', 100), DateTimeOffset.UnixEpoch);
        Assert.Equal(64, name.Length);
        _ = Samples.Request(session: name);
    }
}
