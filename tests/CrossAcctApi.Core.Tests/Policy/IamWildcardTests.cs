using CrossAcctApi.Core.Policy;
using Xunit;

namespace CrossAcctApi.Core.Tests.Policy;

public class IamWildcardTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "anything/at:all", true)]
    [InlineData("a*", "a", true)]
    [InlineData("a*c", "abbbc", true)]
    [InlineData("a*c", "ab/b:bc", true)]
    [InlineData("a*c", "abcd", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("a?c", "abbc", false)]
    [InlineData("??", "ab", true)]
    [InlineData("??", "a", false)]
    [InlineData("*a*b*", "xxaxxbxx", true)]
    [InlineData("*a*b*", "xxbxxaxx", false)]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abcd", false)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("**", "abc", true)]
    [InlineData("a1b2c3d4e5/$default/*/*", "a1b2c3d4e5/$default/GET/items/42", true)]
    [InlineData("a1b2c3d4e5/$default/*/*", "a1b2c3d4e5/$default/GET", false)]
    [InlineData("a1b2c3d4e5/*/GET/*", "a1b2c3d4e5/prod/GET/x", true)]
    [InlineData("a1b2c3d4e5/*/GET/*", "a1b2c3d4e5/prod/POST/GET/x", true)]
    [InlineData("a1b2c3d4e5/*/GET/*", "a1b2c3d4e5/prod/POST/x", false)]
    public void Matches_like_IAM(string pattern, string value, bool expected)
    {
        Assert.Equal(expected, IamWildcard.IsMatch(pattern, value));
    }

    [Fact]
    public void Case_sensitivity_is_chosen_by_the_caller()
    {
        Assert.False(IamWildcard.IsMatch("execute-api:invoke", "execute-api:Invoke"));
        Assert.True(IamWildcard.IsMatch("execute-api:invoke", "EXECUTE-API:Invoke", ignoreCase: true));
        Assert.True(IamWildcard.IsMatch("execute-api:Inv?ke", "execute-api:INVOKE", ignoreCase: true));
    }

    [Fact]
    public void Literal_star_in_value_is_matched_by_wildcard_star()
    {
        Assert.True(IamWildcard.IsMatch("a*", "a*"));
        Assert.True(IamWildcard.IsMatch("*", "*"));
        Assert.True(IamWildcard.IsMatch("a?", "a*"));
    }

    [Fact]
    public void Pathological_patterns_run_in_linear_time()
    {
        string pattern = string.Concat(Enumerable.Repeat("*a", 2000)) + "b";
        string value = new string('a', 20000);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(IamWildcard.IsMatch(pattern, value));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void HasWildcard_detects_star_and_question_mark()
    {
        Assert.True(IamWildcard.HasWildcard("a*"));
        Assert.True(IamWildcard.HasWildcard("a?"));
        Assert.False(IamWildcard.HasWildcard("a$default"));
    }
}
