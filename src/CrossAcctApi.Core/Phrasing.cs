using System;
using System.Collections.Generic;
using System.Text;

namespace CrossAcctApi.Core
{
    /// <summary>
    /// How the engine's texts name the inputs a user gives. Core writes an input as <c>{@Region}</c> and never as a
    /// front end spells it (a PowerShell parameter, a command-line flag): the front end supplies an
    /// <see cref="IPhrasing"/> that turns each name into its own syntax, and texts read by anyone else get
    /// <see cref="Neutral"/> ("the Region setting").
    /// <para>
    /// A few markers name a step a front end offers as a command of its own rather than an input, such as
    /// <c>{@AssumeRoleCommand}</c> (PowerShell: Get-AssumedRoleCredential); they end in "Command", and neutral words
    /// name the action ("an assume-role call"). Texts are written so that both readings make a sentence: "Pass
    /// {@ApiId} (and {@Region})", "with {@AssumeRoleCommand}".
    /// </para>
    /// </summary>
    public static class Phrasing
    {
        private const string Open = "{@";

        /// <summary>The marker name of the step that assumes a role and hands out its credential.</summary>
        public const string AssumeRoleCommand = "AssumeRoleCommand";

        /// <summary>The marker name of the step that evaluates identity and resource policies offline for one call.</summary>
        public const string TestPolicyCommand = "TestPolicyCommand";

        /// <summary>Renders inputs as "the X setting", commands as the action they take.</summary>
        public static IPhrasing Neutral { get; } = new NeutralPhrasing();

        /// <summary>The marker for input <paramref name="name"/>, for texts built at run time.</summary>
        public static string Input(string name) => Open + name + "}";

        /// <summary><paramref name="template"/> with every <c>{@Name}</c> replaced by <paramref name="phrasing"/>'s words for it.</summary>
        public static string Render(string? template, IPhrasing? phrasing)
        {
            if (string.IsNullOrEmpty(template))
            {
                return template ?? string.Empty;
            }

            var at = template!.IndexOf(Open, StringComparison.Ordinal);
            if (at < 0)
            {
                return template;
            }

            phrasing ??= Neutral;
            var text = new StringBuilder(template.Length + 16);
            var from = 0;
            while (at >= 0)
            {
                var end = template.IndexOf('}', at + Open.Length);
                if (end < 0 || !IsName(template, at + Open.Length, end))
                {
                    // Not a marker (user text that happens to hold "{@"): keep it as it is.
                    text.Append(template, from, at + Open.Length - from);
                    from = at + Open.Length;
                }
                else
                {
                    var words = phrasing.Name(template.Substring(at + Open.Length, end - at - Open.Length));
                    text.Append(template, from, at - from).Append(StartsSentence(template, at) ? Capitalized(words) : words);
                    from = end + 1;
                }

                at = template.IndexOf(Open, from, StringComparison.Ordinal);
            }

            return text.Append(template, from, template.Length - from).ToString();
        }

        /// <summary>Each of <paramref name="templates"/> rendered (<see cref="Render"/>).</summary>
        public static IReadOnlyList<string> RenderAll(IEnumerable<string> templates, IPhrasing? phrasing)
        {
            var rendered = new List<string>();
            foreach (var template in templates)
            {
                rendered.Add(Render(template, phrasing));
            }

            return OutputList<string>.Of(rendered);
        }

        /// <summary>True when <paramref name="input"/> names a command (<c>...Command</c>) rather than an input.</summary>
        public static bool IsCommand(string input) => input.EndsWith("Command", StringComparison.Ordinal);

        // At the start of the text or after a full stop ("... Pass it. {@Region} is ..."): "The Region setting is ...".
        private static bool StartsSentence(string text, int at)
        {
            var i = at - 1;
            while (i >= 0 && text[i] == ' ')
            {
                i--;
            }

            return i < 0 || (i < at - 1 && (text[i] == '.' || text[i] == '!' || text[i] == '?')) || text[i] == '\n';
        }

        private static string Capitalized(string words) =>
            words.Length > 0 && char.IsLower(words[0]) ? char.ToUpperInvariant(words[0]) + words.Substring(1) : words;

        private static bool IsName(string text, int start, int end)
        {
            if (end == start)
            {
                return false;
            }

            for (var i = start; i < end; i++)
            {
                if (!char.IsLetterOrDigit(text[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private sealed class NeutralPhrasing : IPhrasing
        {
            public string Name(string input) =>
                input == AssumeRoleCommand ? "an assume-role call"
                : IsCommand(input) ? "the " + input.Substring(0, input.Length - "Command".Length) + " command"
                : "the " + input + " setting";
        }
    }

    /// <summary>
    /// A result whose texts name inputs as markers (<see cref="Phrasing"/>): it keeps them as written and renders them,
    /// when read, with the phrasing last given here (neutral words until then). Front ends set their own before they
    /// show the result.
    /// </summary>
    public interface IPhrasable
    {
        /// <summary>How this result's texts name inputs from now on.</summary>
        void UsePhrasing(IPhrasing phrasing);
    }

    /// <summary>A front end's words for the inputs the engine's texts name (<see cref="Phrasing"/>).</summary>
    public interface IPhrasing
    {
        /// <summary>For example "-Region" for the input "Region".</summary>
        string Name(string input);
    }
}
