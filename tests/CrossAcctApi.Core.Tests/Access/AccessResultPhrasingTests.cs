using CrossAcctApi.Core.Access;
using CrossAcctApi.Core.Http;
using Xunit;

namespace CrossAcctApi.Core.Tests.Access;

/// <summary>A verdict keeps the engine's texts as written and renders them, when read, in the words of the front end that shows it.</summary>
public class AccessResultPhrasingTests
{
    [Fact]
    public async Task The_stage_reading_is_in_neutral_words_until_a_phrasing_is_set()
    {
        var fixture = new AccessFixture();
        fixture.Handler.Then(AccessFixture.SeedAnswer);

        var result = await fixture.RunOneAsync(fixture.Target(null, "/prod/items", probe: "Unsigned", stage: null));

        Assert.Contains("No stage was given (the Stage setting)", result.StageReading);
        result.UsePhrasing(new DashPhrasing());
        Assert.Contains("No stage was given (-Stage)", result.StageReading);
        Assert.Contains("give -Stage prod", result.StageReading);
    }

    [Fact]
    public async Task Detail_recommended_action_and_message_follow_the_phrasing()
    {
        var slow = new AccessFixture();
        slow.Handler.Then(async (request, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return AccessFixture.SeedAnswer(request);
        });
        var options = new ApiCallOptions { Timeout = TimeSpan.FromMilliseconds(50), MaximumRetryCount = 0, GetEnvironmentVariable = _ => null };
        var checker = new CrossAccountAccessChecker(slow.Provider, slow.Pipeline.Client, new HttpClient(slow.Handler), options);
        var result = (await Task.WhenAll(checker.Start(new[] { slow.Target(AccessFixture.Invoker, "/prod/items") }, 1, default).Results))[0];

        Assert.Equal(ApiErrorIds.Timeout, result.Diagnosis);
        Assert.StartsWith("Raise the TimeoutSec setting", result.RecommendedAction);
        result.UsePhrasing(new DashPhrasing());
        Assert.StartsWith("Raise -TimeoutSec", result.RecommendedAction);
        Assert.EndsWith(result.Detail, result.Message);
        Assert.DoesNotContain("{@", result.Detail + result.Message + result.RecommendedAction);
    }
}
