using System.Globalization;
using System.Net;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Http;
using Xunit;

namespace CrossAcctApi.Core.Tests.Http;

public class RefreshTests
{
    private const string Expired = "The security token included in the request is expired";

    [Fact]
    public async Task A_403_ExpiredToken_refreshes_once_and_sends_again_with_the_new_keys()
    {
        var fixture = new PipelineFixture();
        var refresher = new NumberedRefresher(() => fixture.Clock.UtcNow.UtcDateTime.AddHours(1));
        var credential = fixture.Credential(refresher: refresher);
        fixture.Handler.Then(HttpStatusCode.Forbidden, Responses.Json(Expired), "ExpiredTokenException").Then(HttpStatusCode.OK, "{}");

        var response = await fixture.SendAsync(PipelineFixture.Get(), credential);

        Assert.Equal(200, response.StatusCode);
        Assert.True(response.CredentialRefreshed);
        Assert.Equal(1, refresher.Calls);
        Assert.Equal(PipelineFixture.AccessKeyId, fixture.Handler.Received[0].AccessKeyId);
        Assert.Equal("ASIAREFRESHEDKEY0001", fixture.Handler.Received[1].AccessKeyId);
        Assert.Equal("ASIAREFRESHEDKEY0001", credential.AccessKeyId);
        Assert.Empty(fixture.Delay.Waits);
    }

    [Fact]
    public async Task A_second_ExpiredToken_after_the_refresh_is_reported_not_refreshed_again()
    {
        var fixture = new PipelineFixture();
        var refresher = new NumberedRefresher(() => fixture.Clock.UtcNow.UtcDateTime.AddHours(1));
        fixture.Handler.Then(HttpStatusCode.Forbidden, Responses.Json(Expired), "ExpiredTokenException");

        var response = await fixture.SendAsync(PipelineFixture.Get(), fixture.Credential(refresher: refresher));

        Assert.Equal(2, fixture.Handler.Count);
        Assert.Equal(1, refresher.Calls);
        var error = response.ToException();
        Assert.Equal(ApiErrorIds.ExpiredToken, error.ErrorId);
        Assert.Contains("refreshed once", error.Message);
    }

    [Fact]
    public async Task A_credential_that_cannot_refresh_gets_ExpiredToken_with_what_to_do()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.Forbidden, Responses.Json(Expired), "ExpiredTokenException");

        var response = await fixture.SendAsync(PipelineFixture.Get());

        Assert.Equal(1, fixture.Handler.Count);
        var error = response.ToException();
        Assert.Equal(ApiErrorIds.ExpiredToken, error.ErrorId);
        Assert.Equal(Core.FailureKind.AuthenticationError, error.Kind);
        Assert.Contains("cannot refresh itself", error.Message);
        Assert.Contains("Get-AssumedRoleCredential", error.RecommendedAction);
    }

    [Fact]
    public async Task A_credential_near_expiry_is_refreshed_before_signing()
    {
        var fixture = new PipelineFixture();
        var refresher = new NumberedRefresher(() => fixture.Clock.UtcNow.UtcDateTime.AddHours(1));
        var credential = fixture.Credential(PipelineFixture.T0.UtcDateTime.AddMinutes(2), refresher);
        fixture.Handler.Then(HttpStatusCode.OK, "{}");

        await fixture.SendAsync(PipelineFixture.Get(), credential);

        Assert.Equal(1, refresher.Calls);
        Assert.Equal(1, fixture.Handler.Count);
        Assert.Equal("ASIAREFRESHEDKEY0001", fixture.Handler.Received[0].AccessKeyId);
    }

    [Fact]
    public async Task An_expired_credential_that_cannot_refresh_sends_nothing()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.OK, "{}");
        var credential = fixture.Credential(PipelineFixture.T0.UtcDateTime.AddMinutes(-1));

        var error = await Assert.ThrowsAsync<CrossAcctApiException>(() => fixture.SendAsync(PipelineFixture.Get(), credential));

        Assert.Equal(CredentialErrors.ExpiredCredential, error.ErrorId);
        Assert.Equal(0, fixture.Handler.Count);
    }

    [Fact]
    public async Task Concurrent_calls_refused_for_the_same_token_share_one_refresh()
    {
        var fixture = new PipelineFixture();
        var refresher = new NumberedRefresher(() => fixture.Clock.UtcNow.UtcDateTime.AddHours(1));
        var credential = fixture.Credential(refresher: refresher);
        fixture.Handler.Then(r => r.AccessKeyId == PipelineFixture.AccessKeyId
            ? Responses.Make(HttpStatusCode.Forbidden, Responses.Json(Expired), "ExpiredTokenException")
            : Responses.Make(HttpStatusCode.OK, "{}"));

        var calls = Enumerable.Range(0, 12).Select(_ => Task.Run(() => fixture.SendAsync(PipelineFixture.Get(), credential))).ToArray();
        var responses = await Task.WhenAll(calls);

        Assert.All(responses, r => Assert.Equal(200, r.StatusCode));
        Assert.Equal(1, refresher.Calls);
    }
}

public class ClockSkewTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>A server whose clock is <paramref name="offset"/> from the fake clock, refusing signatures outside its window as AWS does.</summary>
    private static HttpResponseMessage SkewedServer(ReceivedRequest request, FakeClock clock, TimeSpan offset, bool sendDate = true)
    {
        var serverNow = clock.UtcNow + offset;
        var signed = request.AmzDate;
        string? message = null;
        if (signed < serverNow - Window)
        {
            message = $"Signature expired: {Iso(signed)} is now earlier than {Iso(serverNow - Window)} ({Iso(serverNow)} - 5 min.)";
        }
        else if (signed > serverNow + Window)
        {
            message = $"Signature not yet current: {Iso(signed)} is still later than {Iso(serverNow + Window)} ({Iso(serverNow)} + 5 min.)";
        }

        var response = message is null
            ? Responses.Make(HttpStatusCode.OK, "{}")
            : Responses.Make(HttpStatusCode.Forbidden, Responses.Json(message), "InvalidSignatureException");
        if (sendDate)
        {
            response.Headers.Date = serverNow;
        }

        return response;
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(10)]
    [InlineData(-10)]
    public async Task A_server_clock_ten_minutes_off_is_corrected_from_the_Date_header_and_signed_again(int minutes)
    {
        var fixture = new PipelineFixture();
        var offset = TimeSpan.FromMinutes(minutes);
        fixture.Handler.Then(r => SkewedServer(r, fixture.Clock, offset));

        var response = await fixture.SendAsync(PipelineFixture.Get());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, fixture.Handler.Count);
        Assert.Equal(PipelineFixture.T0 + offset, fixture.Handler.Received[1].AmzDate);
        Assert.Equal(offset, response.ClockOffset);
        Assert.Equal(offset, fixture.Skew.OffsetFor(new Uri("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/")));
    }

    [Fact]
    public async Task The_offset_is_kept_so_the_next_call_to_the_host_is_right_the_first_time()
    {
        var fixture = new PipelineFixture();
        var offset = TimeSpan.FromMinutes(10);
        fixture.Handler.Then(r => SkewedServer(r, fixture.Clock, offset));
        await fixture.SendAsync(PipelineFixture.Get());

        var second = await fixture.SendAsync(PipelineFixture.Get("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items/2"));

        Assert.Equal(1, second.Attempts);
        Assert.Equal(3, fixture.Handler.Count);
    }

    [Fact]
    public async Task Without_a_Date_header_the_server_time_in_the_message_is_used()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(r => SkewedServer(r, fixture.Clock, TimeSpan.FromMinutes(20), sendDate: false));

        var response = await fixture.SendAsync(PipelineFixture.Get());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(PipelineFixture.T0.AddMinutes(20), fixture.Handler.Received[1].AmzDate);
    }

    [Fact]
    public async Task A_refusal_after_the_correction_is_SignatureExpired_with_advice_about_the_clock()
    {
        var fixture = new PipelineFixture();
        var message = "Signature expired: 20250601T120000Z is now earlier than 20250601T121500Z (20250601T122000Z - 5 min.)";
        fixture.Handler.Then(HttpStatusCode.Forbidden, Responses.Json(message), "InvalidSignatureException", r => r.Headers.Date = PipelineFixture.T0.AddMinutes(20));

        var response = await fixture.SendAsync(PipelineFixture.Get());

        Assert.Equal(2, fixture.Handler.Count);
        var error = response.ToException();
        Assert.Equal(ApiErrorIds.SignatureExpired, error.ErrorId);
        Assert.Contains("signed again with the server's time", error.Message);
        Assert.Contains("NTP", error.RecommendedAction);
    }

    [Fact]
    public async Task A_skew_refusal_without_any_server_time_is_reported_at_once()
    {
        var fixture = new PipelineFixture();
        fixture.Handler.Then(HttpStatusCode.Forbidden, Responses.Json("Signature expired"), "InvalidSignatureException");

        var response = await fixture.SendAsync(PipelineFixture.Get());

        Assert.Equal(1, fixture.Handler.Count);
        Assert.Equal(ApiErrorIds.SignatureExpired, response.ToException().ErrorId);
        Assert.Contains("no Date header", response.ToException().Message);
    }

    [Fact]
    public void ServerTime_prefers_the_Date_header_and_reads_both_message_forms()
    {
        var date = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        Assert.Equal(date, ClockSkewTracker.ServerTime(date, "Signature expired: x (20300101T000000Z - 5 min.)"));
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), ClockSkewTracker.ServerTime(null, "Signature expired: 20291231T000000Z is now earlier than 20291231T235500Z (20300101T000000Z - 5 min.)"));
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), ClockSkewTracker.ServerTime(null, "Signature not yet current: 20300102T000000Z is still later than 20300101T000500Z (20300101T000000Z + 5 min.)"));
        Assert.Null(ClockSkewTracker.ServerTime(null, "Signature expired"));
    }
}

/// <summary>An offset that no longer holds heals with the next answer, and never makes good keys look expired.</summary>
public class ClockSkewHealingTests
{
    private static readonly Uri Host = new("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/");

    [Fact]
    public async Task A_stale_offset_of_a_day_neither_blocks_the_call_nor_survives_the_answer()
    {
        var fixture = new PipelineFixture();
        fixture.Skew.Record(Host, TimeSpan.FromDays(1));

        // A session that ends in 30 minutes by our clock (and a day ago by the stale offset), which cannot renew itself.
        var credential = new AwsCredential(new CredentialKeys("ASIASTALEOFFSET00001", "Secret/000000000000000000000000000000000", "token"), CredentialSource.Object, (PipelineFixture.T0 + TimeSpan.FromMinutes(30)).UtcDateTime);
        fixture.Handler.Then(r =>
        {
            // The server's clock is right: the first attempt, signed a day ahead, is refused as not yet current.
            var ok = Math.Abs((r.AmzDate - fixture.Clock.UtcNow).TotalMinutes) < 5;
            var response = ok
                ? Responses.Make(System.Net.HttpStatusCode.OK, "{}")
                : Responses.Make(System.Net.HttpStatusCode.Forbidden, Responses.Json("Signature not yet current: " + r.AmzDate.ToString("yyyyMMdd'T'HHmmss'Z'") + " is still later than x (y + 5 min.)"), "InvalidSignatureException");
            response.Headers.Date = fixture.Clock.UtcNow;
            return response;
        });

        var answer = await fixture.SendAsync(PipelineFixture.Get(), credential);

        Assert.Equal(200, answer.StatusCode);
        Assert.Equal(TimeSpan.Zero, fixture.Skew.OffsetFor(Host));
        var next = await fixture.SendAsync(PipelineFixture.Get(), credential);
        Assert.Equal(1, next.Attempts);
    }

    [Fact]
    public void Every_answer_measures_the_offset_again_and_small_differences_are_none()
    {
        var clock = new FakeClock(PipelineFixture.T0);
        var skew = new ClockSkewTracker(clock);

        skew.Observe(Host, clock.UtcNow + TimeSpan.FromMinutes(7));
        Assert.Equal(TimeSpan.FromMinutes(7), skew.OffsetFor(Host));

        skew.Observe(Host, clock.UtcNow + TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.Zero, skew.OffsetFor(Host));

        skew.Observe(Host, null);
        Assert.Equal(TimeSpan.Zero, skew.OffsetFor(Host));
    }

    [Fact]
    public void An_offset_not_measured_again_decays()
    {
        var clock = new FakeClock(PipelineFixture.T0);
        var skew = new ClockSkewTracker(clock);
        skew.Record(Host, TimeSpan.FromHours(3));

        clock.Advance(ClockSkewTracker.MaxAge - TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromHours(3), skew.OffsetFor(Host));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.Zero, skew.OffsetFor(Host));
    }
}
