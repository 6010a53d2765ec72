using System;
using System.Collections.Generic;
using CrossAcctApi.Core.Credentials;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// AWS Signature Version 4 (AWS4-HMAC-SHA256), by Authorization header or presigned URL.
    /// Stateless apart from the derived-key cache; safe to share between threads. The signing time is always
    /// passed in, never read from a clock here.
    /// </summary>
    public sealed class SigV4Signer
    {
        private readonly SigningKeyCache _cache;
        private readonly HashEngine _engine;

        public SigV4Signer()
            : this(SigningKeyCache.Shared)
        {
        }

        public SigV4Signer(SigningKeyCache cache)
            : this(cache, HashEngine.Default)
        {
        }

        /// <summary>Lets tests run the .NET Framework hashing path on any runtime.</summary>
        internal SigV4Signer(SigningKeyCache cache, HashEngine engine)
        {
            _cache = cache ?? throw new ArgumentNullException(nameof(cache));
            _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        }

        /// <summary>
        /// Signs <paramref name="request"/> in one pass, for the location the settings name (Authorization header or
        /// presigned URL). With <paramref name="explain"/> the same pass also keeps the canonical request and string to
        /// sign it hashed (<see cref="SigningOutput.CanonicalRequest"/>); without it, the canonical strings only ever
        /// exist as bytes in a per-thread buffer and the pass allocates little more than the Authorization value.
        /// </summary>
        public SigningOutput Sign(HttpRequestToSign request, CredentialKeys keys, SigningSettings settings, DateTimeOffset signingTime, bool explain = false) =>
            Sign(request, keys, settings, signingTime, explain, null);

        /// <summary>
        /// Signs and returns the whole request to send (headers in order, URL) with every value that went into the
        /// signature: a view of one explained <see cref="Sign(HttpRequestToSign, CredentialKeys, SigningSettings, DateTimeOffset, bool)"/> pass.
        /// </summary>
        public SignedRequest SignRequest(HttpRequestToSign request, CredentialKeys keys, SigningSettings settings, DateTimeOffset signingTime) =>
            new SignedRequest(request, Sign(request, keys, settings, signingTime, explain: true, null));

        /// <summary>The one signing pass. <paramref name="capture"/>, when given, keeps a copy of what was hashed for later.</summary>
        internal SigningOutput Sign(
            HttpRequestToSign request, CredentialKeys keys, SigningSettings settings, DateTimeOffset signingTime, bool explain, CanonicalCapture? capture)
        {
            CheckArguments(request, keys, settings);
            var date = AmzDate.For(signingTime);
            var key = _cache.Get(keys, date, settings.Region, settings.Service);
            var payloadHash = request.Body.PayloadHash(_engine);
            CheckDeclaredPayloadHash(request, payloadHash);

            var scratch = SigningScratch.Current;
            var presign = settings.Location == SignatureLocation.QueryString;
            SyntheticHeaders synthetic;
            string? signedHeaders = null;
            KeyValuePair<string, string>[]? presignParameters = null;
            if (presign)
            {
                Presigning.CheckNoReservedParameters(request.Query);

                // A presigned URL carries no headers of its own: only host (and the caller's headers) are signed, and
                // their names are a signed query parameter, so they are known before the canonical request is written.
                synthetic = new SyntheticHeaders(request.HostHeaderIndex < 0 ? request.Host : null, null, null, null);
                signedHeaders = CanonicalRequestWriter.SignedHeaderNames(scratch, request, synthetic);
                presignParameters = Presigning.SignedParameters(keys, settings, date, key, signedHeaders);
            }
            else
            {
                synthetic = HeaderLocationHeaders(request, keys, settings, date, payloadHash);
            }

            CanonicalRequestWriter.Write(scratch, request, settings, synthetic, payloadHash, presignParameters, out var sections);
            signedHeaders ??= CanonicalRequestWriter.SignedHeaderNames(scratch, sections);
            Span<byte> signature = stackalloc byte[HashEngine.HashSize];
            var hashStart = ComputeSignature(scratch, key, date, signature);

            var signedToken = settings.SignSessionToken ? keys.SessionToken : null;
            var canonicalHashHex = new ReadOnlySpan<byte>(scratch.StringToSign.Buffer, hashStart, HashEngine.HashSize * 2);
            capture?.Record(scratch.Canonical, sections, canonicalHashHex, request.Method, payloadHash, signedToken, date.Value, key.Scope);
            CanonicalRequest? canonicalRequest = null;
            StringToSign? stringToSign = null;
            if (explain)
            {
                canonicalRequest = CanonicalRequest.Copy(scratch.Canonical.Buffer, sections, request.Method, payloadHash, signedToken);
                stringToSign = new StringToSign(date.Value, key.Scope, scratch.StringToSign.ToUtf8String(hashStart, HashEngine.HashSize * 2));
            }

            var output = presign
                ? SigningOutput.ForQuery(
                    settings, key.Scope, date.Value, signingTime, signedHeaders,
                    Presigning.Query(scratch, request.Query, keys, settings, date, key, signedHeaders, signature), keys.SessionToken != null, canonicalRequest, stringToSign)
                : SigningOutput.ForHeaders(
                    settings, key.Scope, date.Value, signingTime, signedHeaders,
                    BuildAuthorization(scratch, key, signedHeaders, signature), keys.SessionToken, settings.PayloadHashHeader ? payloadHash : null, canonicalRequest, stringToSign);
            scratch.TrimExcess();
            return output;
        }

        /// <summary>
        /// Every check the signing pass makes on the request and settings that needs no keys (a caller's
        /// x-amz-content-sha256 against the payload hash, X-Amz-* parameters already in a query to presign). Callers
        /// run it before reading the credential, whose keys may have to be renewed with an STS call first: input that
        /// cannot be signed must cost no request.
        /// </summary>
        public void Validate(HttpRequestToSign request, SigningSettings settings)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (settings == null)
            {
                throw new ArgumentNullException(nameof(settings));
            }

            CheckPayloadHashHeader(request, settings);
            if (request.ContentSha256HeaderIndex >= 0)
            {
                // Only then is the body hashed here (the hash is kept for signing); otherwise there is nothing to compare.
                CheckDeclaredPayloadHash(request, request.Body.PayloadHash(_engine));
            }

            if (settings.Location == SignatureLocation.QueryString)
            {
                Presigning.CheckNoReservedParameters(request.Query);
            }
        }

        private static void CheckArguments(HttpRequestToSign request, CredentialKeys keys, SigningSettings settings)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (keys == null)
            {
                throw new ArgumentNullException(nameof(keys));
            }

            if (settings == null)
            {
                throw new ArgumentNullException(nameof(settings));
            }

            CheckPayloadHashHeader(request, settings);
        }

        private static void CheckPayloadHashHeader(HttpRequestToSign request, SigningSettings settings)
        {
            if (settings.Location == SignatureLocation.Header && settings.PayloadHashHeader && request.ContentSha256HeaderIndex >= 0)
            {
                throw SigningErrors.InvalidArgument(
                    SigningErrorIds.ConflictingPayloadHash,
                    "The request already has an x-amz-content-sha256 header and the settings ask the signer to add one.",
                    SigV4HeaderNames.ContentSha256,
                    "Either remove the header (and sign SignableBody.Precomputed with the hash if the body is streamed) or turn PayloadHashHeader off.");
            }
        }

        /// <summary>
        /// A caller's own x-amz-content-sha256 header is what AWS (and the AWS SDKs) take as the payload hash of the
        /// canonical request. Signing a different one (the header says UNSIGNED-PAYLOAD or another body's hash, while the
        /// signer hashes this body) can only end in SignatureDoesNotMatch after a round trip, so it is refused before
        /// anything is sent. The value is not quoted: messages never repeat header values.
        /// </summary>
        private static void CheckDeclaredPayloadHash(HttpRequestToSign request, string payloadHash)
        {
            var index = request.ContentSha256HeaderIndex;
            if (index < 0 || string.Equals(request.HeaderArray[index].Value.Trim(), payloadHash, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            throw SigningErrors.InvalidArgument(
                SigningErrorIds.ConflictingPayloadHash,
                "The request's x-amz-content-sha256 header does not match the payload hash being signed ("
                    + (payloadHash == SigV4Constants.UnsignedPayload ? SigV4Constants.UnsignedPayload : "the SHA-256 of the body")
                    + "); the server would compute the signature with the header's value and refuse the request.",
                SigV4HeaderNames.ContentSha256,
                "Remove the x-amz-content-sha256 header (the signature covers the body without it), or set it to the body's SHA-256 in lowercase hex.");
        }

        private static SyntheticHeaders HeaderLocationHeaders(HttpRequestToSign request, CredentialKeys keys, SigningSettings settings, AmzDate date, string payloadHash)
        {
            var signToken = settings.SignSessionToken && keys.SessionToken != null;
            return new SyntheticHeaders(
                request.HostHeaderIndex < 0 ? request.Host : null,
                date.Value,
                date.Bytes,
                signToken ? keys.SessionToken : null,
                signToken ? CanonicalSessionToken(keys) : null,
                settings.PayloadHashHeader ? payloadHash : null);
        }

        /// <summary>
        /// Hashes the canonical request in the scratch buffer, writes the string to sign after it, and HMACs that.
        /// Returns where the canonical request's hex hash starts in <see cref="SigningScratch.StringToSign"/>.
        /// </summary>
        private int ComputeSignature(SigningScratch scratch, SigningKey key, AmzDate date, Span<byte> signature)
        {
            var canonical = scratch.Canonical;
            Span<byte> canonicalHash = stackalloc byte[HashEngine.HashSize];
            _engine.Sha256(canonical.Buffer, 0, canonical.Length, canonicalHash);

            var stringToSign = scratch.StringToSign;
            stringToSign.Clear();
            stringToSign.Append(key.StringToSignPrefix(date));
            var hashStart = stringToSign.Length;
            stringToSign.AppendHex(canonicalHash);
            _engine.HmacSha256(key, stringToSign.Buffer, 0, stringToSign.Length, signature);
            return hashStart;
        }

        /// <summary>"AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…" as the one string the header path allocates.</summary>
        private static string BuildAuthorization(SigningScratch scratch, SigningKey key, string signedHeaders, ReadOnlySpan<byte> signature)
        {
            const string signatureLabel = ", Signature=";
            var prefix = key.AuthorizationPrefix;
            var length = prefix.Length + signedHeaders.Length + signatureLabel.Length + (HashEngine.HashSize * 2);
            var chars = scratch.EnsureChars(length);

            prefix.CopyTo(0, chars, 0, prefix.Length);
            var position = prefix.Length;
            signedHeaders.CopyTo(0, chars, position, signedHeaders.Length);
            position += signedHeaders.Length;
            signatureLabel.CopyTo(0, chars, position, signatureLabel.Length);
            position += signatureLabel.Length;
            Hex.WriteLower(signature, new Span<char>(chars, position, HashEngine.HashSize * 2));
            return new string(chars, 0, length);
        }

        /// <summary>The session token's canonical header value as UTF-8, computed once per key snapshot.</summary>
        private static byte[]? CanonicalSessionToken(CredentialKeys keys)
        {
            if (keys.SessionToken == null)
            {
                return null;
            }

            var bytes = System.Threading.Volatile.Read(ref keys.SigningTokenBytes);
            if (bytes == null)
            {
                bytes = CanonicalRequestWriter.CanonicalHeaderValueBytes(keys.SessionToken);
                System.Threading.Volatile.Write(ref keys.SigningTokenBytes, bytes);
            }

            return bytes;
        }
    }
}
