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
/// A pattern that is a single '*' matches any value. Every request is authorized through here, so nothing is allocated:
/// parts are located by index, and a run of value parts is one slice of the value.
/// </summary>
internal static class ArnMatcher
{
    private const int Parts = 6;
    private const int ResourcePart = Parts - 1;
    private const int MaxColons = 64;

    public static bool MatchesResourceElement(PatternChar[] pattern, string arn) => Match(pattern, arn, starSpansColons: true);

    public static bool MatchesArnCondition(PatternChar[] pattern, string arn) => Match(pattern, arn, starSpansColons: false);

    private static bool Match(PatternChar[] pattern, string arn, bool starSpansColons)
    {
        if (pattern is [{ IsStar: true }]) return true;

        // The pattern's first five literal colons end its first five parts; the value is split at every colon, because a
        // spanning '*' may take in several parts and the resource part may hold colons of its own.
        Span<int> patternEnds = stackalloc int[ResourcePart];
        var found = 0;
        for (var i = 0; i < pattern.Length && found < ResourcePart; i++)
        {
            if (pattern[i].Value == ':' && !pattern[i].IsWildcard) patternEnds[found++] = i;
        }

        var colonCount = arn.AsSpan().Count(':');
        if (found < ResourcePart || colonCount < ResourcePart) return false;
        Span<int> valueColons = colonCount <= MaxColons ? stackalloc int[colonCount] : new int[colonCount];
        for (int i = 0, c = 0; i < arn.Length; i++)
        {
            if (arn[i] == ':') valueColons[c++] = i;
        }

        return MatchFrom(new ArnParts(pattern, patternEnds, arn, valueColons), 0, 0, starSpansColons);
    }

    private static bool MatchFrom(in ArnParts parts, int p, int v, bool starSpansColons)
    {
        if (p == ResourcePart) return Glob.Matches(parts.PatternPart(p), parts.ValueParts(v, parts.ValuePartCount - 1), ignoreCase: false);

        // Each later pattern part needs at least one value part; only a trailing '*' (Resource element) takes in more.
        var pattern = parts.PatternPart(p);
        var last = starSpansColons && pattern is [.., { IsStar: true }] ? parts.ValuePartCount - (Parts - p) : v;
        for (var end = v; end <= last; end++)
        {
            if (Glob.Matches(pattern, parts.ValueParts(v, end), ignoreCase: false) && MatchFrom(parts, p + 1, end + 1, starSpansColons)) return true;
        }

        return false;
    }

    /// <summary>The pattern's six parts and the value's colon-separated parts, by position.</summary>
    private readonly ref struct ArnParts
    {
        private readonly ReadOnlySpan<PatternChar> _pattern;
        private readonly ReadOnlySpan<int> _patternEnds;
        private readonly ReadOnlySpan<char> _value;
        private readonly ReadOnlySpan<int> _valueColons;

        public ArnParts(ReadOnlySpan<PatternChar> pattern, ReadOnlySpan<int> patternEnds, ReadOnlySpan<char> value, ReadOnlySpan<int> valueColons)
        {
            _pattern = pattern;
            _patternEnds = patternEnds;
            _value = value;
            _valueColons = valueColons;
        }

        public int ValuePartCount => _valueColons.Length + 1;

        public ReadOnlySpan<PatternChar> PatternPart(int index)
        {
            var start = index == 0 ? 0 : _patternEnds[index - 1] + 1;
            var end = index == ResourcePart ? _pattern.Length : _patternEnds[index];
            return _pattern[start..end];
        }

        /// <summary>Value parts <paramref name="first"/> to <paramref name="last"/> with the colons between them.</summary>
        public ReadOnlySpan<char> ValueParts(int first, int last)
        {
            var start = first == 0 ? 0 : _valueColons[first - 1] + 1;
            var end = last == _valueColons.Length ? _value.Length : _valueColons[last];
            return _value[start..end];
        }
    }
}
