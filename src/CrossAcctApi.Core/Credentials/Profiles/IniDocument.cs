using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace CrossAcctApi.Core.Credentials.Profiles
{
    /// <summary>
    /// One shared config or credentials file read the way the AWS CLI reads it: botocore hands the file to Python's
    /// <c>configparser.RawConfigParser</c>, so these are that parser's rules, not the AWS .NET SDK's. Whole-line
    /// comments only (<c>#</c> or <c>;</c> first): <c>region = us-east-1 # note</c> keeps the note in the value, as the
    /// AWS CLI does (and the region is then refused). Keys are lower-cased; <c>=</c> or <c>:</c> separates key and
    /// value; a line indented deeper than its key continues the value (botocore reads a value that starts on the next
    /// line as a nested block: <c>sts =</c> then <c>  endpoint_url = ...</c>); <c>[DEFAULT]</c> values belong to every
    /// section; a section or key written twice, a key outside any section or a line without a separator make the
    /// whole file unreadable (botocore's ConfigParseError).
    /// </summary>
    public sealed class IniDocument
    {
        private const string DefaultSection = "DEFAULT";
        private static readonly Regex SectionLine = new Regex(@"^\[(?<header>.+)\]", RegexOptions.CultureInvariant);
        private static readonly Regex OptionLine = new Regex(@"^(?<option>.*?)\s*(?<vi>[=:])\s*(?<value>.*)$", RegexOptions.CultureInvariant);

        private readonly Dictionary<string, Dictionary<string, List<string>>> _sections = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        private readonly List<string> _order = new List<string>();
        private readonly Dictionary<string, List<string>> _defaults = new Dictionary<string, List<string>>(StringComparer.Ordinal);

        private IniDocument()
        {
        }

        /// <summary>Section names in file order ([DEFAULT] is not one).</summary>
        public IReadOnlyList<string> SectionNames => _order;

        /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> with the line number where the file breaks a rule.</summary>
        public static IniDocument Parse(string text)
        {
            var document = new IniDocument();
            document.Read(text ?? string.Empty);
            return document;
        }

        /// <summary>The options of a section, [DEFAULT]'s included, with multi-line values joined by newlines.</summary>
        public IReadOnlyDictionary<string, string> Options(string section)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in _defaults)
            {
                result[pair.Key] = Join(pair.Value);
            }

            foreach (var pair in _sections[section])
            {
                result[pair.Key] = Join(pair.Value);
            }

            return result;
        }

        private static string Join(List<string> lines) => string.Join("\n", lines).TrimEnd();

        private void Read(string text)
        {
            Dictionary<string, List<string>>? current = null;
            string? sectionName = null;
            string? optionName = null;
            var indentLevel = 0;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
            for (var index = 0; index < lines.Length; index++)
            {
                var line = lines[index];
                var stripped = line.Trim();
                if (index == 0 && stripped.Length > 0 && stripped[0] == '\uFEFF')
                {
                    stripped = stripped.Substring(1).Trim();
                }

                var isComment = stripped.StartsWith("#", StringComparison.Ordinal) || stripped.StartsWith(";", StringComparison.Ordinal);
                if (isComment || stripped.Length == 0)
                {
                    // An empty line inside a value is kept (joined, then trimmed at the end); a comment line is not.
                    if (!isComment && current != null && optionName != null)
                    {
                        current[optionName].Add(string.Empty);
                    }

                    continue;
                }

                var indent = line.Length - line.TrimStart().Length;
                if (current != null && optionName != null && indent > indentLevel)
                {
                    current[optionName].Add(stripped);
                    continue;
                }

                indentLevel = indent;
                var section = SectionLine.Match(stripped);
                if (section.Success)
                {
                    sectionName = section.Groups["header"].Value;
                    optionName = null;
                    if (sectionName == DefaultSection)
                    {
                        current = _defaults;
                        continue;
                    }

                    if (!seen.Add("[" + sectionName))
                    {
                        throw Broken(index, "section [" + sectionName + "] appears twice");
                    }

                    if (!_sections.TryGetValue(sectionName, out current))
                    {
                        current = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                        _sections[sectionName] = current;
                        _order.Add(sectionName);
                    }

                    continue;
                }

                if (current is null)
                {
                    throw Broken(index, "a setting comes before the first [section]");
                }

                var option = OptionLine.Match(stripped);
                if (!option.Success || option.Groups["option"].Value.Length == 0)
                {
                    throw Broken(index, "the line is neither a [section] nor a 'name = value' setting");
                }

                optionName = option.Groups["option"].Value.TrimEnd().ToLowerInvariant();
                if (!seen.Add(sectionName + "\n" + optionName))
                {
                    throw Broken(index, "'" + optionName + "' is set twice in [" + sectionName + "]");
                }

                current[optionName] = new List<string> { option.Groups["value"].Value.Trim() };
            }
        }

        private static FormatException Broken(int index, string what) => new FormatException("line " + (index + 1) + ": " + what);
    }
}
