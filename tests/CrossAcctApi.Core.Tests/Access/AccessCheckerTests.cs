using System.Net;
using CrossAcctApi.Core.Access;
using CrossAcctApi.Core.Credentials;
using CrossAcctApi.Core.Http;
using CrossAcctApi.Core.Tests.Http;
using Xunit;

namespace CrossAcctApi.Core.Tests.Access;

/// <summary>
/// The engine: one AssumeRole per role, concurrency within the throttle, input order, retries and renewal, STS
/// refusals, cancellation and secrets. The verdict of each answer is in <see cref="AccessCheckerVerdictTests"/>.
/// </summary>
public class AccessCheckerTests
{
    [Fact]
    public async Task Two_hundred_targets_across_three_roles_make_three_AssumeRole_calls_and_keep_input_order()
    {
        var fixture = new AccessFixture();
        var random = new Random(42);
        fixture.Handler.Then(async (request, token) =>
        {
            // Answers finish out of order on purpose.
            await Task.Delay(random.Next(0, 4), token);
            return AccessFixture.SeedAnswer(request);
        });
        var roles = new[] { AccessFixture.Invoker, AccessFixture.Auditor, AccessFixture.Operator };
        var targets = Enumerable.Range(0, 200).Select(i => fixture.Target(roles[i % 3], "/prod/items/" + i)).ToList();

        Assert.Equal(3, CrossAccountAccessChecker.CountRoles(targets));
        var results = await fixture.RunAsync(targets, throttle: 8);

        Assert.Equal(3, fixture.Sts.Total);
        Assert.All(roles, r => Assert.Equal(1, fixture.Sts.CallsFor(r)));
        Assert.Equal(200, fixture.Handler.Count);
        for (var i = 0; i < 200; i++)
        {
            Assert.EndsWith("/prod/items/" + i, results[i].Uri.AbsolutePath);
            Assert.Equal(roles[i % 3], results[i].RoleArn);
            Assert.True(results[i].Passed, results[i].Message);
        }
    }

    [Fact]
    public async Task No_more_than_the_throttle_limit_run_at_once()
    {
        var fixture = new AccessFixture();
        var inFlight = 0;
        var most = 0;
        fixture.Handler.Then(async (request, token) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            await Task.Delay(5, token);
            Interlocked.Decrement(ref inFlight);
            return AccessFixture.SeedAnswer(request);
        });
        var targets = Enumerable.Range(0, 30).Select(i => fixture.Target(AccessFixture.Invoker, "/prod/items/" + i)).ToList();

        await fixture.RunAsync(targets, throttle: 3);

        Assert.InRange(most, 1, 3);
    }

    [Fact]
    public async Task A_second_run_reuses_the_cached_session()
    {
        var fixture = new AccessFixture();
        fixture.Handler.Then(AccessFixture.SeedAnswer);
        await fixture.RunAsync(new[] { fixture.Target(AccessFixture.Invoker, "/prod/items") });
        var again = new AccessFixture(cache: fixture.Cache);
        again.Handler.Then(AccessFixture.SeedAnswer);

        // The same cache, another checker and another STS: the session is found, and STS is not asked.
        var second = new CrossAccountAccessChecker(
            AccessFixture.Sessions(fixture.Sts, fixture.Cache, fixture.Pipeline.Clock),
            fixture.Pipeline.Client, new HttpClient(fixture.Handler), fixture.Options);
        var results = await Task.WhenAll(second.Start(new[] { fixture.Target(AccessFixture.Invoker, "/prod/items/1") }, 2, default).Results);

        Assert.True(results[0].Passed);
        Assert.Equal(1, fixture.Sts.Total);
    }

    [Fact]
    public async Task Throttling_is_retried_by_the_pipeline_before_it_is_reported()
    {
        var fixture = new AccessFixture(retries: 2);
        fixture.Handler.Then(HttpStatusCode.TooManyRequests, "{\"message\":\"Too Many Requests\"}", "TooManyRequestsException").Then(AccessFixture.SeedAnswer);

        var result = await fixture.RunOneAsync(fixture.Target(AccessFixture.Invoker, "/prod/items"));

        Assert.True(result.Passed);
        Assert.Equal(2, fixture.Handler.Count);
        Assert.Contains("2 attempts", result.Detail);
    }

    [Fact]
    public async Task An_expired_session_is_renewed_once_through_STS_and_the_check_goes_on()
    {
        var fixture = new AccessFixture();
        fixture.Handler.Then(HttpStatusCode.Forbidden, "{\"message\":\"The security token included in the request is expired\"}", "ExpiredTokenException").Then(AccessFixture.SeedAnswer);

        var result = await fixture.RunOneAsync(fixture.Target(AccessFixture.Invoker, "/prod/items"));

        Assert.True(result.Passed, result.Message);
        Assert.Equal(2, fixture.Sts.CallsFor(AccessFixture.Invoker));
        Assert.Contains("renewed", result.Detail);
        Assert.NotEqual(fixture.Handler.Received[0].AccessKeyId, fixture.Handler.Received[1].AccessKeyId);
    }

    [Fact]
    public async Task A_session_that_cannot_be_renewed_is_an_AssumeRole_error()
    {
        var fixture = new AccessFixture();
        fixture.Handler.Then(HttpStatusCode.Forbidden, "{\"message\":\"The security token included in the request is expired\"}", "ExpiredTokenException");
        var target = fixture.Target(AccessFixture.Invoker, "/prod/items");
        var first = await fixture.RunOneAsync(target);
        Assert.Equal(ApiErrorIds.ExpiredToken, first.Diagnosis);

        // The renewal itself is refused: the role's trust policy changed under the running check.
        fixture.Sts.Untrusted.Add(AccessFixture.Invoker);
        var second = await fixture.RunOneAsync(target);

        Assert.Equal(AccessStage.AssumeRole, second.FailedAt);
        Assert.Equal("AssumeRoleAccessDenied", second.Diagnosis);
    }

    [Fact]
    public async Task A_refused_AssumeRole_is_Denied_at_AssumeRole_for_every_target_of_the_role_after_one_STS_call()
    {
        var fixture = new AccessFixture();
        fixture.Handler.Then(AccessFixture.SeedAnswer);
        fixture.Sts.Untrusted.Add(AccessFixture.Operator);
        var targets = new[]
        {
            fixture.Target(AccessFixture.Operator, "/prod/items", expect: "Denied"),
            fixture.Target(AccessFixture.Operator, "/prod/items/1"),
            fixture.Target(AccessFixture.Invoker, "/prod/items"),
        };

        var results = await fixture.RunAsync(targets);

        Assert.Equal(1, fixture.Sts.CallsFor(AccessFixture.Operator));
        Assert.Equal(1, fixture.Handler.Count);
        foreach (var result in results.Take(2))
        {
            Assert.Equal(AccessOutcome.Denied, result.Outcome);
            Assert.Equal(AccessStage.AssumeRole, result.FailedAt);
            Assert.Equal("AssumeRoleAccessDenied", result.Diagnosis);
            Assert.Equal("NotTrustedByRole", result.DenialReason);
            Assert.Equal("arn:aws:iam::222222222222:user/ops-engineer", result.CallerArn);
            Assert.Null(result.StatusCode);
        }

        Assert.True(results[0].Passed);
        Assert.False(results[1].Passed);
        Assert.Equal("GET /prod/items/1 as Operator was expected to be Allowed, but was Denied at AssumeRole (AssumeRoleAccessDenied): STS refused.", results[1].Message);
        Assert.True(results[2].Passed);
    }

    [Fact]
    public async Task The_external_id_is_part_of_the_role_session()
    {
        var fixture = new AccessFixture();
        fixture.Handler.Then(AccessFixture.SeedAnswer);
        fixture.Sts.RequiredExternalIds[AccessFixture.Auditor] = "audit-2026";

        var results = await fixture.RunAsync(new[]
        {
            fixture.Target(AccessFixture.Auditor, "/prod/items", externalId: "audit-2026"),
            fixture.Target(AccessFixture.Auditor, "/prod/items", expect: "Denied"),
            fixture.Target(AccessFixture.Auditor, "/prod/items/2", externalId: "audit-2026"),
        });

        Assert.Equal(2, fixture.Sts.CallsFor(AccessFixture.Auditor));
        Assert.All(results, r => Assert.True(r.Passed, r.Message));
        Assert.Equal("ExternalIdRequired", results[1].DenialReason);
        Assert.DoesNotContain("audit-2026", string.Join("|", results.Select(r => r.Message + r.Detail + r.RecommendedAction + r)));
    }

    [Fact]
    public async Task Source_credentials_that_cannot_be_found_make_every_signed_check_an_AssumeRole_error()
    {
        var fixture = new AccessFixture();
        fixture.Handler.Then(AccessFixture.SeedAnswer);
        var provider = FixedRoleCredentials.Failing(new CrossAcctApiException("SourceCredentialUnavailable", FailureKind.AuthenticationError, "No credentials were found."));
        var checker = new CrossAccountAccessChecker(provider, fixture.Pipeline.Client, new HttpClient(fixture.Handler), fixture.Options);

        var results = await Task.WhenAll(checker.Start(new[] { fixture.Target(AccessFixture.Invoker, "/prod/items"), fixture.Target(null, "/prod/items", probe: "Unsigned") }, 2, default).Results);

        Assert.Equal(AccessOutcome.Error, results[0].Outcome);
        Assert.Equal(AccessStage.AssumeRole, results[0].FailedAt);
        Assert.Equal("SourceCredentialUnavailable", results[0].Diagnosis);
        Assert.True(results[1].Passed);
    }

    [Fact]
    public async Task Cancelling_a_run_cancels_its_checks()
    {
        var fixture = new AccessFixture();
        fixture.Handler.Then(AccessFixture.SeedAnswer);
        fixture.Sts.Gate = new TaskCompletionSource<bool>();
        using var cancel = new CancellationTokenSource();
        var run = fixture.Checker.Start(Enumerable.Range(0, 5).Select(i => fixture.Target(AccessFixture.Invoker, "/prod/items/" + i)).ToList(), 2, cancel.Token);

        cancel.Cancel();

        foreach (var task in run.Results)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        }

        Assert.Equal(5, run.Completed);
        Assert.Equal(0, fixture.Handler.Count);
    }

    [Fact]
    public void A_throttle_limit_below_one_is_refused()
    {
        var fixture = new AccessFixture();
        var error = Assert.Throws<CrossAcctApiException>(() => fixture.Checker.Start(new[] { fixture.Target(AccessFixture.Invoker, "/prod/items") }, 0, default));
        Assert.Equal(AccessErrorIds.InvalidThrottleLimit, error.ErrorId);
    }

    [Fact]
    public async Task No_result_holds_a_secret()
    {
        var fixture = new AccessFixture();
        fixture.Handler.Then(request => request.Uri.AbsolutePath.EndsWith("/1", StringComparison.Ordinal)
            ? Responses.Make(HttpStatusCode.Forbidden, Responses.Json("The request signature we calculated does not match. The Canonical String for this request should have been 'x-amz-security-token:SessionToken1xxxxxxxxxxxxxxxxxxxxxxxxxxxx'"), "InvalidSignatureException")
            : AccessFixture.SeedAnswer(request));

        var results = await fixture.RunAsync(new[] { fixture.Target(AccessFixture.Invoker, "/prod/items/1"), fixture.Target(AccessFixture.Invoker, "/prod/admin/x") });

        var text = string.Join("\n", results.SelectMany(r => new[] { r.ToString(), r.Message, r.Detail, r.RecommendedAction ?? string.Empty, r.CallerArn ?? string.Empty }));
        Assert.DoesNotContain("SessionSecret", text);
        Assert.DoesNotContain("SessionToken1", text);
        Assert.DoesNotContain(AccessFixture.SourceSecret, text);
        Assert.DoesNotContain("Signature=", text);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
