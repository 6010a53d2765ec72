using System;
using System.Collections.Generic;
using System.Globalization;
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
        /// The hot path: the headers to add for Authorization-header signing, computed without building any of the
        /// debugging values (canonical strings exist only as bytes in a per-thread buffer).
        /// </summary>
        public SignatureHeaders SignHeaders(HttpRequestToSign request, CredentialKeys keys, SigningSettings settings, DateTimeOffset signingTime)
        {
            CheckArguments(request, keys, settings);
            if (settings.Location != SignatureLocation.Header)
            {
                throw SigningErrors.InvalidArgument(
                    SigningErrorIds.UnsupportedSignatureLocation,
                    "SignHeaders signs with an Authorization header; these settings ask for a presigned URL.",
                    settings.Location,
                    "Call Sign for SignatureLocation.QueryString.");
            }

            var date = AmzDate.For(signingTime);
            var key = _cache.Get(keys, date, settings.Region, settings.Service);
            var payloadHash = PayloadHashFor(request, settings);
            CheckDeclaredPayloadHash(request, payloadHash);
            var synthetic = HeaderLocationHeaders(request, keys, settings, date, payloadHash);

            var scratch = SigningScratch.Current;
            CanonicalRequestWriter.Write(scratch, request, settings, synthetic, payloadHash, null, out var sections);
            Span<byte> signature = stackalloc byte[HashEngine.HashSize];
            ComputeSignature(scratch, key, date, signature);

            var authorization = BuildAuthorization(scratch, key, sections, signature);
            scratch.TrimExcess();
            return new SignatureHeaders(date.Value, authorization, keys.SessionToken, settings.PayloadHashHeader ? payloadHash : null);
        }

        /// <summary>Signs and returns the request to send with every intermediate value, for either location.</summary>
        public SignedRequest Sign(HttpRequestToSign request, CredentialKeys keys, SigningSettings settings, DateTimeOffset signingTime)
        {
            CheckArguments(request, keys, settings);
            var date = AmzDate.For(signingTime);
            var key = _cache.Get(keys, date, settings.Region, settings.Service);
            var scratch = SigningScratch.Current;
            var canonical = WriteCanonical(scratch, request, keys, settings, date, key, out var sections, out var signedHeaderNames, out var payloadHash);

            Span<byte> signatureBytes = stackalloc byte[HashEngine.HashSize];
            var hashStart = ComputeSignature(scratch, key, date, signatureBytes);
            var canonicalHash = scratch.StringToSign.ToUtf8String(hashStart, HashEngine.HashSize * 2);
            var signature = Hex.ToLowerString(signatureBytes);
            var stringToSign = new StringToSign(date.Value, key.Scope, canonicalHash);

            var headers = new List<KeyValuePair<string, string>>(request.HeaderArray.Length + 5);
            headers.AddRange(request.HeaderArray);
            if (request.HostHeaderIndex < 0)
            {
                headers.Add(new KeyValuePair<string, string>(SigV4HeaderNames.Host, request.Host));
            }

            string? query;
            if (settings.Location == SignatureLocation.Header)
            {
                // Same order as the AWS test suite's signed requests.
                if (keys.SessionToken != null)
                {
                    headers.Add(new KeyValuePair<string, string>(SigV4HeaderNames.SecurityToken, keys.SessionToken));
                }

                headers.Add(new KeyValuePair<string, string>(SigV4HeaderNames.AmzDate, date.Value));
                if (settings.PayloadHashHeader)
                {
                    headers.Add(new KeyValuePair<string, string>(SigV4HeaderNames.ContentSha256, payloadHash));
                }

                headers.Add(new KeyValuePair<string, string>(SigV4HeaderNames.Authorization, BuildAuthorization(scratch, key, sections, signatureBytes)));
                query = request.Query;
            }
            else
            {
                query = PresignedQuery(scratch, request.Query, keys, settings, date, key, signedHeaderNames!, signatureBytes);
            }

            scratch.TrimExcess();
            return new SignedRequest(
                request.Method,
                request.Host,
                request.Path,
                query,
                request.Scheme,
                headers.AsReadOnly(),
                canonical,
                stringToSign,
                settings,
                signingTime,
                signature);
        }

        /// <summary>
        /// Every check <see cref="Sign"/> makes on the request and settings that needs no keys (a caller's
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
                CheckDeclaredPayloadHash(request, PayloadHashFor(request, settings));
            }

            if (settings.Location == SignatureLocation.QueryString)
            {
                CheckNoReservedQueryParameters(request.Query);
            }
        }

        /// <summary>Only the canonical request, as <see cref="Sign"/> would build it for these inputs.</summary>
        public CanonicalRequest CreateCanonicalRequest(HttpRequestToSign request, CredentialKeys keys, SigningSettings settings, DateTimeOffset signingTime)
        {
            CheckArguments(request, keys, settings);
            var date = AmzDate.For(signingTime);
            var key = _cache.Get(keys, date, settings.Region, settings.Service);
            var scratch = SigningScratch.Current;
            var canonical = WriteCanonical(scratch, request, keys, settings, date, key, out _, out _, out _);
            scratch.TrimExcess();
            return canonical;
        }

        private CanonicalRequest WriteCanonical(
            SigningScratch scratch,
            HttpRequestToSign request,
            CredentialKeys keys,
            SigningSettings settings,
            AmzDate date,
            SigningKey key,
            out CanonicalSections sections,
            out string? signedHeaderNames,
            out string payloadHash)
        {
            payloadHash = PayloadHashFor(request, settings);
            CheckDeclaredPayloadHash(request, payloadHash);
            signedHeaderNames = null;
            SyntheticHeaders synthetic;
            KeyValuePair<string, string>[]? added = null;
            if (settings.Location == SignatureLocation.Header)
            {
                synthetic = HeaderLocationHeaders(request, keys, settings, date, payloadHash);
            }
            else
            {
                CheckNoReservedQueryParameters(request.Query);

                // A presigned URL carries no headers of its own: only host (and the caller's headers) are signed.
                synthetic = new SyntheticHeaders(request.HostHeaderIndex < 0 ? request.Host : null, null, null, null);
                signedHeaderNames = CanonicalRequestWriter.SignedHeaderNames(scratch, request, synthetic);
                added = PresignParameters(keys, settings, date, key, signedHeaderNames);
            }

            CanonicalRequestWriter.Write(scratch, request, settings, synthetic, payloadHash, added, out sections);
            var output = scratch.Canonical;
            var snapshot = new byte[output.Length];
            System.Buffer.BlockCopy(output.Buffer, 0, snapshot, 0, output.Length);
            return new CanonicalRequest(request.Method, snapshot, sections, payloadHash, settings.SignSessionToken ? keys.SessionToken : null);
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
                    "Either remove the header (and set HttpRequestToSign.PayloadHash if the body is streamed) or turn PayloadHashHeader off.");
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

        private string PayloadHashFor(HttpRequestToSign request, SigningSettings settings) =>
            settings.UnsignedPayload ? SigV4Constants.UnsignedPayload : request.GetPayloadHash(_engine);

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

        /// <summary>"AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…" as the one string the hot path allocates.</summary>
        private static string BuildAuthorization(SigningScratch scratch, SigningKey key, in CanonicalSections sections, ReadOnlySpan<byte> signature)
        {
            const string signatureLabel = ", Signature=";
            var prefix = key.AuthorizationPrefix;
            var signedLength = sections.SignedHeadersEnd - sections.SignedHeadersStart;
            var length = prefix.Length + signedLength + signatureLabel.Length + (HashEngine.HashSize * 2);
            var chars = scratch.EnsureChars(length);

            prefix.CopyTo(0, chars, 0, prefix.Length);
            var position = prefix.Length;
            var canonical = scratch.Canonical.Buffer;
            for (var i = 0; i < signedLength; i++)
            {
                chars[position + i] = (char)canonical[sections.SignedHeadersStart + i];
            }

            position += signedLength;
            signatureLabel.CopyTo(0, chars, position, signatureLabel.Length);
            position += signatureLabel.Length;
            Hex.WriteLower(signature, new Span<char>(chars, position, HashEngine.HashSize * 2));
            return new string(chars, 0, length);
        }

        private static KeyValuePair<string, string>[] PresignParameters(CredentialKeys keys, SigningSettings settings, AmzDate date, SigningKey key, string signedHeaderNames)
        {
            var parameters = new List<KeyValuePair<string, string>>(6)
            {
                new KeyValuePair<string, string>(SigV4Constants.AlgorithmParameter, SigV4Constants.Algorithm),
                new KeyValuePair<string, string>(SigV4Constants.CredentialParameter, key.Credential),
                new KeyValuePair<string, string>(SigV4Constants.DateParameter, date.Value),
                new KeyValuePair<string, string>(SigV4Constants.ExpiresParameter, settings.ExpiresInSeconds.ToString(CultureInfo.InvariantCulture)),
                new KeyValuePair<string, string>(SigV4Constants.SignedHeadersParameter, signedHeaderNames),
            };
            if (keys.SessionToken != null && settings.SignSessionToken)
            {
                parameters.Add(new KeyValuePair<string, string>(SigV4Constants.SecurityTokenParameter, keys.SessionToken));
            }

            return parameters.ToArray();
        }

        /// <summary>The caller's query followed by the X-Amz-* parameters in the order AWS's own presigned URLs use.</summary>
        private static string PresignedQuery(SigningScratch scratch, string? query, CredentialKeys keys, SigningSettings settings, AmzDate date, SigningKey key, string signedHeaderNames, ReadOnlySpan<byte> signature)
        {
            // Everything appended here is ASCII (encoded), so it is written as bytes and becomes one string.
            var tail = scratch.QueryParts;
            tail.Clear();
            tail.AppendAscii(SigV4Constants.AlgorithmParameter + "=" + SigV4Constants.Algorithm + "&" + SigV4Constants.CredentialParameter + "=");
            UriEncoding.AppendUnencoded(tail, key.Credential);
            tail.AppendAscii("&" + SigV4Constants.DateParameter + "=");
            tail.Append(date.Bytes);
            tail.AppendAscii("&" + SigV4Constants.SignedHeadersParameter + "=");
            UriEncoding.AppendUnencoded(tail, signedHeaderNames);
            tail.AppendAscii("&" + SigV4Constants.ExpiresParameter + "=");
            tail.AppendAscii(settings.ExpiresInSeconds.ToString(CultureInfo.InvariantCulture));
            if (keys.SessionToken != null)
            {
                tail.AppendAscii("&" + SigV4Constants.SecurityTokenParameter + "=");
                UriEncoding.AppendUnencoded(tail, keys.SessionToken);
            }

            tail.AppendAscii("&" + SigV4Constants.SignatureParameter + "=");
            tail.AppendHex(signature);
            var authentication = tail.ToUtf8String(0, tail.Length);
            return query == null ? authentication : query + "&" + authentication;
        }

        private static void CheckNoReservedQueryParameters(string? query)
        {
            if (query == null)
            {
                return;
            }

            foreach (var pair in query.Split('&'))
            {
                var equals = pair.IndexOf('=');
                var key = Uri.UnescapeDataString(equals < 0 ? pair : pair.Substring(0, equals));
                foreach (var reserved in SigV4Constants.ReservedQueryParameters)
                {
                    if (string.Equals(key, reserved, StringComparison.OrdinalIgnoreCase))
                    {
                        throw SigningErrors.InvalidArgument(
                            SigningErrorIds.ReservedQueryParameter,
                            $"The query already has '{reserved}', which presigning adds itself.",
                            reserved,
                            "Remove the X-Amz-* authentication parameters from the query before presigning.");
                    }
                }
            }
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
