using System;
using CrossAcctApi.Core.Signing;

namespace CrossAcctApi.Core.Http
{
    /// <summary>Where the signature of a prepared request goes: headers (what sending uses), or a presigned URL.</summary>
    public sealed class SignatureOptions
    {
        /// <summary>Authorization header signing, as every sent call is signed.</summary>
        public static readonly SignatureOptions Headers = new SignatureOptions();

        /// <summary>Sign into the query string (a presigned URL) instead of headers.</summary>
        public bool Presign { get; set; }

        /// <summary>The presigned URL's lifetime (1 second to 7 days).</summary>
        public TimeSpan ExpiresIn { get; set; } = TimeSpan.FromMinutes(15);

        /// <summary>Also send and sign x-amz-content-sha256 (headers only).</summary>
        public bool PayloadHashHeader { get; set; }

        internal SigningSettings Settings(string region, string service) => new SigningSettings(region, service)
        {
            Location = Presign ? SignatureLocation.QueryString : SignatureLocation.Header,
            ExpiresIn = ExpiresIn,
            PayloadHashHeader = PayloadHashHeader,
        };
    }
}
