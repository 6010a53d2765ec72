using System.Collections.Generic;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi
{
    /// <summary>
    /// What a -Credential parameter holds after binding, whatever shape the user passed: the module's credential
    /// when the value could be read, the error when it could not, or, for an object that is no credential at all,
    /// only the names of its properties. Secrets never sit in a public member, so the value PowerShell keeps in
    /// BoundParameters (and writes with every verbose, debug and error record) reveals none; its ToString says what
    /// was given in words.
    /// </summary>
    public sealed class CredentialInput
    {
        private readonly string? _textFragment;

        private CredentialInput(string description, AwsCredential? credential, CrossAcctApiException? error, IReadOnlyList<string> propertyNames, string? textFragment)
        {
            Description = description;
            Credential = credential;
            Error = error;
            PropertyNames = propertyNames;
            _textFragment = textFragment;
        }

        /// <summary>What was given, for example "hashtable with AccessKeyId/SecretAccessKey" (never a value).</summary>
        public string Description { get; }

        /// <summary>The credential read from the value; null when it could not be read.</summary>
        public AwsCredential? Credential { get; }

        /// <summary>Why the value is not a usable credential (InvalidCredential...), when it looked like one.</summary>
        public CrossAcctApiException? Error { get; }

        /// <summary>True when the value has the shape of a credential (readable or not).</summary>
        public bool IsCredentialShaped => Credential != null || Error != null || _textFragment != null;

        /// <summary>The property names of an object that is no credential (a CSV row of -Uri values, say).</summary>
        public IReadOnlyList<string> PropertyNames { get; }

        /// <summary>A line of text that may be part of piped JSON (native command output arrives line by line).</summary>
        internal string? TextFragment => _textFragment;

        public override string ToString() => Description;

        internal static CredentialInput Read(AwsCredential credential, string description) =>
            new CredentialInput(description, credential, null, new string[0], null);

        internal static CredentialInput Failed(CrossAcctApiException error, string description) =>
            new CredentialInput(description, null, error, new string[0], null);

        internal static CredentialInput NotACredential(string description, IReadOnlyList<string> propertyNames) =>
            new CredentialInput(description, null, null, propertyNames, null);

        /// <summary>Text that is not (yet) a whole JSON document; <paramref name="error"/> says why it is not one alone.</summary>
        internal static CredentialInput Text(string text, CrossAcctApiException error) =>
            new CredentialInput("text (" + text.Length + " characters)", null, error, new string[0], text);
    }
}
