using System;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// How to sign: the credential scope (region, service) and the SigV4 variations services differ on.
    /// Immutable; build one per API and reuse it for every call.
    /// </summary>
    public sealed class SigningSettings
    {
        /// <summary>AWS caps presigned URLs at seven days.</summary>
        public static readonly TimeSpan MaxExpiresIn = TimeSpan.FromSeconds(604800);

        private readonly TimeSpan _expiresIn = TimeSpan.FromMinutes(15);

        public SigningSettings(string region, string service)
        {
            Region = ValidateScopePart(region, AwsRegion.InvalidRegion, "region", "us-east-1");
            Service = ValidateScopePart(service, SigningErrorIds.InvalidService, "service", "execute-api");

            // Every service but S3 signs the path URI-encoded once more than it is sent (S3 signs it as sent).
            DoubleEncodePath = !string.Equals(Service, "s3", StringComparison.Ordinal);
        }

        public string Region { get; }

        public string Service { get; }

        /// <summary>Remove '.' and '..' segments and collapse repeated slashes before signing (every service but S3).</summary>
        public bool NormalizePath { get; init; } = true;

        /// <summary>URI-encode each path segment of the path-as-sent once more (default: every service but "s3").</summary>
        public bool DoubleEncodePath { get; init; }

        /// <summary>Also send and sign <c>x-amz-content-sha256</c> (header location only; a presigned URL carries no extra headers).</summary>
        public bool PayloadHashHeader { get; init; }

        /// <summary>
        /// Whether the session token is covered by the signature (the default and what execute-api expects).
        /// A few services want it added after signing; it is sent either way.
        /// </summary>
        public bool SignSessionToken { get; init; } = true;

        public SignatureLocation Location { get; init; } = SignatureLocation.Header;

        /// <summary>Lifetime of a presigned URL (<c>X-Amz-Expires</c>), 1 second to 7 days; fractions of a second are dropped.</summary>
        public TimeSpan ExpiresIn
        {
            get => _expiresIn;
            init
            {
                if (value < TimeSpan.FromSeconds(1) || value > MaxExpiresIn)
                {
                    throw SigningErrors.InvalidArgument(
                        SigningErrorIds.InvalidExpiry,
                        $"ExpiresIn must be between 1 second and 7 days (604800 seconds); it was {value.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} seconds.",
                        value,
                        "Choose a presigned URL lifetime from 1 to 604800 seconds.");
                }

                _expiresIn = value;
            }
        }

        /// <summary>The <c>X-Amz-Expires</c> value: whole seconds.</summary>
        internal long ExpiresInSeconds => (long)_expiresIn.TotalSeconds;

        public override string ToString() =>
            $"{Service}/{Region} ({Location}{(NormalizePath ? ", normalised path" : string.Empty)}{(DoubleEncodePath ? ", double-encoded path" : string.Empty)})";

        private static string ValidateScopePart(string value, string errorId, string what, string example)
        {
            if (string.IsNullOrEmpty(value))
            {
                throw SigningErrors.InvalidArgument(errorId, $"The signing {what} is empty.", value, $"Pass a {what} such as '{example}'.");
            }

            // The value goes into the credential scope "<date>/<region>/<service>/aws4_request" unescaped.
            foreach (var c in value)
            {
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'))
                {
                    throw SigningErrors.InvalidArgument(
                        errorId,
                        $"The signing {what} '{SigningErrors.Printable(value)}' contains a character other than letters, digits, '-', '_' and '.'.",
                        SigningErrors.Printable(value),
                        $"Pass a {what} such as '{example}'.");
                }
            }

            return value;
        }
    }
}
