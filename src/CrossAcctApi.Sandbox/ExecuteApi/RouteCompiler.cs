using CrossAcctApi.Sandbox.Scenario;

namespace CrossAcctApi.Sandbox.ExecuteApi;

/// <summary>Checks and parses the routes of an HTTP or REST API of the scenario, naming the place of each mistake.</summary>
internal static class RouteCompiler
{
    /// <param name="allowDefaultRoute">HTTP APIs have the <c>$default</c> route; REST APIs have none.</param>
    public static List<ApiRoute> Compile(IReadOnlyList<RouteDefinition> definitions, string where, bool allowDefaultRoute, List<string> problems)
    {
        var routes = new List<ApiRoute>();
        for (var r = 0; r < definitions.Count; r++)
        {
            var route = definitions[r];
            var routeWhere = $"{where}.routes[{r}]";
            var auth = route.AuthorizationType ?? string.Empty;
            if (auth != RouteAuthorization.AwsIam && auth != RouteAuthorization.None) problems.Add($"{routeWhere}.authorizationType '{auth}' is not AWS_IAM or NONE");
            if (route.Response.StatusCode < 100 || route.Response.StatusCode > 599) problems.Add($"{routeWhere}.response.statusCode {route.Response.StatusCode} is not an HTTP status");
            if (!allowDefaultRoute && route.RouteKey == ApiRoute.DefaultRouteKey)
            {
                problems.Add($"{routeWhere}.routeKey '$default' is an HTTP API route; a REST API route is '<METHOD> /<resource path>'");
                continue;
            }

            var parsed = ApiRoute.Create(route.RouteKey ?? string.Empty, auth != RouteAuthorization.None, route.Response, out var problem);
            if (parsed == null) problems.Add($"{routeWhere}.routeKey: {problem}");
            else if (routes.Any(existing => existing.RouteKey == parsed.RouteKey)) problems.Add($"{routeWhere}.routeKey '{route.RouteKey}' appears twice");
            else routes.Add(parsed);
        }

        return routes;
    }
}
