using System;
using System.Collections.Generic;

namespace CrossAcctApi.Core.Policy
{
    /// <summary>A statement's Principal or NotPrincipal: either "*" or a map of principal types to values.</summary>
    public sealed class PolicyPrincipal
    {
        public const string Aws = "AWS";
        public const string Service = "Service";
        public const string Federated = "Federated";
        public const string CanonicalUser = "CanonicalUser";

        private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoValues =
            new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

        private PolicyPrincipal(bool isWildcard, IReadOnlyDictionary<string, IReadOnlyList<string>> values)
        {
            IsWildcard = isWildcard;
            Values = values;
        }

        /// <summary>The principal <c>"*"</c>: everyone, including anonymous callers.</summary>
        public static PolicyPrincipal Everyone { get; } = new PolicyPrincipal(true, NoValues);

        public static PolicyPrincipal Of(IReadOnlyDictionary<string, IReadOnlyList<string>> values) =>
            new PolicyPrincipal(false, values ?? throw new ArgumentNullException(nameof(values)));

        /// <summary>True for <c>"Principal": "*"</c>. (<c>{"AWS": "*"}</c> is kept as a value and also matches everyone.)</summary>
        public bool IsWildcard { get; }

        /// <summary>Principal type ("AWS", "Service", "Federated", "CanonicalUser") to its values.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Values { get; }

        public IReadOnlyList<string> ValuesOf(string type) =>
            Values.TryGetValue(type, out IReadOnlyList<string>? list) ? list : Array.Empty<string>();
    }
}
