using System;

namespace CrossAcctApi.Core.Requests
{
    /// <summary>What the pipeline needs to know about HTTP methods: their spelling on the wire and which are safe to repeat.</summary>
    public static class HttpMethods
    {
        private static readonly string[] Standard = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE" };

        // RFC 9110 9.2.2: repeating these has the same effect as sending them once, so a retry cannot do harm.
        private static readonly string[] Idempotent = { "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE" };

        // Requests whose semantics do not include a body; API Gateway and proxies may drop one, and then the
        // signature (which covers the body's hash) no longer matches.
        private static readonly string[] Bodyless = { "GET", "HEAD", "OPTIONS", "TRACE" };

        /// <summary>
        /// Standard methods in upper case: methods are case-sensitive and signed, while PowerShell users type
        /// "-Method post" expecting POST. Other methods are kept as given.
        /// </summary>
        public static string Normalize(string method)
        {
            if (method is null)
            {
                throw new ArgumentNullException(nameof(method));
            }

            var trimmed = method.Trim();
            foreach (var standard in Standard)
            {
                if (string.Equals(trimmed, standard, StringComparison.OrdinalIgnoreCase))
                {
                    return standard;
                }
            }

            return trimmed;
        }

        public static bool IsIdempotent(string method) => Array.IndexOf(Idempotent, method) >= 0;

        public static bool ForbidsBody(string method) => Array.IndexOf(Bodyless, method) >= 0;
    }
}
