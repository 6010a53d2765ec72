using System;
using System.Buffers;
using System.Text;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// Keeps what the last signing pass it was handed hashed and signed, for a caller that only might have to show
    /// it: the pipeline, which explains a SignatureDoesNotMatch answer with the canonical request it actually sent.
    /// <para>
    /// Why not ask every pass to explain itself: that allocates a copy of the canonical request (about 1.2 KB with an
    /// STS session token, 16 % more than the 7.6 KB a whole call allocates) plus the explaining objects, for an answer
    /// that almost never comes. Signing again after the refusal gives the same bytes (the pass is a pure function of
    /// its inputs) but is a second signature. So the pass copies its bytes here, into one buffer rented from the
    /// shared pool for the whole call and reused by every attempt: a memory copy per attempt, no allocation, and
    /// the strings are made only when a refusal asks for them. The buffer holds the session token, so it is
    /// cleared before it goes back to the pool. One call at a time: not thread-safe.
    /// </para>
    /// </summary>
    internal sealed class CanonicalCapture : IDisposable
    {
        private const int HashHexLength = HashEngine.HashSize * 2;

        private byte[]? _buffer;
        private CanonicalSections _sections;
        private string? _method;
        private string? _payloadHash;
        private string? _signedSessionToken;
        private string? _amzDate;
        private string? _credentialScope;

        /// <summary>True once a pass has been recorded.</summary>
        public bool HasPass => _method != null;

        /// <summary>Copies the canonical request and the hex hash in the string to sign of the pass that just ran.</summary>
        internal void Record(
            Utf8Builder canonical,
            in CanonicalSections sections,
            ReadOnlySpan<byte> canonicalHashHex,
            string method,
            string payloadHash,
            string? signedSessionToken,
            string amzDate,
            string credentialScope)
        {
            var needed = sections.End + HashHexLength;
            if (_buffer == null || _buffer.Length < needed)
            {
                Release();
                _buffer = ArrayPool<byte>.Shared.Rent(needed);
            }

            System.Buffer.BlockCopy(canonical.Buffer, 0, _buffer, 0, sections.End);
            canonicalHashHex.CopyTo(new Span<byte>(_buffer, sections.End, HashHexLength));
            _sections = sections;
            _method = method;
            _payloadHash = payloadHash;
            _signedSessionToken = signedSessionToken;
            _amzDate = amzDate;
            _credentialScope = credentialScope;
        }

        /// <summary>The recorded canonical request, as <see cref="SigningOutput.CanonicalRequest"/> would have shown it.</summary>
        public CanonicalRequest CanonicalRequest() =>
            Signing.CanonicalRequest.Copy(Recorded(), _sections, _method!, _payloadHash!, _signedSessionToken);

        /// <summary>The recorded string to sign, as <see cref="SigningOutput.StringToSign"/> would have shown it.</summary>
        public StringToSign StringToSign() =>
            new StringToSign(_amzDate!, _credentialScope!, Encoding.ASCII.GetString(Recorded(), _sections.End, HashHexLength));

        public void Dispose() => Release();

        private byte[] Recorded() => _method != null ? _buffer! : throw new InvalidOperationException("No signing pass was recorded.");

        private void Release()
        {
            if (_buffer != null)
            {
                ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
                _buffer = null;
                _method = null;
            }
        }
    }
}
