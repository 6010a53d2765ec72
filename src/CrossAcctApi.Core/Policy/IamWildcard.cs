using System;

namespace CrossAcctApi.Core.Policy
{
    /// <summary>
    /// IAM's glob: <c>*</c> matches any run of characters (including '/' and ':'), <c>?</c> exactly one.
    /// There is no escape character, as in IAM (the <c>${*}</c> policy variable is the way to a literal '*').
    /// </summary>
    public static class IamWildcard
    {
        public static bool IsMatch(string pattern, string value, bool ignoreCase = false) =>
            IsMatch(pattern, null, value, ignoreCase);

        /// <summary>
        /// Matches with some pattern characters marked literal (<paramref name="literal"/>[i] true): a '*' or '?'
        /// that came from a policy variable's value is not a wildcard.
        /// </summary>
        internal static bool IsMatch(string pattern, bool[]? literal, string value, bool ignoreCase)
        {
            if (pattern == null)
            {
                throw new ArgumentNullException(nameof(pattern));
            }

            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            // Linear-time greedy matching with one backtrack point (the last '*'): enough for globs that have
            // only '*' and '?', and immune to the exponential blow-up a naive recursive matcher has.
            int p = 0, v = 0, starP = -1, starV = 0;
            while (v < value.Length)
            {
                if (p < pattern.Length && IsWild(pattern, literal, p, '*'))
                {
                    starP = p++;
                    starV = v;
                }
                else if (p < pattern.Length && (IsWild(pattern, literal, p, '?') || CharsEqual(pattern[p], value[v], ignoreCase)))
                {
                    p++;
                    v++;
                }
                else if (starP >= 0)
                {
                    p = starP + 1;
                    v = ++starV;
                }
                else
                {
                    return false;
                }
            }

            while (p < pattern.Length && IsWild(pattern, literal, p, '*'))
            {
                p++;
            }

            return p == pattern.Length;
        }

        /// <summary>True when the text contains '*' or '?'.</summary>
        public static bool HasWildcard(string text) => text != null && text.IndexOfAny(new[] { '*', '?' }) >= 0;

        private static bool IsWild(string pattern, bool[]? literal, int index, char wildcard) =>
            pattern[index] == wildcard && (literal == null || !literal[index]);

        private static bool CharsEqual(char a, char b, bool ignoreCase) =>
            a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
    }
}
