using Xunit;
using CrossAcctApi.Core.Requests;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Tests.Endpoints;

public class AwsRegionTests
{
    [Theory]
    [InlineData("us-east-1", "aws")]
    [InlineData("eu-central-2", "aws")]
    [InlineData("ap-southeast-7", "aws")]
    [InlineData("mx-central-1", "aws")]
    [InlineData("cn-north-1", "aws-cn")]
    [InlineData("cn-northwest-1", "aws-cn")]
    [InlineData("us-gov-west-1", "aws-us-gov")]
    [InlineData("us-iso-east-1", "aws-iso")]
    [InlineData("us-isob-east-1", "aws-iso-b")]
    [InlineData("us-isof-south-1", "aws-iso-f")]
    [InlineData("eu-isoe-west-1", "aws-iso-e")]
    [InlineData("eusc-de-east-1", "aws-eusc")]
    [InlineData("zz-unheardof-42", "aws")]
    public void Well_formed_regions_and_their_partitions(string region, string partition)
    {
        Assert.True(AwsRegion.IsWellFormed(region));
        Assert.Equal(partition, AwsRegion.GetPartition(region));
    }

    [Theory]
    [InlineData("")]
    [InlineData("us-east")]
    [InlineData("US-EAST-1")]
    [InlineData("us-east-1a")]
    [InlineData("us-east-123")]
    [InlineData("useast1")]
    [InlineData("us east 1")]
    [InlineData("us-east-1\n")]
    [InlineData(null)]
    public void Ill_formed_regions(string? region)
    {
        Assert.False(AwsRegion.IsWellFormed(region));
    }

    [Fact]
    public void Validate_throws_InvalidRegion_naming_the_origin()
    {
        var error = Assert.Throws<CrossAcctApiException>(() => AwsRegion.Validate("mars-1", "{@Region}"));

        Assert.Equal(AwsRegion.InvalidRegion, error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.Contains("'mars-1' ({@Region})", error.MessageTemplate);
    }
}
