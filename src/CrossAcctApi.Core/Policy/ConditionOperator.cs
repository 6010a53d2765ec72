using System;
using System.Collections.Generic;

namespace CrossAcctApi.Core.Policy
{
    internal enum SetQualifier
    {
        None,
        ForAnyValue,
        ForAllValues,
    }

    internal enum OperatorFamily
    {
        String,
        StringIgnoreCase,
        StringLike,
        Numeric,
        Date,
        Bool,
        Binary,
        IpAddress,
        Arn,
        Null,
    }

    /// <summary>A condition operator taken apart: set qualifier, base comparison, negation and IfExists.</summary>
    internal sealed class ConditionOperator
    {
        private static readonly Dictionary<string, (OperatorFamily Family, bool Negated, NumericComparison Comparison)> Bases =
            new Dictionary<string, (OperatorFamily, bool, NumericComparison)>(StringComparer.Ordinal)
            {
                ["StringEquals"] = (OperatorFamily.String, false, NumericComparison.Equal),
                ["StringNotEquals"] = (OperatorFamily.String, true, NumericComparison.Equal),
                ["StringEqualsIgnoreCase"] = (OperatorFamily.StringIgnoreCase, false, NumericComparison.Equal),
                ["StringNotEqualsIgnoreCase"] = (OperatorFamily.StringIgnoreCase, true, NumericComparison.Equal),
                ["StringLike"] = (OperatorFamily.StringLike, false, NumericComparison.Equal),
                ["StringNotLike"] = (OperatorFamily.StringLike, true, NumericComparison.Equal),
                ["NumericEquals"] = (OperatorFamily.Numeric, false, NumericComparison.Equal),
                ["NumericNotEquals"] = (OperatorFamily.Numeric, true, NumericComparison.Equal),
                ["NumericLessThan"] = (OperatorFamily.Numeric, false, NumericComparison.Less),
                ["NumericLessThanEquals"] = (OperatorFamily.Numeric, false, NumericComparison.LessOrEqual),
                ["NumericGreaterThan"] = (OperatorFamily.Numeric, false, NumericComparison.Greater),
                ["NumericGreaterThanEquals"] = (OperatorFamily.Numeric, false, NumericComparison.GreaterOrEqual),
                ["DateEquals"] = (OperatorFamily.Date, false, NumericComparison.Equal),
                ["DateNotEquals"] = (OperatorFamily.Date, true, NumericComparison.Equal),
                ["DateLessThan"] = (OperatorFamily.Date, false, NumericComparison.Less),
                ["DateLessThanEquals"] = (OperatorFamily.Date, false, NumericComparison.LessOrEqual),
                ["DateGreaterThan"] = (OperatorFamily.Date, false, NumericComparison.Greater),
                ["DateGreaterThanEquals"] = (OperatorFamily.Date, false, NumericComparison.GreaterOrEqual),
                ["Bool"] = (OperatorFamily.Bool, false, NumericComparison.Equal),
                ["BinaryEquals"] = (OperatorFamily.Binary, false, NumericComparison.Equal),
                ["IpAddress"] = (OperatorFamily.IpAddress, false, NumericComparison.Equal),
                ["NotIpAddress"] = (OperatorFamily.IpAddress, true, NumericComparison.Equal),
                ["ArnEquals"] = (OperatorFamily.Arn, false, NumericComparison.Equal),
                ["ArnLike"] = (OperatorFamily.Arn, false, NumericComparison.Equal),
                ["ArnNotEquals"] = (OperatorFamily.Arn, true, NumericComparison.Equal),
                ["ArnNotLike"] = (OperatorFamily.Arn, true, NumericComparison.Equal),
                ["Null"] = (OperatorFamily.Null, false, NumericComparison.Equal),
            };

        private ConditionOperator(string text, SetQualifier qualifier, string baseName, OperatorFamily family, bool negated, NumericComparison comparison, bool ifExists)
        {
            Text = text;
            Qualifier = qualifier;
            BaseName = baseName;
            Family = family;
            Negated = negated;
            Comparison = comparison;
            IfExists = ifExists;
        }

        public string Text { get; }

        public SetQualifier Qualifier { get; }

        public string BaseName { get; }

        public OperatorFamily Family { get; }

        /// <summary>True for the Not- operators, which IAM evaluates as the negation of their positive form.</summary>
        public bool Negated { get; }

        public NumericComparison Comparison { get; }

        public bool IfExists { get; }

        /// <summary>The operator, or null (with the reason) when this engine does not know it.</summary>
        public static ConditionOperator? TryParse(string text, out string reason)
        {
            reason = string.Empty;
            string rest = text;
            SetQualifier qualifier = SetQualifier.None;
            if (rest.StartsWith("ForAnyValue:", StringComparison.Ordinal))
            {
                qualifier = SetQualifier.ForAnyValue;
                rest = rest.Substring("ForAnyValue:".Length);
            }
            else if (rest.StartsWith("ForAllValues:", StringComparison.Ordinal))
            {
                qualifier = SetQualifier.ForAllValues;
                rest = rest.Substring("ForAllValues:".Length);
            }

            bool ifExists = false;
            if (rest.EndsWith("IfExists", StringComparison.Ordinal) && rest.Length > "IfExists".Length)
            {
                ifExists = true;
                rest = rest.Substring(0, rest.Length - "IfExists".Length);
            }

            if (!Bases.TryGetValue(rest, out var info))
            {
                reason = $"the condition operator '{text}' is not supported by this evaluator";
                return null;
            }

            if (info.Family == OperatorFamily.Null && (ifExists || qualifier != SetQualifier.None))
            {
                reason = $"the condition operator '{text}' is not valid: Null takes neither IfExists nor a set qualifier";
                return null;
            }

            return new ConditionOperator(text, qualifier, rest, info.Family, info.Negated, info.Comparison, ifExists);
        }
    }

    internal enum NumericComparison
    {
        Equal,
        Less,
        LessOrEqual,
        Greater,
        GreaterOrEqual,
    }
}
