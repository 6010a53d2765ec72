using CrossAcctApi.Core.Arns;
using Xunit;

namespace CrossAcctApi.Core.Tests.Arns;

public class ArnTests
{
    [Theory]
    [InlineData("arn:aws:iam::111111111111:role/CrossAccountInvoker", "aws", "iam", "", "111111111111", "role/CrossAccountInvoker")]
    [InlineData("arn:aws:s3:::my-bucket/key:with:colons", "aws", "s3", "", "", "my-bucket/key:with:colons")]
    [InlineData("arn:aws-cn:execute-api:cn-north-1:123456789012:abc/prod/GET/", "aws-cn", "execute-api", "cn-north-1", "123456789012", "abc/prod/GET/")]
    [InlineData("arn:aws:iam::aws:policy/ReadOnlyAccess", "aws", "iam", "", "aws", "policy/ReadOnlyAccess")]
    [InlineData("arn:aws-us-gov:sts::123456789012:assumed-role/R/s", "aws-us-gov", "sts", "", "123456789012", "assumed-role/R/s")]
    [InlineData("arn:aws-eusc:lambda:eusc-de-east-1:123456789012:function:f", "aws-eusc", "lambda", "eusc-de-east-1", "123456789012", "function:f")]
    public void Parses_the_six_parts(string text, string partition, string service, string region, string account, string resource)
    {
        Arn arn = Arn.Parse(text);

        Assert.Equal(partition, arn.Partition);
        Assert.Equal(service, arn.Service);
        Assert.Equal(region, arn.Region);
        Assert.Equal(account, arn.AccountId);
        Assert.Equal(resource, arn.Resource);
        Assert.Equal(text, arn.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("arn:aws:iam::111111111111", "six")]
    [InlineData("urn:aws:iam::111111111111:role/x", "start with 'arn:'")]
    [InlineData("ARN:aws:iam::111111111111:role/x", "start with 'arn:'")]
    [InlineData("arn:amazon:iam::111111111111:role/x", "not an AWS partition")]
    [InlineData("arn:AWS:iam::111111111111:role/x", "not an AWS partition")]
    [InlineData("arn::iam::111111111111:role/x", "not an AWS partition")]
    [InlineData("arn:aws:IAM::111111111111:role/x", "service namespace")]
    [InlineData("arn:aws:iam::11111111111:role/x", "12 digits")]
    [InlineData("arn:aws:iam::1111111111111:role/x", "12 digits")]
    [InlineData("arn:aws:iam::11111111111a:role/x", "12 digits")]
    [InlineData("arn:aws:iam::111111111111:", "resource part is empty")]
    [InlineData("arn:aws:execute-api:useast1:111111111111:x", "region name")]
    public void Rejects_malformed_arns_with_a_reason(string text, string expectedInMessage)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => Arn.Parse(text));

        Assert.Equal("InvalidArn", error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.Contains(expectedInMessage, error.Message);
        Assert.NotNull(error.RecommendedAction);
        Assert.False(Arn.TryParse(text, out Arn? parsed));
        Assert.Null(parsed);
    }

    [Fact]
    public void Rejects_null_and_overlong_values()
    {
        Assert.False(Arn.TryParse(null, out _));
        Assert.Throws<CrossAcctApiException>(() => Arn.Parse(null!));
        string tooLong = "arn:aws:s3:::" + new string('b', Arn.MaxLength);
        Assert.Contains("maximum", Assert.Throws<CrossAcctApiException>(() => Arn.Parse(tooLong)).Message);
    }

    [Fact]
    public void Rejects_control_characters_in_the_resource()
    {
        Assert.False(Arn.TryParse("arn:aws:s3:::bucket/a\nb", out _));
    }

    [Fact]
    public void Equality_is_ordinal_on_the_text()
    {
        Assert.Equal(Arn.Parse("arn:aws:s3:::b"), Arn.Parse("arn:aws:s3:::b"));
        Assert.NotEqual(Arn.Parse("arn:aws:s3:::b"), Arn.Parse("arn:aws:s3:::B"));
        Assert.Equal(Arn.Parse("arn:aws:s3:::b").GetHashCode(), new Arn("aws", "s3", "", "", "b").GetHashCode());
    }

    [Fact]
    public void Constructor_validates_parts()
    {
        Assert.Throws<CrossAcctApiException>(() => new Arn("aws", "s3", "", "12", "b"));
        Assert.Throws<ArgumentNullException>(() => new Arn("aws", null!, "", "", "b"));
    }
}
