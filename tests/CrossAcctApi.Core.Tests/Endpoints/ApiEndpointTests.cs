using Xunit;
using CrossAcctApi.Core.Requests;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Tests.Endpoints;

public class ApiEndpointTests
{
    [Theory]
    [InlineData("https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/items", "a1b2c3d4e5", "eu-west-1", "aws")]
    [InlineData("https://a1b2c3d4e5.execute-api.us-gov-west-1.amazonaws.com/prod/x?y=1", "a1b2c3d4e5", "us-gov-west-1", "aws-us-gov")]
    [InlineData("https://0123456789.execute-api.cn-north-1.amazonaws.com.cn/", "0123456789", "cn-north-1", "aws-cn")]
    [InlineData("https://0123456789.execute-api.cn-northwest-1.amazonaws.com.cn:443/prod", "0123456789", "cn-northwest-1", "aws-cn")]
    [InlineData("HTTPS://ABCDEF1234.EXECUTE-API.AP-SOUTHEAST-2.AMAZONAWS.COM/Path", "abcdef1234", "ap-southeast-2", "aws")]
    [InlineData("https://abcdef1234.execute-api.xx-future-9.amazonaws.com/", "abcdef1234", "xx-future-9", "aws")]
    public void Execute_api_hosts_name_the_api_and_region(string url, string apiId, string region, string partition)
    {
        var endpoint = ApiEndpoint.Parse(url);

        Assert.True(endpoint.IsExecuteApiHost);
        Assert.Equal(apiId, endpoint.ApiId);
        Assert.Equal(region, endpoint.Region);
        Assert.Equal(partition, endpoint.Partition);
    }

    [Theory]
    [InlineData("https://api.example.com/orders")]
    [InlineData("http://127.0.0.1:5080/prod/items")]
    [InlineData("http://localhost/")]
    [InlineData("http://[::1]:8080/")]
    [InlineData("https://execute-api.us-east-1.amazonaws.com/")]
    [InlineData("https://a1b2c3d4e5.execute-api.us-east-1.example.net/")]
    [InlineData("https://a1b2c3d4e5.execute-api.us-east-1.api.aws/")]
    public void Other_hosts_name_no_region(string url)
    {
        var endpoint = ApiEndpoint.Parse(url);

        Assert.False(endpoint.IsExecuteApiHost);
        Assert.Null(endpoint.Region);
        Assert.Null(endpoint.ApiId);
        Assert.Null(endpoint.Partition);
    }

    [Fact]
    public void The_host_is_lower_case_and_without_port()
    {
        var endpoint = ApiEndpoint.Parse(new Uri("http://LocalHost:5080/a"));

        Assert.Equal("localhost", endpoint.Host);
        Assert.Equal(5080, endpoint.Uri.Port);
    }

    [Theory]
    [InlineData("https://a1b2c3d4e5.execute-api.cn-north-1.amazonaws.com/")]
    [InlineData("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com.cn/")]
    public void A_region_in_the_wrong_partition_for_the_suffix_is_refused(string url)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => ApiEndpoint.Parse(url));

        Assert.Equal(AwsRegion.InvalidRegion, error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.Contains("partition", error.Message);
    }

    [Theory]
    [InlineData("https://a1b2c3d4e5.execute-api.nowhere.amazonaws.com/")]
    [InlineData("https://a1b2c3d4e5.execute-api.us_east_1.amazonaws.com/")]
    public void A_malformed_region_in_an_execute_api_host_is_refused(string url)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => ApiEndpoint.Parse(url));

        Assert.Equal(AwsRegion.InvalidRegion, error.ErrorId);
    }

    [Theory]
    [InlineData("ftp://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ws://example.com/socket")]
    [InlineData("/relative/path")]
    [InlineData("example.com/no-scheme")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("http://")]
    public void Non_http_or_unparsable_urls_are_InvalidUri(string url)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => ApiEndpoint.Parse(url));

        Assert.Equal(RequestErrors.InvalidUri, error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.NotNull(error.RecommendedAction);
    }

    [Fact]
    public void A_relative_Uri_object_is_InvalidUri()
    {
        var error = Assert.Throws<CrossAcctApiException>(() => ApiEndpoint.Parse(new Uri("items/1", UriKind.Relative)));

        Assert.Equal(RequestErrors.InvalidUri, error.ErrorId);
        Assert.Contains("items/1", error.Message);
        Assert.Throws<CrossAcctApiException>(() => ApiEndpoint.Parse((Uri?)null));
    }

    [Theory]
    [InlineData("https://admin:hunter2secret@a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod")]
    [InlineData("https://hunter2secret@api.example.com/")]
    [InlineData("ftp://user:hunter2secret@host/")]
    public void User_information_is_refused_without_echoing_it(string url)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => ApiEndpoint.Parse(url));

        Assert.Equal(RequestErrors.UriUserInfoNotAllowed, error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.DoesNotContain("hunter2secret", error.Message);
        Assert.DoesNotContain("hunter2secret", Convert.ToString(error.Target));
        Assert.Contains("user:password@", error.Message);
    }
}

/// <summary>Plain http only to this machine: a signed request or a presigned URL never travels in clear to anyone else.</summary>
public class TransportSecurityTests
{
    [Theory]
    [InlineData("http://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items")]
    [InlineData("http://api.example.com/items")]
    [InlineData("http://10.0.0.5:8080/items")]
    [InlineData("http://[fd00::1]/items")]
    public void Http_to_any_host_but_loopback_is_refused_as_a_security_error(string url)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => ApiEndpoint.Parse(url));

        Assert.Equal(TransportSecurity.InsecureEndpoint, error.ErrorId);
        Assert.Equal(FailureKind.SecurityError, error.Kind);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/_aws/execute-api/a1b2c3d4e5/prod/items")]
    [InlineData("http://127.9.9.9/items")]
    [InlineData("http://localhost:4566/items")]
    [InlineData("http://[::1]:8080/items")]
    [InlineData("https://api.example.com/items")]
    public void Https_anywhere_and_http_to_loopback_are_accepted(string url)
    {
        Assert.Equal(new Uri(url), ApiEndpoint.Parse(url).Uri);
    }

    [Theory]
    [InlineData("http://sts.amazonaws.com")]
    [InlineData("http://sts.internal.example")]
    public void An_sts_endpoint_over_http_is_refused_from_every_source(string url)
    {
        var fromParameter = Assert.Throws<CrossAcctApiException>(() => Sts.StsEndpoint.Resolve(new Uri(url), "us-east-1", _ => null));
        var fromEnvironment = Assert.Throws<CrossAcctApiException>(() => Sts.StsEndpoint.Resolve(null, "us-east-1", name => name == "AWS_ENDPOINT_URL_STS" ? url : null));
        var fromGlobal = Assert.Throws<CrossAcctApiException>(() => Sts.StsEndpoint.Resolve(null, "us-east-1", name => name == "AWS_ENDPOINT_URL" ? url : null));

        Assert.All(new[] { fromParameter, fromEnvironment, fromGlobal }, e => Assert.Equal(TransportSecurity.InsecureEndpoint, e.ErrorId));
        Assert.Contains("AWS_ENDPOINT_URL_STS", fromEnvironment.Message);
    }
}
