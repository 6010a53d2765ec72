using System;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi.Core.Sts
{
    /// <summary>
    /// What makes two AssumeRole calls interchangeable: the same source identity (its access key id), endpoint,
    /// role and the parameters the user set. A session name the module chose (the default) is not one of them, so a
    /// default-named session is found again by another process (the AWS CLI's cache leaves its generated name out
    /// of the key for the same reason). The MFA code is left out on purpose: a session obtained with one code serves later
    /// calls that would need another, which is what spares the user a prompt. The key text contains the external
    /// id, so it is kept internal; files are named by its SHA-256 (<see cref="Hash"/>), never by the text itself.
    /// </summary>
    public sealed class AssumedRoleCacheKey : IEquatable<AssumedRoleCacheKey>
    {
        private AssumedRoleCacheKey(string canonical)
        {
            Canonical = canonical;
            Hash = Digest(canonical);
        }

        /// <summary>Lower-case hex SHA-256 of the key; safe to show and to use as a file name.</summary>
        public string Hash { get; }

        internal string Canonical { get; }

        /// <param name="source">The caller's keys. Their id names the identity; a digest of the secret and token is
        /// part of the key as well, so that knowing an access key id alone never yields someone else's cached session.</param>
        public static AssumedRoleCacheKey Create(CredentialKeys source, AssumeRoleRequest request, StsEndpoint endpoint)
        {
            if (source is null)
            {
                throw new ArgumentNullException(nameof(source));
            }

            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (endpoint is null)
            {
                throw new ArgumentNullException(nameof(endpoint));
            }

            // One field per line, each prefixed with its name, so that no two different inputs give the same text.
            var text = new StringBuilder()
                .Append("v2\n")
                .Append("source=").Append(source.AccessKeyId).Append('\n')
                .Append("proof=").Append(Digest(source.SecretAccessKey + "\n" + source.SessionToken)).Append('\n')
                .Append("endpoint=").Append(endpoint.Uri.AbsoluteUri).Append('\n')
                .Append("region=").Append(endpoint.SigningRegion).Append('\n')
                .Append("role=").Append(request.RoleArn.Arn).Append('\n')
                .Append("session=").Append(request.HasDefaultSessionName ? "(default)" : request.RoleSessionName).Append('\n')
                .Append("duration=").Append(request.DurationSeconds?.ToString(CultureInfo.InvariantCulture) ?? "-").Append('\n')
                .Append("externalId=").Append(Escape(request.ExternalId)).Append('\n')
                .Append("serial=").Append(Escape(request.SerialNumber)).Append('\n')
                .Append("policy=").Append(Escape(request.Policy)).Append('\n')
                .Append("policyArns=").Append(string.Join(",", request.PolicyArns.OrderBy(a => a, StringComparer.Ordinal))).Append('\n')
                .Append("tags=").Append(string.Join(",", request.Tags.OrderBy(t => t.Key, StringComparer.OrdinalIgnoreCase).Select(t => Escape(t.Key) + "=" + Escape(t.Value)))).Append('\n')
                .Append("transitive=").Append(string.Join(",", request.TransitiveTagKeys.Select(k => k.ToLowerInvariant()).OrderBy(k => k, StringComparer.Ordinal))).Append('\n')
                .Append("sourceIdentity=").Append(Escape(request.SourceIdentity)).Append('\n');
            return new AssumedRoleCacheKey(text.ToString());
        }

        public bool Equals(AssumedRoleCacheKey? other) => other != null && string.Equals(Canonical, other.Canonical, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as AssumedRoleCacheKey);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Canonical);

        public override string ToString() => Hash;

        private static string Digest(string text)
        {
            using (var sha = SHA256.Create())
            {
                byte[] digest = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
                return string.Concat(digest.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
            }
        }

        private static string Escape(string? value) =>
            value is null ? "-" : "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace(",", "\\,").Replace("=", "\\=") + "\"";
    }
}
