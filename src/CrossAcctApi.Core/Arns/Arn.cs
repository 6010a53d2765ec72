using System;
using System.Text.RegularExpressions;

namespace CrossAcctApi.Core.Arns
{
    /// <summary>
    /// A parsed Amazon Resource Name: <c>arn:partition:service:region:account-id:resource</c>.
    /// The resource part keeps any further colons and slashes as written.
    /// </summary>
    public sealed class Arn : IEquatable<Arn>
    {
        /// <summary>IAM's documented maximum length of an ARN.</summary>
        public const int MaxLength = 2048;

        internal const string Shape = "arn:<partition>:<service>:<region>:<account-id>:<resource>";

        private static readonly Regex ServicePattern = new Regex(@"^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant);
        private static readonly Regex AccountPattern = new Regex(@"^\d{12}$", RegexOptions.CultureInvariant);

        public Arn(string partition, string service, string region, string accountId, string resource)
        {
            Partition = partition ?? throw new ArgumentNullException(nameof(partition));
            Service = service ?? throw new ArgumentNullException(nameof(service));
            Region = region ?? throw new ArgumentNullException(nameof(region));
            AccountId = accountId ?? throw new ArgumentNullException(nameof(accountId));
            Resource = resource ?? throw new ArgumentNullException(nameof(resource));
            string? problem = FindProblem(partition, service, region, accountId, resource);
            if (problem != null)
            {
                throw ArnErrors.Create(ArnErrors.InvalidArn, ToString(), problem, Shape);
            }
        }

        public string Partition { get; }

        public string Service { get; }

        /// <summary>Empty for global services such as IAM and STS ARNs.</summary>
        public string Region { get; }

        /// <summary>Twelve digits, empty (S3 buckets) or "aws" (AWS managed policies).</summary>
        public string AccountId { get; }

        public string Resource { get; }

        public static Arn Parse(string text)
        {
            if (TryParseCore(text, out Arn? arn, out string problem))
            {
                return arn!;
            }

            throw ArnErrors.Create(ArnErrors.InvalidArn, text, problem, Shape);
        }

        public static bool TryParse(string? text, out Arn? arn) => TryParseCore(text, out arn, out _);

        internal static bool TryParseCore(string? text, out Arn? arn, out string problem)
        {
            arn = null;
            if (text == null)
            {
                problem = "the value is null";
                return false;
            }

            if (text.Length == 0)
            {
                problem = "the value is empty";
                return false;
            }

            if (text.Length > MaxLength)
            {
                problem = $"it is {text.Length} characters long; the maximum is {MaxLength}";
                return false;
            }

            string[] parts = text.Split(new[] { ':' }, 6);
            if (parts.Length < 6)
            {
                problem = $"it has {parts.Length} colon-separated parts; an ARN has six";
                return false;
            }

            if (!string.Equals(parts[0], "arn", StringComparison.Ordinal))
            {
                problem = "it must start with 'arn:'";
                return false;
            }

            string? found = FindProblem(parts[1], parts[2], parts[3], parts[4], parts[5]);
            if (found != null)
            {
                problem = found;
                return false;
            }

            arn = new Arn(parts[1], parts[2], parts[3], parts[4], parts[5], validated: true);
            problem = string.Empty;
            return true;
        }

        private Arn(string partition, string service, string region, string accountId, string resource, bool validated)
        {
            _ = validated;
            Partition = partition;
            Service = service;
            Region = region;
            AccountId = accountId;
            Resource = resource;
        }

        private static string? FindProblem(string partition, string service, string region, string accountId, string resource)
        {
            if (!AwsPartitions.IsKnown(partition))
            {
                return $"'{partition}' is not an AWS partition (expected one of {string.Join(", ", AwsPartitions.All)})";
            }

            if (!ServicePattern.IsMatch(service))
            {
                return $"'{service}' is not a service namespace (lowercase letters, digits and '-')";
            }

            if (region.Length != 0 && !AwsPartitions.IsValidRegionName(region))
            {
                return $"'{region}' is not a region name (for example us-east-1)";
            }

            if (accountId.Length != 0 && accountId != "aws" && !AccountPattern.IsMatch(accountId))
            {
                return $"the account id '{accountId}' must be exactly 12 digits";
            }

            if (resource.Length == 0)
            {
                return "the resource part is empty";
            }

            foreach (char c in resource)
            {
                if (char.IsControl(c))
                {
                    return "the resource part contains a control character";
                }
            }

            return null;
        }

        /// <summary>True for a 12-digit AWS account id.</summary>
        public static bool IsAccountId(string? value) => value != null && AccountPattern.IsMatch(value);

        public override string ToString() => $"arn:{Partition}:{Service}:{Region}:{AccountId}:{Resource}";

        public bool Equals(Arn? other) => other != null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as Arn);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
    }
}
