using System.Runtime.InteropServices;
using CrossAcctApi.Core;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi.Sts.Tests;

public sealed class CacheAndRefreshTests : IDisposable
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 11, 10, 0, 0, TimeSpan.Zero));
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sts-cache-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Cache_key_ignores_the_token_code_but_not_the_secret_or_parameters()
    {
        var endpoint = Samples.Endpoint();
        var serial = "arn:aws:iam::222222222222:mfa/ops";
        var a = AssumedRoleCacheKey.Create(Samples.Caller, Samples.Request(serial: serial, token: "111111"), endpoint);
        var b = AssumedRoleCacheKey.Create(Samples.Caller, Samples.Request(serial: serial, token: "222222"), endpoint);
        Assert.Equal(a, b);
        Assert.Matches("^[0-9a-f]{64}$", a.Hash);

        var otherSecret = new CredentialKeys(Samples.Caller.AccessKeyId, "AnotherSecretForTheSameKeyId/0000000000");
        Assert.NotEqual(a, AssumedRoleCacheKey.Create(otherSecret, Samples.Request(serial: serial), endpoint));
        Assert.NotEqual(a, AssumedRoleCacheKey.Create(Samples.Caller, Samples.Request(serial: serial, duration: 900), endpoint));
        Assert.NotEqual(a, AssumedRoleCacheKey.Create(Samples.Caller, Samples.Request(serial: serial), Samples.Endpoint("http://127.0.0.1:2/")));
        Assert.DoesNotContain(Samples.Caller.SecretAccessKey, a.Canonical);
    }

    [Fact]
    public async Task Concurrent_misses_share_one_sts_call()
    {
        var assumer = new CountingRoleAssumer(_clock) { Latency = TimeSpan.FromMilliseconds(100) };
        var sessions = new AssumedRoleSessions(assumer, new AssumedRoleCache(_clock));
        var request = Samples.Request();
        var key = AssumedRoleCacheKey.Create(Samples.Caller, request, Samples.Endpoint());
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => sessions.AssumeAsync(key, request, Samples.Caller, Samples.Endpoint(), null, CancellationToken.None))));
        Assert.Equal(1, assumer.Calls);
        Assert.Single(results.Select(r => r.Keys.AccessKeyId).Distinct());
    }

    [Fact]
    public void Cache_serves_until_five_minutes_before_expiry()
    {
        var cache = new AssumedRoleCache(_clock);
        var key = AssumedRoleCacheKey.Create(Samples.Caller, Samples.Request(), Samples.Endpoint());
        var result = new AssumeRoleResult(new CredentialKeys("ASIAONE", "secret-one-0123456789", "token"), _clock.UtcNow.UtcDateTime.AddHours(1), "arn", "id");
        cache.Set(key, result);
        _clock.UtcNow = _clock.UtcNow.AddMinutes(54);
        Assert.True(cache.TryGet(key, null, out _));
        Assert.False(cache.TryGet(key, "ASIAONE", out _));
        _clock.UtcNow = _clock.UtcNow.AddMinutes(1).AddSeconds(1);
        Assert.False(cache.TryGet(key, null, out _));
    }

    [Fact]
    public void Disk_cache_round_trips_owner_only_and_ignores_corrupt_files()
    {
        var disk = new AssumedRoleDiskCache(_directory, _clock);
        var key = AssumedRoleCacheKey.Create(Samples.Caller, Samples.Request(), Samples.Endpoint());
        var result = new AssumeRoleResult(new CredentialKeys("ASIADISK", "disk-secret-0123456789", "disk-token"), _clock.UtcNow.UtcDateTime.AddHours(1), "arn:aws:sts::1:assumed-role/R/s", "AROA:s", "me");
        Assert.True(disk.Write(key, result));
        string path = disk.PathFor(key);
        Assert.Equal(key.Hash + ".json", Path.GetFileName(path));
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory));
        }

        Assert.True(new AssumedRoleDiskCache(_directory, _clock).TryRead(key, null, out var read));
        Assert.Equal("ASIADISK", read.Keys.AccessKeyId);
        Assert.Equal("disk-secret-0123456789", read.Keys.SecretAccessKey);
        Assert.Equal(result.Expiration, read.Expiration);
        Assert.Equal("me", read.SourceIdentity);

        File.WriteAllText(path, "{ half written");
        Assert.False(disk.TryRead(key, null, out _));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Disk_cache_drops_stale_sessions()
    {
        var disk = new AssumedRoleDiskCache(_directory, _clock);
        var key = AssumedRoleCacheKey.Create(Samples.Caller, Samples.Request(), Samples.Endpoint());
        disk.Write(key, new AssumeRoleResult(new CredentialKeys("ASIASTALE", "stale-secret-0123456789", "t"), _clock.UtcNow.UtcDateTime.AddMinutes(4), "arn", "id"));
        Assert.False(disk.TryRead(key, null, out _));
        Assert.False(File.Exists(disk.PathFor(key)));
    }

    [Fact]
    public async Task Refresher_calls_sts_again_and_never_returns_the_session_it_replaces()
    {
        var assumer = new CountingRoleAssumer(_clock);
        var sessions = new AssumedRoleSessions(assumer, new AssumedRoleCache(_clock));
        var request = Samples.Request();
        var endpoint = Samples.Endpoint();
        var key = AssumedRoleCacheKey.Create(Samples.Caller, request, endpoint);
        var first = await sessions.AssumeAsync(key, request, Samples.Caller, endpoint, null, CancellationToken.None);
        var refresher = new AssumedRoleRefresher(sessions, request, endpoint, _ => Task.FromResult(Samples.Caller), useCache: true, first.Keys.AccessKeyId);

        // The cached session is still fresh, but it is the one being replaced (the server may have ended it).
        var renewed = await refresher.RefreshAsync(CancellationToken.None);
        Assert.NotEqual(first.Keys.AccessKeyId, renewed.Keys.AccessKeyId);
        Assert.Equal(2, assumer.Calls);

        // A second credential for the same session finds the renewed one in the cache.
        var other = new AssumedRoleRefresher(sessions, request, endpoint, _ => Task.FromResult(Samples.Caller), useCache: true, first.Keys.AccessKeyId);
        Assert.Equal(renewed.Keys.AccessKeyId, (await other.RefreshAsync(CancellationToken.None)).Keys.AccessKeyId);
        Assert.Equal(2, assumer.Calls);
    }

    [Fact]
    public async Task Refresher_of_an_mfa_session_does_not_call_sts_without_a_code()
    {
        var assumer = new CountingRoleAssumer(_clock);
        var sessions = new AssumedRoleSessions(assumer, new AssumedRoleCache(_clock));
        var request = Samples.Request(serial: "arn:aws:iam::222222222222:mfa/ops", token: "123456");
        var refresher = new AssumedRoleRefresher(sessions, request, Samples.Endpoint(), _ => Task.FromResult(Samples.Caller), useCache: true, "ASIAOLD");
        var error = await Assert.ThrowsAsync<CrossAcctApiException>(() => refresher.RefreshAsync(CancellationToken.None));
        Assert.Equal(StsErrorIds.MfaRefreshRequired, error.ErrorId);
        Assert.Equal(0, assumer.Calls);
    }

    [Fact]
    public async Task Credential_built_for_a_session_refreshes_in_its_window()
    {
        var assumer = new CountingRoleAssumer(_clock);
        var sessions = new AssumedRoleSessions(assumer, new AssumedRoleCache(_clock));
        var request = Samples.Request();
        var endpoint = Samples.Endpoint();
        var key = AssumedRoleCacheKey.Create(Samples.Caller, request, endpoint);
        var result = await sessions.AssumeAsync(key, request, Samples.Caller, endpoint, null, CancellationToken.None);
        var refresher = new AssumedRoleRefresher(sessions, request, endpoint, _ => Task.FromResult(Samples.Caller), true, result.Keys.AccessKeyId);
        var credential = AssumedRoleSessions.CreateCredential(result, request, "us-east-1", "test keys", refresher, _clock);

        Assert.Equal("111111111111", credential.AccountId);
        Assert.Equal(Samples.Role, credential.RoleArn);
        Assert.Equal(result.Keys.AccessKeyId, credential.GetKeys(_clock.UtcNow.AddMinutes(54)).AccessKeyId);
        Assert.NotEqual(result.Keys.AccessKeyId, credential.GetKeys(_clock.UtcNow.AddMinutes(56)).AccessKeyId);
        Assert.Equal(2, assumer.Calls);
    }
}
