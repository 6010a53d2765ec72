using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace CrossAcctApi.Core.Arns
{
    /// <summary>
    /// The AWS partitions, their DNS suffixes and the regions known when this build was made (from the AWS SDK
    /// endpoint data). Regions that AWS adds later are still recognised through each partition's region pattern,
    /// so validation never rejects a real new region; the lists serve completion and typo detection.
    /// </summary>
    public static class AwsPartitions
    {
        public const string Aws = "aws";
        public const string AwsCn = "aws-cn";
        public const string AwsUsGov = "aws-us-gov";
        public const string AwsIso = "aws-iso";
        public const string AwsIsoB = "aws-iso-b";
        public const string AwsIsoE = "aws-iso-e";
        public const string AwsIsoF = "aws-iso-f";
        public const string AwsEusc = "aws-eusc";

        private sealed class PartitionInfo
        {
            public PartitionInfo(string id, string dnsSuffix, string regionPattern, params string[] regions)
            {
                Id = id;
                DnsSuffix = dnsSuffix;
                RegionPattern = new Regex(regionPattern, RegexOptions.CultureInvariant);
                Regions = regions;
            }

            public string Id { get; }
            public string DnsSuffix { get; }
            public Regex RegionPattern { get; }
            public IReadOnlyList<string> Regions { get; }
        }

        // Order matters for PartitionForRegion: the specific patterns (us-gov-, us-iso-, ...) are tried before
        // the broad commercial pattern, which would otherwise claim "us-gov-west-1" as well.
        private static readonly PartitionInfo[] Partitions =
        {
            new PartitionInfo(AwsUsGov, "amazonaws.com", @"^us-gov-\w+-\d+$", "us-gov-east-1", "us-gov-west-1"),
            new PartitionInfo(AwsIso, "c2s.ic.gov", @"^us-iso-\w+-\d+$", "us-iso-east-1", "us-iso-west-1"),
            new PartitionInfo(AwsIsoB, "sc2s.sgov.gov", @"^us-isob-\w+-\d+$", "us-isob-east-1", "us-isob-west-1"),
            new PartitionInfo(AwsIsoE, "cloud.adc-e.uk", @"^eu-isoe-\w+-\d+$", "eu-isoe-west-1"),
            new PartitionInfo(AwsIsoF, "csp.hci.ic.gov", @"^us-isof-\w+-\d+$", "us-isof-east-1", "us-isof-south-1"),
            new PartitionInfo(AwsEusc, "amazonaws.eu", @"^eusc-(de)-\w+-\d+$", "eusc-de-east-1"),
            new PartitionInfo(AwsCn, "amazonaws.com.cn", @"^cn-\w+-\d+$", "cn-north-1", "cn-northwest-1"),
            new PartitionInfo(Aws, "amazonaws.com", @"^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$",
                "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
                "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
                "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1",
                "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
                "il-central-1", "me-central-1", "me-south-1", "me-west-1", "mx-central-1", "sa-east-1", "sa-west-1",
                "us-east-1", "us-east-2", "us-west-1", "us-west-2"),
        };

        // A syntactically plausible region name in any partition: lowercase words joined by '-', ending in a number.
        private static readonly Regex RegionSyntax = new Regex(@"^[a-z]{2,6}(-[a-z]{1,12}){1,3}-[0-9]{1,2}\z", RegexOptions.CultureInvariant);

        /// <summary>All partition identifiers, commercial first.</summary>
        public static IReadOnlyList<string> All { get; } =
            new[] { Aws, AwsCn, AwsUsGov, AwsIso, AwsIsoB, AwsIsoE, AwsIsoF, AwsEusc };

        /// <summary>True for one of the eight partition identifiers (case-sensitive, as in ARNs).</summary>
        public static bool IsKnown(string? partition) => partition != null && Find(partition) != null;

        /// <summary>The DNS suffix of the partition's service endpoints, e.g. <c>amazonaws.com.cn</c>.</summary>
        public static string DnsSuffix(string partition) => Require(partition).DnsSuffix;

        /// <summary>The regions of a partition known to this build, sorted.</summary>
        public static IReadOnlyList<string> KnownRegions(string partition) => Require(partition).Regions;

        /// <summary>Every region known to this build, across partitions, sorted.</summary>
        public static IReadOnlyList<string> AllKnownRegions { get; } =
            Partitions.SelectMany(p => p.Regions).OrderBy(r => r, StringComparer.Ordinal).ToArray();

        /// <summary>True when the region is in the known list of some partition.</summary>
        public static bool IsKnownRegion(string? region) =>
            region != null && Partitions.Any(p => p.Regions.Contains(region, StringComparer.Ordinal));

        /// <summary>True when the text has the shape of a region name (whether or not this build knows it).</summary>
        public static bool IsValidRegionName(string? region) => region != null && RegionSyntax.IsMatch(region);

        /// <summary>
        /// The partition a region belongs to: from the known lists first, then from each partition's region
        /// pattern; null when the text matches no partition.
        /// </summary>
        public static string? PartitionForRegion(string? region)
        {
            if (string.IsNullOrEmpty(region))
            {
                return null;
            }

            foreach (PartitionInfo partition in Partitions)
            {
                if (partition.Regions.Contains(region, StringComparer.Ordinal))
                {
                    return partition.Id;
                }
            }

            foreach (PartitionInfo partition in Partitions)
            {
                if (partition.RegionPattern.IsMatch(region))
                {
                    return partition.Id;
                }
            }

            return null;
        }

        private static PartitionInfo? Find(string partition)
        {
            foreach (PartitionInfo info in Partitions)
            {
                if (string.Equals(info.Id, partition, StringComparison.Ordinal))
                {
                    return info;
                }
            }

            return null;
        }

        private static PartitionInfo Require(string partition)
        {
            return Find(partition ?? throw new ArgumentNullException(nameof(partition)))
                ?? throw new CrossAcctApiException(
                    "UnknownPartition",
                    FailureKind.InvalidArgument,
                    $"'{partition}' is not an AWS partition. Known partitions: {string.Join(", ", All)}.",
                    partition);
        }
    }
}
