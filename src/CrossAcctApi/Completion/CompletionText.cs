using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace CrossAcctApi.Completion
{
    /// <summary>
    /// What the completers share: how the word typed so far matches a candidate, and how a candidate is written back
    /// so that PowerShell parses it as one argument (quoted only when it has to be, in the quote the user began with).
    /// </summary>
    internal static class CompletionText
    {
        private const string NeedsQuotes = " \t'\"`$(){}[];,|&<>@#";

        /// <summary>The word without the quote the user may have opened (and closed) it with.</summary>
        public static string Unquote(string? wordToComplete, out char quote)
        {
            string word = wordToComplete ?? string.Empty;
            quote = '\0';
            if (word.Length > 0 && (word[0] == '\'' || word[0] == '"'))
            {
                quote = word[0];
                word = word.Substring(1);
                if (word.Length > 0 && word[word.Length - 1] == quote)
                {
                    word = word.Substring(0, word.Length - 1);
                }
            }

            return word;
        }

        /// <summary>
        /// A matcher for the typed word: a wildcard pattern when it has wildcards (<c>*east*</c>), else a
        /// case-insensitive prefix; an empty word matches everything.
        /// </summary>
        public static Func<string, bool> Matcher(string word)
        {
            if (word.Length == 0)
            {
                return _ => true;
            }

            if (WildcardPattern.ContainsWildcardCharacters(word))
            {
                var pattern = WildcardPattern.Get(word, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
                return pattern.IsMatch;
            }

            return candidate => candidate.StartsWith(word, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The candidate as argument text: bare when PowerShell reads it as one word, else quoted.</summary>
        public static string Quote(string candidate, char quote)
        {
            bool mustQuote = candidate.Length == 0 || candidate.IndexOfAny(NeedsQuotes.ToCharArray()) >= 0 || candidate[0] == '-';
            if (quote == '\0' && !mustQuote)
            {
                return candidate;
            }

            if (quote == '"')
            {
                return "\"" + candidate.Replace("`", "``").Replace("\"", "`\"").Replace("$", "`$") + "\"";
            }

            return "'" + candidate.Replace("'", "''") + "'";
        }

        public static CompletionResult Result(string candidate, char quote, string toolTip) =>
            new CompletionResult(Quote(candidate, quote), candidate, CompletionResultType.ParameterValue, string.IsNullOrEmpty(toolTip) ? candidate : toolTip);

        /// <summary>Candidates that match the word, in the order given, each once.</summary>
        public static IEnumerable<CompletionResult> Complete(string? wordToComplete, IEnumerable<KeyValuePair<string, string>> candidatesWithToolTips)
        {
            string word = Unquote(wordToComplete, out char quote);
            Func<string, bool> matches = Matcher(word);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var candidate in candidatesWithToolTips)
            {
                if (matches(candidate.Key) && seen.Add(candidate.Key))
                {
                    yield return Result(candidate.Key, quote, candidate.Value);
                }
            }
        }
    }
}
