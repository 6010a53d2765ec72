using System;
using System.Text;

namespace CrossAcctApi.Core
{
    /// <summary>
    /// How the engine's texts name the inputs a user gives. Core writes an input as <c>{@Region}</c> and never as a
    /// front end spells it (a PowerShell parameter, a command-line flag): the front end supplies an
    /// <see cref="IPhrasing"/> that turns each name into its own syntax, and texts read by anyone else get
    /// <see cref="Neutral"/> ("the Region setting").
    /// </summary>
    public static class Phrasing
    {
        private const string Open = "{@";

        /// <summary>Renders inputs as "the X setting".</summary>
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
                    text.Append(template, from, at - from).Append(phrasing.Name(template.Substring(at + Open.Length, end - at - Open.Length)));
                    from = end + 1;
                }

                at = template.IndexOf(Open, from, StringComparison.Ordinal);
            }

            return text.Append(template, from, template.Length - from).ToString();
        }

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
            public string Name(string input) => "the " + input + " setting";
        }
    }

    /// <summary>A front end's words for the inputs the engine's texts name (<see cref="Phrasing"/>).</summary>
    public interface IPhrasing
    {
        /// <summary>For example "-Region" for the input "Region".</summary>
        string Name(string input);
    }
}
