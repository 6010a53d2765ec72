using System.Security.Cryptography;
using CrossAcctApi.Core.Signing;
using Xunit;
using static CrossAcctApi.Core.Tests.Signing.SigningTestData;

namespace CrossAcctApi.Core.Tests.Signing;

public sealed class HotPathTests
{
    [Fact]
    public void The_span_hash_engine_is_bound_on_this_runtime() =>
        Assert.StartsWith("span", HashEngine.Default.Name);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(1000)]
    public void Both_hash_engines_compute_SHA256_and_HMAC(int length)
    {
        var data = new byte[length + 7];
        new Random(length).NextBytes(data);
        var cache = new SigningKeyCache();
        var key = cache.Get(Keys(), AmzDate.For(Time), "us-east-1", "execute-api");
        var expectedHash = SHA256.HashData(data.AsSpan(3, length));
        var expectedMac = HMACSHA256.HashData(key.CopyKeyForTests(), data.AsSpan(3, length));

        foreach (var engine in new[] { HashEngine.Default, HashEngine.ArrayBased })
        {
            var hash = new byte[32];
            engine.Sha256(data, 3, length, hash);
            Assert.Equal(expectedHash, hash);

            var mac = new byte[32];
            engine.HmacSha256(key, data, 3, length, mac);
            Assert.Equal(expectedMac, mac);
        }
    }

    [Fact]
    public void Signing_allocates_at_most_512_bytes_for_a_GET_with_session_token()
    {
        var signer = new SigV4Signer(new SigningKeyCache());
        var request = HttpRequestToSign.FromUri("GET", new Uri("https://" + Host + "/prod/items/42"));
        var keys = Keys();
        var settings = ExecuteApi();
        for (var i = 0; i < 50; i++)
        {
            signer.Sign(request, keys, settings, Time);
        }

        const int calls = 200;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            signer.Sign(request, keys, settings, Time);
        }

        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)calls;
        Assert.True(perCall <= 512, $"Sign allocated {perCall:F0} B per call");
    }

    [Fact]
    public void Explained_and_unexplained_passes_agree_for_many_shapes()
    {
        var signer = new SigV4Signer(new SigningKeyCache());
        var requests = new[]
        {
            Get(),
            Get("/", "b=2&a=1&a"),
            Get("/prod/a%20b/../c", null, ("Accept", "a"), ("accept", "b"), ("User-Agent", "ua"), ("X-Long", new string('x', 5000))),
            new HttpRequestToSign("POST", Host, "/prod", new string('q', 3000) + "=1&" + string.Join("&", Enumerable.Range(0, 40).Select(i => $"k{40 - i}={i}"))) { Body = SignableBody.Bytes(new byte[100_000]) },
        };

        foreach (var request in requests.Concat(requests.Select(r => r.WithBody(SignableBody.UnsignedPayload))))
        {
            foreach (var settings in new[] { ExecuteApi(), new SigningSettings("eu-west-1", "s3") { PayloadHashHeader = true } })
            {
                var fast = signer.Sign(request, Keys(), settings, Time);
                var full = signer.SignRequest(request, Keys(), settings, Time);
                Assert.Equal(full.Header("Authorization"), fast.Authorization);
                Assert.Equal(full.Header("X-Amz-Date"), fast.AmzDate);
            }
        }
    }
}
