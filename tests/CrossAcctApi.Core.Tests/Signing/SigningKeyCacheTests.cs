using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Signing;
using Xunit;
using static CrossAcctApi.Core.Tests.Signing.SigningTestData;

namespace CrossAcctApi.Core.Tests.Signing;

public sealed class SigningKeyCacheTests
{
    private static SigningKey KeyFor(SigningKeyCache cache, CredentialKeys keys, DateTimeOffset time, string region = "us-east-1", string service = "execute-api") =>
        cache.Get(keys, AmzDate.For(time), region, service);

    [Fact]
    public void The_derived_key_matches_the_AWS_documentation_example()
    {
        // "Derive a signing key" example: 20120215, us-east-1, iam.
        var key = KeyFor(new SigningKeyCache(), new CredentialKeys("AKIDEXAMPLE", Secret), new DateTimeOffset(2012, 2, 15, 0, 0, 0, TimeSpan.Zero), "us-east-1", "iam");
        Assert.Equal("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d", Convert.ToHexStringLower(key.CopyKeyForTests()));
    }

    [Fact]
    public void The_same_key_is_reused_for_the_same_day_region_and_service()
    {
        var cache = new SigningKeyCache();
        var first = KeyFor(cache, Keys(), Time);
        Assert.Same(first, KeyFor(cache, Keys(), Time.AddHours(10)));         // same UTC day, new CredentialKeys object
        Assert.Same(first, KeyFor(cache, Keys(withToken: false), Time));     // the token is not part of the key
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void A_new_day_region_service_key_id_or_secret_derives_a_new_key()
    {
        var cache = new SigningKeyCache();
        var first = KeyFor(cache, Keys(), Time);
        var nextDay = KeyFor(cache, Keys(), Time.AddDays(1));
        Assert.NotSame(first, nextDay);
        Assert.NotEqual(first.CopyKeyForTests(), nextDay.CopyKeyForTests());
        Assert.NotSame(first, KeyFor(cache, Keys(), Time, region: "eu-west-1"));
        Assert.NotSame(first, KeyFor(cache, Keys(), Time, service: "lambda"));
        Assert.NotSame(first, KeyFor(cache, new CredentialKeys("AKIDOTHER", Secret), Time));
        Assert.Equal(5, cache.Count);

        // Same key id with a corrected secret: never the stale key.
        var corrected = KeyFor(cache, new CredentialKeys(AccessKeyId, "another-secret"), Time);
        Assert.NotEqual(first.CopyKeyForTests(), corrected.CopyKeyForTests());
        Assert.Equal(5, cache.Count);
        Assert.Same(corrected, KeyFor(cache, new CredentialKeys(AccessKeyId, "another-secret"), Time));
    }

    [Fact]
    public void The_cache_is_bounded()
    {
        var cache = new SigningKeyCache(capacity: 3);
        for (var day = 0; day < 10; day++)
        {
            KeyFor(cache, Keys(), Time.AddDays(day));
        }

        Assert.Equal(3, cache.Count);
        cache.Clear();
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Concurrent_signing_with_a_shared_cache_gives_the_same_signatures()
    {
        var cache = new SigningKeyCache(capacity: 4);
        var shared = new SigV4Signer(cache);
        var days = Enumerable.Range(0, 6).Select(d => Time.AddDays(d)).ToArray();
        var expected = days.Select(t => new SigV4Signer(new SigningKeyCache()).Sign(Get(), Keys(), ExecuteApi(), t).Authorization).ToArray();
        var failures = 0;

        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var day = i % days.Length;
            if (shared.Sign(Get(), Keys(), ExecuteApi(), days[day]).Authorization != expected[day])
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
        Assert.True(cache.Count <= 4);
    }

    [Fact]
    public void The_default_constructor_uses_the_shared_cache()
    {
        var keys = new CredentialKeys("AKIDSHAREDCACHE" + Guid.NewGuid().ToString("N").Substring(0, 8).ToUpperInvariant(), Secret);
        new SigV4Signer().Sign(Get(), keys, ExecuteApi(), Time);
        Assert.Same(SigningKeyCache.Shared.Get(keys, AmzDate.For(Time), "us-east-1", "execute-api"), SigningKeyCache.Shared.Get(keys, AmzDate.For(Time), "us-east-1", "execute-api"));
        Assert.True(SigningKeyCache.Shared.Count >= 1);
    }
}
