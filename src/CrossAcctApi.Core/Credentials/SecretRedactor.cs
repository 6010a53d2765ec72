using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossAcctApi.Core.Credentials
{
    /// <summary>
    /// Replaces known secret values (a session token, a signature) in text meant for people: debug output, the
    /// canonical request shown on an object, a presigned URL on display, an error answer. It replaces the values
    /// themselves rather than parsing formats, so that a secret cannot slip through a layout the redactor did not
    /// foresee: raw, percent-encoded (as in query strings), base64-encoded at any alignment (a server or a proxy that
    /// echoes a request in base64), and split across lines (a message wrapped at a fixed width).
    /// </summary>
    internal sealed class SecretRedactor
    {
        /// <summary>The same placeholder the signing core uses in its own ToString output.</summary>
        public const string Placeholder = Signing.SigV4Constants.Redacted;

        // Shorter values could match ordinary text by chance; real tokens and signatures are far longer.
        private const int MinimumSecretLength = 8;

        private readonly string[] _forms;

        public SecretRedactor(params string?[] secrets)
            : this((IEnumerable<string?>)secrets)
        {
        }

        public SecretRedactor(IEnumerable<string?> secrets)
        {
            var forms = new HashSet<string>(StringComparer.Ordinal);
            foreach (var secret in secrets ?? Enumerable.Empty<string?>())
            {
                if (secret is null || secret.Length < MinimumSecretLength)
                {
                    continue;
                }

                forms.Add(secret);
                var encoded = Uri.EscapeDataString(secret);
                forms.Add(encoded);
                forms.Add(LowerCaseEscapes(encoded));
                foreach (var base64 in Base64Forms(secret))
                {
                    forms.Add(base64);
                }
            }

            // Longest first, so that an encoded form is replaced whole rather than around a shorter raw match.
            _forms = forms.OrderByDescending(f => f.Length).ToArray();
        }

        public static SecretRedactor None { get; } = new SecretRedactor();

        /// <summary>The text with every known secret (raw or percent-encoded) replaced by <see cref="Placeholder"/>.</summary>
        public string Redact(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text ?? string.Empty;
            }

            var result = text!;
            foreach (var form in _forms)
            {
                if (result.IndexOf(form, StringComparison.Ordinal) >= 0)
                {
                    result = result.Replace(form, Placeholder);
                }
            }

            return HasWhitespace(result) ? RedactSplit(result) : result;
        }

        /// <summary>The secrets where whitespace (a line break, an indent) was put inside them: matched with it left out.</summary>
        private string RedactSplit(string text)
        {
            var kept = new System.Text.StringBuilder(text.Length);
            var positions = new List<int>(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (!char.IsWhiteSpace(text[i]))
                {
                    kept.Append(text[i]);
                    positions.Add(i);
                }
            }

            var squeezed = kept.ToString();
            var spans = new List<KeyValuePair<int, int>>();
            foreach (var form in _forms)
            {
                for (var at = squeezed.IndexOf(form, StringComparison.Ordinal); at >= 0; at = squeezed.IndexOf(form, at + form.Length, StringComparison.Ordinal))
                {
                    spans.Add(new KeyValuePair<int, int>(positions[at], positions[at + form.Length - 1] + 1));
                }
            }

            if (spans.Count == 0)
            {
                return text;
            }

            var result = new System.Text.StringBuilder(text.Length);
            var from = 0;
            foreach (var span in spans.OrderBy(s => s.Key))
            {
                if (span.Key < from)
                {
                    continue;
                }

                result.Append(text, from, span.Key - from).Append(Placeholder);
                from = span.Value;
            }

            return result.Append(text, from, text.Length - from).ToString();
        }

        /// <summary>
        /// What the secret looks like inside any base64 text, at each of the three byte alignments it can have there:
        /// the characters that depend on the secret's bytes alone (those at its edges mix with its neighbours').
        /// </summary>
        private static IEnumerable<string> Base64Forms(string secret)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(secret);
            for (var shift = 0; shift < 3; shift++)
            {
                var padded = new byte[shift + bytes.Length];
                Buffer.BlockCopy(bytes, 0, padded, shift, bytes.Length);
                var text = Convert.ToBase64String(padded).TrimEnd('=');
                var skip = shift == 0 ? 0 : shift + 1;
                var complete = padded.Length / 3 * 4;
                var length = complete - skip;
                if (length >= MinimumSecretLength)
                {
                    yield return text.Substring(skip, length);
                }
            }
        }

        private static bool HasWhitespace(string text)
        {
            foreach (var c in text)
            {
                if (char.IsWhiteSpace(c))
                {
                    return true;
                }
            }

            return false;
        }

        private static string LowerCaseEscapes(string encoded)
        {
            var chars = encoded.ToCharArray();
            for (var i = 0; i + 2 < chars.Length; i++)
            {
                if (chars[i] == '%')
                {
                    chars[i + 1] = char.ToLowerInvariant(chars[i + 1]);
                    chars[i + 2] = char.ToLowerInvariant(chars[i + 2]);
                }
            }

            return new string(chars);
        }
    }
}
