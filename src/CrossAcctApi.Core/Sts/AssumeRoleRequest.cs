using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Sts
{
    /// <summary>
    /// One AssumeRole call, checked against STS's documented limits before anything is sent, so that bad input
    /// fails fast with a stable error id instead of a round trip. Immutable; <see cref="WithTokenCode"/> adds the
    /// MFA code late, because the cache is consulted (without a code) before the user is asked for one.
    /// </summary>
    public sealed class AssumeRoleRequest
    {
        public const int MinDurationSeconds = 900;
        public const int MaxDurationSeconds = 43200;

        /// <summary>AWS caps sessions of a role assumed with role-chained credentials at one hour.</summary>
        public const int MaxChainedDurationSeconds = 3600;

        public const int MaxPolicyLength = 2048;
        public const int MaxPolicyArns = 10;
        public const int MaxSessionTags = 50;

        private static readonly Regex SessionNamePattern = new Regex(@"^[A-Za-z0-9_+=,.@-]{2,64}$", RegexOptions.CultureInvariant);
        private static readonly Regex ExternalIdPattern = new Regex(@"^[A-Za-z0-9_+=,.@:/-]{2,1224}$", RegexOptions.CultureInvariant);
        private static readonly Regex SerialNumberPattern = new Regex(@"^[A-Za-z0-9_+=/:,.@-]{9,256}$", RegexOptions.CultureInvariant);
        private static readonly Regex TokenCodePattern = new Regex(@"^[0-9]{6}$", RegexOptions.CultureInvariant);
        private static readonly Regex TagKeyPattern = new Regex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$", RegexOptions.CultureInvariant);
        private static readonly Regex TagValuePattern = new Regex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$", RegexOptions.CultureInvariant);

        private AssumeRoleRequest(AssumeRoleRequest other, string? tokenCode)
        {
            RoleArn = other.RoleArn;
            RoleSessionName = other.RoleSessionName;
            HasDefaultSessionName = other.HasDefaultSessionName;
            DurationSeconds = other.DurationSeconds;
            ExternalId = other.ExternalId;
            SerialNumber = other.SerialNumber;
            Policy = other.Policy;
            PolicyArns = other.PolicyArns;
            Tags = other.Tags;
            TransitiveTagKeys = other.TransitiveTagKeys;
            SourceIdentity = other.SourceIdentity;
            TokenCode = tokenCode;
        }

        /// <summary>Validates every part; throws <see cref="CrossAcctApiException"/> (InvalidArgument) on the first problem.</summary>
        /// <param name="roleSessionName">The session name the user chose; null or empty for <paramref name="defaultSessionName"/>.</param>
        /// <param name="defaultSessionName">The name used when none was chosen (see <see cref="RoleSessionProvider.DefaultSessionName"/>).</param>
        public AssumeRoleRequest(
            string roleArn,
            string? roleSessionName,
            int? durationSeconds = null,
            string? externalId = null,
            string? serialNumber = null,
            string? tokenCode = null,
            string? policy = null,
            IEnumerable<string>? policyArns = null,
            IEnumerable<KeyValuePair<string, string>>? tags = null,
            IEnumerable<string>? transitiveTagKeys = null,
            string? sourceIdentity = null,
            string? defaultSessionName = null)
        {
            RoleArn = Arns.RoleArn.Parse(roleArn);
            HasDefaultSessionName = string.IsNullOrEmpty(roleSessionName) && defaultSessionName != null;
            RoleSessionName = ValidateSessionName(HasDefaultSessionName ? defaultSessionName! : roleSessionName!);
            DurationSeconds = ValidateDuration(durationSeconds);
            ExternalId = ValidateOptional(externalId, ExternalIdPattern, StsErrorIds.InvalidExternalId, "external id",
                "2 to 1224 characters: letters, digits and _+=,.@:/-", showValue: false);
            SerialNumber = ValidateOptional(serialNumber, SerialNumberPattern, StsErrorIds.InvalidSerialNumber, "MFA serial number",
                "the MFA device ARN (arn:aws:iam::<account>:mfa/<name>) or a hardware serial: 9 to 256 characters, letters, digits and _+=/:,.@-", showValue: true);
            TokenCode = ValidateTokenCode(tokenCode, SerialNumber);
            Policy = ValidatePolicy(policy);
            PolicyArns = ValidatePolicyArns(policyArns);
            Tags = ValidateTags(tags);
            TransitiveTagKeys = ValidateTransitiveKeys(transitiveTagKeys, Tags);
            SourceIdentity = ValidateSourceIdentity(sourceIdentity);
        }

        public RoleArn RoleArn { get; }

        public string RoleSessionName { get; }

        /// <summary>
        /// True when the user chose no session name. Such a session is interchangeable with any other default-named
        /// one for the same role and parameters, so the name is left out of the cache key (as the AWS CLI does).
        /// </summary>
        public bool HasDefaultSessionName { get; }

        /// <summary>Null: STS's default (one hour, or the role's setting).</summary>
        public int? DurationSeconds { get; }

        public string? ExternalId { get; }

        public string? SerialNumber { get; }

        /// <summary>The one-time MFA code; never part of ToString or a cache key.</summary>
        public string? TokenCode { get; }

        /// <summary>An inline session policy (JSON), compacted.</summary>
        public string? Policy { get; }

        public IReadOnlyList<string> PolicyArns { get; }

        public IReadOnlyList<KeyValuePair<string, string>> Tags { get; }

        public IReadOnlyList<string> TransitiveTagKeys { get; }

        public string? SourceIdentity { get; }

        public bool RequiresMfa => SerialNumber != null;

        public AssumeRoleRequest WithTokenCode(string? tokenCode) => new AssumeRoleRequest(this, ValidateTokenCode(tokenCode, SerialNumber));

        /// <summary>
        /// A readable session name when none is given: the user name and a UTC timestamp, reduced to the characters
        /// STS allows, e.g. <c>jdoe-20260311T101500Z</c>.
        /// </summary>
        public static string DefaultSessionName(string? userName, DateTimeOffset now)
        {
            string stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var user = new string((userName ?? string.Empty).Where(c => c < 128 && (char.IsLetterOrDigit(c) || "_+=,.@-".IndexOf(c) >= 0)).ToArray());
            if (user.Length == 0)
            {
                user = "CrossAcctApi";
            }

            int room = 64 - stamp.Length - 1;
            if (user.Length > room)
            {
                user = user.Substring(0, room);
            }

            return user + "-" + stamp;
        }

        public override string ToString() =>
            RoleArn.Arn + " as '" + RoleSessionName + "'" + (DurationSeconds.HasValue ? " for " + DurationSeconds.Value.ToString(CultureInfo.InvariantCulture) + " s" : string.Empty)
            + (SerialNumber != null ? " with MFA " + SerialNumber : string.Empty);

        private static string ValidateSessionName(string name)
        {
            if (name is null || !SessionNamePattern.IsMatch(name))
            {
                throw Invalid(StsErrorIds.InvalidRoleSessionName, "The role session name " + Quote(name) + " is not valid.", name,
                    "Use 2 to 64 characters: letters, digits and _+=,.@- (no spaces), or leave {@RoleSessionName} out for a default.");
            }

            return name;
        }

        private static int? ValidateDuration(int? seconds)
        {
            if (seconds.HasValue && (seconds.Value < MinDurationSeconds || seconds.Value > MaxDurationSeconds))
            {
                throw Invalid(StsErrorIds.InvalidDurationSeconds,
                    "DurationSeconds " + seconds.Value.ToString(CultureInfo.InvariantCulture) + " is out of range: STS accepts 900 (15 minutes) to 43200 (12 hours).",
                    seconds.Value, "Pass a duration from 900 to 43200 seconds, no more than the role's maximum session duration.");
            }

            return seconds;
        }

        private static string? ValidateOptional(string? value, Regex pattern, string errorId, string what, string rule, bool showValue)
        {
            if (value is null)
            {
                return null;
            }

            if (!pattern.IsMatch(value))
            {
                // An external id is a shared secret between the two accounts' owners: say what is wrong, not what it is.
                string shown = showValue ? " " + Quote(value) : string.Empty;
                throw Invalid(errorId, "The " + what + shown + " is not valid (length " + value.Length.ToString(CultureInfo.InvariantCulture) + ").", showValue ? value : null,
                    "Use " + rule + ".");
            }

            return value;
        }

        private static string? ValidateTokenCode(string? tokenCode, string? serialNumber)
        {
            if (tokenCode is null)
            {
                return null;
            }

            if (serialNumber is null)
            {
                throw Invalid(StsErrorIds.TokenCodeWithoutSerialNumber, "{@TokenCode} was given without {@SerialNumber}; STS needs the MFA device to check the code against.", null,
                    "Add {@SerialNumber} with the MFA device ARN (arn:aws:iam::<account>:mfa/<name>).");
            }

            if (!TokenCodePattern.IsMatch(tokenCode))
            {
                throw Invalid(StsErrorIds.InvalidTokenCode, "The MFA token code must be exactly 6 digits.", null, "Pass the 6-digit code your MFA device shows now.");
            }

            return tokenCode;
        }

        private static string? ValidatePolicy(string? policy)
        {
            if (policy is null)
            {
                return null;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(policy);
            }
            catch (JsonException ex)
            {
                throw Invalid(StsErrorIds.InvalidSessionPolicy, "The session policy is not valid JSON: " + ex.Message, null,
                    "Pass an IAM policy document, e.g. '{\"Version\":\"2012-10-17\",\"Statement\":[...]}' (ConvertTo-Json makes one from a hashtable, given depth enough for the statements).");
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("Statement", out _))
                {
                    throw Invalid(StsErrorIds.InvalidSessionPolicy, "The session policy must be a JSON object with a Statement.", null,
                        "Pass an IAM policy document with Version and Statement.");
                }

                // STS counts the characters it receives; send the compact form, which is what it would keep anyway.
                string compact = JsonSerializer.Serialize(document.RootElement);
                if (compact.Length > MaxPolicyLength)
                {
                    throw Invalid(StsErrorIds.InvalidSessionPolicy,
                        "The session policy is " + compact.Length.ToString(CultureInfo.InvariantCulture) + " characters without whitespace; STS accepts at most 2048.", null,
                        "Shorten the policy or use managed policies with {@PolicyArn}.");
                }

                return compact;
            }
        }

        private static IReadOnlyList<string> ValidatePolicyArns(IEnumerable<string>? arns)
        {
            var list = (arns ?? Enumerable.Empty<string>()).ToList();
            if (list.Count > MaxPolicyArns)
            {
                throw Invalid(StsErrorIds.InvalidPolicyArn, "STS accepts at most 10 managed session policies; got " + list.Count.ToString(CultureInfo.InvariantCulture) + ".", null,
                    "Pass 10 or fewer policy ARNs.");
            }

            foreach (string arn in list)
            {
                if (!Arn.TryParse(arn, out Arn? parsed) || parsed!.Service != "iam" || !parsed.Resource.StartsWith("policy/", StringComparison.Ordinal))
                {
                    throw Invalid(StsErrorIds.InvalidPolicyArn, "The managed policy ARN " + Quote(arn) + " is not valid.", arn,
                        "Use the form arn:aws:iam::<account or aws>:policy/[<path>/]<name>.");
                }
            }

            return list.AsReadOnly();
        }

        private static IReadOnlyList<KeyValuePair<string, string>> ValidateTags(IEnumerable<KeyValuePair<string, string>>? tags)
        {
            var list = (tags ?? Enumerable.Empty<KeyValuePair<string, string>>()).ToList();
            if (list.Count > MaxSessionTags)
            {
                throw Invalid(StsErrorIds.InvalidSessionTag, "STS accepts at most 50 session tags; got " + list.Count.ToString(CultureInfo.InvariantCulture) + ".", null, "Pass 50 or fewer tags.");
            }

            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var tag in list)
            {
                if (tag.Key is null || !TagKeyPattern.IsMatch(tag.Key))
                {
                    throw Invalid(StsErrorIds.InvalidSessionTag, "The session tag key " + Quote(tag.Key) + " is not valid.", tag.Key,
                        "Use 1 to 128 characters: letters, digits, spaces and _.:/=+-@.");
                }

                if (!TagValuePattern.IsMatch(tag.Value ?? string.Empty))
                {
                    throw Invalid(StsErrorIds.InvalidSessionTag, "The value of session tag " + Quote(tag.Key) + " is not valid.", tag.Key,
                        "Use up to 256 characters: letters, digits, spaces and _.:/=+-@.");
                }

                if (!seen.Add(tag.Key))
                {
                    throw Invalid(StsErrorIds.InvalidSessionTag, "The session tag key " + Quote(tag.Key) + " appears twice (STS compares keys without case).", tag.Key,
                        "Give each tag key once.");
                }
            }

            return list.Select(t => new KeyValuePair<string, string>(t.Key, t.Value ?? string.Empty)).ToList().AsReadOnly();
        }

        private static IReadOnlyList<string> ValidateTransitiveKeys(IEnumerable<string>? keys, IReadOnlyList<KeyValuePair<string, string>> tags)
        {
            var list = (keys ?? Enumerable.Empty<string>()).ToList();
            foreach (string key in list)
            {
                if (key is null || !tags.Any(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase)))
                {
                    throw Invalid(StsErrorIds.InvalidTransitiveTagKey, "The transitive tag key " + Quote(key) + " is not one of the session tags.", key,
                        "Pass only keys that are also in {@Tag}.");
                }
            }

            return list.AsReadOnly();
        }

        private static string? ValidateSourceIdentity(string? sourceIdentity)
        {
            if (sourceIdentity is null)
            {
                return null;
            }

            if (!SessionNamePattern.IsMatch(sourceIdentity) || sourceIdentity.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid(StsErrorIds.InvalidSourceIdentity, "The source identity " + Quote(sourceIdentity) + " is not valid.", sourceIdentity,
                    "Use 2 to 64 characters: letters, digits and _+=,.@-, not starting with 'aws:'.");
            }

            return sourceIdentity;
        }

        private static string Quote(string? value)
        {
            if (value is null)
            {
                return "(null)";
            }

            // Control characters are shown escaped: a CR/LF in an error message could forge log lines.
            var shown = new string(value.Take(128).Select(c => char.IsControl(c) ? '?' : c).ToArray());
            return "'" + shown + (value.Length > 128 ? "..." : string.Empty) + "'";
        }

        private static CrossAcctApiException Invalid(string errorId, string message, object? target, string action) =>
            new CrossAcctApiException(errorId, FailureKind.InvalidArgument, message, target) { RecommendedAction = action };
    }
}
