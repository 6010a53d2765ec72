using CrossAcctApi.Sandbox.Scenario;

namespace CrossAcctApi.Sandbox.ExecuteApi;

/// <summary>
/// One route of an HTTP API, parsed from its route key (<c>GET /items/{id}</c>, <c>ANY /files/{proxy+}</c>,
/// <c>$default</c>), with API Gateway's matching rules.
/// </summary>
internal sealed class ApiRoute
{
    public const string DefaultRouteKey = "$default";
    private const string AnyMethod = "ANY";
    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal) { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", AnyMethod };

    private readonly IReadOnlyList<RouteSegment> _segments;

    private ApiRoute(string routeKey, string method, IReadOnlyList<RouteSegment> segments, bool requiresIam, RouteResponseDefinition response)
    {
        RouteKey = routeKey;
        Method = method;
        _segments = segments;
        RequiresIam = requiresIam;
        Response = response;
    }

    public string RouteKey { get; }

    /// <summary>The HTTP method, or ANY.</summary>
    public string Method { get; }

    public bool IsDefaultRoute => RouteKey == DefaultRouteKey;

    public bool RequiresIam { get; }

    public RouteResponseDefinition Response { get; }

    /// <summary>Parses a route key; returns a problem description instead when it is not valid.</summary>
    public static ApiRoute? Create(string routeKey, bool requiresIam, RouteResponseDefinition response, out string? problem)
    {
        problem = null;
        if (routeKey == DefaultRouteKey) return new ApiRoute(routeKey, AnyMethod, Array.Empty<RouteSegment>(), requiresIam, response);

        var space = routeKey.IndexOf(' ');
        var method = space < 0 ? string.Empty : routeKey.Substring(0, space);
        var path = space < 0 ? string.Empty : routeKey.Substring(space + 1);
        if (!Methods.Contains(method) || !path.StartsWith('/'))
        {
            problem = $"route key '{routeKey}' is not '$default' or '<METHOD> /<path>' (METHOD one of {string.Join(", ", Methods)})";
            return null;
        }

        var segments = new List<RouteSegment>();
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.StartsWith('{') && part.EndsWith('}'))
            {
                var name = part.Substring(1, part.Length - 2);
                var greedy = name.EndsWith('+');
                if (greedy) name = name.Substring(0, name.Length - 1);
                if (name.Length == 0 || (greedy && i != parts.Length - 1))
                {
                    problem = $"route key '{routeKey}' has an empty parameter or a greedy parameter that is not last";
                    return null;
                }

                segments.Add(new RouteSegment(name, greedy ? RouteSegmentKind.Greedy : RouteSegmentKind.Parameter));
            }
            else
            {
                segments.Add(new RouteSegment(part, RouteSegmentKind.Literal));
            }
        }

        return new ApiRoute(method + " /" + string.Join("/", parts), method, segments, requiresIam, response);
    }

    /// <summary>Matches decoded path segments; fills the path parameters on success.</summary>
    public bool TryMatch(string method, IReadOnlyList<string> pathSegments, out IReadOnlyDictionary<string, string> pathParameters)
    {
        pathParameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Method != AnyMethod && !string.Equals(Method, method, StringComparison.Ordinal)) return false;
        if (IsDefaultRoute) return true;

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < _segments.Count; i++)
        {
            var segment = _segments[i];
            if (segment.Kind == RouteSegmentKind.Greedy)
            {
                if (i >= pathSegments.Count) return false;
                parameters[segment.Text] = string.Join("/", pathSegments.Skip(i));
                pathParameters = parameters;
                return true;
            }

            if (i >= pathSegments.Count) return false;
            if (segment.Kind == RouteSegmentKind.Literal && !string.Equals(segment.Text, pathSegments[i], StringComparison.Ordinal)) return false;
            if (segment.Kind == RouteSegmentKind.Parameter) parameters[segment.Text] = pathSegments[i];
        }

        if (pathSegments.Count != _segments.Count) return false;
        pathParameters = parameters;
        return true;
    }

    /// <summary>The most specific of <paramref name="routes"/> that matches, or null.</summary>
    public static ApiRoute? MostSpecific(IEnumerable<ApiRoute> routes, string method, IReadOnlyList<string> pathSegments,
        out IReadOnlyDictionary<string, string> pathParameters)
    {
        ApiRoute? best = null;
        IReadOnlyDictionary<string, string> bestParameters = new Dictionary<string, string>();
        foreach (var route in routes)
        {
            if (!route.TryMatch(method, pathSegments, out var parameters)) continue;
            if (best == null || CompareSpecificity(route, best) < 0)
            {
                best = route;
                bestParameters = parameters;
            }
        }

        pathParameters = bestParameters;
        return best;
    }

    /// <summary>
    /// Orders candidate routes as API Gateway does: a matching route key beats $default, literal segments beat
    /// parameters, parameters beat a greedy tail, and a named method beats ANY.
    /// </summary>
    public static int CompareSpecificity(ApiRoute a, ApiRoute b)
    {
        int Rank(ApiRoute r) => r.IsDefaultRoute ? 1 : 0;
        var byDefault = Rank(a).CompareTo(Rank(b));
        if (byDefault != 0) return byDefault;

        var count = Math.Min(a._segments.Count, b._segments.Count);
        for (var i = 0; i < count; i++)
        {
            var byKind = a._segments[i].Kind.CompareTo(b._segments[i].Kind);
            if (byKind != 0) return byKind;
        }

        var byLength = b._segments.Count.CompareTo(a._segments.Count);
        if (byLength != 0) return byLength;
        return (a.Method == AnyMethod ? 1 : 0).CompareTo(b.Method == AnyMethod ? 1 : 0);
    }

    public override string ToString() => RouteKey;
}

internal enum RouteSegmentKind
{
    Literal = 0,
    Parameter = 1,
    Greedy = 2,
}

internal sealed record RouteSegment(string Text, RouteSegmentKind Kind);
