namespace CrossAcctApi.Sandbox.Iam.Matching;

/// <summary>
/// IAM's wildcard match: '*' is any run of characters (none included), '?' is exactly one character, everything
/// else stands for itself (IAM User Guide: Action, Resource and StringLike).
/// </summary>
internal static class Glob
{
    public static bool Matches(ReadOnlySpan<PatternChar> pattern, ReadOnlySpan<char> value, bool ignoreCase)
    {
        // Linear-time matching with one backtrack point: the last '*' seen and where in the value it started.
        int p = 0, v = 0, starAt = -1, starValue = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p].IsStar)
            {
                starAt = p++;
                starValue = v;
            }
            else if (p < pattern.Length && (pattern[p].IsAnyOne || SameChar(pattern[p].Value, value[v], ignoreCase)))
            {
                p++;
                v++;
            }
            else if (starAt >= 0)
            {
                p = starAt + 1;
                v = ++starValue;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p].IsStar) p++;
        return p == pattern.Length;
    }

    /// <summary>Compares the characters literally: a wildcard character in the pattern is just that character.</summary>
    public static bool EqualsLiterally(ReadOnlySpan<PatternChar> pattern, ReadOnlySpan<char> value, bool ignoreCase)
    {
        if (pattern.Length != value.Length) return false;
        for (var i = 0; i < value.Length; i++)
        {
            if (!SameChar(pattern[i].Value, value[i], ignoreCase)) return false;
        }

        return true;
    }

    private static bool SameChar(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
