namespace CrossAcctApi.Core.Arns
{
    /// <summary>
    /// The one place region names are judged. Regions are checked by form, not against a list: new regions open every
    /// year, and refusing one the module has not heard of would be worse than signing for a region that AWS then
    /// rejects with its own clear error. Partitions come from <see cref="AwsPartitions"/>.
    /// </summary>
    public static class AwsRegion
    {
        /// <summary>The error id of a text that is not a region name.</summary>
        public const string InvalidRegion = "InvalidRegion";

        /// <summary>The variables the AWS CLI and SDKs read the region from, in their order.</summary>
        public static readonly string[] EnvironmentVariables = { "AWS_REGION", "AWS_DEFAULT_REGION" };

        public static bool IsWellFormed(string? region) => AwsPartitions.IsValidRegionName(region);

        /// <summary>
        /// The region set in the environment (AWS_REGION, else AWS_DEFAULT_REGION), lower-cased and validated; null
        /// when neither is set. <paramref name="variable"/> names the one that was read.
        /// </summary>
        public static string? FromEnvironment(System.Func<string, string?> environment, out string? variable)
        {
            foreach (var name in EnvironmentVariables)
            {
                var value = environment(name);
                if (!string.IsNullOrWhiteSpace(value))
                {
                    variable = name;
                    return Validate(value!.Trim().ToLowerInvariant(), "the environment variable " + name);
                }
            }

            variable = null;
            return null;
        }

        /// <summary>The partition of a well-formed region; a prefix no partition claims yet is taken as commercial ("aws").</summary>
        public static string GetPartition(string region) =>
            AwsPartitions.PartitionForRegion(region ?? throw new System.ArgumentNullException(nameof(region))) ?? AwsPartitions.Aws;

        /// <summary>Throws <c>InvalidRegion</c> unless well formed; <paramref name="origin"/> says where the text came from.</summary>
        public static string Validate(string? region, string origin)
        {
            if (!IsWellFormed(region))
            {
                string shown = region is null ? "(none)" : "'" + Shorten(region) + "'";
                throw new CrossAcctApiException(
                    InvalidRegion,
                    FailureKind.InvalidArgument,
                    shown + " (" + origin + ") is not an AWS region name; regions look like us-east-1, eu-central-2 or cn-north-1.",
                    region is null ? null : Shorten(region))
                {
                    RecommendedAction = "Give a region such as us-east-1 or eu-west-2 ({@Region}), or set AWS_REGION.",
                };
            }

            return region!;
        }

        private static string Shorten(string value) => value.Length <= 64 ? value : value.Substring(0, 64) + "...";
    }
}
