using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace CrossAcctApi
{
    /// <summary>
    /// Lets a policy parameter take, besides JSON text, whatever <see cref="PolicyArgument.ToText"/> reads: the
    /// module's policy objects, hashtables, ConvertFrom-Json output and IAM/AWS.Tools answers. A value that is not
    /// policy-shaped (a CSV row of calls, a file object) is left as it is, so that PowerShell binds it elsewhere.
    /// </summary>
    internal sealed class PolicyDocumentTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = PowerShellValues.Unwrap(inputData);
            if (value is string || value is null)
            {
                return value;
            }

            if (value is IEnumerable items && !(value is IDictionary))
            {
                var texts = new List<object?>();
                foreach (object? item in items)
                {
                    texts.Add(PolicyArgument.ToText(item) ?? PowerShellValues.Unwrap(item));
                }

                return texts.ToArray();
            }

            return PolicyArgument.ToText(inputData) ?? inputData;
        }
    }
}
