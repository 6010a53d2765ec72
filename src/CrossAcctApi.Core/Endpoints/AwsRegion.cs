using System;
using System.Text.RegularExpressions;

namespace CrossAcctApi.Core.Endpoints
{
    /// <summary>
    /// Region names and their partitions. Regions are checked by form, not against a list: new regions open every
    /// year, and refusing one the module has not heard of would be worse than signing for a region that AWS then
    /// rejects with its own clear error.
    /// </summary>
    public static class AwsRegion
    {
        // us-east-1, eu-central-2, us-gov-west-1, cn-northwest-1, us-isob-east-1, eu-isoe-west-1, eusc-de-east-1.
        private static readonly Regex WellFormed = new Regex(
            "^[a-z]{2,4}(-[a-z]{2,12}){1,3}-[0-9]{1,2}\\z",
            RegexOptions.CultureInvariant | RegexOptions.Compiled);

        public static bool IsWellFormed(string? region) => region != null && WellFormed.IsMatch(region);

        /// <summary>The partition a well-formed region belongs to, from its prefix (as the SDKs' partitions.json does).</summary>
        public static string GetPartition(string region)
        {
            if (region is null)
            {
                throw new ArgumentNullException(nameof(region));
            }

            if (region.StartsWith("cn-", StringComparison.Ordinal))
            {
                return "aws-cn";
            }

            if (region.StartsWith("us-gov-", StringComparison.Ordinal))
            {
                return "aws-us-gov";
            }

            if (region.StartsWith("us-isob-", StringComparison.Ordinal))
            {
                return "aws-iso-b";
            }

            if (region.StartsWith("us-isof-", StringComparison.Ordinal))
            {
                return "aws-iso-f";
            }

            if (region.StartsWith("us-iso-", StringComparison.Ordinal))
            {
                return "aws-iso";
            }

            if (region.StartsWith("eu-isoe-", StringComparison.Ordinal))
            {
                return "aws-iso-e";
            }

            if (region.StartsWith("eusc-", StringComparison.Ordinal))
            {
                return "aws-eusc";
            }

            return "aws";
        }

        /// <summary>Throws <c>InvalidRegion</c> unless well formed; <paramref name="origin"/> says where it came from (-Region, AWS_REGION...).</summary>
        public static string Validate(string region, string origin)
        {
            if (!IsWellFormed(region))
            {
                throw EndpointErrors.InvalidRegionError(region ?? string.Empty, origin);
            }

            return region!;
        }
    }
}
