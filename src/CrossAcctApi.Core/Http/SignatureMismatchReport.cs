using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi.Core.Http
{
    /// <summary>One line of the comparison: which part of the canonical request, our text, the server's.</summary>
    public sealed class CanonicalLine
    {
        internal CanonicalLine(string part, string? ours, string? server)
        {
            Part = part;
            Ours = ours;
            Server = server;
        }

        /// <summary>Method, CanonicalUri, CanonicalQueryString, Header &lt;name&gt;, SignedHeaders, PayloadHash, or a string-to-sign line.</summary>
        public string Part { get; }

        /// <summary>Our line, or null when we had no such line.</summary>
        public string? Ours { get; }

        /// <summary>The server's line, or null when it had no such line.</summary>
        public string? Server { get; }

        public bool Same => string.Equals(Ours, Server, StringComparison.Ordinal);
    }

    /// <summary>
    /// Our canonical request and string to sign beside the ones the server says it expected (from its
    /// InvalidSignatureException message), line by line, with what each difference usually means. The session
    /// token appears in both canonical requests (it is a signed header) and is shown as "(redacted)" in both.
    /// </summary>
    public sealed class SignatureMismatchReport
    {
        private const string CanonicalMarker = "The Canonical String for this request should have been";
        private const string StringToSignMarker = "The String-to-Sign should have been";

        private SignatureMismatchReport(
            string ourCanonicalRequest,
            string ourStringToSign,
            string? serverCanonicalRequest,
            string? serverStringToSign,
            IReadOnlyList<CanonicalLine> canonicalLines,
            IReadOnlyList<CanonicalLine> stringToSignLines)
        {
            OurCanonicalRequest = ourCanonicalRequest;
            OurStringToSign = ourStringToSign;
            ServerCanonicalRequest = serverCanonicalRequest;
            ServerStringToSign = serverStringToSign;
            CanonicalRequestLines = canonicalLines;
            StringToSignLines = stringToSignLines;
        }

        public string OurCanonicalRequest { get; }

        public string OurStringToSign { get; }

        /// <summary>The canonical request the server computed, or null when its message did not include one.</summary>
        public string? ServerCanonicalRequest { get; }

        public string? ServerStringToSign { get; }

        public IReadOnlyList<CanonicalLine> CanonicalRequestLines { get; }

        public IReadOnlyList<CanonicalLine> StringToSignLines { get; }

        public bool HasServerCanonicalRequest => ServerCanonicalRequest != null;

        /// <summary>The parts that differ (empty when the canonical requests are the same).</summary>
        public IReadOnlyList<string> DifferingParts => CanonicalRequestLines.Where(l => !l.Same).Select(l => l.Part).Distinct().ToList();

        /// <param name="serverMessage">The server's error message.</param>
        /// <param name="ourCanonicalRequest">Our canonical request with the session token already redacted.</param>
        /// <param name="ourStringToSign">Our string to sign.</param>
        /// <param name="redactor">Redacts the session token from the server's text.</param>
        internal static SignatureMismatchReport Create(string? serverMessage, string ourCanonicalRequest, string ourStringToSign, SecretRedactor redactor)
        {
            var serverCanonical = ExtractQuoted(serverMessage, CanonicalMarker, StringToSignMarker);
            var serverStringToSign = ExtractQuoted(serverMessage, StringToSignMarker, null);
            if (serverCanonical != null)
            {
                serverCanonical = redactor.Redact(serverCanonical);
            }

            var canonicalLines = serverCanonical is null
                ? (IReadOnlyList<CanonicalLine>)Array.Empty<CanonicalLine>()
                : CompareCanonical(ourCanonicalRequest, serverCanonical);
            var stringToSignLines = serverStringToSign is null
                ? (IReadOnlyList<CanonicalLine>)Array.Empty<CanonicalLine>()
                : ComparePositional(ourStringToSign, serverStringToSign, new[] { "Algorithm", "RequestDateTime", "CredentialScope", "CanonicalRequestHash" });
            return new SignatureMismatchReport(ourCanonicalRequest, ourStringToSign, serverCanonical, serverStringToSign, canonicalLines, stringToSignLines);
        }

        /// <summary>What the differences mean, in a sentence or two.</summary>
        public string Explain(string accessKeyId)
        {
            if (!HasServerCanonicalRequest)
            {
                return "The server did not say which canonical request it expected. The usual causes: the secret access key does not belong to access key "
                    + accessKeyId + ", or something between here and API Gateway changed the path, query, a signed header or the body after signing.";
            }

            var differing = DifferingParts;
            if (differing.Count == 0)
            {
                var scope = StringToSignLines.FirstOrDefault(l => !l.Same && l.Part != "CanonicalRequestHash");
                if (scope != null)
                {
                    return "The canonical requests are the same, but the string to sign differs in its " + scope.Part + " (ours '" + scope.Ours + "', the server's '" + scope.Server + "').";
                }

                return "The canonical requests and strings to sign are the same, so the signing key differs: the secret access key is not the one that belongs to access key "
                    + accessKeyId + " (or it was changed, for example by a trailing space or a swapped field).";
            }

            var reasons = new List<string>();
            foreach (var part in differing)
            {
                reasons.Add(ExplainPart(part));
            }

            return string.Join(" ", reasons.Distinct());
        }

        /// <summary>The comparison as text: unchanged lines once, differing lines as "- ours" and "+ server".</summary>
        public override string ToString()
        {
            var text = new StringBuilder();
            if (!HasServerCanonicalRequest)
            {
                text.Append("Our canonical request (the server did not send its own):\n").Append(Indent(OurCanonicalRequest));
                return text.ToString();
            }

            text.Append("Canonical request, line by line ('-' ours, '+' the server's):\n");
            AppendLines(text, CanonicalRequestLines);
            if (StringToSignLines.Count > 0)
            {
                text.Append("String to sign ('-' ours, '+' the server's):\n");
                AppendLines(text, StringToSignLines);
            }

            return text.ToString().TrimEnd('\n');
        }

        /// <summary>
        /// The text between the quotes after <paramref name="marker"/>: AWS writes "...should have been\n'&lt;text&gt;'".
        /// The text itself has newlines and may hold quotes, so it ends at the last quote before <paramref name="nextMarker"/>
        /// (or the end of the message).
        /// </summary>
        internal static string? ExtractQuoted(string? message, string marker, string? nextMarker)
        {
            if (string.IsNullOrEmpty(message))
            {
                return null;
            }

            var at = message!.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            var open = message.IndexOf('\'', at + marker.Length);
            if (open < 0)
            {
                return null;
            }

            var limit = message.Length;
            if (nextMarker != null)
            {
                var next = message.IndexOf(nextMarker, open, StringComparison.Ordinal);
                if (next >= 0)
                {
                    limit = next;
                }
            }

            var close = message.LastIndexOf('\'', limit - 1);
            return close <= open ? null : message.Substring(open + 1, close - open - 1).Replace("\r\n", "\n");
        }

        private static IReadOnlyList<CanonicalLine> CompareCanonical(string ours, string server)
        {
            var a = CanonicalParts.TryParse(ours);
            var b = CanonicalParts.TryParse(server);
            if (a is null || b is null)
            {
                return ComparePositional(ours, server, Array.Empty<string>());
            }

            var lines = new List<CanonicalLine>
            {
                new CanonicalLine("Method", a.Method, b.Method),
                new CanonicalLine("CanonicalUri", a.Uri, b.Uri),
                new CanonicalLine("CanonicalQueryString", a.Query, b.Query),
            };

            // Headers are sorted by name in both; align them by name so that one missing header shows as one line.
            var names = a.Headers.Select(h => h.Key).Union(b.Headers.Select(h => h.Key)).OrderBy(n => n, StringComparer.Ordinal);
            foreach (var name in names)
            {
                lines.Add(new CanonicalLine("Header " + name, a.Find(name), b.Find(name)));
            }

            lines.Add(new CanonicalLine("SignedHeaders", a.SignedHeaders, b.SignedHeaders));
            lines.Add(new CanonicalLine("PayloadHash", a.PayloadHash, b.PayloadHash));
            return lines;
        }

        private static IReadOnlyList<CanonicalLine> ComparePositional(string ours, string server, string[] partNames)
        {
            var a = ours.Split('\n');
            var b = server.Split('\n');
            var lines = new List<CanonicalLine>();
            for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
            {
                var part = i < partNames.Length ? partNames[i] : "Line " + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                lines.Add(new CanonicalLine(part, i < a.Length ? a[i] : null, i < b.Length ? b[i] : null));
            }

            return lines;
        }

        private static void AppendLines(StringBuilder text, IReadOnlyList<CanonicalLine> lines)
        {
            foreach (var line in lines)
            {
                if (line.Same)
                {
                    text.Append("    ").Append(line.Ours).Append('\n');
                    continue;
                }

                text.Append("  - ").Append(line.Ours ?? "(none)").Append("    <- ").Append(line.Part).Append('\n');
                text.Append("  + ").Append(line.Server ?? "(none)").Append('\n');
            }
        }

        private static string Indent(string text) => "    " + text.Replace("\n", "\n    ");

        private static string ExplainPart(string part)
        {
            switch (part)
            {
                case "Method":
                    return "The method differs: something between here and API Gateway changed it.";
                case "CanonicalUri":
                    return "The path differs: it was re-encoded or rewritten after signing (look for %2F, spaces, '+', repeated slashes, or a custom domain's base path mapping).";
                case "CanonicalQueryString":
                    return "The query string differs: parameters were re-encoded or changed after signing (for example '+' against %20).";
                case "SignedHeaders":
                    return "The list of signed headers differs: a proxy added or removed a header the signature covers.";
                case "PayloadHash":
                    return "The body hash differs: the body was changed after signing (re-encoded, compressed, or cut).";
                default:
                    return part.StartsWith("Header ", StringComparison.Ordinal)
                        ? "The " + part.Substring(7) + " header differs: something between here and API Gateway changed, added or removed it (a proxy, or a Host header other than the API's)."
                        : "The canonical requests differ at " + part + ".";
            }
        }

        private sealed class CanonicalParts
        {
            private CanonicalParts(string method, string uri, string query, List<KeyValuePair<string, string>> headers, string signedHeaders, string payloadHash)
            {
                Method = method;
                Uri = uri;
                Query = query;
                Headers = headers;
                SignedHeaders = signedHeaders;
                PayloadHash = payloadHash;
            }

            public string Method { get; }

            public string Uri { get; }

            public string Query { get; }

            public List<KeyValuePair<string, string>> Headers { get; }

            public string SignedHeaders { get; }

            public string PayloadHash { get; }

            public string? Find(string name)
            {
                var values = Headers.Where(h => h.Key == name).Select(h => h.Key + ":" + h.Value).ToList();
                return values.Count == 0 ? null : string.Join("\n", values);
            }

            // method \n uri \n query \n (name:value \n)* \n signed-headers \n payload-hash
            public static CanonicalParts? TryParse(string text)
            {
                var lines = text.Split('\n');
                if (lines.Length < 6)
                {
                    return null;
                }

                var blank = Array.IndexOf(lines, string.Empty, 3);
                if (blank < 0 || blank + 2 >= lines.Length)
                {
                    return null;
                }

                var headers = new List<KeyValuePair<string, string>>();
                for (var i = 3; i < blank; i++)
                {
                    var colon = lines[i].IndexOf(':');
                    headers.Add(colon < 0
                        ? new KeyValuePair<string, string>(lines[i], string.Empty)
                        : new KeyValuePair<string, string>(lines[i].Substring(0, colon), lines[i].Substring(colon + 1)));
                }

                return new CanonicalParts(lines[0], lines[1], lines[2], headers, lines[blank + 1], string.Join("\n", lines.Skip(blank + 2)));
            }
        }
    }
}
