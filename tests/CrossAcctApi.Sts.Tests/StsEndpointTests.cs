using CrossAcctApi.Core.Sts;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Sts.Tests;

public class StsEndpointTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Explicit_endpoint_wins()
    {
        var endpoint = StsEndpoint.Resolve(new Uri("https://sts.example.test"), "eu-west-1", Env(("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:1")));
        Assert.Equal("https://sts.example.test/", endpoint.Uri.AbsoluteUri);
        Assert.Equal(StsEndpointSource.Parameter, endpoint.Source);
        Assert.Equal("eu-west-1", endpoint.SigningRegion);
    }

    [Fact]
    public void Service_variable_then_global_variable_then_regional()
    {
        Assert.Equal(StsEndpointSource.ServiceEnvironmentVariable, StsEndpoint.Resolve(null, "us-east-1", Env(("AWS_ENDPOINT_URL_STS", "https://a"), ("AWS_ENDPOINT_URL", "https://b"))).Source);
        Assert.Equal("https://b/", StsEndpoint.Resolve(null, "us-east-1", Env(("AWS_ENDPOINT_URL", "https://b"))).Uri.AbsoluteUri);
        var regional = StsEndpoint.Resolve(null, "eu-central-1", Env());
        Assert.Equal("https://sts.eu-central-1.amazonaws.com/", regional.Uri.AbsoluteUri);
        Assert.Equal(StsEndpointSource.Regional, regional.Source);
    }

    [Fact]
    public void Regional_endpoints_follow_the_partition()
    {
        Assert.Equal("https://sts.cn-north-1.amazonaws.com.cn/", StsEndpoint.Resolve(null, "cn-north-1", Env()).Uri.AbsoluteUri);
    }

    [Fact]
    public void Ignore_configured_endpoints_flag_is_honoured()
    {
        var endpoint = StsEndpoint.Resolve(null, "us-west-2", Env(("AWS_ENDPOINT_URL_STS", "http://a"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE")));
        Assert.Equal(StsEndpointSource.Regional, endpoint.Source);
    }

    [Theory]
    [InlineData("ftp://sts.example.test/")]
    [InlineData("http://user:hunter2secret@sts.example.test/")]
    [InlineData("https://sts.example.test/?a=b")]
    public void Refuses_bad_endpoints_without_echoing_user_info(string url)
    {
        var error = Samples.Catch(() => StsEndpoint.Resolve(new Uri(url), "us-east-1", Env()));
        Assert.Equal(StsErrorIds.InvalidStsEndpoint, error.ErrorId);
        Assert.DoesNotContain("hunter2secret", error.Message);
    }

    [Theory]
    [InlineData("moon")]
    [InlineData("US-EAST-1")]
    [InlineData("")]
    public void Refuses_bad_regions(string region) =>
        Assert.Equal(AwsRegion.InvalidRegion, Samples.Catch(() => StsEndpoint.Resolve(null, region, Env())).ErrorId);
}
