using CrossAcctApi.Core;

namespace CrossAcctApi
{
    /// <summary>PowerShell's words for the inputs the engine's texts name: a parameter, as typed ("-Region").</summary>
    internal sealed class ParameterPhrasing : IPhrasing
    {
        public static readonly ParameterPhrasing Instance = new ParameterPhrasing();

        public string Name(string input) => "-" + input;

        /// <summary>A core text with its input markers in parameter syntax.</summary>
        public static string Render(string? text) => Phrasing.Render(text, Instance);
    }
}
