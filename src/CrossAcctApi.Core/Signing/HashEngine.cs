using System;
using System.Reflection;
using System.Security.Cryptography;

namespace CrossAcctApi.Core.Signing
{
    /// <summary>
    /// Runs SHA-256 and HMAC-SHA256 over byte ranges without allocating where the runtime allows it.
    /// <para>
    /// netstandard2.0 only has <see cref="HashAlgorithm.ComputeHash(byte[], int, int)"/>, which allocates the
    /// result array. Every runtime PowerShell 7 runs on (.NET 8+) also has
    /// <c>HashAlgorithm.TryComputeHash(ReadOnlySpan&lt;byte&gt;, Span&lt;byte&gt;, out int)</c>, so
    /// <see cref="Default"/> binds to it once, through reflection, as an open-instance delegate, and falls back
    /// to ComputeHash on .NET Framework. Measured on .NET 10 (OpenSSL 3.0): both cost about the same per call
    /// (the OpenSSL init/final dominates, ~0.4 µs), the span path just saves the 56 B result array per hash.
    /// Reused <see cref="HMACSHA256"/> instances keyed once (see <see cref="HmacInstances"/>) beat
    /// <c>HMACSHA256.HashData</c> one-shots (~0.55 µs vs ~1.3 µs) and hand-rolled HMAC over two SHA-256 calls (~0.75 µs).
    /// </para>
    /// </summary>
    internal abstract class HashEngine
    {
        public const int HashSize = 32;

        private delegate bool TryComputeHashFunc(HashAlgorithm algorithm, ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten);

        [ThreadStatic]
        private static SHA256? t_sha256;

        /// <summary>The span engine when the runtime has TryComputeHash, otherwise the array engine.</summary>
        public static readonly HashEngine Default = (HashEngine?)SpanHashEngine.TryCreate() ?? ArrayHashEngine.Instance;

        /// <summary>The .NET Framework path, kept reachable so tests cover it on every runtime.</summary>
        public static HashEngine ArrayBased => ArrayHashEngine.Instance;

        public abstract string Name { get; }

        /// <summary>Hashes <paramref name="count"/> bytes of <paramref name="buffer"/> with <paramref name="algorithm"/> into 32 bytes.</summary>
        public abstract void Compute(HashAlgorithm algorithm, byte[] buffer, int offset, int count, Span<byte> destination);

        public void Sha256(byte[] buffer, int offset, int count, Span<byte> destination) =>
            Compute(t_sha256 ??= SHA256.Create(), buffer, offset, count, destination);

        public void HmacSha256(SigningKey key, byte[] buffer, int offset, int count, Span<byte> destination) =>
            Compute(HmacInstances.For(key), buffer, offset, count, destination);

        public string HashToHex(byte[] buffer, int offset, int count)
        {
            Span<byte> hash = stackalloc byte[HashSize];
            Sha256(buffer, offset, count, hash);
            return Hex.ToLowerString(hash);
        }

        private sealed class SpanHashEngine : HashEngine
        {
            private readonly TryComputeHashFunc _tryComputeHash;

            private SpanHashEngine(TryComputeHashFunc tryComputeHash)
            {
                _tryComputeHash = tryComputeHash;
            }

            public override string Name => "span (HashAlgorithm.TryComputeHash)";

            public static SpanHashEngine? TryCreate()
            {
                try
                {
                    var method = typeof(HashAlgorithm).GetMethod(
                        "TryComputeHash",
                        BindingFlags.Public | BindingFlags.Instance,
                        null,
                        new[] { typeof(ReadOnlySpan<byte>), typeof(Span<byte>), typeof(int).MakeByRefType() },
                        null);
                    if (method == null || method.ReturnType != typeof(bool))
                    {
                        return null;
                    }

                    var func = (TryComputeHashFunc)Delegate.CreateDelegate(typeof(TryComputeHashFunc), method);
                    return new SpanHashEngine(func);
                }
                catch (ArgumentException)
                {
                    // The span types did not unify with the runtime's (an unusual host); the array path still works.
                    return null;
                }
            }

            public override void Compute(HashAlgorithm algorithm, byte[] buffer, int offset, int count, Span<byte> destination)
            {
                if (!_tryComputeHash(algorithm, new ReadOnlySpan<byte>(buffer, offset, count), destination, out var written) || written != HashSize)
                {
                    throw new CryptographicException("The hash did not fit its 32-byte destination.");
                }
            }
        }

        private sealed class ArrayHashEngine : HashEngine
        {
            public static readonly ArrayHashEngine Instance = new ArrayHashEngine();

            public override string Name => "array (HashAlgorithm.ComputeHash)";

            public override void Compute(HashAlgorithm algorithm, byte[] buffer, int offset, int count, Span<byte> destination) =>
                algorithm.ComputeHash(buffer, offset, count).AsSpan().CopyTo(destination);
        }
    }
}
