using System;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi.Core.Sts
{
    /// <summary>What STS AssumeRole returned. The keys keep the secret and token internal.</summary>
    public sealed class AssumeRoleResult
    {
        public AssumeRoleResult(CredentialKeys keys, DateTime expiration, string assumedRoleArn, string assumedRoleId, string? sourceIdentity = null, int? packedPolicySize = null)
        {
            Keys = keys ?? throw new ArgumentNullException(nameof(keys));
            Expiration = expiration.Kind == DateTimeKind.Utc ? expiration : DateTime.SpecifyKind(expiration.ToUniversalTime(), DateTimeKind.Utc);
            AssumedRoleArn = assumedRoleArn ?? throw new ArgumentNullException(nameof(assumedRoleArn));
            AssumedRoleId = assumedRoleId ?? throw new ArgumentNullException(nameof(assumedRoleId));
            SourceIdentity = sourceIdentity;
            PackedPolicySize = packedPolicySize;
        }

        public CredentialKeys Keys { get; }

        /// <summary>When the session ends, in UTC.</summary>
        public DateTime Expiration { get; }

        /// <summary>arn:aws:sts::{account}:assumed-role/{role-name}/{session-name}.</summary>
        public string AssumedRoleArn { get; }

        /// <summary>AROA...:{session-name}.</summary>
        public string AssumedRoleId { get; }

        public string? SourceIdentity { get; }

        /// <summary>How full the packed session policies and tags are, in percent of the allowed size.</summary>
        public int? PackedPolicySize { get; }

        /// <summary>Retries spent on throttling or server errors before STS answered (for verbose output).</summary>
        public int Retries { get; set; }

        public override string ToString() => AssumedRoleArn + " (" + Keys.AccessKeyId + ", expires " + Expiration.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) + ")";
    }
}
