using System.Security.Cryptography;
using CrossAcctApi.Core.Signing;

namespace CrossAcctApi.Core.Tests.Signing;

/// <summary>
/// The real hash engine, counting what it is asked to compute. Every signing pass makes exactly one HMAC (of its
/// string to sign; key derivation does not go through the engine) and one SHA-256 of its canonical request, plus
/// one per body hashed for the first time, so the counts say how many times a request was signed.
/// </summary>
internal sealed class CountingHashEngine : HashEngine
{
    private int _hmacs;
    private int _sha256s;

    public override string Name => "counting " + Default.Name;

    /// <summary>HMAC-SHA256 computations: one per signature.</summary>
    public int Hmacs => Volatile.Read(ref _hmacs);

    public int Sha256s => Volatile.Read(ref _sha256s);

    public override void Compute(HashAlgorithm algorithm, byte[] buffer, int offset, int count, Span<byte> destination)
    {
        Interlocked.Increment(ref algorithm is HMAC ? ref _hmacs : ref _sha256s);
        Default.Compute(algorithm, buffer, offset, count, destination);
    }
}
