namespace CrossAcctApi.Sandbox.Iam.Matching;

/// <summary>
/// Matches an ARN against a policy ARN pattern part by part (arn, partition, service, region, account, resource),
/// case-sensitively. Two documented rules differ:
/// <list type="bullet">
/// <item>Resource element: "If the * wildcard is the last character of a resource ARN segment, it can expand to match
/// beyond the colon boundaries" (IAM User Guide, "IAM JSON policy elements: Resource", using wildcards).</item>
/// <item>ArnLike/ArnEquals: "Each of the six colon-delimited components of the ARN is checked separately"; the guide's
/// example <c>arn:aws:someservice:*:111122223333:finance/*</c> does not match a value whose region part would have to
/// take in further colons (IAM User Guide, "Condition operators", ARN condition operators).</item>
/// </list>
/// A pattern that is a single '*' matches any value.
/// </summary>
internal static class ArnMatcher
{
    private const int Parts = 6;
    private const int ResourcePart = Parts - 1;

    public static bool MatchesResourceElement(PatternChar[] pattern, string arn) => Match(pattern, arn, starSpansColons: true);

    public static bool MatchesArnCondition(PatternChar[] pattern, string arn) => Match(pattern, arn, starSpansColons: false);

    private static bool Match(PatternChar[] pattern, string arn, bool starSpansColons)
    {
        if (pattern is [{ IsStar: true }]) return true;

        // The value is split at every colon: a spanning '*' may take in several of them, and the resource part may
        // hold colons of its own.
        var valueParts = arn.Split(':');
        var patternParts = SplitPattern(pattern);
        if (valueParts.Length < Parts || patternParts == null) return false;
        return MatchFrom(patternParts, 0, valueParts, 0, starSpansColons);
    }

    private static bool MatchFrom(PatternChar[][] pattern, int p, string[] value, int v, bool starSpansColons)
    {
        if (p == ResourcePart) return Glob.Matches(pattern[p], string.Join(':', value, v, value.Length - v), ignoreCase: false);

        // Each later pattern part needs at least one value part; only a trailing '*' (Resource element) takes in more.
        var last = starSpansColons && pattern[p] is [.., { IsStar: true }] ? value.Length - (Parts - p) : v;
        for (var end = v; end <= last; end++)
        {
            var text = end == v ? value[v] : string.Join(':', value, v, end - v + 1);
            if (Glob.Matches(pattern[p], text, ignoreCase: false) && MatchFrom(pattern, p + 1, value, end + 1, starSpansColons)) return true;
        }

        return false;
    }

    // Splits at the first five literal colons; null when the pattern has fewer than six parts.
    private static PatternChar[][]? SplitPattern(PatternChar[] pattern)
    {
        var parts = new PatternChar[Parts][];
        var start = 0;
        var found = 0;
        for (var i = 0; i < pattern.Length && found < ResourcePart; i++)
        {
            if (pattern[i].Value != ':' || pattern[i].IsWildcard) continue;
            parts[found++] = pattern[start..i];
            start = i + 1;
        }

        if (found < ResourcePart) return null;
        parts[ResourcePart] = pattern[start..];
        return parts;
    }
}
