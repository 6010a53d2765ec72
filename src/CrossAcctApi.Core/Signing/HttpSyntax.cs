using System;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>The few RFC 7230 rules the signer enforces, and which headers it refuses or leaves unsigned.</summary>
    internal static class HttpSyntax
    {
        // Headers whose value only the signer may set: a caller-supplied copy would be signed over, sent twice,
        // or silently disagree with what the signer computed.
        private static readonly string[] Reserved = { "authorization", "x-amz-date", "x-amz-security-token" };

        // Hop-by-hop and volatile headers: proxies, load balancers and HTTP stacks add, drop or rewrite them
        // (user-agent, x-amzn-trace-id), so a signature over them would break in transit.
        private static readonly string[] Unsigned =
        {
            "user-agent", "x-amzn-trace-id", "connection", "transfer-encoding", "expect",
            "keep-alive", "proxy-connection", "te", "upgrade",
        };

        public const string HostHeader = "host";
        public const string ContentSha256Header = "x-amz-content-sha256";

        /// <summary>RFC 7230 tchar: "!" / "#" / "$" / "%" / "&amp;" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.</summary>
        public static bool IsTokenChar(char c)
        {
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')
            {
                return true;
            }

            switch (c)
            {
                case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
                case '-': case '.': case '^': case '_': case '`': case '|': case '~':
                    return true;
                default:
                    return false;
            }
        }

        public static bool IsToken(string value)
        {
            if (value.Length == 0)
            {
                return false;
            }

            foreach (var c in value)
            {
                if (!IsTokenChar(c))
                {
                    return false;
                }
            }

            return true;
        }

        public static bool IsReserved(string name) => IndexOfIgnoreCase(Reserved, name) >= 0;

        public static bool IsUnsigned(string name) => IndexOfIgnoreCase(Unsigned, name) >= 0;

        /// <summary>ASCII case-insensitive equality, for header names (which are ASCII tokens).</summary>
        public static bool EqualsIgnoreCase(string a, string lowercase)
        {
            if (a.Length != lowercase.Length)
            {
                return false;
            }

            for (var i = 0; i < a.Length; i++)
            {
                if (ToLowerAscii(a[i]) != lowercase[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Ordinal comparison of the lowercase forms of two ASCII header names.</summary>
        public static int CompareIgnoreCase(string a, string b)
        {
            var length = Math.Min(a.Length, b.Length);
            for (var i = 0; i < length; i++)
            {
                var diff = ToLowerAscii(a[i]) - ToLowerAscii(b[i]);
                if (diff != 0)
                {
                    return diff;
                }
            }

            return a.Length - b.Length;
        }

        public static char ToLowerAscii(char c) => c >= 'A' && c <= 'Z' ? (char)(c | 0x20) : c;

        /// <summary>CR, LF and NUL allow header injection or truncation, so no value may contain them.</summary>
        public static bool HasForbiddenValueChar(string value) =>
            value.IndexOf('\r') >= 0 || value.IndexOf('\n') >= 0 || value.IndexOf('\0') >= 0;

        /// <summary>C0 controls, DEL, '#' are never part of a path or query as sent.</summary>
        public static int IndexOfForbiddenUriChar(string value, bool allowQuestionMark)
        {
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c < ' ' || c == '\u007f' || c == '#' || (c == '?' && !allowQuestionMark))
                {
                    return i;
                }
            }

            return -1;
        }

        private static int IndexOfIgnoreCase(string[] lowercaseNames, string name)
        {
            for (var i = 0; i < lowercaseNames.Length; i++)
            {
                if (EqualsIgnoreCase(name, lowercaseNames[i]))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
