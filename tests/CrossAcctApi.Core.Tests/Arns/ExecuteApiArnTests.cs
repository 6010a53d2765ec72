using CrossAcctApi.Core.Arns;
using Xunit;

namespace CrossAcctApi.Core.Tests.Arns;

public class ExecuteApiArnTests
{
    [Fact]
    public void Formats_the_documented_shape()
    {
        var arn = new ExecuteApiArn("aws", "us-east-1", "111111111111", "a1b2c3d4e5", "$default", "GET", "items/42");

        Assert.Equal("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/items/42", arn.ToString());
        Assert.False(arn.IsPattern);
    }

    [Theory]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/$default/GET/items/42", "$default", "GET", "items/42")]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/POST/", "prod", "POST", "")]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET", "prod", "GET", "")]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/a/b/c/", "prod", "GET", "a/b/c/")]
    public void Parses_invoke_arns(string text, string stage, string method, string path)
    {
        ExecuteApiArn arn = ExecuteApiArn.Parse(text);

        Assert.Equal("aws", arn.Partition);
        Assert.Equal("us-east-1", arn.Region);
        Assert.Equal("111111111111", arn.AccountId);
        Assert.Equal("a1b2c3d4e5", arn.ApiId);
        Assert.Equal(stage, arn.Stage);
        Assert.Equal(method, arn.Method);
        Assert.Equal(path, arn.Path);
    }

    [Fact]
    public void Parses_policy_patterns_and_says_so()
    {
        ExecuteApiArn arn = ExecuteApiArn.Parse("arn:aws:execute-api:*:*:a1b2c3d4e5/*/*/admin/*");

        Assert.True(arn.IsPattern);
        Assert.Equal("*", arn.Stage);
        Assert.Equal("admin/*", arn.Path);
    }

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:111111111111:a1b2c3d4e5/prod/GET/x", "expected 'execute-api'")]
    [InlineData("arn:aws:execute-api:us-east-1:11111111111:a1b2c3d4e5/prod/GET/x", "12 digits")]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod", "<api-id>/<stage>/<METHOD>/<path>")]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/get/x", "upper-case")]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2-c3/prod/GET/x", "API id")]
    [InlineData("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/pr od/GET/x", "stage")]
    [InlineData("arn:aws:execute-api:cn-north-1:111111111111:a1b2c3d4e5/prod/GET/x", "belongs to partition 'aws-cn'")]
    [InlineData("arn:aws-mars:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/x", "partition")]
    [InlineData("arn:aws:execute-api::111111111111:a1b2c3d4e5/prod/GET/x", "region")]
    public void Rejects_invalid_invoke_arns(string text, string expected)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => ExecuteApiArn.Parse(text));

        Assert.Equal("InvalidExecuteApiArn", error.ErrorId);
        Assert.Contains(expected, error.Message);
        Assert.False(ExecuteApiArn.TryParse(text, out _));
    }

    [Theory]
    [InlineData("$default", "GET", "/items/42", "items/42")]
    [InlineData("$default", "get", "/", "")]
    [InlineData("$default", "GET", "", "")]
    [InlineData("$default", "GET", "/items?x=1&y=2", "items")]
    [InlineData("$default", "GET", "/items/42#frag", "items/42")]
    [InlineData("prod", "POST", "/prod/items", "items")]
    [InlineData("prod", "GET", "/prod", "")]
    [InlineData("prod", "GET", "/prod/", "")]
    [InlineData("prod", "GET", "/prod/prod/x", "prod/x")]
    [InlineData("$default", "GET", "/a%20b/caf%C3%A9", "a b/café")]
    [InlineData("$default", "GET", "/a%2Fb", "a/b")]
    [InlineData("$default", "GET", "/100%/x%zz", "100%/x%zz")]
    [InlineData("$default", "GET", "/a+b", "a+b")]
    [InlineData("$default", "GET", "/items/", "items/")]
    public void ForRequest_builds_the_arn_api_gateway_authorizes(string stage, string method, string pathAsSent, string expectedPath)
    {
        ExecuteApiArn arn = ExecuteApiArn.ForRequest("aws", "us-east-1", "111111111111", "a1b2c3d4e5", stage, method, pathAsSent);

        Assert.Equal(expectedPath, arn.Path);
        Assert.Equal(stage, arn.Stage);
        Assert.Equal(method.ToUpperInvariant(), arn.Method);
        Assert.Equal($"arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/{stage}/{method.ToUpperInvariant()}/{expectedPath}", arn.ToString());
    }

    [Theory]
    [InlineData("/items")]
    [InlineData("/production/items")]
    [InlineData("/Prod/items")]
    public void ForRequest_with_named_stage_requires_the_stage_segment(string path)
    {
        var error = Assert.Throws<CrossAcctApiException>(() =>
            ExecuteApiArn.ForRequest("aws", "us-east-1", "111111111111", "a1b2c3d4e5", "prod", "GET", path));

        Assert.Equal("StageNotInPath", error.ErrorId);
    }

    [Fact]
    public void ForRequest_round_trips_through_Parse()
    {
        ExecuteApiArn arn = ExecuteApiArn.ForRequest("aws-us-gov", "us-gov-west-1", "123456789012", "abcdef1234", "v1", "DELETE", "/v1/things/7");

        Assert.Equal(arn, ExecuteApiArn.Parse(arn.ToString()));
    }

    [Theory]
    [InlineData("/a%00b")]
    [InlineData("/a%0Ab")]
    [InlineData("/%7F")]
    public void ForRequest_rejects_paths_that_decode_to_control_characters(string path)
    {
        var error = Assert.Throws<CrossAcctApiException>(() =>
            ExecuteApiArn.ForRequest("aws", "us-east-1", "111111111111", "a1b2c3d4e5", "$default", "GET", path));

        Assert.Equal("InvalidRequestPath", error.ErrorId);
    }
}
