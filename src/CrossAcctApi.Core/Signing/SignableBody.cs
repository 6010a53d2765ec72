using System.Globalization;
using System.Threading;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// What the signature says about the body, which is the last line of the canonical request: the body's bytes
    /// (hashed here, once), a SHA-256 the caller computed (a streamed body), or the literal <c>UNSIGNED-PAYLOAD</c>,
    /// which leaves the body out of the signature. One of the three, never a mix: a request cannot carry bytes and a
    /// hash that disagree. Immutable apart from the hash cache; share one between requests freely.
    /// </summary>
    public sealed class SignableBody
    {
        private readonly Form _form;
        private readonly byte[]? _bytes;
        private string? _hash;

        private SignableBody(Form form, byte[]? bytes, string? hash)
        {
            _form = form;
            _bytes = bytes;
            _hash = hash;
        }

        private enum Form
        {
            Bytes,
            Precomputed,
            Unsigned,
        }

        /// <summary>No body: the SHA-256 of zero bytes is signed.</summary>
        public static SignableBody Empty { get; } = new SignableBody(Form.Bytes, null, SigV4Constants.EmptyPayloadHash);

        /// <summary>The literal <c>UNSIGNED-PAYLOAD</c> is signed instead of the body's hash (services that allow it, such as S3).</summary>
        public static SignableBody UnsignedPayload { get; } = new SignableBody(Form.Unsigned, null, SigV4Constants.UnsignedPayload);

        /// <summary>The body's bytes, hashed on first signing and the hash kept for every retry. Do not change the array afterwards.</summary>
        public static SignableBody Bytes(byte[]? body) =>
            body == null || body.Length == 0 ? Empty : new SignableBody(Form.Bytes, body, null);

        /// <summary>A SHA-256 of the body computed by the caller (a body streamed from a file), as 64 lowercase hex digits.</summary>
        public static SignableBody Precomputed(string sha256Hex) => new SignableBody(Form.Precomputed, null, ValidateHash(sha256Hex));

        /// <summary>The payload hash line of the canonical request.</summary>
        internal string PayloadHash(HashEngine engine)
        {
            var hash = Volatile.Read(ref _hash);
            if (hash != null)
            {
                return hash;
            }

            // Two threads signing the same body may both hash it; they get the same value, so either may win.
            var computed = engine.HashToHex(_bytes!, 0, _bytes!.Length);
            return Interlocked.CompareExchange(ref _hash, computed, null) ?? computed;
        }

        /// <summary>What is signed, never the bytes themselves: "12 bytes", "a precomputed SHA-256" or "UNSIGNED-PAYLOAD".</summary>
        public override string ToString()
        {
            switch (_form)
            {
                case Form.Precomputed:
                    return "a precomputed SHA-256";
                case Form.Unsigned:
                    return SigV4Constants.UnsignedPayload;
                default:
                    return (_bytes?.Length ?? 0).ToString("N0", CultureInfo.InvariantCulture) + " bytes";
            }
        }

        private static string ValidateHash(string? value)
        {
            var ok = value != null && value.Length == 64;
            for (var i = 0; ok && i < value!.Length; i++)
            {
                var c = value[i];
                ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
            }

            if (!ok)
            {
                // Not quoted: a caller may have passed something other than a hash by mistake.
                throw SigningErrors.InvalidArgument(
                    SigningErrorIds.InvalidPayloadHash,
                    "A precomputed payload hash must be the body's SHA-256 as 64 lowercase hexadecimal characters.",
                    null,
                    "Hash the body with SHA-256 and format it as lowercase hex, or sign SignableBody.UnsignedPayload.");
            }

            return value!;
        }
    }
}
