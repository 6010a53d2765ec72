using CrossAcctApi.Core.Credentials;
using Xunit;

namespace CrossAcctApi.Core.Tests.Credentials;

public class AwsCredentialTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CredentialKeys Keys() => new(Secrets.AccessKeyId, Secrets.SecretAccessKey, Secrets.SessionToken);

    [Fact]
    public void Long_term_keys_never_expire_and_are_returned_as_given()
    {
        var keys = new CredentialKeys("AKIAIOSFODNN7EXAMPLE", Secrets.SecretAccessKey);
        var credential = new AwsCredential(keys, CredentialSource.Parameters, clock: new ManualClock(T0));

        Assert.Same(keys, credential.GetKeys(T0.AddYears(10)));
        Assert.Null(credential.Expiration);
        Assert.Null(credential.ExpiresIn);
        Assert.False(credential.IsExpired);
        Assert.False(credential.CanRefresh);
        Assert.False(credential.HasSessionToken);
    }

    [Fact]
    public void Expiration_is_kept_in_utc_whatever_kind_it_arrives_as()
    {
        var local = new DateTime(2025, 3, 1, 13, 0, 0, DateTimeKind.Local);
        var credential = new AwsCredential(Keys(), CredentialSource.Object, local);

        Assert.Equal(DateTimeKind.Utc, credential.Expiration!.Value.Kind);
        Assert.Equal(local.ToUniversalTime(), credential.Expiration.Value);

        var unspecified = new AwsCredential(Keys(), CredentialSource.Object, new DateTime(2025, 3, 1, 13, 0, 0, DateTimeKind.Unspecified));
        Assert.Equal(new DateTime(2025, 3, 1, 13, 0, 0, DateTimeKind.Utc), unspecified.Expiration);
    }

    [Fact]
    public void ExpiresIn_and_IsExpired_follow_the_clock()
    {
        var clock = new ManualClock(T0);
        var credential = new AwsCredential(Keys(), CredentialSource.Object, T0.UtcDateTime.AddMinutes(30), clock: clock);

        Assert.Equal(TimeSpan.FromMinutes(30), credential.ExpiresIn);
        Assert.False(credential.IsExpired);

        clock.UtcNow = T0.AddMinutes(31);
        Assert.Equal(TimeSpan.Zero, credential.ExpiresIn);
        Assert.True(credential.IsExpired);
    }

    [Fact]
    public void An_expired_credential_without_a_refresher_is_refused_with_an_authentication_error()
    {
        var credential = new AwsCredential(Keys(), CredentialSource.Object, T0.UtcDateTime);

        var error = Assert.Throws<CrossAcctApiException>(() => credential.GetKeys(T0.AddSeconds(1)));

        Assert.Equal(CredentialErrors.ExpiredCredential, error.ErrorId);
        Assert.Equal(FailureKind.AuthenticationError, error.Kind);
        Assert.Contains("2025-03-01T12:00:00Z", error.Message);
        Assert.Contains(Secrets.AccessKeyId, error.Message);
        Assert.DoesNotContain(Secrets.SecretAccessKey, error.Message + error.RecommendedAction + error.Target);
        Assert.DoesNotContain(Secrets.SessionToken, error.Message + error.RecommendedAction + error.Target);
    }

    [Fact]
    public async Task The_async_path_reports_expiry_through_the_task()
    {
        var credential = new AwsCredential(Keys(), CredentialSource.Object, T0.UtcDateTime);

        var task = credential.GetKeysAsync(T0.AddMinutes(1), CancellationToken.None);

        var error = await Assert.ThrowsAsync<CrossAcctApiException>(() => task);
        Assert.Equal(CredentialErrors.ExpiredCredential, error.ErrorId);
    }

    [Fact]
    public void Without_a_refresher_keys_inside_the_window_but_not_expired_are_still_used()
    {
        var credential = new AwsCredential(Keys(), CredentialSource.Object, T0.UtcDateTime.AddMinutes(2));

        Assert.Equal(Secrets.AccessKeyId, credential.GetKeys(T0).AccessKeyId);
    }

    [Fact]
    public void A_refreshable_credential_does_not_refresh_outside_the_window()
    {
        var refresher = new CountingRefresher(() => T0.UtcDateTime.AddHours(2));
        var credential = new AwsCredential(Keys(), CredentialSource.AssumeRole, T0.UtcDateTime.AddHours(1), refresher);

        credential.GetKeys(T0);
        credential.GetKeys(T0.AddMinutes(54).AddSeconds(59));

        Assert.Equal(0, refresher.Calls);
        Assert.True(credential.CanRefresh);
    }

    [Fact]
    public void A_refreshable_credential_refreshes_once_when_within_five_minutes_of_expiry()
    {
        var refresher = new CountingRefresher(() => T0.UtcDateTime.AddHours(2));
        var credential = new AwsCredential(Keys(), CredentialSource.AssumeRole, T0.UtcDateTime.AddHours(1), refresher);
        var insideWindow = T0.AddMinutes(55);

        var first = credential.GetKeys(insideWindow);
        var second = credential.GetKeys(insideWindow.AddSeconds(30));

        Assert.Equal(1, refresher.Calls);
        Assert.Equal("ASIAREFRESHED0001", first.AccessKeyId);
        Assert.Same(first, second);
        Assert.Equal("ASIAREFRESHED0001", credential.AccessKeyId);
        Assert.Equal(T0.UtcDateTime.AddHours(2), credential.Expiration);
    }

    [Fact]
    public void The_refresh_window_can_be_set()
    {
        var refresher = new CountingRefresher(() => T0.UtcDateTime.AddHours(2));
        var credential = new AwsCredential(Keys(), CredentialSource.AssumeRole, T0.UtcDateTime.AddHours(1), refresher, refreshWindow: TimeSpan.FromMinutes(15));

        credential.GetKeys(T0.AddMinutes(44));
        Assert.Equal(0, refresher.Calls);
        credential.GetKeys(T0.AddMinutes(45));
        Assert.Equal(1, refresher.Calls);
    }

    [Fact]
    public async Task Concurrent_callers_inside_the_window_share_one_refresh()
    {
        var refresher = new CountingRefresher(() => T0.UtcDateTime.AddHours(2)) { Gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously) };
        var credential = new AwsCredential(Keys(), CredentialSource.AssumeRole, T0.UtcDateTime.AddMinutes(3), refresher);

        // Half wait asynchronously, half block their own thread (as a PowerShell pipeline thread does).
        var callers = Enumerable.Range(0, 32)
            .Select(i => i % 2 == 0
                ? Task.Run(() => credential.GetKeysAsync(T0, CancellationToken.None))
                : Task.Factory.StartNew(() => credential.GetKeys(T0), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();

        // Let every caller reach the lock before the one refresh finishes.
        await Task.Delay(200);
        refresher.Gate.SetResult(true);
        var keys = await Task.WhenAll(callers);

        Assert.Equal(1, refresher.Calls);
        Assert.All(keys, k => Assert.Equal("ASIAREFRESHED0001", k.AccessKeyId));
    }

    [Fact]
    public async Task A_refresh_that_returns_expired_keys_is_an_expiry_error()
    {
        var refresher = new CountingRefresher(() => T0.UtcDateTime.AddMinutes(-1));
        var credential = new AwsCredential(Keys(), CredentialSource.AssumeRole, T0.UtcDateTime.AddMinutes(1), refresher);

        var error = await Assert.ThrowsAsync<CrossAcctApiException>(() => credential.GetKeysAsync(T0, CancellationToken.None));

        Assert.Equal(CredentialErrors.ExpiredCredential, error.ErrorId);
        Assert.Equal(Secrets.AccessKeyId, credential.AccessKeyId);
    }

    [Fact]
    public void A_refresher_error_of_the_module_passes_through_unchanged()
    {
        var denied = new CrossAcctApiException("NotAuthorized", FailureKind.PermissionDenied, "no");
        var refresher = new CountingRefresher(() => null) { Failure = denied };
        var credential = new AwsCredential(Keys(), CredentialSource.AssumeRole, T0.UtcDateTime.AddMinutes(1), refresher);

        var error = Assert.Throws<CrossAcctApiException>(() => credential.GetKeys(T0));

        Assert.Same(denied, error);
    }

    [Fact]
    public void A_foreign_refresher_error_is_wrapped_without_its_message()
    {
        var refresher = new CountingRefresher(() => null) { Failure = new InvalidOperationException("leaky " + Secrets.SecretAccessKey) };
        var credential = new AwsCredential(Keys(), CredentialSource.AssumeRole, T0.UtcDateTime.AddMinutes(1), refresher);

        var error = Assert.Throws<CrossAcctApiException>(() => credential.GetKeys(T0));

        Assert.Equal(CredentialErrors.CredentialRefreshFailed, error.ErrorId);
        Assert.Equal(FailureKind.AuthenticationError, error.Kind);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.DoesNotContain(Secrets.SecretAccessKey, error.Message);
    }

    [Fact]
    public void After_a_failed_refresh_the_next_caller_tries_again()
    {
        var refresher = new CountingRefresher(() => T0.UtcDateTime.AddHours(1)) { Failure = new TimeoutException() };
        var credential = new AwsCredential(Keys(), CredentialSource.AssumeRole, T0.UtcDateTime.AddMinutes(1), refresher);

        Assert.Throws<CrossAcctApiException>(() => credential.GetKeys(T0));
        refresher.Failure = null;
        var keys = credential.GetKeys(T0);

        Assert.Equal(2, refresher.Calls);
        Assert.Equal("ASIAREFRESHED0002", keys.AccessKeyId);
    }

    [Fact]
    public async Task Cancellation_while_waiting_for_the_refresh_lock_is_honoured()
    {
        var refresher = new CountingRefresher(() => T0.UtcDateTime.AddHours(1)) { Gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously) };
        var credential = new AwsCredential(Keys(), CredentialSource.AssumeRole, T0.UtcDateTime.AddMinutes(1), refresher);
        var holder = credential.GetKeysAsync(T0, CancellationToken.None);
        using var cancel = new CancellationTokenSource(100);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => credential.GetKeysAsync(T0, cancel.Token));

        refresher.Gate.SetResult(true);
        await holder;
        Assert.Equal(1, refresher.Calls);
    }

    [Fact]
    public void ToString_names_the_key_role_and_expiry_but_no_secret()
    {
        var credential = new AwsCredential(
            Keys(),
            CredentialSource.AssumeRole,
            T0.UtcDateTime.AddHours(1),
            clock: new ManualClock(T0),
            identity: new CredentialIdentity(assumedRoleArn: "arn:aws:sts::111122223333:assumed-role/CrossAccountInvoker/ops-session"));

        var text = credential.ToString();

        Assert.Equal(Secrets.AccessKeyId + " as arn:aws:sts::111122223333:assumed-role/CrossAccountInvoker/ops-session, expires 2025-03-01T13:00:00Z (AssumeRole)", text);
        Assert.DoesNotContain(Secrets.SecretAccessKey, text);
        Assert.DoesNotContain(Secrets.SessionToken, text);
    }

    [Fact]
    public void The_assumed_role_arn_supplies_account_and_session_when_not_given()
    {
        var identity = new CredentialIdentity(assumedRoleArn: "arn:aws-cn:sts::444455556666:assumed-role/Reader/nightly");

        Assert.Equal("444455556666", identity.AccountId);
        Assert.Equal("nightly", identity.SessionName);
        Assert.Null(identity.RoleArn);

        var explicitValues = new CredentialIdentity(assumedRoleArn: "arn:aws:sts::444455556666:assumed-role/Reader/nightly", sessionName: "given", accountId: "777788889999");
        Assert.Equal("given", explicitValues.SessionName);
        Assert.Equal("777788889999", explicitValues.AccountId);
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:role/Reader")]
    [InlineData("arn:aws:sts::11112222333:assumed-role/Reader/s")]
    [InlineData("arn:aws:sts::111122223333:assumed-role/Reader")]
    [InlineData("not an arn")]
    public void Other_arns_do_not_pretend_to_be_assumed_roles(string arn)
    {
        var identity = new CredentialIdentity(assumedRoleArn: arn);

        Assert.Null(identity.AccountId);
        Assert.Null(identity.SessionName);
    }

    [Fact]
    public void No_public_member_exposes_the_secret_or_the_token()
    {
        var credential = new AwsCredential(Keys(), CredentialSource.Object, T0.UtcDateTime.AddHours(1), clock: new ManualClock(T0));

        foreach (var property in typeof(AwsCredential).GetProperties())
        {
            var value = Convert.ToString(property.GetValue(credential), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            Assert.DoesNotContain(Secrets.SecretAccessKey, value);
            Assert.DoesNotContain(Secrets.SessionToken, value);
        }

        Assert.DoesNotContain(typeof(CredentialKeys).GetProperties(), p => p.Name is "SecretAccessKey" or "SessionToken");
    }
}
