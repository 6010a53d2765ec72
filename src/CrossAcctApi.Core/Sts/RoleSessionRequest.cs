using System;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi.Core.Sts
{
    /// <summary>Where a role session may be found again: nowhere (always ask STS), in this process, or also on disk.</summary>
    public enum RoleSessionCaching
    {
        None,
        Memory,
        MemoryAndDisk,
    }

    /// <summary>One role session asked for: the AssumeRole call, the identity that makes it, and where STS is.</summary>
    public sealed class RoleSessionRequest
    {
        /// <param name="sourceDescription">Where the source came from, in words (the credential chain's description), for the session's description.</param>
        public RoleSessionRequest(AssumeRoleRequest assume, AwsCredential source, StsEndpoint endpoint, RoleSessionCaching caching = RoleSessionCaching.Memory, string? sourceDescription = null)
        {
            SourceDescription = string.IsNullOrWhiteSpace(sourceDescription) ? Describe(source) : sourceDescription!;
            Assume = assume ?? throw new ArgumentNullException(nameof(assume));
            Source = source ?? throw new ArgumentNullException(nameof(source));
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
            var stsPartition = Arns.AwsRegion.GetPartition(endpoint.SigningRegion);
            if (!string.Equals(stsPartition, assume.RoleArn.Partition, StringComparison.Ordinal))
            {
                // STS of one partition knows no role of another: refused here instead of after a round trip.
                throw new CrossAcctApiException(
                    Arns.AwsRegion.InvalidRegion,
                    FailureKind.InvalidArgument,
                    "The role " + assume.RoleArn + " is in the " + assume.RoleArn.Partition + " partition, but STS would be called in " + endpoint.SigningRegion + " (" + stsPartition + ").",
                    endpoint.SigningRegion)
                {
                    RecommendedAction = "Give a region of the role's partition with {@Region} (for aws-cn, cn-north-1 or cn-northwest-1).",
                };
            }
            Caching = caching;
        }

        public AssumeRoleRequest Assume { get; }

        /// <summary>The credential that calls AssumeRole; asked for its current keys at every assumption and renewal.</summary>
        public AwsCredential Source { get; }

        public StsEndpoint Endpoint { get; }

        public RoleSessionCaching Caching { get; }

        /// <summary>For example "profile 'ops' (static keys)" or "the credential AKIA..." (never a secret).</summary>
        public string SourceDescription { get; }

        /// <summary>
        /// True when the source is itself a role session: AWS then caps the new session at one hour (role chaining).
        /// </summary>
        public bool IsChained => Source.Source == CredentialSource.AssumeRole || Source.AssumedRoleArn != null;

        /// <summary>What a reader should know before the call is made (no secrets), or null.</summary>
        public string? Caution =>
            IsChained && Assume.DurationSeconds > AssumeRoleRequest.MaxChainedDurationSeconds
                ? "The source credential is itself an assumed role (role chaining); AWS limits chained sessions to "
                    + AssumeRoleRequest.MaxChainedDurationSeconds + " seconds, so STS will refuse a duration of " + Assume.DurationSeconds + " seconds."
                : null;

        private static string Describe(AwsCredential source)
        {
            var who = source.AssumedRoleArn ?? source.RoleArn ?? source.AccessKeyId;
            return (source.Source == CredentialSource.AssumeRole ? "the chained session " : "the credential ") + who;
        }
    }

    /// <summary>A role session handed out, and where it came from.</summary>
    public sealed class RoleSession
    {
        internal RoleSession(AwsCredential credential, string foundIn, int stsRetries)
        {
            Credential = credential;
            FoundIn = foundIn;
            StsRetries = stsRetries;
        }

        /// <summary>The session's credential; it renews itself through the same provider.</summary>
        public AwsCredential Credential { get; }

        /// <summary>"memory" or "disk" for a cached session, "STS" for a new one.</summary>
        public string FoundIn { get; }

        public bool IsNew => FoundIn == NewFromSts;

        /// <summary>Retries STS needed (throttling, server errors) for a new session.</summary>
        public int StsRetries { get; }

        internal const string NewFromSts = "STS";
    }
}
