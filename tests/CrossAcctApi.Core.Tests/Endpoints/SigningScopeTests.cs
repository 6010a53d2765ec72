using Xunit;
using CrossAcctApi.Core.Requests;
using CrossAcctApi.Core.Arns;

namespace CrossAcctApi.Core.Tests.Endpoints;

public class SigningScopeTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return name => map.TryGetValue(name, out var value) ? value : null;
    }

    [Fact]
    public void An_execute_api_host_supplies_region_and_the_service_defaults_to_execute_api()
    {
        var scope = SigningScope.Resolve(ApiEndpoint.Parse("https://a1b2c3d4e5.execute-api.eu-central-2.amazonaws.com/"), null, null, NoEnvironment);

        Assert.Equal("eu-central-2", scope.Region);
        Assert.Equal("execute-api", scope.Service);
        Assert.Equal("aws", scope.Partition);
        Assert.Equal(RegionSource.Host, scope.RegionSource);
        Assert.False(scope.ConflictsWithHost);
        Assert.Equal("eu-central-2/execute-api", scope.ToString());
    }

    [Fact]
    public void The_host_wins_over_the_environment()
    {
        var scope = SigningScope.Resolve(ApiEndpoint.Parse("https://a1b2c3d4e5.execute-api.cn-north-1.amazonaws.com.cn/"), null, null, Environment(("AWS_REGION", "us-east-1")));

        Assert.Equal("cn-north-1", scope.Region);
        Assert.Equal("aws-cn", scope.Partition);
    }

    [Fact]
    public void Region_parameter_wins_and_a_conflict_with_the_host_is_flagged()
    {
        var scope = SigningScope.Resolve(ApiEndpoint.Parse("https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/"), " US-EAST-1 ", null, NoEnvironment);

        Assert.Equal("us-east-1", scope.Region);
        Assert.Equal(RegionSource.Parameter, scope.RegionSource);
        Assert.Equal("eu-west-1", scope.HostRegion);
        Assert.True(scope.ConflictsWithHost);
    }

    [Fact]
    public void Custom_domains_take_AWS_REGION_before_AWS_DEFAULT_REGION()
    {
        var endpoint = ApiEndpoint.Parse("https://api.example.com/");

        var both = SigningScope.Resolve(endpoint, null, null, Environment(("AWS_REGION", "ap-south-1"), ("AWS_DEFAULT_REGION", "us-west-2")));
        var fallback = SigningScope.Resolve(endpoint, null, null, Environment(("AWS_DEFAULT_REGION", "us-west-2")));

        Assert.Equal("ap-south-1", both.Region);
        Assert.Equal("AWS_REGION", both.RegionOrigin);
        Assert.Equal(RegionSource.EnvironmentVariable, both.RegionSource);
        Assert.Equal("us-west-2", fallback.Region);
        Assert.Equal("AWS_DEFAULT_REGION", fallback.RegionOrigin);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080/prod")]
    [InlineData("https://api.example.com/")]
    public void Without_any_region_it_says_to_pass_Region(string url)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => SigningScope.Resolve(ApiEndpoint.Parse(url), "  ", null, Environment(("AWS_REGION", ""))));

        Assert.Equal(RequestErrors.RegionRequired, error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.Contains("-Region", error.RecommendedAction);
        Assert.Contains("Pass -Region.", error.Message);
        Assert.Equal(new Uri(url).Host, error.Target);
    }

    [Fact]
    public void An_ill_formed_region_names_where_it_came_from()
    {
        var endpoint = ApiEndpoint.Parse("https://api.example.com/");

        var fromParameter = Assert.Throws<CrossAcctApiException>(() => SigningScope.Resolve(endpoint, "europe", null, NoEnvironment));
        var fromEnvironment = Assert.Throws<CrossAcctApiException>(() => SigningScope.Resolve(endpoint, null, null, Environment(("AWS_REGION", "us east 1"))));

        Assert.Equal(AwsRegion.InvalidRegion, fromParameter.ErrorId);
        Assert.Contains("{@Region}", fromParameter.MessageTemplate);
        Assert.Equal(AwsRegion.InvalidRegion, fromEnvironment.ErrorId);
        Assert.Contains("AWS_REGION", fromEnvironment.Message);
    }

    [Fact]
    public void Service_can_be_overridden_but_must_be_a_service_name()
    {
        var endpoint = ApiEndpoint.Parse("https://example.amazonaws.com/");

        Assert.Equal("service", SigningScope.Resolve(endpoint, "us-east-1", "service", NoEnvironment).Service);
        var error = Assert.Throws<CrossAcctApiException>(() => SigningScope.Resolve(endpoint, "us-east-1", "Execute API/", NoEnvironment));
        Assert.Equal(RequestErrors.InvalidService, error.ErrorId);
    }
}
