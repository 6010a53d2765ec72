using System.Globalization;
using System.Text.RegularExpressions;

namespace CrossAcctApi.Sandbox.Sts;

/// <summary>
/// AssumeRole's parameters, read and checked against the constraints of the STS API model, with the
/// ValidationError wording AWS uses ("1 validation error detected: Value 'x' at 'roleSessionName' failed
/// to satisfy constraint: ...").
/// </summary>
internal sealed class AssumeRoleInput
{
    internal static readonly Regex SessionNamePattern = new(@"^[\w+=,.@-]*$", RegexOptions.CultureInvariant);
    private static readonly Regex ExternalIdPattern = new(@"^[\w+=,.@:\/-]*$", RegexOptions.CultureInvariant);
    private static readonly Regex SerialNumberPattern = new(@"^[\w+=/:,.@-]*$", RegexOptions.CultureInvariant);
    private static readonly Regex TokenCodePattern = new(@"^[\d]*$", RegexOptions.CultureInvariant);
    private static readonly Regex TagPattern = new(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", RegexOptions.CultureInvariant);

    public string RoleArn { get; private init; } = string.Empty;

    public string RoleSessionName { get; private init; } = string.Empty;

    public int? DurationSeconds { get; private init; }

    public string? ExternalId { get; private init; }

    public string? SerialNumber { get; private init; }

    public string? TokenCode { get; private init; }

    public string? Policy { get; private init; }

    public IReadOnlyList<string> PolicyArns { get; private init; } = Array.Empty<string>();

    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; private init; } = Array.Empty<KeyValuePair<string, string>>();

    public IReadOnlyList<string> TransitiveTagKeys { get; private init; } = Array.Empty<string>();

    public string? SourceIdentity { get; private init; }

    /// <summary>Reads and checks the parameters; returns a ValidationError when any constraint fails.</summary>
    public static AssumeRoleInput? Read(StsParameters parameters, out StsError? error)
    {
        var problems = new List<string>();

        var roleArn = parameters["RoleArn"];
        Require(problems, roleArn, "roleArn", 20, 2048);

        var sessionName = parameters["RoleSessionName"];
        Require(problems, sessionName, "roleSessionName", 2, 64, SessionNamePattern, @"[\w+=,.@-]*");

        var duration = ReadDuration(problems, parameters["DurationSeconds"]);

        var externalId = parameters["ExternalId"];
        Optional(problems, externalId, "externalId", 2, 1224, ExternalIdPattern, @"[\w+=,.@:\/-]*");
        var serialNumber = parameters["SerialNumber"];
        Optional(problems, serialNumber, "serialNumber", 9, 256, SerialNumberPattern, @"[\w+=/:,.@-]*");
        var tokenCode = parameters["TokenCode"];
        Optional(problems, tokenCode, "tokenCode", 6, 6, TokenCodePattern, @"[\d]*");
        var sourceIdentity = parameters["SourceIdentity"];
        Optional(problems, sourceIdentity, "sourceIdentity", 2, 64, SessionNamePattern, @"[\w+=,.@-]*");
        var policy = parameters["Policy"];
        Optional(problems, policy, "policy", 1, 2048);

        var policyArns = ReadPolicyArns(problems, parameters);

        var tags = new List<KeyValuePair<string, string>>();
        var tagRecords = parameters.Structures("Tags", "Key", "Value");
        if (tagRecords.Count > 50) problems.Add($"Value '[{tagRecords.Count} items]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50");
        for (var i = 0; i < tagRecords.Count; i++)
        {
            var key = tagRecords[i]["Key"];
            var value = tagRecords[i]["Value"] ?? string.Empty;
            Require(problems, key, $"tags.{i + 1}.member.key", 1, 128, TagPattern, @"[\p{L}\p{Z}\p{N}_.:/=+\-@]+");
            Optional(problems, value, $"tags.{i + 1}.member.value", 0, 256, TagPattern, @"[\p{L}\p{Z}\p{N}_.:/=+\-@]*");
            tags.Add(new KeyValuePair<string, string>(key ?? string.Empty, value));
        }

        var transitive = parameters.List("TransitiveTagKeys");
        if (transitive.Count > 50) problems.Add($"Value '[{transitive.Count} items]' at 'transitiveTagKeys' failed to satisfy constraint: Member must have length less than or equal to 50");

        error = ValidationError(problems);
        if (error != null) return null;

        // Checks beyond the single-field constraints (as AWS words them).
        if (tags.GroupBy(t => t.Key, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
        {
            error = StsError.Validation("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            return null;
        }

        if (transitive.Any(k => !tags.Any(t => string.Equals(t.Key, k, StringComparison.OrdinalIgnoreCase))))
        {
            error = StsError.Validation("The specified transitive tag key must be included in the requested tags.");
            return null;
        }

        if (tokenCode != null && serialNumber == null)
        {
            error = StsError.Validation("A TokenCode was given without the SerialNumber of the MFA device it comes from.");
            return null;
        }

        error = null;
        return new AssumeRoleInput
        {
            RoleArn = roleArn!,
            RoleSessionName = sessionName!,
            DurationSeconds = duration,
            ExternalId = externalId,
            SerialNumber = serialNumber,
            TokenCode = tokenCode,
            Policy = policy,
            PolicyArns = policyArns,
            Tags = tags,
            TransitiveTagKeys = transitive,
            SourceIdentity = sourceIdentity,
        };
    }

    /// <summary>DurationSeconds: a number from 900 to 43200, or null when absent (or wrong, with the problem added).</summary>
    internal static int? ReadDuration(List<string> problems, string? durationText)
    {
        if (durationText == null) return null;
        if (!int.TryParse(durationText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            problems.Add($"Value '{durationText}' at 'durationSeconds' failed to satisfy constraint: Member must be a number");
        }
        else if (seconds < 900)
        {
            problems.Add($"Value '{seconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
        }
        else if (seconds > 43200)
        {
            problems.Add($"Value '{seconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200");
        }
        else
        {
            return seconds;
        }

        return null;
    }

    /// <summary>PolicyArns.member.N.arn: at most 10, each 20 to 2048 characters.</summary>
    internal static List<string> ReadPolicyArns(List<string> problems, StsParameters parameters)
    {
        var policyArns = parameters.Structures("PolicyArns", "arn").Select(r => r["arn"] ?? string.Empty).ToList();
        if (policyArns.Count > 10) problems.Add($"Value '[{policyArns.Count} items]' at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10");
        for (var i = 0; i < policyArns.Count; i++) Require(problems, policyArns[i], $"policyArns.{i + 1}.member.arn", 20, 2048);
        return policyArns;
    }

    /// <summary>"1 validation error detected: ..." / "N validation errors detected: ..." for the problems found, or null.</summary>
    internal static StsError? ValidationError(List<string> problems)
    {
        if (problems.Count == 0) return null;
        var count = problems.Count == 1 ? "1 validation error detected: " : $"{problems.Count} validation errors detected: ";
        return StsError.Validation(count + string.Join("; ", problems));
    }

    internal static void Require(List<string> problems, string? value, string member, int min, int max, Regex? pattern = null, string? patternText = null)
    {
        if (value == null)
        {
            problems.Add($"Value null at '{member}' failed to satisfy constraint: Member must not be null");
            return;
        }

        Optional(problems, value, member, min, max, pattern, patternText);
    }

    internal static void Optional(List<string> problems, string? value, string member, int min, int max, Regex? pattern = null, string? patternText = null)
    {
        if (value == null) return;
        if (value.Length < min) problems.Add($"Value '{value}' at '{member}' failed to satisfy constraint: Member must have length greater than or equal to {min}");
        if (value.Length > max) problems.Add($"Value '{Shorten(value)}' at '{member}' failed to satisfy constraint: Member must have length less than or equal to {max}");
        if (pattern != null && !pattern.IsMatch(value)) problems.Add($"Value '{Shorten(value)}' at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: {patternText}");
    }

    private static string Shorten(string value) => value.Length <= 128 ? value : value.Substring(0, 128) + "...";
}
