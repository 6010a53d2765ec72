using System;
using System.Collections.Generic;
using System.Text;

namespace CrossAcctApi.Core.Policy
{
    /// <summary>A resolved pattern: text plus which characters came from variable values (and so are literal).</summary>
    internal readonly struct ResolvedPattern
    {
        public ResolvedPattern(string text, bool[]? literal)
        {
            Text = text;
            Literal = literal;
        }

        public string Text { get; }

        public bool[]? Literal { get; }

        public bool IsMatch(string value, bool ignoreCase) => IamWildcard.IsMatch(Text, Literal, value, ignoreCase);

        public ResolvedPattern Slice(int start, int length)
        {
            bool[]? literal = null;
            if (Literal != null)
            {
                literal = new bool[length];
                Array.Copy(Literal, start, literal, 0, length);
            }

            return new ResolvedPattern(Text.Substring(start, length), literal);
        }
    }

    /// <summary>The outcome of resolving the policy variables in one policy string.</summary>
    internal readonly struct VariableResolution
    {
        private VariableResolution(Tri state, ResolvedPattern pattern, string? variable, string? reason)
        {
            State = state;
            Pattern = pattern;
            Variable = variable;
            Reason = reason;
        }

        /// <summary>True: resolved; False: a variable has no value, so the string matches nothing; Unknown: value not known.</summary>
        public Tri State { get; }

        public ResolvedPattern Pattern { get; }

        public string? Variable { get; }

        public string? Reason { get; }

        public static VariableResolution Resolved(ResolvedPattern pattern) => new VariableResolution(Tri.True, pattern, null, null);

        public static VariableResolution NoMatch(string variable, string reason) => new VariableResolution(Tri.False, default, variable, reason);

        public static VariableResolution Unknown(string variable, string reason) => new VariableResolution(Tri.Unknown, default, variable, reason);
    }

    /// <summary>
    /// Substitutes IAM policy variables (<c>${aws:username}</c>, <c>${aws:PrincipalTag/team, 'none'}</c>,
    /// and the literals <c>${*}</c>, <c>${?}</c>, <c>${$}</c>) from the request's condition keys. Only documents
    /// with Version 2012-10-17 have variables; in older ones the text is literal.
    /// </summary>
    internal static class PolicyVariables
    {
        public static VariableResolution Resolve(string text, RequestContext context, bool enabled)
        {
            if (!enabled || text.IndexOf("${", StringComparison.Ordinal) < 0)
            {
                return VariableResolution.Resolved(new ResolvedPattern(text, null));
            }

            var output = new StringBuilder(text.Length);
            var literal = new List<bool>(text.Length);
            int i = 0;
            while (i < text.Length)
            {
                int start = text.IndexOf("${", i, StringComparison.Ordinal);
                int end = start < 0 ? -1 : text.IndexOf('}', start + 2);
                if (start < 0 || end < 0)
                {
                    Append(output, literal, text.Substring(i), isLiteral: false);
                    break;
                }

                Append(output, literal, text.Substring(i, start - i), isLiteral: false);
                string body = text.Substring(start + 2, end - start - 2);
                VariableResolution? failure = Substitute(body, context, output, literal);
                if (failure.HasValue)
                {
                    return failure.Value;
                }

                i = end + 1;
            }

            return VariableResolution.Resolved(new ResolvedPattern(output.ToString(), literal.ToArray()));
        }

        private static VariableResolution? Substitute(string body, RequestContext context, StringBuilder output, List<bool> literal)
        {
            string trimmed = body.Trim();
            if (trimmed == "*" || trimmed == "?" || trimmed == "$")
            {
                Append(output, literal, trimmed, isLiteral: true);
                return null;
            }

            string key = trimmed;
            string? defaultValue = null;
            int comma = trimmed.IndexOf(',');
            if (comma >= 0)
            {
                key = trimmed.Substring(0, comma).Trim();
                string rest = trimmed.Substring(comma + 1).Trim();
                if (rest.Length >= 2 && rest[0] == '\'' && rest[rest.Length - 1] == '\'')
                {
                    defaultValue = rest.Substring(1, rest.Length - 2);
                }
            }

            string variable = "${" + key + "}";
            IReadOnlyList<string>? values = context.Lookup(key);
            if (values == null && context.Missing == MissingConditionKeys.Unknown)
            {
                return VariableResolution.Unknown(variable, $"the policy variable {variable} is not in the request context");
            }

            if (values == null || values.Count == 0)
            {
                if (defaultValue != null)
                {
                    Append(output, literal, defaultValue, isLiteral: true);
                    return null;
                }

                return VariableResolution.NoMatch(variable, $"the policy variable {variable} has no value in the request");
            }

            if (values.Count > 1)
            {
                string reason = $"the policy variable {variable} has {values.Count} values; IAM substitutes single-valued keys only";
                return context.Missing == MissingConditionKeys.Unknown
                    ? VariableResolution.Unknown(variable, reason)
                    : VariableResolution.NoMatch(variable, reason);
            }

            Append(output, literal, values[0], isLiteral: true);
            return null;
        }

        private static void Append(StringBuilder output, List<bool> literal, string text, bool isLiteral)
        {
            output.Append(text);
            for (int i = 0; i < text.Length; i++)
            {
                literal.Add(isLiteral);
            }
        }
    }
}
