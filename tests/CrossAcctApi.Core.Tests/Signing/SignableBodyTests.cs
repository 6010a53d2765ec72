using System.Security.Cryptography;
using System.Text;
using CrossAcctApi.Core.Signing;
using Xunit;
using static CrossAcctApi.Core.Tests.Signing.SigningTestData;

namespace CrossAcctApi.Core.Tests.Signing;

/// <summary>The body a signature covers: bytes, a precomputed hash, or UNSIGNED-PAYLOAD, one of the three.</summary>
public sealed class SignableBodyTests
{
    private static string PayloadHash(SignableBody body) =>
        Sign(new HttpRequestToSign("PUT", Host, "/prod", null) { Body = body }).CanonicalRequest.PayloadHash;

    [Fact]
    public void No_body_an_empty_body_and_a_null_body_all_sign_the_hash_of_nothing()
    {
        var empty = Convert.ToHexStringLower(SHA256.HashData(Array.Empty<byte>()));
        Assert.Same(SignableBody.Empty, SignableBody.Bytes(null));
        Assert.Same(SignableBody.Empty, SignableBody.Bytes(Array.Empty<byte>()));
        Assert.Same(SignableBody.Empty, new HttpRequestToSign("GET", Host, "/", null).Body);
        Assert.Same(SignableBody.Empty, new HttpRequestToSign("GET", Host, "/", null) { Body = null! }.Body);
        Assert.Equal(empty, PayloadHash(SignableBody.Empty));
    }

    [Fact]
    public void Bytes_are_hashed_once_for_every_request_that_shares_them()
    {
        var engine = new CountingHashEngine();
        var signer = new SigV4Signer(new SigningKeyCache(), engine);
        var body = SignableBody.Bytes(Encoding.UTF8.GetBytes("{\"a\":1}"));
        var request = HttpRequestToSign.FromUri("POST", new Uri("https://" + Host + "/prod")).WithBody(body);

        signer.Sign(request, Keys(), ExecuteApi(), Time);
        signer.Sign(request.WithBody(body), Keys(), ExecuteApi(), Time);

        Assert.Equal(2, engine.Hmacs);
        Assert.Equal(3, engine.Sha256s); // the body once, the canonical request twice
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("{\"a\":1}"))), PayloadHash(body));
    }

    [Fact]
    public void A_precomputed_hash_and_UNSIGNED_PAYLOAD_are_signed_as_they_are()
    {
        var hash = new string('c', 64);
        Assert.Equal(hash, PayloadHash(SignableBody.Precomputed(hash)));
        Assert.Equal("UNSIGNED-PAYLOAD", PayloadHash(SignableBody.UnsignedPayload));
    }

    [Fact]
    public void What_is_signed_is_named_but_never_the_bytes()
    {
        Assert.Equal("7 bytes", SignableBody.Bytes(Encoding.UTF8.GetBytes("secret!")).ToString());
        Assert.Equal("0 bytes", SignableBody.Empty.ToString());
        Assert.Equal("a precomputed SHA-256", SignableBody.Precomputed(new string('c', 64)).ToString());
        Assert.Equal("UNSIGNED-PAYLOAD", SignableBody.UnsignedPayload.ToString());
    }

    [Fact]
    public void A_declared_UNSIGNED_PAYLOAD_header_must_match_the_body_signed()
    {
        var declared = new HttpRequestToSign("PUT", Host, "/prod", null, new[] { new KeyValuePair<string, string>("x-amz-content-sha256", "UNSIGNED-PAYLOAD") });

        Assert.Equal("UNSIGNED-PAYLOAD", Sign(declared.WithBody(SignableBody.UnsignedPayload)).CanonicalRequest.PayloadHash);
        var error = Assert.Throws<CrossAcctApiException>(() => Sign(declared.WithBody(SignableBody.Bytes(new byte[] { 1 }))));
        Assert.Equal("ConflictingPayloadHash", error.ErrorId);
    }
}
