using System.Collections.Generic;

namespace CrossAcctApi.Core.Policy
{
    /// <summary>
    /// Matches an ARN against a policy ARN pattern the way IAM does: each colon-separated part separately (a
    /// wildcard in the region cannot eat the account), the resource part as a whole (there '*' also spans '/'
    /// and ':'). Case-sensitive. A pattern with fewer than six parts splits the value into as many parts, its
    /// last part taking the rest, so "arn:*" means every ARN — except for the Arn condition operators, which IAM
    /// documents as comparing all six parts, so there a shorter pattern (other than "*") matches nothing.
    /// </summary>
    internal static class ArnPatternMatcher
    {
        private const int ArnParts = 6;

        public static bool IsMatch(ResolvedPattern pattern, string value, bool requireAllParts = false)
        {
            int[] patternColons = Colons(pattern.Text, ArnParts - 1);
            if (requireAllParts && patternColons.Length < ArnParts - 1)
            {
                return pattern.Text == "*" && (pattern.Literal == null || !pattern.Literal[0]);
            }

            int parts = patternColons.Length + 1;
            int[] valueColons = Colons(value, parts - 1);
            if (valueColons.Length < patternColons.Length)
            {
                return false;
            }

            int patternStart = 0, valueStart = 0;
            for (int part = 0; part < parts; part++)
            {
                bool last = part == parts - 1;
                int patternEnd = last ? pattern.Text.Length : patternColons[part];
                int valueEnd = last ? value.Length : valueColons[part];
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

        /// <summary>Positions of the first <paramref name="max"/> colons (fewer when the text has fewer).</summary>
        private static int[] Colons(string text, int max)
        {
            var positions = new List<int>(max);
            for (int i = 0; i < text.Length && positions.Count < max; i++)
            {
                if (text[i] == ':')
                {
                    positions.Add(i);
                }
            }

            return positions.ToArray();
        }
    }
}
