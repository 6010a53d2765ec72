using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Credentials.Sources;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi
{
    /// <summary>
    /// <para type="synopsis">Assumes an IAM role (STS AssumeRole) and returns temporary credentials that renew themselves.</para>
    /// <para type="description">See the module's help file (Get-Help Get-AssumedRoleCredential -Full).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AssumedRoleCredential", DefaultParameterSetName = CredentialSet)]
    [OutputType(typeof(AwsCredential))]
    public sealed class GetAssumedRoleCredentialCommand : IdentityCmdlet
    {
        internal const string NoCacheWithDiskCache = "NoCacheWithDiskCache";

        internal const string WebIdentitySet = "WebIdentity";

        /// <summary>The ARN of the role to assume. With -ProfileName it is optional: without it the command returns what the profile stands for.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = CredentialSet)]
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = KeysSet)]
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = WebIdentitySet)]
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ProfileSet)]
        [ArgumentCompleter(typeof(Completion.RoleArnCompleter))]
        public string RoleArn { get; set; } = string.Empty;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? RoleSessionName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("DurationInSeconds")]
        public int? DurationSeconds { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? ExternalId { get; set; }

        [Parameter]
        public string? SerialNumber { get; set; }

        /// <summary>A file holding an OIDC token (a CI job's): the role is assumed with AssumeRoleWithWebIdentity, read again at every renewal.</summary>
        [Parameter(ParameterSetName = WebIdentitySet)]
        [ValidateNotNullOrEmpty]
        public string? WebIdentityTokenFile { get; set; }

        /// <summary>The OIDC token itself (AssumeRoleWithWebIdentity); the session cannot renew itself without a new token.</summary>
        [Parameter(ParameterSetName = WebIdentitySet)]
        [SecretArgumentTransformation]
        public System.Security.SecureString? WebIdentityToken { get; set; }

        [Parameter]
        public string? Policy { get; set; }

        [Parameter]
        public string[]? PolicyArn { get; set; }

        [Parameter]
        public Hashtable? Tag { get; set; }

        [Parameter]
        public string[]? TransitiveTagKey { get; set; }

        [Parameter]
        public string? SourceIdentity { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completion.RegionCompleter))]
        public string? Region { get; set; }

        [Parameter]
        [Alias("EndpointUrl")]
        public Uri? StsEndpoint { get; set; }

        /// <summary>Source credentials by shape; piping this cmdlet's output here chains roles.</summary>
        [Parameter(ParameterSetName = CredentialSet, ValueFromPipeline = true)]
        [CredentialTransformation]
        public override object? Credential { get; set; }

        [Parameter]
        public SwitchParameter NoCache { get; set; }

        [Parameter]
        public SwitchParameter DiskCache { get; set; }

        protected override object? CurrentTarget => RoleArn;

        protected override ProfileCallOptions ProfileOptions()
        {
            var options = base.ProfileOptions();
            options.Caching = Caching;
            options.AwsCliCache |= DiskCache;
            options.StsEndpoint = StsEndpoint;
            options.Region = Region is null ? null : RoleHop.StsRegion(Region, null, null);
            return options;
        }

        private RoleSessionCaching Caching => NoCache ? RoleSessionCaching.None : DiskCache ? RoleSessionCaching.MemoryAndDisk : RoleSessionCaching.Memory;

        protected override void Begin()
        {
            base.Begin();
            if (NoCache && DiskCache)
            {
                ThrowParameterConflict(NoCacheWithDiskCache, "{@NoCache} and {@DiskCache} contradict each other.", null, "Use one of them.");
            }
        }

        protected override void Process()
        {
            if (ParameterSetName == WebIdentitySet)
            {
                WriteObject(WebIdentityHop.Assume(this, RoleArn, WebIdentityTokenFile, WebIdentityToken, RoleSessionName, DurationSeconds, Region, StsEndpoint));
                return;
            }

            if (string.IsNullOrWhiteSpace(RoleArn))
            {
                // -ProfileName alone: the profile stands for its credentials, as aws --profile does.
                var resolved = ResolveIdentity();
                if (resolved != null)
                {
                    WriteObject(resolved.Credential);
                }

                return;
            }

            // Everything the user typed is checked before anything is loaded or sent.
            var assume = new AssumeRoleRequest(
                RoleArn,
                RoleSessionName,
                DurationSeconds,
                ExternalId,
                SerialNumber,
                TokenCode,
                Policy,
                PolicyArn,
                TagPairs(),
                TransitiveTagKey,
                SourceIdentity,
                ModuleEngine.RoleSessions.DefaultSessionName);
            var region = Region is null ? null : RoleHop.StsRegion(Region, null, null);
            if (StsEndpoint != null)
            {
                Core.Sts.StsEndpoint.Resolve(StsEndpoint, region ?? "us-east-1", Environment.GetEnvironmentVariable);
            }

            var source = ResolveIdentity();
            if (source is null)
            {
                return;
            }

            var session = RoleHop.Assume(this, assume, source, region ?? RoleHop.StsRegion(null, null, source.Credential.Region), StsEndpoint, Caching, WriteVerbose, WriteWarning);
            WriteObject(session.Credential);
        }

        private IEnumerable<KeyValuePair<string, string>>? TagPairs()
        {
            if (Tag is null)
            {
                return null;
            }

            var pairs = new List<KeyValuePair<string, string>>();
            foreach (DictionaryEntry entry in Tag)
            {
                pairs.Add(new KeyValuePair<string, string>(PowerShellValues.ToText(entry.Key) ?? string.Empty, PowerShellValues.ToText(entry.Value) ?? string.Empty));
            }

            return pairs;
        }
    }
}
