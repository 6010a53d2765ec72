using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CrossAcctApi.Completion
{
    /// <summary>
    /// -ProfileName: the profiles of the shared AWS config and credentials files (the files AWS_CONFIG_FILE and
    /// AWS_SHARED_CREDENTIALS_FILE name, else ~/.aws/config and ~/.aws/credentials), read afresh at each completion
    /// so that a profile added in another window shows up. Section names only: no key is read.
    /// </summary>
    public sealed class ProfileNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var profiles = SharedConfigProfiles.Read(Environment.GetEnvironmentVariable)
                .Select(p => new KeyValuePair<string, string>(p.Key, "profile " + p.Key + " (" + p.Value + ")"));
            return CompletionText.Complete(wordToComplete, profiles).ToList();
        }
    }
}
