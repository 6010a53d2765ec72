using CrossAcctApi.Core.Arns;
using Xunit;

namespace CrossAcctApi.Core.Tests.Arns;

public class AwsPartitionsTests
{
    [Theory]
    [InlineData("aws", "amazonaws.com")]
    [InlineData("aws-cn", "amazonaws.com.cn")]
    [InlineData("aws-us-gov", "amazonaws.com")]
    [InlineData("aws-iso", "c2s.ic.gov")]
    [InlineData("aws-iso-b", "sc2s.sgov.gov")]
    [InlineData("aws-iso-e", "cloud.adc-e.uk")]
    [InlineData("aws-iso-f", "csp.hci.ic.gov")]
    [InlineData("aws-eusc", "amazonaws.eu")]
    public void Knows_every_partition_and_its_dns_suffix(string partition, string suffix)
    {
        Assert.True(AwsPartitions.IsKnown(partition));
        Assert.Equal(suffix, AwsPartitions.DnsSuffix(partition));
        Assert.Contains(partition, AwsPartitions.All);
        Assert.NotEmpty(AwsPartitions.KnownRegions(partition));
        Assert.All(AwsPartitions.KnownRegions(partition), r => Assert.Equal(partition, AwsPartitions.PartitionForRegion(r)));
    }

    [Theory]
    [InlineData("AWS")]
    [InlineData("aws-xyz")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_partitions_are_not_known(string? partition)
    {
        Assert.False(AwsPartitions.IsKnown(partition));
    }

    [Fact]
    public void Dns_suffix_of_unknown_partition_throws_a_core_exception()
    {
        Assert.Equal("UnknownPartition", Assert.Throws<CrossAcctApiException>(() => AwsPartitions.DnsSuffix("aws-xyz")).ErrorId);
    }

    [Theory]
    [InlineData("us-east-1", "aws")]
    [InlineData("eu-central-2", "aws")]
    [InlineData("us-gov-west-1", "aws-us-gov")]
    [InlineData("cn-northwest-1", "aws-cn")]
    [InlineData("us-iso-east-1", "aws-iso")]
    [InlineData("us-isob-east-1", "aws-iso-b")]
    [InlineData("eu-isoe-west-1", "aws-iso-e")]
    [InlineData("us-isof-south-1", "aws-iso-f")]
    [InlineData("eusc-de-east-1", "aws-eusc")]
    [InlineData("ap-future-9", "aws")]
    [InlineData("us-gov-central-3", "aws-us-gov")]
    public void Maps_regions_to_partitions_including_future_ones(string region, string partition)
    {
        Assert.Equal(partition, AwsPartitions.PartitionForRegion(region));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("mars-north-1")]
    [InlineData("US-EAST-1")]
    public void Unrecognised_regions_have_no_partition(string? region)
    {
        Assert.Null(AwsPartitions.PartitionForRegion(region));
    }

    [Fact]
    public void Region_lists_are_sorted_and_include_the_common_regions()
    {
        Assert.Contains("us-east-1", AwsPartitions.AllKnownRegions);
        Assert.Equal(AwsPartitions.AllKnownRegions.OrderBy(r => r, StringComparer.Ordinal), AwsPartitions.AllKnownRegions);
        Assert.Equal(AwsPartitions.KnownRegions("aws").OrderBy(r => r, StringComparer.Ordinal), AwsPartitions.KnownRegions("aws"));
        Assert.True(AwsPartitions.IsKnownRegion("eu-west-1"));
        Assert.False(AwsPartitions.IsKnownRegion("eu-west-9"));
        Assert.True(AwsPartitions.IsValidRegionName("eu-west-9"));
        Assert.False(AwsPartitions.IsValidRegionName("euwest1"));
    }
}
