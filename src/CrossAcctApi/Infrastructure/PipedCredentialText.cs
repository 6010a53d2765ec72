using System.Text;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi
{
    /// <summary>
    /// Joins piped text into one JSON document: a native command's output (aws sts assume-role ... | cmdlet) arrives
    /// one line per pipeline record. The lines are kept here only until they parse, then dropped.
    /// </summary>
    internal sealed class PipedCredentialText
    {
        private readonly StringBuilder _text = new StringBuilder();
        private CrossAcctApiException? _lastError;

        /// <summary>The credential once the text so far is a whole document; null while more is expected.</summary>
        public AwsCredential? Add(CredentialInput line)
        {
            if (_text.Length > 0)
            {
                _text.Append('\n');
            }

            _text.Append(line.TextFragment);
            var text = _text.ToString();
            if (text.TrimStart().Length > 0 && text.TrimStart()[0] != '{')
            {
                // Not the start of a JSON object: no further line can make it one.
                _text.Clear();
                throw line.Error!;
            }

            var whole = CredentialArgument.FromText(text);
            if (whole.Credential != null)
            {
                _text.Clear();
                _lastError = null;
                return whole.Credential;
            }

            _lastError = whole.Error;
            return null;
        }

        /// <summary>The error of text that ended before it became a document, or null.</summary>
        public CrossAcctApiException? TakeUnfinished()
        {
            if (_text.ToString().Trim().Length == 0)
            {
                return null;
            }

            _text.Clear();
            return _lastError;
        }
    }
}
