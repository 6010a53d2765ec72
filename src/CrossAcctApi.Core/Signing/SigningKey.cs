using System;
using System.Security.Cryptography;
using System.Text;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// The derived SigV4 key for one (access key id, date, region, service), plus the strings that depend on exactly
    /// that scope, precomputed so each signature only writes them. Immutable once built; never printed.
    /// </summary>
    internal sealed class SigningKey
    {
        private readonly byte[] _key;

        private SigningKey(string accessKeyId, string secretAccessKey, int dateNumber, string region, string service, byte[] key, string dateStamp)
        {
            AccessKeyId = accessKeyId;
            SecretAccessKey = secretAccessKey;
            DateNumber = dateNumber;
            Region = region;
            Service = service;
            _key = key;
            Scope = dateStamp + "/" + region + "/" + service + "/" + SigV4Constants.Terminator;
            ScopeBytes = Encoding.ASCII.GetBytes(Scope);
            Credential = accessKeyId + "/" + Scope;
            AuthorizationPrefix = SigV4Constants.Algorithm + " Credential=" + Credential + ", SignedHeaders=";
        }

        public string AccessKeyId { get; }

        /// <summary>The secret the key was derived from, compared by reference/ordinal on lookup so a corrected secret under the same key id never reuses a stale key.</summary>
        internal string SecretAccessKey { get; }

        /// <summary>yyyyMMdd as a number.</summary>
        public int DateNumber { get; }

        public string Region { get; }

        public string Service { get; }

        /// <summary>"yyyyMMdd/region/service/aws4_request".</summary>
        public string Scope { get; }

        public byte[] ScopeBytes { get; }

        /// <summary>"AKID/yyyyMMdd/region/service/aws4_request", the X-Amz-Credential value.</summary>
        public string Credential { get; }

        /// <summary>"AWS4-HMAC-SHA256 Credential=AKID/scope, SignedHeaders=".</summary>
        public string AuthorizationPrefix { get; }

        public static SigningKey Derive(string accessKeyId, string secretAccessKey, string amzDate, int dateNumber, string region, string service)
        {
            var dateStamp = amzDate.Substring(0, 8);
            // kSecret -> kDate -> kRegion -> kService -> kSigning; each intermediate is wiped once used.
            var key = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
            key = HmacAndWipeKey(key, dateStamp);
            key = HmacAndWipeKey(key, region);
            key = HmacAndWipeKey(key, service);
            key = HmacAndWipeKey(key, SigV4Constants.Terminator);

            return new SigningKey(accessKeyId, secretAccessKey, dateNumber, region, service, key, dateStamp);
        }

        public bool Matches(string accessKeyId, string secretAccessKey, int dateNumber, string region, string service) =>
            DateNumber == dateNumber
            && string.Equals(AccessKeyId, accessKeyId, StringComparison.Ordinal)
            && string.Equals(Region, region, StringComparison.Ordinal)
            && string.Equals(Service, service, StringComparison.Ordinal)
            && string.Equals(SecretAccessKey, secretAccessKey, StringComparison.Ordinal);

        public HMACSHA256 CreateHmac() => new HMACSHA256(_key);

        /// <summary>
        /// "AWS4-HMAC-SHA256\n{amz date}\n{scope}\n" as bytes, the part of the string to sign before the canonical
        /// request's hash. Only the amz date varies (by the second), so the last one is kept.
        /// </summary>
        public byte[] StringToSignPrefix(AmzDate date)
        {
            var last = System.Threading.Volatile.Read(ref _lastPrefix);
            if (last != null && last.Date.UtcSecond == date.UtcSecond)
            {
                return last.Bytes;
            }

            var prefix = new StringToSignPrefixBytes(date, Encoding.ASCII.GetBytes(SigV4Constants.Algorithm + "\n" + date.Value + "\n" + Scope + "\n"));
            System.Threading.Volatile.Write(ref _lastPrefix, prefix);
            return prefix.Bytes;
        }

        private StringToSignPrefixBytes? _lastPrefix;

        private sealed class StringToSignPrefixBytes
        {
            public StringToSignPrefixBytes(AmzDate date, byte[] bytes)
            {
                Date = date;
                Bytes = bytes;
            }

            public AmzDate Date { get; }

            public byte[] Bytes { get; }
        }

        /// <summary>Only for tests that check the derivation against the AWS example; never logged.</summary>
        internal byte[] CopyKeyForTests() => (byte[])_key.Clone();

        public override string ToString() => $"SigV4 signing key for {AccessKeyId}/{Scope} (redacted)";

        private static byte[] HmacAndWipeKey(byte[] key, string data)
        {
            try
            {
                using (var hmac = new HMACSHA256(key))
                {
                    return hmac.ComputeHash(Encoding.UTF8.GetBytes(data));
                }
            }
            finally
            {
                Array.Clear(key, 0, key.Length);
            }
        }
    }
}
