using CrossAcctApi.Core.Requests;
using Xunit;

namespace CrossAcctApi.Core.Tests.Requests;

/// <summary>The one reading of a URL (ApiTarget), as Get-ExecuteApiArn, Test-ExecuteApiPolicy, Invoke-SignedHttpApi and Test-CrossAccountAccess all use it.</summary>
public class ApiTargetTests
{
    private const string Host = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com";

    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static ResolvedInvokeArn Resolve(string url, string method = "GET", string? stage = null, string? account = null, string? apiId = null, string? region = null, string? basePath = null, Func<string, string?>? env = null) =>
        ApiTarget.Resolve(
            new ApiTargetRequest(new Uri(url), method) { Stage = stage, AccountId = account, ApiId = apiId, Region = region, BasePath = basePath },
            env ?? NoEnvironment).RequireArn();

    [Fact]
    public void Without_a_stage_the_default_stage_is_assumed_and_said_never_silently()
    {
        ResolvedInvokeArn arn = Resolve(Host + "/prod/items?x=1");

        Assert.Equal("arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/$default/GET/prod/items", arn.Arn);
        Assert.Equal(arn.Arn, arn.ToString());
        Assert.Equal("$default", arn.Stage);
        Assert.Equal(StageSource.AssumedDefault, arn.StageSource);
        Assert.Equal("*", arn.AccountId);
        Assert.Equal("prod/items", arn.Path);
        Assert.True(arn.IsPattern);
        Assert.Equal(InvokeHostKind.ExecuteApi, arn.HostKind);
        Assert.Equal("the host name", arn.RegionOrigin);
        Assert.NotNull(arn.StageReading);
        Assert.Contains("If 'prod' is a stage of the API", arn.StageReading);
        arn.UsePhrasing(new DashPhrasing());
        Assert.Contains("give -Stage prod", arn.StageReading);
        Assert.Contains(arn.Assumptions, a => a == arn.StageReading);
        Assert.Contains(arn.Assumptions, a => a.Contains("AccountId"));
    }

    [Theory]
    [InlineData("/", StageSource.NoStageSegment, "$default", "")]
    [InlineData("/a%24b/items", StageSource.NoStageSegment, "$default", "a$b/items")]
    [InlineData("/v1/items", StageSource.AssumedDefault, "$default", "v1/items")]
    public void The_default_stage_is_said_only_when_the_first_segment_could_have_been_a_stage(string path, StageSource source, string stage, string arnPath)
    {
        ResolvedInvokeArn arn = Resolve(Host + path);

        Assert.Equal(source, arn.StageSource);
        Assert.Equal(stage, arn.Stage);
        Assert.Equal(arnPath, arn.Path);
        Assert.Equal(source == StageSource.NoStageSegment, arn.StageReading is null);
    }

    [Fact]
    public void The_account_of_the_signing_role_fills_the_ARN_when_none_was_given_but_never_overrides_a_given_one()
    {
        var open = ApiTarget.Resolve(new ApiTargetRequest(new Uri(Host + "/prod/items")) { Stage = "prod" }, NoEnvironment);
        var given = ApiTarget.Resolve(new ApiTargetRequest(new Uri(Host + "/prod/items")) { Stage = "prod", AccountId = "333333333333" }, NoEnvironment);

        Assert.Equal("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items", open.ArnFor("111111111111")!.ToString());
        Assert.Equal("arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/prod/GET/items", open.ArnFor(null)!.ToString());
        Assert.Equal("arn:aws:execute-api:us-east-1:333333333333:a1b2c3d4e5/prod/GET/items", given.ArnFor("111111111111")!.ToString());
    }

    [Fact]
    public void A_custom_domain_without_api_id_has_no_ARN_to_sign_with_but_can_still_be_called()
    {
        var target = ApiTarget.Resolve(new ApiTargetRequest(new Uri("https://api.example.com/prod/items")) { Region = "us-east-1" }, NoEnvironment);

        Assert.Null(target.Arn);
        Assert.Null(target.ArnFor("111111111111"));
        Assert.Equal("us-east-1", target.Scope.Region);
        Assert.Equal(RequestErrors.ApiIdRequired, Assert.Throws<CrossAcctApiException>(() => target.RequireArn()).ErrorId);
    }

    [Fact]
    public void A_named_stage_is_taken_out_of_the_path()
    {
        ResolvedInvokeArn arn = Resolve(Host + "/prod/items/42", method: "post", stage: "prod", account: "111111111111");

        Assert.Equal("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/POST/items/42", arn.Arn);
        Assert.Empty(arn.Assumptions);
        Assert.False(arn.IsPattern);
        Assert.Equal("POST", arn.Method);
    }

    [Theory]
    [InlineData("/prod", "")]
    [InlineData("/prod/", "")]
    public void The_stage_root_has_an_empty_path(string path, string expected)
    {
        Assert.Equal(expected, Resolve(Host + path, stage: "prod").Path);
    }

    [Fact]
    public void An_explicit_default_stage_keeps_the_whole_path_and_assumes_nothing_about_it()
    {
        ResolvedInvokeArn arn = Resolve(Host + "/prod/items", stage: "$default", account: "111111111111");

        Assert.Equal("prod/items", arn.Path);
        Assert.Empty(arn.Assumptions);
    }

    [Theory]
    [InlineData("/items")]
    [InlineData("/production/items")]
    [InlineData("/")]
    public void A_named_stage_that_is_not_the_first_segment_is_StageNotInPath(string path)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => Resolve(Host + path, stage: "prod"));

        Assert.Equal("StageNotInPath", error.ErrorId);
    }

    [Fact]
    public void The_path_is_percent_decoded_as_API_Gateway_authorizes_it()
    {
        Assert.Equal("items/a b/%zz", Resolve(Host + "/items/a%20b/%zz").Path);
    }

    [Theory]
    [InlineData("ANY", "*")]
    [InlineData("*", "*")]
    [InlineData("delete", "DELETE")]
    public void Methods_are_upper_cased_and_ANY_is_a_wildcard(string method, string expected)
    {
        Assert.Equal(expected, Resolve(Host + "/x", method: method).Method);
    }

    [Theory]
    [InlineData("GE T")]
    [InlineData("")]
    [InlineData("G3T")]
    public void A_method_that_is_not_a_word_is_InvalidMethod(string method)
    {
        Assert.Equal(RequestErrors.InvalidMethod, Assert.Throws<CrossAcctApiException>(() => Resolve(Host + "/x", method: method)).ErrorId);
    }

    [Fact]
    public void China_hosts_give_the_china_partition()
    {
        Assert.Equal("arn:aws-cn:execute-api:cn-north-1:*:0123456789/$default/GET/x", Resolve("https://0123456789.execute-api.cn-north-1.amazonaws.com.cn/x").Arn);
    }

    [Fact]
    public void A_custom_domain_needs_the_api_id()
    {
        var error = Assert.Throws<CrossAcctApiException>(() => Resolve("https://api.example.com/items", region: "eu-west-1"));

        Assert.Equal(RequestErrors.ApiIdRequired, error.ErrorId);
        Assert.Contains("{@ApiId}", error.RecommendedActionTemplate);
    }

    [Fact]
    public void A_custom_domain_needs_a_region()
    {
        var error = Assert.Throws<CrossAcctApiException>(() => Resolve("https://api.example.com/items", apiId: "a1b2c3d4e5"));

        Assert.Equal(RequestErrors.RegionRequired, error.ErrorId);
    }

    [Fact]
    public void Behind_a_custom_domain_the_stage_is_not_in_the_path()
    {
        ResolvedInvokeArn arn = Resolve("https://api.example.com/orders/items/1", stage: "prod", apiId: "a1b2c3d4e5", region: "eu-west-1", account: "111111111111", basePath: "orders");

        Assert.Equal("arn:aws:execute-api:eu-west-1:111111111111:a1b2c3d4e5/prod/GET/items/1", arn.Arn);
        Assert.Equal(InvokeHostKind.CustomDomain, arn.HostKind);
        Assert.Empty(arn.Assumptions);
    }

    [Fact]
    public void A_custom_domain_without_stage_assumes_the_default_stage_and_says_why()
    {
        ResolvedInvokeArn arn = Resolve("https://api.example.com/prod/items", apiId: "a1b2c3d4e5", region: "eu-west-1");

        Assert.Equal("prod/items", arn.Path);
        Assert.Contains(arn.Assumptions, a => a.Contains("API mapping"));
    }

    [Theory]
    [InlineData("https://api.example.com/other/items", "orders", RequestErrors.BasePathNotInPath)]
    [InlineData("https://api.example.com/ordersx/items", "orders", RequestErrors.BasePathNotInPath)]
    [InlineData("https://api.example.com/orders/items", "or ders", RequestErrors.InvalidBasePath)]
    [InlineData("http://127.0.0.1:5000/orders/items", "orders", RequestErrors.InvalidBasePath)]
    [InlineData(Host + "/orders/items", "orders", RequestErrors.InvalidBasePath)]
    public void Base_paths_are_checked(string url, string basePath, string errorId)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => Resolve(url, apiId: "a1b2c3d4e5", region: "eu-west-1", basePath: basePath));

        Assert.Equal(errorId, error.ErrorId);
    }

    [Fact]
    public void A_multi_level_base_path_is_stripped()
    {
        Assert.Equal("items", Resolve("https://api.example.com/v1/orders/items", apiId: "a1b2c3d4e5", region: "eu-west-1", basePath: "/v1/orders/").Path);
        Assert.Equal("", Resolve("https://api.example.com/v1/orders", apiId: "a1b2c3d4e5", region: "eu-west-1", basePath: "v1/orders").Path);
    }

    [Fact]
    public void Loopback_servers_use_execute_api_paths_with_the_given_api_and_region()
    {
        ResolvedInvokeArn arn = Resolve("http://localhost:5080/prod/items", stage: "prod", apiId: "a1b2c3d4e5", region: "us-east-1");

        Assert.Equal("arn:aws:execute-api:us-east-1:*:a1b2c3d4e5/prod/GET/items", arn.Arn);
        Assert.Equal(InvokeHostKind.Loopback, arn.HostKind);
        Assert.Equal(RequestErrors.ApiIdRequired, Assert.Throws<CrossAcctApiException>(() => Resolve("http://127.0.0.1:5080/items", region: "us-east-1")).ErrorId);
    }

    [Fact]
    public void The_local_execute_api_path_names_the_api()
    {
        ResolvedInvokeArn arn = Resolve("http://127.0.0.1:4566/_aws/execute-api/a1b2c3d4e5/prod/items/7", stage: "prod", region: "us-east-1", account: "111111111111");

        Assert.Equal("arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/items/7", arn.Arn);
        Assert.Equal(InvokeHostKind.LocalExecuteApi, arn.HostKind);
        Assert.Equal("", Resolve("http://127.0.0.1:4566/_aws/execute-api/a1b2c3d4e5", region: "us-east-1").Path);
    }

    [Fact]
    public void The_region_may_come_from_the_environment_and_that_is_said()
    {
        ResolvedInvokeArn arn = Resolve("http://localhost/x", apiId: "a1b2c3d4e5", env: name => name == "AWS_REGION" ? "eu-central-1" : null);

        Assert.Equal("eu-central-1", arn.Region);
        Assert.Contains(arn.Assumptions, a => a.Contains("AWS_REGION"));
    }

    [Fact]
    public void An_explicit_region_or_api_id_that_contradicts_the_host_wins_with_a_warning()
    {
        ResolvedInvokeArn arn = Resolve(Host + "/x", region: "us-west-2", apiId: "zzzzzzzzzz");

        Assert.Equal("arn:aws:execute-api:us-west-2:*:zzzzzzzzzz/$default/GET/x", arn.Arn);
        Assert.Equal(2, arn.Warnings.Count);
    }

    [Theory]
    [InlineData("https://abc.execute-api.us-east-1.amazonaws.com/x", null, null, RequestErrors.InvalidApiId)]
    [InlineData(Host + "/x", "12345", null, RequestErrors.InvalidAccountId)]
    [InlineData(Host + "/x", null, "*", RequestErrors.InvalidStage)]
    [InlineData(Host + "/x", null, "", RequestErrors.InvalidStage)]
    [InlineData("ftp://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/x", null, null, RequestErrors.InvalidUri)]
    public void Bad_inputs_have_stable_error_ids(string url, string? account, string? stage, string errorId)
    {
        Assert.Equal(errorId, Assert.Throws<CrossAcctApiException>(() => Resolve(url, account: account, stage: stage)).ErrorId);
    }
}

/// <summary>A front end's phrasing, as the cmdlet layer's: inputs as "-Name".</summary>
internal sealed class DashPhrasing : IPhrasing
{
    public string Name(string input) => "-" + input;
}
