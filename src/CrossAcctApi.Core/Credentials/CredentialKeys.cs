using System;
using System.Runtime.CompilerServices;

// The cmdlet assembly reads the secret and token (to hand keys to the signer and to the STS seam); nothing else may.
// The test and benchmark assemblies get the same access from the project file.
[assembly: InternalsVisibleTo("CrossAcctApi")]

namespace CrossAcctApi.Core.Credentials
{
    /// <summary>
    /// An immutable snapshot of one set of AWS keys. The secret key and the session token are internal, so
    /// PowerShell's formatting and serialisation (which only see public members) can never print them.
    /// </summary>
    public sealed class CredentialKeys
    {
        public CredentialKeys(string accessKeyId, string secretAccessKey, string? sessionToken = null)
        {
            AccessKeyId = ValidateAccessKeyId(accessKeyId);
            if (string.IsNullOrEmpty(secretAccessKey))
            {
                throw Invalid("The secret access key is empty.");
            }

            // No message quotes the secret or the token: only what is wrong with them.
            if (HasControlCharacter(secretAccessKey))
            {
                throw Invalid("The secret access key contains a control character (for example a line break).");
            }

            if (sessionToken != null && HasControlCharacter(sessionToken))
            {
                throw Invalid("The session token contains a control character (for example a line break); it is sent as a header, so it must be a single line.");
            }

            // AWS issues keys and tokens in ASCII (base64 and friends); anything else is a copy-and-paste accident, and
            // HTTP stacks refuse non-ASCII header values only after a connection was opened.
            if (!IsAscii(secretAccessKey) || (sessionToken != null && !IsAscii(sessionToken)))
            {
                throw Invalid("The secret access key or the session token contains a character that is not ASCII; AWS issues them in ASCII only.");
            }

            SecretAccessKey = secretAccessKey;

            // An empty token means "no token": signing an empty X-Amz-Security-Token would only make AWS reject the call.
            SessionToken = string.IsNullOrEmpty(sessionToken) ? null : sessionToken;
        }

        /// <summary>The access key id (AKIA… or ASIA…). Not a secret: it is sent in every Authorization header.</summary>
        public string AccessKeyId { get; }

        public bool HasSessionToken => SessionToken != null;

        internal string SecretAccessKey { get; }

        internal string? SessionToken { get; }

        /// <summary>
        /// A slot the signer fills with the token's canonical header value as UTF-8, once per snapshot, so that it
        /// block-copies it instead of encoding several hundred characters on every signature. The keys only hold it:
        /// what goes in it is the signer's business.
        /// </summary>
        internal byte[]? SigningTokenBytes;

        /// <summary>For example <c>ASIA…XMPL (secret redacted, session token redacted)</c>.</summary>
        public override string ToString()
        {
            var id = AccessKeyId.Length > 8
                ? AccessKeyId.Substring(0, 4) + "\u2026" + AccessKeyId.Substring(AccessKeyId.Length - 4)
                : AccessKeyId;
            return HasSessionToken ? id + " (secret redacted, session token redacted)" : id + " (secret redacted)";
        }

        private static string ValidateAccessKeyId(string accessKeyId)
        {
            if (string.IsNullOrEmpty(accessKeyId))
            {
                throw Invalid("The access key id is empty.");
            }

            // The id goes into "Credential=<id>/<scope>, ..." unescaped; these characters would break that value.
            foreach (var c in accessKeyId)
            {
                if (c <= ' ' || c >= '\u007f' || c == '/' || c == ',' || c == '=' || c == ';')
                {
                    throw Invalid("The access key id contains a character that cannot appear in a SigV4 credential (whitespace, control, non-ASCII, '/', ',', '=' or ';').");
                }
            }

            return accessKeyId;
        }

        private static bool IsAscii(string value)
        {
            foreach (var c in value)
            {
                if (c > '\u007e')
                {
                    return false;
                }
            }

            return true;
        }

        private static bool HasControlCharacter(string value)
        {
            foreach (var c in value)
            {
                if (c < ' ' || c == '\u007f')
                {
                    return true;
                }
            }

            return false;
        }

        private static CrossAcctApiException Invalid(string message) =>
            new CrossAcctApiException(CredentialErrors.InvalidCredential, FailureKind.InvalidArgument, message)
            {
                RecommendedAction = "Pass the access key id, secret access key and (for temporary credentials) the session token exactly as AWS issued them.",
            };
    }
}
