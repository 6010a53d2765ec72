using CrossAcctApi.Core.Requests;
using Xunit;

namespace CrossAcctApi.Core.Tests.Requests;

/// <summary>The endpoint kinds in the one URL reading: REST stages, private API forms, function URLs and their function ARN.</summary>
public class EndpointKindTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static ApiTarget Read(string url, EndpointKind? kind = null, string? function = null, string? account = null, string? apiIdHeader = null, string? region = null, string method = "GET") =>
        ApiTarget.Resolve(
            new ApiTargetRequest(new Uri(url), method) { EndpointKind = kind, FunctionArn = function, AccountId = account, ApiIdFromHeaders = apiIdHeader, Region = region },
            NoEnvironment);

    [Fact]
    public void An_execute_api_host_is_an_HTTP_API_unless_told_and_a_REST_API_always_names_its_stage()
    {
        var http = Read("https://q1w2e3r4t5.execute-api.us-east-1.amazonaws.com/prod/orders");
        Assert.Equal(EndpointKind.HttpApi, http.Kind);
        Assert.Contains("RestApi", http.StageReading);

        var rest = Read("https://q1w2e3r4t5.execute-api.us-east-1.amazonaws.com/prod/orders/7", EndpointKind.RestApi, account: "111111111111");
        Assert.Equal(EndpointKind.RestApi, rest.Kind);
        Assert.Equal(StageSource.RestApiPath, rest.StageSource);
        Assert.Null(rest.StageReading);
        Assert.Equal("arn:aws:execute-api:us-east-1:111111111111:q1w2e3r4t5/prod/GET/orders/7", rest.Arn!.ToString());
        Assert.Equal(new[] { "execute-api:Invoke" }, rest.Actions);
    }

    [Fact]
    public void A_REST_API_URL_without_a_stage_has_no_invoke_ARN_and_says_why()
    {
        var rest = Read("https://q1w2e3r4t5.execute-api.us-east-1.amazonaws.com/", EndpointKind.RestApi);
        var error = Assert.Throws<CrossAcctApiException>(() => rest.RequireArn());
        Assert.Equal(RequestErrors.StageRequired, error.ErrorId);
    }

    [Theory]
    [InlineData("https://p9o8i7u6y5-vpce-0b2b2b2b2b2b2b2b2.execute-api.us-east-1.amazonaws.com/prod/balances", null, InvokeHostKind.ExecuteApi)]
    [InlineData("https://vpce-0b2b2b2b2b2b2b2b2-abcd1234.execute-api.us-east-1.vpce.amazonaws.com/prod/balances", "p9o8i7u6y5", InvokeHostKind.VpcEndpoint)]
    [InlineData("http://127.0.0.1:5000/_aws/execute-api/p9o8i7u6y5-vpce-0b2b2b2b2b2b2b2b2/prod/balances", null, InvokeHostKind.LocalExecuteApi)]
    [InlineData("http://127.0.0.1:5000/_aws/vpce/vpce-0b2b2b2b2b2b2b2b2/prod/balances", "p9o8i7u6y5", InvokeHostKind.LocalVpcEndpoint)]
    public void Every_form_of_a_private_API_reads_alike(string url, string? apiIdHeader, InvokeHostKind host)
    {
        var target = Read(url, apiIdHeader: apiIdHeader, account: "111111111111", region: "us-east-1");
        Assert.Equal(EndpointKind.PrivateRestApi, target.Kind);
        Assert.Equal(host, target.HostKind);
        Assert.Equal("vpce-0b2b2b2b2b2b2b2b2", target.VpcEndpointId);
        Assert.Equal("execute-api", target.Scope.Service);
        Assert.Equal("arn:aws:execute-api:us-east-1:111111111111:p9o8i7u6y5/prod/GET/balances", target.RequireArn().Arn);
    }

    [Fact]
    public void A_VPC_endpoints_own_name_without_the_API_id_header_cannot_name_the_API()
    {
        var target = Read("https://vpce-0b2b2b2b2b2b2b2b2-abcd1234.execute-api.us-east-1.vpce.amazonaws.com/prod/balances");
        var error = Assert.Throws<CrossAcctApiException>(() => target.RequireArn());
        Assert.Equal(RequestErrors.ApiIdRequired, error.ErrorId);
        Assert.Contains("x-apigw-api-id", error.RecommendedActionTemplate);
    }

    [Theory]
    [InlineData("https://reportgenerator11111111111111111.lambda-url.eu-west-1.on.aws/monthly", null)]
    [InlineData("http://127.0.0.1:5000/_aws/lambda-url/reportgenerator11111111111111111/monthly", "eu-west-1")]
    public void A_function_URL_is_signed_for_lambda_and_authorised_on_the_function_it_is_told(string url, string? region)
    {
        var unnamed = Read(url, region: region);
        Assert.Equal(EndpointKind.FunctionUrl, unnamed.Kind);
        Assert.Equal("reportgenerator11111111111111111", unnamed.FunctionUrlId);
        Assert.Equal("eu-west-1/lambda", unnamed.Scope.ToString());
        Assert.Equal("/monthly", unnamed.RoutePath);
        Assert.Null(unnamed.FunctionArn);
        Assert.Contains(unnamed.Assumptions, a => a.Contains("{@FunctionArn}"));
        Assert.Equal(new[] { "lambda:InvokeFunctionUrl", "lambda:InvokeFunction" }, unnamed.Actions);
        Assert.Equal(RequestErrors.NoInvokeArn, Assert.Throws<CrossAcctApiException>(() => unnamed.RequireArn()).ErrorId);

        var byName = Read(url, function: "report-generator", region: region);
        Assert.Equal("arn:aws:lambda:eu-west-1:*:function:report-generator", byName.FunctionArn);
        Assert.Equal("arn:aws:lambda:eu-west-1:111111111111:function:report-generator", byName.ResourceArnFor("111111111111"));

        var byArn = Read(url, function: "arn:aws:lambda:eu-west-1:111111111111:function:report-generator:live", region: region);
        Assert.Equal("arn:aws:lambda:eu-west-1:111111111111:function:report-generator", byArn.FunctionArn);
    }

    [Theory]
    [InlineData("https://reportgenerator11111111111111111.lambda-url.us-east-1.on.aws/", EndpointKind.RestApi)]
    [InlineData("https://p9o8i7u6y5-vpce-0b2b2b2b2b2b2b2b2.execute-api.us-east-1.amazonaws.com/prod/x", EndpointKind.HttpApi)]
    [InlineData("https://q1w2e3r4t5.execute-api.us-east-1.amazonaws.com/prod/x", EndpointKind.FunctionUrl)]
    [InlineData("https://q1w2e3r4t5.execute-api.us-east-1.amazonaws.com/prod/x", EndpointKind.PrivateRestApi)]
    public void A_kind_that_contradicts_the_URL_is_refused(string url, EndpointKind kind)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => Read(url, kind));
        Assert.Equal(RequestErrors.EndpointKindMismatch, error.ErrorId);
    }

    [Fact]
    public void Signing_a_function_URL_for_another_service_is_warned_about()
    {
        var target = ApiTarget.Resolve(new ApiTargetRequest(new Uri("https://reportgenerator11111111111111111.lambda-url.us-east-1.on.aws/")) { Service = "execute-api" }, NoEnvironment);
        Assert.Equal("execute-api", target.Scope.Service);
        Assert.Contains(target.Warnings, w => w.Contains("'lambda'"));
    }
}
