using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossAcctApi.Core.Credentials
{
    /// <summary>
    /// Replaces known secret values (a session token, a signature) in text meant for people: debug output, the
    /// canonical request shown on an object, a presigned URL on display. It replaces the values themselves, raw and
    /// percent-encoded (as they appear in query strings), rather than parsing formats, so that a secret cannot slip
    /// through a layout the redactor did not foresee.
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

            return result;
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
