using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Signing;

namespace CrossAcctApi.DesktopHarness
{
    /// <summary>
    /// The official SigV4 vectors (../shared/sigv4-test-suite), each signed both ways (Authorization header and
    /// presigned URL) by the module's signer on .NET Framework: canonical request, string to sign and signature must
    /// match the expected files exactly. This runs the signer's .NET Framework code paths (hashing without spans).
    /// </summary>
    internal static class SigV4VectorCases
    {
        public static void Run(string? suite, CaseResults results)
        {
            if (suite is null || !Directory.Exists(suite))
            {
                results.Skip("SigV4 vectors", "the suite folder " + (suite ?? "../shared/sigv4-test-suite") + " is absent");
                return;
            }

            foreach (string folder in Directory.GetDirectories(suite).Where(d => File.Exists(Path.Combine(d, "request.txt"))).OrderBy(d => d, StringComparer.Ordinal))
            {
                results.Run("SigV4 vector " + Path.GetFileName(folder) + " (header and presigned URL)", () =>
                {
                    VectorCase vector = VectorCase.Load(folder);
                    vector.Check(SignatureLocation.Header);
                    vector.Check(SignatureLocation.QueryString);
                });
            }
        }

        private sealed class VectorCase
        {
            private readonly string _folder;
            private readonly string _context;
            private readonly HttpRequestToSign _request;

            private VectorCase(string folder)
            {
                _folder = folder;
                _context = File.ReadAllText(Path.Combine(folder, "context.json"));
                _request = ParseRequest(File.ReadAllBytes(Path.Combine(folder, "request.txt")));
            }

            public static VectorCase Load(string folder) => new VectorCase(folder);

            public void Check(SignatureLocation location)
            {
                var keys = new CredentialKeys(Text("access_key_id")!, Text("secret_access_key")!, Text("token"));
                var settings = new SigningSettings(Text("region")!, Text("service")!)
                {
                    NormalizePath = Flag("normalize"),
                    PayloadHashHeader = Flag("sign_body"),
                    SignSessionToken = !Flag("omit_session_token"),
                    Location = location,
                    ExpiresIn = TimeSpan.FromSeconds(long.Parse(Raw("expiration_in_seconds")!, CultureInfo.InvariantCulture)),
                };
                DateTimeOffset time = DateTimeOffset.Parse(Text("timestamp")!, CultureInfo.InvariantCulture);
                SignedRequest signed = new SigV4Signer(new SigningKeyCache()).SignRequest(_request, keys, settings, time);

                string prefix = location == SignatureLocation.Header ? "header" : "query";
                Expect.Equal(Expected(prefix + "-canonical-request"), signed.CanonicalRequest.ToExactString(), prefix + " canonical request");
                Expect.Equal(Expected(prefix + "-string-to-sign"), signed.StringToSign.ToString(), prefix + " string to sign");
                string signature = location == SignatureLocation.Header
                    ? signed.Headers.Single(h => h.Key == "Authorization").Value
                    : signed.Query ?? string.Empty;
                // The signature itself is never printed: a mismatch says only which one.
                Expect.True(Regex.IsMatch(signature, "Signature=" + Expected(prefix + "-signature") + "($|&)"), prefix + " signature differs from " + prefix + "-signature.txt");
            }

            private string Expected(string name) => Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(_folder, name + ".txt")));

            // context.json is flat enough for a pattern, and the harness must not bring a JSON library of its own.
            private string? Raw(string key)
            {
                Match m = Regex.Match(_context, "\"" + key + "\"\\s*:\\s*(\"(?<s>(?:[^\"\\\\]|\\\\.)*)\"|(?<v>[^,}\\s]+))");
                return !m.Success ? null : m.Groups["s"].Success ? m.Groups["s"].Value : m.Groups["v"].Value;
            }

            private string? Text(string key) => Raw(key)?.Replace("\\/", "/");

            private bool Flag(string key) => Raw(key) == "true";

            /// <summary>request.txt as sent: the target taken literally, obs-folded header lines joined with one space.</summary>
            private static HttpRequestToSign ParseRequest(byte[] file)
            {
                string text = Encoding.UTF8.GetString(file);
                int blank = text.IndexOf("\n\n", StringComparison.Ordinal);
                string head = blank < 0 ? text.TrimEnd('\n') : text.Substring(0, blank);
                byte[]? body = blank < 0 ? null : file.Skip(Encoding.UTF8.GetByteCount(text.Substring(0, blank + 2))).ToArray();

                string[] lines = head.Split('\n');
                string requestLine = lines[0];
                int firstSpace = requestLine.IndexOf(' ');
                string target = requestLine.Substring(firstSpace + 1, requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal) - firstSpace - 1);
                int question = target.IndexOf('?');

                var headers = new List<KeyValuePair<string, string>>();
                foreach (string line in lines.Skip(1))
                {
                    if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t'))
                    {
                        KeyValuePair<string, string> last = headers[headers.Count - 1];
                        headers[headers.Count - 1] = new KeyValuePair<string, string>(last.Key, last.Value + " " + line.Trim(' ', '\t'));
                        continue;
                    }

                    int colon = line.IndexOf(':');
                    headers.Add(new KeyValuePair<string, string>(line.Substring(0, colon), line.Substring(colon + 1).Trim(' ', '\t')));
                }

                string host = headers.First(h => h.Key.Equals("host", StringComparison.OrdinalIgnoreCase)).Value;
                return new HttpRequestToSign(
                    requestLine.Substring(0, firstSpace),
                    host,
                    question < 0 ? target : target.Substring(0, question),
                    question < 0 ? null : target.Substring(question + 1),
                    headers) { Body = SignableBody.Bytes(body) };
            }
        }
    }
}
