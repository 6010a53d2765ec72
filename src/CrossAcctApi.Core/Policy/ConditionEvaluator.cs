using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace CrossAcctApi.Core.Policy
{
    /// <summary>
    /// Evaluates one operator/key/values condition against the request, following IAM's documented rules:
    /// values of one key are OR-ed, Not- operators are the negation of their positive form, a key missing from the
    /// request makes positive operators false and Not- operators, ...IfExists and ForAllValues true, and Null
    /// tests presence.
    /// </summary>
    internal static class ConditionEvaluator
    {
        public static Tri Evaluate(PolicyCondition condition, RequestContext context, bool variablesEnabled, out string? reason)
        {
            reason = null;
            ConditionOperator? op = ConditionOperator.TryParse(condition.Operator, out string parseReason);
            if (op == null)
            {
                reason = parseReason;
                return Tri.Unknown;
            }

            if (condition.Values.Count == 0)
            {
                reason = $"the condition {condition.Operator} on {condition.Key} has no values";
                return Tri.Unknown;
            }

            IReadOnlyList<string>? requestValues = context.Lookup(condition.Key);
            if (requestValues == null && context.Missing == MissingConditionKeys.Unknown)
            {
                reason = $"the key {condition.Key} is not in the request context, so its value is unknown";
                return Tri.Unknown;
            }

            bool present = requestValues != null && requestValues.Count > 0;
            if (op.Family == OperatorFamily.Null)
            {
                return EvaluateNull(condition, present, out reason);
            }

            if (!present)
            {
                // IAM: an absent key matches nothing, so the positive test fails and its negation holds.
                if (op.IfExists || op.Qualifier == SetQualifier.ForAllValues)
                {
                    return Tri.True;
                }

                if (op.Qualifier == SetQualifier.ForAnyValue)
                {
                    return Tri.False;
                }

                return TriLogic.From(op.Negated);
            }

            var policyValues = new List<ResolvedPattern>();
            foreach (string raw in condition.Values)
            {
                // Policy variables are substituted in the string and ARN families only.
                bool substitute = variablesEnabled && (op.Family == OperatorFamily.String || op.Family == OperatorFamily.StringIgnoreCase
                    || op.Family == OperatorFamily.StringLike || op.Family == OperatorFamily.Arn);
                VariableResolution resolution = PolicyVariables.Resolve(raw, context, substitute);
                if (resolution.State == Tri.Unknown)
                {
                    reason = resolution.Reason;
                    return Tri.Unknown;
                }

                if (resolution.State == Tri.True)
                {
                    policyValues.Add(resolution.Pattern);
                }
                else if (op.Negated)
                {
                    // A variable with no value makes the statement invalid (IAM User Guide, policy variables): a negated
                    // operator must not hold merely because nothing matches it.
                    reason = resolution.Reason;
                    return Tri.False;
                }
            }

            string? invalid = FindInvalidPolicyValue(op, policyValues);
            if (invalid != null)
            {
                reason = invalid;
                return Tri.Unknown;
            }

            Func<string, bool> positive = requestValue => policyValues.Any(p => Compare(op, requestValue, p));
            Func<string, bool> single = requestValue => positive(requestValue) != op.Negated;
            switch (op.Qualifier)
            {
                case SetQualifier.ForAnyValue:
                    return TriLogic.From(requestValues!.Any(single));
                case SetQualifier.ForAllValues:
                    return TriLogic.From(requestValues!.All(single));
                default:
                    return TriLogic.From(requestValues!.Any(positive) != op.Negated);
            }
        }

        private static Tri EvaluateNull(PolicyCondition condition, bool present, out string? reason)
        {
            reason = null;
            bool result = false;
            foreach (string value in condition.Values)
            {
                if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
                {
                    result |= !present;
                }
                else if (string.Equals(value, "false", StringComparison.OrdinalIgnoreCase))
                {
                    result |= present;
                }
                else
                {
                    reason = $"the value '{value}' is not valid for Null on {condition.Key}; it must be true or false";
                    return Tri.Unknown;
                }
            }

            return TriLogic.From(result);
        }

        private static string? FindInvalidPolicyValue(ConditionOperator op, List<ResolvedPattern> values)
        {
            foreach (ResolvedPattern value in values)
            {
                bool valid = op.Family switch
                {
                    OperatorFamily.Numeric => TryNumber(value.Text, out _),
                    OperatorFamily.Date => TryDate(value.Text, out _),
                    OperatorFamily.Bool => IsBool(value.Text),
                    OperatorFamily.Binary => TryBase64(value.Text, out _),
                    OperatorFamily.IpAddress => IpRange.TryParse(value.Text, out _),
                    _ => true,
                };
                if (!valid)
                {
                    return $"the value '{value.Text}' is not valid for {op.Text}";
                }
            }

            return null;
        }

        private static bool Compare(ConditionOperator op, string requestValue, ResolvedPattern policyValue)
        {
            switch (op.Family)
            {
                case OperatorFamily.String:
                    return string.Equals(requestValue, policyValue.Text, StringComparison.Ordinal);
                case OperatorFamily.StringIgnoreCase:
                    return string.Equals(requestValue, policyValue.Text, StringComparison.OrdinalIgnoreCase);
                case OperatorFamily.StringLike:
                    return policyValue.IsMatch(requestValue, ignoreCase: false);
                case OperatorFamily.Arn:
                    return ArnPatternMatcher.IsMatch(policyValue, requestValue, requireAllParts: true);
                case OperatorFamily.Bool:
                    return string.Equals(requestValue, policyValue.Text, StringComparison.OrdinalIgnoreCase);
                case OperatorFamily.Binary:
                    return TryBase64(requestValue, out byte[] actual) && TryBase64(policyValue.Text, out byte[] expected) && actual.SequenceEqual(expected);
                case OperatorFamily.IpAddress:
                    return IPAddress.TryParse(requestValue.Trim(), out IPAddress? address) && IpRange.TryParse(policyValue.Text, out IpRange? range) && range!.Contains(address!);
                case OperatorFamily.Numeric:
                    return TryNumber(requestValue, out decimal left) && TryNumber(policyValue.Text, out decimal right) && Holds(op.Comparison, left.CompareTo(right));
                case OperatorFamily.Date:
                    return TryDate(requestValue, out DateTimeOffset l) && TryDate(policyValue.Text, out DateTimeOffset r) && Holds(op.Comparison, l.CompareTo(r));
                default:
                    return false;
            }
        }

        private static bool Holds(NumericComparison comparison, int order) => comparison switch
        {
            NumericComparison.Equal => order == 0,
            NumericComparison.Less => order < 0,
            NumericComparison.LessOrEqual => order <= 0,
            NumericComparison.Greater => order > 0,
            NumericComparison.GreaterOrEqual => order >= 0,
            _ => false,
        };

        private static bool IsBool(string value) =>
            string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);

        internal static bool TryNumber(string text, out decimal value) =>
            decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

        /// <summary>IAM dates: ISO 8601 (date, date-time, with or without zone; UTC assumed) or epoch seconds.</summary>
        internal static bool TryDate(string text, out DateTimeOffset value)
        {
            string trimmed = text.Trim();
            if (trimmed.Length > 0 && trimmed.All(c => c >= '0' && c <= '9'))
            {
                if (long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
                    && seconds <= 253402300799L)
                {
                    value = DateTimeOffset.FromUnixTimeSeconds(seconds);
                    return true;
                }

                value = default;
                return false;
            }

            return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out value)
                && trimmed.Length >= 10 && char.IsDigit(trimmed[0]);
        }

        private static bool TryBase64(string text, out byte[] bytes)
        {
            try
            {
                bytes = Convert.FromBase64String(text.Trim());
                return true;
            }
            catch (FormatException)
            {
                bytes = Array.Empty<byte>();
                return false;
            }
        }

        /// <summary>An IPv4 or IPv6 CIDR block (a bare address is a /32 or /128).</summary>
        internal sealed class IpRange
        {
            private readonly byte[] _network;
            private readonly int _prefixLength;

            private IpRange(byte[] network, int prefixLength)
            {
                _network = network;
                _prefixLength = prefixLength;
            }

            public static bool TryParse(string text, out IpRange? range)
            {
                range = null;
                string trimmed = text.Trim();
                int slash = trimmed.IndexOf('/');
                string addressText = slash < 0 ? trimmed : trimmed.Substring(0, slash);
                if (!IPAddress.TryParse(addressText, out IPAddress? address))
                {
                    return false;
                }

                // IPAddress.TryParse accepts "1" or "1.2" as IPv4 shorthand; IAM wants a written-out address.
                if (address!.AddressFamily == AddressFamily.InterNetwork && addressText.Count(c => c == '.') != 3)
                {
                    return false;
                }

                byte[] bytes = address.GetAddressBytes();
                int maxPrefix = bytes.Length * 8;
                int prefix = maxPrefix;
                if (slash >= 0 && (!int.TryParse(trimmed.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix))
                {
                    return false;
                }

                range = new IpRange(bytes, prefix);
                return true;
            }

            public bool Contains(IPAddress address)
            {
                byte[] bytes = address.GetAddressBytes();
                if (bytes.Length != _network.Length)
                {
                    // Let an IPv4-mapped IPv6 caller match an IPv4 block and vice versa.
                    if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6 && _network.Length == 4)
                    {
                        bytes = address.MapToIPv4().GetAddressBytes();
                    }
                    else
                    {
                        return false;
                    }
                }

                int fullBytes = _prefixLength / 8;
                for (int i = 0; i < fullBytes; i++)
                {
                    if (bytes[i] != _network[i])
                    {
                        return false;
                    }
                }

                int remainingBits = _prefixLength % 8;
                if (remainingBits == 0)
                {
                    return true;
                }

                int mask = 0xFF << (8 - remainingBits) & 0xFF;
                return (bytes[fullBytes] & mask) == (_network[fullBytes] & mask);
            }
        }
    }
}
