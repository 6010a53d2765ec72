using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi.Sts
{
    /// <summary>
    /// The AssumeRole calls that succeeded in this process, per role and source access key id, with whether an
    /// external id and MFA were given: the evidence <see cref="AccessDeniedDiagnosis"/> weighs a later refusal
    /// against. Whose the source keys were is usually unknown at that moment, and finding out would cost an STS call
    /// on every successful path; so each record keeps only a weak reference to the source keys. While something
    /// else still holds them (the credential they came from, the refresher of the session they produced), a
    /// diagnosis can ask STS who they belong to; the history itself never keeps a secret alive.
    /// </summary>
    internal sealed class AssumeRoleHistory
    {
        public const int DefaultSourcesPerRole = 32;

        private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, PastSuccess>> _byRole =
            new ConcurrentDictionary<string, ConcurrentDictionary<string, PastSuccess>>(StringComparer.Ordinal);

        private long _sequence;

        public AssumeRoleHistory(int sourcesPerRole = DefaultSourcesPerRole)
        {
            if (sourcesPerRole < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(sourcesPerRole));
            }

            SourcesPerRole = sourcesPerRole;
        }

        /// <summary>How many sources are remembered per role; the oldest goes first (chained sources change at every refresh).</summary>
        public int SourcesPerRole { get; }

        public void Record(AssumeRoleRequest request, CredentialKeys source, StsEndpoint endpoint)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (source is null)
            {
                throw new ArgumentNullException(nameof(source));
            }

            var bySource = _byRole.GetOrAdd(request.RoleArn.Arn, _ => new ConcurrentDictionary<string, PastSuccess>(StringComparer.Ordinal));
            bySource[source.AccessKeyId] = new PastSuccess(
                Interlocked.Increment(ref _sequence),
                source,
                endpoint,
                usedExternalId: request.ExternalId != null,
                usedMfa: request.SerialNumber != null);
            while (bySource.Count > SourcesPerRole)
            {
                var oldest = bySource.Values.OrderBy(s => s.Sequence).First();
                ((ICollection<KeyValuePair<string, PastSuccess>>)bySource).Remove(new KeyValuePair<string, PastSuccess>(oldest.SourceAccessKeyId, oldest));
            }
        }

        /// <summary>What succeeded for <paramref name="roleArn"/>, newest first.</summary>
        public IReadOnlyList<PastSuccess> Of(string roleArn) =>
            _byRole.TryGetValue(roleArn, out var bySource)
                ? bySource.Values.OrderByDescending(s => s.Sequence).ToArray()
                : Array.Empty<PastSuccess>();
    }

    /// <summary>One source that assumed a role: its access key id (not a secret) and, weakly, its keys.</summary>
    internal sealed class PastSuccess
    {
        private readonly WeakReference<CredentialKeys> _source;

        public PastSuccess(long sequence, CredentialKeys source, StsEndpoint endpoint, bool usedExternalId, bool usedMfa)
        {
            Sequence = sequence;
            SourceAccessKeyId = source.AccessKeyId;
            _source = new WeakReference<CredentialKeys>(source);
            Endpoint = endpoint;
            UsedExternalId = usedExternalId;
            UsedMfa = usedMfa;
        }

        public long Sequence { get; }

        public string SourceAccessKeyId { get; }

        /// <summary>Where the source called STS, so that a later GetCallerIdentity with its keys goes there too.</summary>
        public StsEndpoint Endpoint { get; }

        public bool UsedExternalId { get; }

        public bool UsedMfa { get; }

        /// <summary>The source keys, if whoever owned them still holds them.</summary>
        public bool TryGetSourceKeys(out CredentialKeys keys) => _source.TryGetTarget(out keys!);
    }
}
