using System;

namespace CrossAcctApi.Core.Policy
{
    /// <summary>
    /// Matches an ARN against a policy ARN pattern the way IAM does: each of the first five colon-separated parts
    /// separately (a wildcard in the region cannot eat the account), the resource part as a whole (there '*'
    /// also spans '/' and ':'). Case-sensitive. Patterns with fewer than six parts are matched as plain globs.
    /// </summary>
    internal static class ArnPatternMatcher
    {
        public static bool IsMatch(ResolvedPattern pattern, string value)
        {
            if (pattern.Text == "*" && (pattern.Literal == null || !pattern.Literal[0]))
            {
                return true;
            }

            int[] patternColons = FirstColons(pattern.Text);
            if (patternColons.Length < 5)
            {
                return pattern.IsMatch(value, ignoreCase: false);
            }

            int[] valueColons = FirstColons(value);
            if (valueColons.Length < 5)
            {
                return false;
            }

            int patternStart = 0, valueStart = 0;
            for (int part = 0; part < 6; part++)
            {
                int patternEnd = part < 5 ? patternColons[part] : pattern.Text.Length;
                int valueEnd = part < 5 ? valueColons[part] : value.Length;
                ResolvedPattern piece = pattern.Slice(patternStart, patternEnd - patternStart);
                if (!piece.IsMatch(value.Substring(valueStart, valueEnd - valueStart), ignoreCase: false))
                {
                    return false;
                }

                patternStart = patternEnd + 1;
                valueStart = valueEnd + 1;
            }

            return true;
        }

        /// <summary>Positions of the first five colons (fewer when the text has fewer).</summary>
        private static int[] FirstColons(string text)
        {
            var positions = new int[5];
            int count = 0;
            for (int i = 0; i < text.Length && count < 5; i++)
            {
                if (text[i] == ':')
                {
                    positions[count++] = i;
                }
            }

            if (count == 5)
            {
                return positions;
            }

            var shorter = new int[count];
            Array.Copy(positions, shorter, count);
            return shorter;
        }
    }
}
