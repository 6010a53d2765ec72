using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using CrossAcctApi.Core.Policy;
using CrossAcctApi.Core.Policy.Generator;

namespace CrossAcctApi
{
    /// <summary>
    /// Lets -PolicyDocument take, besides JSON text, the module's own policy objects: a parsed
    /// <see cref="PolicyDocument"/> (its JSON) and New-CrossAccountPolicy's output (its invoke policy, the one
    /// that governs execute-api:Invoke). Anything else is left for PowerShell's own conversion to text, and the
    /// parser then says what is wrong with it.
    /// </summary>
    internal sealed class PolicyDocumentTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = Unwrap(inputData);
            if (value is string || value is null)
            {
                return value;
            }

            if (TryConvertOne(value, out string? one))
            {
                return one;
            }

            if (value is IEnumerable items && !(value is IDictionary))
            {
                var texts = new List<object?>();
                foreach (object? item in items)
                {
                    object? element = Unwrap(item);
                    texts.Add(TryConvertOne(element, out string? text) ? text : element);
                }

                return texts.ToArray();
            }

            return inputData;
        }

        private static bool TryConvertOne(object? value, out string? text)
        {
            switch (value)
            {
                case PolicyDocument document:
                    text = document.Json;
                    return true;
                case CrossAccountPolicySet set:
                    text = set.InvokePolicy;
                    return true;
                default:
                    text = null;
                    return false;
            }
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
    }
}
