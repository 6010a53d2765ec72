using System;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Runtime;

namespace CrossAcctApi
{
    /// <summary>How Export-AssumedRoleCredential hands credentials to other tools.</summary>
    public enum CredentialExportFormat
    {
        /// <summary>AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN in this process's environment.</summary>
        Environment,

        /// <summary>The credential_process JSON (Version 1) on the process's standard output.</summary>
        CredentialProcess,
    }

    /// <summary>
    /// <para type="synopsis">Hands credentials to the AWS CLI, the AWS SDKs and other tools.</para>
    /// <para type="description">See the module's help file (Get-Help Export-AssumedRoleCredential -Full).</para>
    /// </summary>
    [Cmdlet(VerbsData.Export, "AssumedRoleCredential", SupportsShouldProcess = true)]
    [OutputType(typeof(AwsCredential))]
    public sealed class ExportAssumedRoleCredentialCommand : CrossAcctApiCmdlet
    {
        internal const string AccessKeyVariable = "AWS_ACCESS_KEY_ID";
        internal const string SecretKeyVariable = "AWS_SECRET_ACCESS_KEY";
        internal const string SessionTokenVariable = "AWS_SESSION_TOKEN";
        internal const string ProfileVariable = "AWS_PROFILE";

        /// <summary>The credential (this module's, or any shape -Credential accepts elsewhere).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        [CredentialTransformation]
        public object Credential { get; set; } = null!;

        [Parameter]
        public CredentialExportFormat Format { get; set; } = CredentialExportFormat.Environment;

        /// <summary>Also write the credential to the pipeline (it shows no secret).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>The credential_process mode is refused, before any key is read, where standard output is PowerShell's own.</summary>
        protected override void Begin()
        {
            if (Format == CredentialExportFormat.CredentialProcess)
            {
                CredentialProcessOutput.EnsureSafe(this);
            }
        }

        protected override void Process()
        {
            var input = (CredentialInput)Credential;
            AwsCredential credential = input.Credential ?? throw input.Error ?? CredentialErrors.Invalid(
                input.Description + " is not a credential.",
                "Pipe the output of Get-AssumedRoleCredential, or give a credential in any shape {@Credential} takes.");

            // Fresh keys: a session within five minutes of expiry renews itself before it is handed out.
            CredentialKeys keys = Wait(credential.GetKeysAsync(SystemClock.Instance.UtcNow, StopToken));
            if (Format == CredentialExportFormat.Environment)
            {
                ExportToEnvironment(credential, keys);
            }
            else
            {
                WriteCredentialProcessJson(credential, keys);
            }

            if (PassThru)
            {
                WriteObject(credential);
            }
        }

        private void ExportToEnvironment(AwsCredential credential, CredentialKeys keys)
        {
            if (!ShouldProcess("environment variables " + AccessKeyVariable + ", " + SecretKeyVariable + ", " + SessionTokenVariable + " (and " + ProfileVariable + " cleared)", "Set to " + credential.AccessKeyId))
            {
                return;
            }

            Environment.SetEnvironmentVariable(AccessKeyVariable, keys.AccessKeyId);
            Environment.SetEnvironmentVariable(SecretKeyVariable, keys.SecretAccessKey);

            // Long-term keys have no token: an old token left in place would be sent with them and rejected.
            Environment.SetEnvironmentVariable(SessionTokenVariable, keys.SessionToken);

            // A profile left named beside the keys would make tools that prefer it (or a reader of the environment)
            // take another identity than the one exported.
            var profile = Environment.GetEnvironmentVariable(ProfileVariable);
            if (!string.IsNullOrEmpty(profile))
            {
                Environment.SetEnvironmentVariable(ProfileVariable, null);
                WriteVerbose("Cleared " + ProfileVariable + " (it named the profile '" + profile + "'), so that the exported keys are the identity tools find.");
            }
            WriteVerbose("Set " + AccessKeyVariable + " to " + keys.AccessKeyId + ", and " + SecretKeyVariable
                + (keys.HasSessionToken ? " and " + SessionTokenVariable : " (cleared " + SessionTokenVariable + ")")
                + (credential.Expiration.HasValue ? "; they expire " + credential.Expiration.Value.ToString("u", CultureInfo.InvariantCulture) + " and do not renew themselves." : "."));
        }

        /// <summary>
        /// credential_process readers (the AWS CLI and SDKs) read the JSON from the process's standard output. It is
        /// written there directly, not to the pipeline, so the secret never lands in a variable, $Error, a transcript
        /// or a log: the only reader is whoever runs the process for its output (and only where that output is not
        /// PowerShell's own channel: <see cref="CredentialProcessOutput"/>).
        /// </summary>
        private void WriteCredentialProcessJson(AwsCredential credential, CredentialKeys keys)
        {
            CredentialProcessOutput.Write(this, CredentialProcessJson(keys, credential.Expiration));
            WriteVerbose("Wrote credential_process JSON (Version 1) for " + keys.AccessKeyId + " to standard output.");
        }

        internal static string CredentialProcessJson(CredentialKeys keys, DateTime? expiration)
        {
            using (var buffer = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("Version", 1);
                    writer.WriteString("AccessKeyId", keys.AccessKeyId);
                    writer.WriteString("SecretAccessKey", keys.SecretAccessKey);
                    if (keys.SessionToken != null)
                    {
                        writer.WriteString("SessionToken", keys.SessionToken);
                    }

                    if (expiration.HasValue)
                    {
                        writer.WriteString("Expiration", expiration.Value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                    }

                    writer.WriteEndObject();
                }

                return Encoding.UTF8.GetString(buffer.ToArray());
            }
        }
    }
}
