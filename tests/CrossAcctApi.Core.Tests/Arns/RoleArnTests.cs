using CrossAcctApi.Core.Arns;
using Xunit;

namespace CrossAcctApi.Core.Tests.Arns;

public class RoleArnTests
{
    [Theory]
    [InlineData("arn:aws:iam::111111111111:role/CrossAccountInvoker", "aws", "/", "CrossAccountInvoker")]
    [InlineData("arn:aws:iam::111111111111:role/service-role/deploy/Builder", "aws", "/service-role/deploy/", "Builder")]
    [InlineData("arn:aws-cn:iam::123456789012:role/a+b=c,d.e@f_g-h", "aws-cn", "/", "a+b=c,d.e@f_g-h")]
    [InlineData("arn:aws-us-gov:iam::123456789012:role/x", "aws-us-gov", "/", "x")]
    public void Parses_role_arns(string text, string partition, string path, string name)
    {
        RoleArn role = RoleArn.Parse(text);

        Assert.Equal(partition, role.Partition);
        Assert.Equal(path, role.Path);
        Assert.Equal(name, role.RoleName);
        Assert.Equal(text, role.Arn);
        Assert.Equal(text, role.ToString());
        Assert.Equal(text, role.ToArn().ToString());
    }

    [Fact]
    public void Role_name_of_64_characters_is_accepted_and_65_rejected()
    {
        string name64 = new string('r', 64);
        Assert.Equal(name64, RoleArn.Parse("arn:aws:iam::111111111111:role/" + name64).RoleName);

        var error = Assert.Throws<CrossAcctApiException>(() => RoleArn.Parse("arn:aws:iam::111111111111:role/" + name64 + "r"));
        Assert.Equal("InvalidRoleArn", error.ErrorId);
        Assert.Contains("65 characters", error.Message);
    }

    [Theory]
    [InlineData("arn:aws:iam::11111111111:role/x", "12 digits")]
    [InlineData("arn:aws:iam::aws:role/x", "12 digits")]
    [InlineData("arn:aws:iam:us-east-1:111111111111:role/x", "no region")]
    [InlineData("arn:aws:sts::111111111111:role/x", "service")]
    [InlineData("arn:aws:iam::111111111111:user/x", "'role/'")]
    [InlineData("arn:aws:iam::111111111111:role/", "role name is empty")]
    [InlineData("arn:aws:iam::111111111111:role/path/", "role name is empty")]
    [InlineData("arn:aws:iam::111111111111:role/bad name", "may contain only")]
    [InlineData("arn:aws:iam::111111111111:role/rôle", "may contain only")]
    [InlineData("arn:aws:iam::111111111111:role/a//b", "empty segment")]
    [InlineData("arn:aws:iam::111111111111:role/p ath/b", "printable ASCII")]
    [InlineData("arn:aws-mars:iam::111111111111:role/x", "partition")]
    [InlineData("role/x", "six")]
    public void Rejects_invalid_role_arns(string text, string expected)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => RoleArn.Parse(text));

        Assert.Equal("InvalidRoleArn", error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.Contains(expected, error.Message);
        Assert.False(RoleArn.TryParse(text, out _));
    }

    [Fact]
    public void Path_longer_than_512_is_rejected()
    {
        string path = "/" + new string('p', 511) + "/";
        Assert.False(RoleArn.TryParse("arn:aws:iam::111111111111:role" + path + "x", out _));
        string ok = "/" + new string('p', 510) + "/";
        Assert.True(RoleArn.TryParse("arn:aws:iam::111111111111:role" + ok + "x", out _));
    }

    [Fact]
    public void Constructor_builds_and_validates()
    {
        var role = new RoleArn("aws", "111111111111", "", "Invoker");
        Assert.Equal("arn:aws:iam::111111111111:role/Invoker", role.Arn);
        Assert.Equal("/", role.Path);

        Assert.Equal("arn:aws:iam::111111111111:role/team/Invoker", new RoleArn("aws", "111111111111", "/team/", "Invoker").Arn);
        Assert.Throws<CrossAcctApiException>(() => new RoleArn("aws", "111", "/", "Invoker"));
    }

    [Fact]
    public void Equality_is_on_the_full_arn()
    {
        Assert.Equal(RoleArn.Parse("arn:aws:iam::111111111111:role/a/X"), RoleArn.Parse("arn:aws:iam::111111111111:role/a/X"));
        Assert.NotEqual(RoleArn.Parse("arn:aws:iam::111111111111:role/a/X"), RoleArn.Parse("arn:aws:iam::111111111111:role/X"));
    }
}
