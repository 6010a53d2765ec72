using System.Text.RegularExpressions;

namespace CrossAcctApi.Sandbox.Iam.Arns;

/// <summary>
/// The names the sandbox checks a scenario and a request against: AWS partitions, region names, and IAM's
/// character rules for user and role names, session names and paths.
/// </summary>
internal static class AwsNames
{
    public const string DefaultPartition = "aws";

    /// <summary>The partitions AWS documents ("Partitions" in the AWS General Reference).</summary>
    private static readonly HashSet<string> Partitions = new(StringComparer.Ordinal)
    {
        "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc",
    };

    // A region name in any partition: lower-case words joined by '-', ending in a number (us-east-1, us-gov-west-1).
    private static readonly Regex RegionSyntax = new(@"^[a-z]{2,6}(-[a-z]{1,12}){1,3}-\d{1,2}$", RegexOptions.CultureInvariant);

    // IAM's name rule for users and roles ([\w+=,.@-], ASCII only) and sessions (2 to 64 of the same).
    private static readonly Regex EntityName = new(@"^[A-Za-z0-9_+=,.@-]{1,64}$", RegexOptions.CultureInvariant);
    private static readonly Regex SessionName = new(@"^[A-Za-z0-9_+=,.@-]{2,64}$", RegexOptions.CultureInvariant);

    // IAM paths: "/" or "/" + printable ASCII + "/", at most 512 characters, no empty segment.
    private static readonly Regex PathSyntax = new(@"^(/|/[\u0021-\u007E]{1,510}/)$", RegexOptions.CultureInvariant);

    public static bool IsKnownPartition(string? partition) => partition != null && Partitions.Contains(partition);

    public static bool IsRegionName(string? region) => region != null && RegionSyntax.IsMatch(region);

    public static bool IsEntityName(string? name) => name != null && EntityName.IsMatch(name);

    public static bool IsSessionName(string? name) => name != null && SessionName.IsMatch(name);

    public static bool IsPath(string? path) => path != null && PathSyntax.IsMatch(path) && !path.Contains("//", StringComparison.Ordinal);
}
