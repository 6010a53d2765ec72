using CrossAcctApi.Core.Policy.Generator;
using Xunit;

namespace CrossAcctApi.Core.Tests.PolicyGenerator;

public class ApiRouteTests
{
    [Theory]
    [InlineData("GET /items/*", "GET /items/*", "GET", "items/*", false)]
    [InlineData("get /items", "GET /items", "GET", "items", false)]
    [InlineData("  post\t/orders  ", "POST /orders", "POST", "orders", false)]
    [InlineData("ANY /items", "ANY /items", "ANY", "items", false)]
    [InlineData("any /items", "ANY /items", "ANY", "items", false)]
    [InlineData("* /items", "ANY /items", "ANY", "items", false)]
    [InlineData("GET /", "GET /", "GET", "", false)]
    [InlineData("GET /items/{id}", "GET /items/{id}", "GET", "items/*", true)]
    [InlineData("PUT /items/{id}/parts/{partId}", "PUT /items/{id}/parts/{partId}", "PUT", "items/*/parts/*", true)]
    [InlineData("ANY /{proxy+}", "ANY /{proxy+}", "ANY", "*", false)]
    [InlineData("GET /files/{key+}", "GET /files/{key+}", "GET", "files/*", false)]
    [InlineData("DELETE /v1/a.b_c-d~e", "DELETE /v1/a.b_c-d~e", "DELETE", "v1/a.b_c-d~e", false)]
    [InlineData("$default", "$default", "*", "*", false)]
    [InlineData("OPTIONS /cors", "OPTIONS /cors", "OPTIONS", "cors", false)]
    [InlineData("HEAD /x", "HEAD /x", "HEAD", "x", false)]
    [InlineData("PATCH /x", "PATCH /x", "PATCH", "x", false)]
    public void Route_keys_map_to_the_method_and_path_of_the_invoke_arn(string text, string key, string method, string path, bool widens)
    {
        ApiRoute route = ApiRoute.Parse(text);

        Assert.Equal(key, route.RouteKey);
        Assert.Equal(method == "ANY" ? ApiRoute.AnyMethods : new[] { method }, route.ArnMethods);
        Assert.Equal(path, route.ArnPath);
        Assert.Equal(widens, route.WidensPathParameter);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("GET")]
    [InlineData("/items")]
    [InlineData("GET items")]
    [InlineData("GET /items extra")]
    [InlineData("GTE /items")]
    [InlineData("CONNECT /items")]
    [InlineData("GET /items//x")]
    [InlineData("GET /items/")]
    [InlineData("GET /items?x=1")]
    [InlineData("GET /items#top")]
    [InlineData("GET /items/{id")]
    [InlineData("GET /items/id}")]
    [InlineData("GET /items/x{id}")]
    [InlineData("GET /items/{}")]
    [InlineData("GET /{proxy+}/items")]
    [InlineData("$DEFAULT")]
    public void Anything_else_is_an_InvalidRoute(string? text)
    {
        var error = Assert.Throws<CrossAcctApiException>(() => ApiRoute.Parse(text));

        Assert.Equal(PolicyToolErrors.InvalidRoute, error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
    }

    [Fact]
    public void Routes_are_equal_by_normalised_key()
    {
        Assert.Equal(ApiRoute.Parse("get /items"), ApiRoute.Parse("GET  /items"));
        Assert.NotEqual(ApiRoute.Parse("GET /items"), ApiRoute.Parse("GET /Items"));
    }
}
