using System.Collections.Generic;

namespace CrossAcctApi.Core.Policy
{
    /// <summary>One operator/key pair of a statement's Condition block with its values (OR-ed).</summary>
    public sealed class PolicyCondition
    {
        public PolicyCondition(string @operator, string key, IReadOnlyList<string> values)
        {
            Operator = @operator;
            Key = key;
            Values = values;
        }

        /// <summary>The operator as written, e.g. <c>StringEquals</c>, <c>ForAnyValue:StringLike</c>, <c>BoolIfExists</c>.</summary>
        public string Operator { get; }

        /// <summary>The condition key as written, e.g. <c>sts:ExternalId</c>.</summary>
        public string Key { get; }

        /// <summary>The policy's values; JSON booleans and numbers appear in their JSON text ("true", "3600").</summary>
        public IReadOnlyList<string> Values { get; }

        public override string ToString() => $"{Operator} {Key} [{string.Join(", ", Values)}]";
    }
}
