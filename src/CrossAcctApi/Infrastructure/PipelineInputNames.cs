using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace CrossAcctApi
{
    /// <summary>The names (and aliases) of a cmdlet's parameters that take pipeline input by property name.</summary>
    internal static class PipelineInputNames
    {
        private static readonly ConcurrentDictionary<Type, HashSet<string>> Known = new ConcurrentDictionary<Type, HashSet<string>>();

        public static HashSet<string> For(Type cmdlet) => Known.GetOrAdd(cmdlet, type =>
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetCustomAttributes<ParameterAttribute>().Any(p => p.ValueFromPipelineByPropertyName))
                {
                    names.Add(property.Name);
                    foreach (var alias in property.GetCustomAttributes<AliasAttribute>().SelectMany(a => a.AliasNames))
                    {
                        names.Add(alias);
                    }
                }
            }

            return names;
        });
    }
}
