using System;
using System.Text;
using System.Text.RegularExpressions;

namespace CrossAcctApi.Core.Arns
{
    /// <summary>
    /// The resource ARN that API Gateway authorizes an IAM-signed call against:
    /// <c>arn:&lt;partition&gt;:execute-api:&lt;region&gt;:&lt;account&gt;:&lt;api-id&gt;/&lt;stage&gt;/&lt;METHOD&gt;/&lt;path&gt;</c>.
    /// The parts may hold IAM wildcards (<c>*</c>, <c>?</c>) so the type also describes policy resources;
    /// <see cref="IsPattern"/> says whether it does.
    /// </summary>
    public sealed class ExecuteApiArn : IEquatable<ExecuteApiArn>
    {
        public const string Service = "execute-api";

        /// <summary>The stage name of an HTTP API's default stage, which has no segment in the URL.</summary>
        public const string DefaultStage = "$default";

        internal const string Shape = "arn:<partition>:execute-api:<region>:<12-digit account>:<api-id>/<stage>/<METHOD>/<path>";

        private static readonly Regex AccountPattern = new Regex(@"^(\d{12}|[\d*?]*[*?][\d*?]*)$", RegexOptions.CultureInvariant);
        private static readonly Regex ApiIdPattern = new Regex(@"^[A-Za-z0-9*?]+$", RegexOptions.CultureInvariant);
        private static readonly Regex StagePattern = new Regex(@"^[A-Za-z0-9_$*?-]{1,128}$", RegexOptions.CultureInvariant);
        private static readonly Regex MethodPattern = new Regex(@"^[A-Z*?]+$", RegexOptions.CultureInvariant);
        private static readonly Regex RegionPatternWithWildcards = new Regex(@"^[a-z0-9*?-]+$", RegexOptions.CultureInvariant);

        public ExecuteApiArn(string partition, string region, string accountId, string apiId, string stage, string method, string path)
        {
            Partition = partition ?? throw new ArgumentNullException(nameof(partition));
            Region = region ?? throw new ArgumentNullException(nameof(region));
            AccountId = accountId ?? throw new ArgumentNullException(nameof(accountId));
            ApiId = apiId ?? throw new ArgumentNullException(nameof(apiId));
            Stage = stage ?? throw new ArgumentNullException(nameof(stage));
            Method = method ?? throw new ArgumentNullException(nameof(method));
            Path = path ?? throw new ArgumentNullException(nameof(path));
            string? problem = FindProblem(partition, region, accountId, apiId, stage, method, path);
            if (problem != null)
            {
                throw ArnErrors.Create(ArnErrors.InvalidExecuteApiArn, ToString(), problem, Shape);
            }
        }

        public string Partition { get; }

        public string Region { get; }

        public string AccountId { get; }

        public string ApiId { get; }

        /// <summary>The stage name; <c>$default</c> for an HTTP API's default stage.</summary>
        public string Stage { get; }

        /// <summary>The HTTP method in upper case, or a wildcard.</summary>
        public string Method { get; }

        /// <summary>The resource path without the leading slash, as it appears in the ARN ("" for the root).</summary>
        public string Path { get; }

        /// <summary>True when any part holds an IAM wildcard, i.e. this names a set of calls rather than one.</summary>
        public bool IsPattern => (Region + AccountId + ApiId + Stage + Method + Path).IndexOfAny(new[] { '*', '?' }) >= 0;

        /// <summary>A named stage was given, and the request path does not start with it.</summary>
        public const string StageNotInPath = "StageNotInPath";

        /// <summary>
        /// The ARN API Gateway authorizes for one HTTP API request. <paramref name="pathAsSent"/> is the URL path
        /// as the client sent it (a query string is ignored). For a named stage the first segment is the stage and
        /// is removed; for <c>$default</c> there is none. The rest loses its leading slash and is percent-decoded,
        /// because API Gateway matches policies against the decoded path.
        /// </summary>
        public static ExecuteApiArn ForRequest(string partition, string region, string accountId, string apiId, string stage, string method, string pathAsSent)
        {
            if (pathAsSent == null)
            {
                throw new ArgumentNullException(nameof(pathAsSent));
            }

            if (method == null)
            {
                throw new ArgumentNullException(nameof(method));
            }

            if (stage == null)
            {
                throw new ArgumentNullException(nameof(stage));
            }

            string path = pathAsSent;
            int queryOrFragment = path.IndexOfAny(new[] { '?', '#' });
            if (queryOrFragment >= 0)
            {
                path = path.Substring(0, queryOrFragment);
            }

            if (!path.StartsWith("/", StringComparison.Ordinal))
            {
                path = "/" + path;
            }

            if (!string.Equals(stage, DefaultStage, StringComparison.Ordinal))
            {
                // A named stage is the first URL segment; the ARN carries it in its own slot instead.
                string prefix = "/" + stage;
                if (path == prefix)
                {
                    path = "/";
                }
                else if (path.StartsWith(prefix + "/", StringComparison.Ordinal))
                {
                    path = path.Substring(prefix.Length);
                }
                else
                {
                    throw new CrossAcctApiException(
                        StageNotInPath,
                        FailureKind.InvalidArgument,
                        $"The request path '{pathAsSent}' does not start with the stage '/{stage}'. Only the $default stage has no stage segment in the URL.",
                        pathAsSent)
                    {
                        RecommendedAction = $"Put '/{stage}' at the start of the path, or use the $default stage.",
                    };
                }
            }

            string decoded = PercentDecode(path.Substring(1));
            foreach (char c in decoded)
            {
                if (char.IsControl(c))
                {
                    // %00-%1F and %7F decode to control characters, which no invoke ARN can hold.
                    throw new CrossAcctApiException(
                        "InvalidRequestPath",
                        FailureKind.InvalidArgument,
                        $"The request path '{pathAsSent}' decodes to a control character, which API Gateway cannot authorize.",
                        pathAsSent);
                }
            }

            return new ExecuteApiArn(partition, region, accountId, apiId, stage, method.ToUpperInvariant(), decoded);
        }

        public static ExecuteApiArn Parse(string text)
        {
            if (TryParseCore(text, out ExecuteApiArn? result, out string problem))
            {
                return result!;
            }

            throw ArnErrors.Create(ArnErrors.InvalidExecuteApiArn, text, problem, Shape);
        }

        public static bool TryParse(string? text, out ExecuteApiArn? result) => TryParseCore(text, out result, out _);

        private static bool TryParseCore(string? text, out ExecuteApiArn? result, out string problem)
        {
            result = null;
            if (text == null)
            {
                problem = "the value is null";
                return false;
            }

            string[] parts = text.Split(new[] { ':' }, 6);
            if (parts.Length < 6)
            {
                problem = $"it has {parts.Length} colon-separated parts; an ARN has six";
                return false;
            }

            if (parts[0] != "arn")
            {
                problem = "it must start with 'arn:'";
                return false;
            }

            if (parts[2] != Service)
            {
                problem = $"the service is '{parts[2]}'; expected '{Service}'";
                return false;
            }

            string[] resource = parts[5].Split(new[] { '/' }, 4);
            if (resource.Length < 3)
            {
                problem = "the resource must be '<api-id>/<stage>/<METHOD>/<path>'";
                return false;
            }

            string path = resource.Length == 4 ? resource[3] : string.Empty;
            string? found = FindProblem(parts[1], parts[3], parts[4], resource[0], resource[1], resource[2], path);
            if (found != null)
            {
                problem = found;
                return false;
            }

            result = new ExecuteApiArn(parts[1], parts[3], parts[4], resource[0], resource[1], resource[2], path);
            problem = string.Empty;
            return true;
        }

        private static string? FindProblem(string partition, string region, string accountId, string apiId, string stage, string method, string path)
        {
            if (!AwsPartitions.IsKnown(partition))
            {
                return $"'{partition}' is not an AWS partition (expected one of {string.Join(", ", AwsPartitions.All)})";
            }

            bool regionHasWildcard = region.IndexOfAny(new[] { '*', '?' }) >= 0;
            if (regionHasWildcard ? !RegionPatternWithWildcards.IsMatch(region) : !AwsPartitions.IsValidRegionName(region))
            {
                return $"'{region}' is not a region name (for example us-east-1)";
            }

            if (!regionHasWildcard)
            {
                string? regionPartition = AwsPartitions.PartitionForRegion(region);
                if (regionPartition != null && regionPartition != partition)
                {
                    return $"the region '{region}' belongs to partition '{regionPartition}', not '{partition}'";
                }
            }

            if (!AccountPattern.IsMatch(accountId))
            {
                return $"the account id '{accountId}' must be exactly 12 digits";
            }

            if (!ApiIdPattern.IsMatch(apiId))
            {
                return $"the API id '{apiId}' must be letters and digits";
            }

            if (!StagePattern.IsMatch(stage))
            {
                return $"the stage '{stage}' may contain only letters, digits, '_', '-' and '$'";
            }

            if (!MethodPattern.IsMatch(method))
            {
                return $"the method '{method}' must be an upper-case HTTP method such as GET";
            }

            foreach (char c in path)
            {
                if (char.IsControl(c))
                {
                    return "the path contains a control character";
                }
            }

            return null;
        }

        /// <summary>Decodes %XX sequences as UTF-8; malformed sequences are kept as written, like API Gateway does.</summary>
        private static string PercentDecode(string text)
        {
            if (text.IndexOf('%') < 0)
            {
                return text;
            }

            var bytes = new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
            int count = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '%' && i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
                {
                    bytes[count++] = (byte)((HexValue(text[i + 1]) << 4) | HexValue(text[i + 2]));
                    i += 2;
                }
                else
                {
                    count += Encoding.UTF8.GetBytes(text, i, char.IsHighSurrogate(c) && i + 1 < text.Length ? 2 : 1, bytes, count);
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length)
                    {
                        i++;
                    }
                }
            }

            return Encoding.UTF8.GetString(bytes, 0, count);
        }

        private static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

        private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

        public override string ToString() => $"arn:{Partition}:{Service}:{Region}:{AccountId}:{ApiId}/{Stage}/{Method}/{Path}";

        public bool Equals(ExecuteApiArn? other) => other != null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as ExecuteApiArn);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
    }
}
