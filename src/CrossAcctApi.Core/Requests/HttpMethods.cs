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
        /// The one spelling of a method for every command: standard methods in upper case (methods are case-sensitive
        /// and signed, while PowerShell users type "-Method post" expecting POST); other methods as given. Refused with
        /// <c>InvalidMethod</c>: anything but an RFC 9110 token (no spaces, CR, LF or other separators: they would
        /// split the request line) and CONNECT, which asks a proxy for a tunnel and reaches no API.
        /// </summary>
        public static string Normalize(string? method)
        {
            if (string.IsNullOrEmpty(method) || !IsToken(method!))
            {
                throw Invalid(method, "is not an HTTP method: a method is a word of letters, digits and !#$%&'*+-.^_`|~ with no spaces or line breaks");
            }

            foreach (var standard in Standard)
            {
                if (string.Equals(method, standard, StringComparison.OrdinalIgnoreCase))
                {
                    return standard;
                }
            }

            if (string.Equals(method, "CONNECT", StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid(method, "asks a proxy to open a tunnel; it reaches no API");
            }

            return method!;
        }

        private static bool IsToken(string text)
        {
            foreach (var c in text)
            {
                if (!(char.IsLetterOrDigit(c) && c < 128) && "!#$%&'*+-.^_`|~".IndexOf(c) < 0)
                {
                    return false;
                }
            }

            return true;
        }

        private static CrossAcctApiException Invalid(string? method, string problem)
        {
            var shown = method is null ? "(none)" : "'" + Printable(method) + "'";
            return new CrossAcctApiException(RequestErrors.InvalidMethod, FailureKind.InvalidArgument, shown + " " + problem + ".", Printable(method ?? string.Empty))
            {
                RecommendedAction = "Use a method such as GET, POST, PUT, PATCH or DELETE.",
            };
        }

        private static string Printable(string text)
        {
            var shown = text.Length > 32 ? text.Substring(0, 32) + "..." : text;
            var chars = shown.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (char.IsControl(chars[i]))
                {
                    chars[i] = '?';
                }
            }

            return new string(chars);
        }

        public static bool IsIdempotent(string method) => Array.IndexOf(Idempotent, method) >= 0;

        public static bool ForbidsBody(string method) => Array.IndexOf(Bodyless, method) >= 0;
    }
}
