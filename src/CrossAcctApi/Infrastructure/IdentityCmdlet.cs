using System;
using System.Management.Automation;
using System.Security;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Credentials.Sources;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi
{
    /// <summary>
    /// The cmdlets that sign or assume roles with an identity the user picks: the parameters that pick it
    /// (-ProfileName; -AccessKeyId, -SecretAccessKey, -SessionToken; and each cmdlet's own -Credential, declared there
    /// because only some take it from the pipeline) and the one way they are turned into a credential, through the
    /// engine's credential chain. The verbose stream names the source that won, never a secret.
    /// </summary>
    public abstract class IdentityCmdlet : CrossAcctApiCmdlet
    {
        public const string CredentialSet = "Credential";
        public const string ProfileSet = "Profile";
        public const string KeysSet = "Keys";

        private readonly PipedCredentialText _pipedText = new PipedCredentialText();
        private ResolvedCredential? _commandIdentity;
        private bool _credentialOnCommandLine;
        private CrossAcctApiException? _commandLineError;

        /// <summary><para type="description">Sign (or assume roles) with this profile of the shared AWS config and credentials files, as the AWS CLI's --profile does.</para></summary>
        [Parameter(Mandatory = true, ParameterSetName = ProfileSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.ProfileNameCompleter))]
        public string ProfileName { get; set; } = string.Empty;

        /// <summary><para type="description">The access key id, with -SecretAccessKey (and -SessionToken for temporary credentials).</para></summary>
        [Parameter(Mandatory = true, ParameterSetName = KeysSet)]
        [ValidateNotNullOrEmpty]
        [Alias("AccessKey")]
        public string AccessKeyId { get; set; } = string.Empty;

        /// <summary><para type="description">The secret access key, as a SecureString or a string.</para></summary>
        [Parameter(Mandatory = true, ParameterSetName = KeysSet)]
        [SecretArgumentTransformation]
        [Alias("SecretKey")]
        public SecureString SecretAccessKey { get; set; } = null!;

        /// <summary><para type="description">The session token of temporary credentials, as a SecureString or a string.</para></summary>
        [Parameter(ParameterSetName = KeysSet)]
        [SecretArgumentTransformation]
        public SecureString? SessionToken { get; set; }

        /// <summary><para type="description">The MFA code for the role that needs one: -SerialNumber's, or the mfa_serial of a profile's role. Without it an interactive session asks once, then the cached session serves.</para></summary>
        [Parameter]
        public string? TokenCode { get; set; }

        /// <summary>The credential given whole (declared with its attributes by each cmdlet; bound as a <see cref="CredentialInput"/>).</summary>
        public abstract object? Credential { get; set; }

        /// <summary>
        /// Why the -Credential given on the command line cannot be used, or null. Like any other bad input it is written
        /// as a (non-terminating) error for each input that needs it, so -ErrorAction and -ErrorVariable apply.
        /// </summary>
        protected CrossAcctApiException? CommandLineCredentialError => _commandLineError;

        protected override void Begin()
        {
            _credentialOnCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Credential));
            if (_credentialOnCommandLine)
            {
                try
                {
                    GivenCredential(out _);
                }
                catch (CrossAcctApiException error)
                {
                    _commandLineError = error;
                }
            }
        }

        /// <summary>
        /// The identity for the current input: keys, a credential given on the command line or with this pipeline
        /// record, a profile, the environment or the default chain, in that order (<see cref="CredentialChain"/>).
        /// Null while lines of piped JSON text are still arriving: nothing is signed until the document is whole.
        /// What was given but cannot be read is an error, never a reason to look further down the chain.
        /// </summary>
        protected ResolvedCredential? ResolveIdentity()
        {
            var given = GivenCredential(out var waitingForText);
            if (waitingForText)
            {
                return null;
            }

            if (_commandIdentity != null && (given is null || _credentialOnCommandLine))
            {
                return _commandIdentity;
            }

            var query = new CredentialQuery
            {
                Keys = ParameterSetName == KeysSet ? CredentialShape.FromParameters(AccessKeyId, SecretAccessKey, SessionToken) : null,
                Given = given,
                ProfileName = ParameterSetName == ProfileSet ? ProfileName : null,
                ProfileOptions = ProfileOptions(),
            };
            var resolved = Wait(ModuleEngine.Credentials.ResolveAsync(query, StopToken));
            if (resolved.Plan != null)
            {
                WriteVerbose("Profile chain: " + resolved.Plan + ".");
            }

            WriteVerbose("Credential: " + resolved.Description + ".");
            if (given is null || _credentialOnCommandLine)
            {
                _commandIdentity = resolved;
            }

            return resolved;
        }

        /// <summary>How the roles of a profile's chain are assumed for this command: the MFA prompt, -TokenCode, caching.</summary>
        protected virtual ProfileCallOptions ProfileOptions() => new ProfileCallOptions
        {
            Mfa = new MfaPrompt(this, PipelineThread),
            TokenCode = string.IsNullOrWhiteSpace(TokenCode) ? null : TokenCode!.Trim(),
            AwsCliCache = string.Equals(Environment.GetEnvironmentVariable(AwsCliSessionCache.EnableVariable)?.Trim(), "true", StringComparison.OrdinalIgnoreCase),
            // Called from the task that resolves the chain: the warning is written on the pipeline thread.
            Warn = text => PipelineThread.Invoke(() => { WriteWarning(text); return true; }),
        };

        /// <summary>
        /// Role sessions assumed with the identity (for many roles: an access-check run) through the engine's role-session provider (the caches and STS
        /// component Get-AssumedRoleCredential uses). An identity that cannot be found makes every signed check an
        /// AssumeRole error, said in each check's result.
        /// </summary>
        /// <summary>
        /// The identity's own credential, resolved now on the pipeline thread (it may prompt or read files), handed out
        /// later from any thread; its error, if it has none, is thrown where it is asked for.
        /// </summary>
        protected Func<AwsCredential> IdentityOnce()
        {
            AwsCredential? credential = null;
            CrossAcctApiException? failure = null;
            try
            {
                credential = ResolveIdentity()?.Credential;
            }
            catch (CrossAcctApiException ex)
            {
                failure = ex;
            }

            return () => credential ?? throw (failure ?? new CrossAcctApiException(CredentialErrors.CredentialRequired, FailureKind.InvalidArgument, "No credential of the caller could be read.", null));
        }

        protected SourcedRoleSessions? RoleSessionsOfIdentity(System.Uri? stsEndpoint, out CrossAcctApiException? failure)
        {
            failure = null;
            try
            {
                var source = ResolveIdentity()!;
                return new SourcedRoleSessions(
                    ModuleEngine.RoleSessions,
                    source.Credential,
                    region => Core.Sts.StsEndpoint.Resolve(stsEndpoint, region, System.Environment.GetEnvironmentVariable),
                    RoleSessionCaching.Memory,
                    new MfaPrompt(this, PipelineThread));
            }
            catch (CrossAcctApiException ex)
            {
                WriteVerbose("No role can be assumed: " + ex.MessageTemplate);
                failure = ex;
                return null;
            }
        }

        /// <summary>Reports piped JSON text that never became a whole document.</summary>
        protected override void End()
        {
            var unfinished = _pipedText.TakeUnfinished();
            if (unfinished != null)
            {
                WriteFailure(unfinished);
            }
        }

        private AwsCredential? GivenCredential(out bool waitingForText)
        {
            waitingForText = false;
            var value = Credential as CredentialInput;
            if (_commandLineError != null)
            {
                throw _commandLineError;
            }

            if (_credentialOnCommandLine)
            {
                // An explicit -Credential $null is most often a variable a failed step left empty: say so rather than
                // quietly signing with whatever the environment holds.
                if (Credential is null)
                {
                    throw CredentialErrors.Required("{@Credential} was given, but its value is null.");
                }

                return value?.Credential ?? throw Unreadable(value);
            }

            if (value is null)
            {
                return null;
            }

            if (value.Credential != null)
            {
                return value.Credential;
            }

            if (value.TextFragment != null)
            {
                var whole = _pipedText.Add(value);
                waitingForText = whole is null;
                return whole;
            }

            if (value.Error != null)
            {
                throw value.Error;
            }

            // An object that is no credential bound to -Credential only because it came down the pipeline: fine when it
            // carries input for other parameters (a CSV row with a Uri column), an error otherwise.
            if (PipelineInputNames.For(GetType()).Overlaps(value.PropertyNames))
            {
                return null;
            }

            throw CredentialErrors.Invalid(
                "The pipeline gave " + value.Description + ", which is neither a credential nor input for this command's parameters.",
                "Pipe a credential (Get-AssumedRoleCredential output, AWS CLI assume-role JSON, AWS.Tools credentials) or objects whose properties name this command's parameters.");
        }

        private static CrossAcctApiException Unreadable(CredentialInput? value) =>
            value?.Error ?? CredentialErrors.Invalid(
                (value is null ? "The value of {@Credential}" : value.Description) + " is not a credential: it has none of AccessKeyId, AccessKey, aws_access_key_id or Credentials.",
                "Give the module's credential (Get-AssumedRoleCredential), the AWS CLI 'assume-role' JSON or its .Credentials, AWS.Tools credentials, or a hashtable with AccessKeyId, SecretAccessKey and SessionToken.");
    }
}
