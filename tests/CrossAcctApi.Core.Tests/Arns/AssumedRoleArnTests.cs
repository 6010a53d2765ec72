using CrossAcctApi.Core.Arns;
using Xunit;

namespace CrossAcctApi.Core.Tests.Arns;

public class AssumedRoleArnTests
{
    [Fact]
    public void Parses_a_session_arn()
    {
        AssumedRoleArn session = AssumedRoleArn.Parse("arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/ci@run.1");

        Assert.Equal("aws", session.Partition);
        Assert.Equal("111111111111", session.AccountId);
        Assert.Equal("CrossAccountInvoker", session.RoleName);
        Assert.Equal("ci@run.1", session.SessionName);
        Assert.Equal("arn:aws:iam::111111111111:role/CrossAccountInvoker", session.RoleArn.Arn);
        Assert.Equal("/", session.RoleArn.Path);
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/CrossAccountInvoker/ci@run.1", session.ToString());
    }

    [Fact]
    public void Create_builds_and_validates()
    {
        Assert.Equal("arn:aws-cn:sts::123456789012:assumed-role/R/s1", AssumedRoleArn.Create("aws-cn", "123456789012", "R", "s1").Arn);
        Assert.Throws<CrossAcctApiException>(() => AssumedRoleArn.Create("aws", "123456789012", "R", "s"));
    }

    [Theory]
    [InlineData("arn:aws:iam::111111111111:assumed-role/R/s1", "service")]
    [InlineData("arn:aws:sts:us-east-1:111111111111:assumed-role/R/s1", "no region")]
    [InlineData("arn:aws:sts::11111111111:assumed-role/R/s1", "12 digits")]
    [InlineData("arn:aws:sts::111111111111:assumed-role/R", "assumed-role/<role-name>/<session-name>")]
    [InlineData("arn:aws:sts::111111111111:assumed-role/path/R/s1", "assumed-role/<role-name>/<session-name>")]
    [InlineData("arn:aws:sts::111111111111:federated-user/bob", "assumed-role/<role-name>/<session-name>")]
    [InlineData("arn:aws:sts::111111111111:assumed-role/R/s", "2 to 64")]
    [InlineData("arn:aws:sts::111111111111:assumed-role/R/has space", "may contain only")]
    public void Rejects_invalid_session_arns(string text, string expected)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => AssumedRoleArn.Parse(text));

        Assert.Equal("InvalidAssumedRoleArn", error.ErrorId);
        Assert.Contains(expected, error.Message);
        Assert.False(AssumedRoleArn.TryParse(text, out _));
    }

    [Fact]
    public void Session_name_of_64_is_accepted_and_65_rejected()
    {
        Assert.True(AssumedRoleArn.TryParse("arn:aws:sts::111111111111:assumed-role/R/" + new string('s', 64), out _));
        Assert.False(AssumedRoleArn.TryParse("arn:aws:sts::111111111111:assumed-role/R/" + new string('s', 65), out _));
    }
}
