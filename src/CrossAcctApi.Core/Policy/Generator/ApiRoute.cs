using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Policy.Generator
{
    /// <summary>
    /// An HTTP API route key, <c>METHOD /path</c> or <c>$default</c>, and the methods and path it stands for in
    /// invoke ARNs. Path parameters (<c>{id}</c>, <c>{proxy+}</c>) become <c>*</c>: IAM has no "one segment"
    /// wildcard, so <c>{id}</c> is widened to any text (see <see cref="WidensPathParameter"/>).
    /// </summary>
    /// <remarks>
    /// ANY is written as one resource per method, not as <c>*</c>: IAM's <c>*</c> also matches '/', so
    /// <c>.../*/items</c> would match <c>.../GET/admin/items</c> as well, a path the route never meant.
    /// </remarks>
    public sealed class ApiRoute : IEquatable<ApiRoute>
    {
        /// <summary>The catch-all route key of an HTTP API.</summary>
        public const string DefaultRouteKey = "$default";

        /// <summary>The methods HTTP API routes accept; ANY is every method.</summary>
        public static IReadOnlyList<string> RouteMethods { get; } =
            new[] { "ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT" };

        /// <summary>The methods ANY stands for: every method an HTTP API routes.</summary>
        public static IReadOnlyList<string> AnyMethods { get; } = RouteMethods.Where(m => m != "ANY").ToArray();

        private static readonly IReadOnlyList<string> EveryMethodWildcard = new[] { ApiInputs.AnyMethod };

        private static readonly Regex PathParameter = new Regex(@"^\{[A-Za-z0-9._:-]+(\+)?\}\z", RegexOptions.CultureInvariant);

        private ApiRoute(string routeKey, IReadOnlyList<string> arnMethods, string arnPath, bool widensPathParameter)
        {
            RouteKey = routeKey;
            ArnMethods = arnMethods;
            ArnPath = arnPath;
            WidensPathParameter = widensPathParameter;
        }

        /// <summary>The route key, normalised: method in upper case, path as written.</summary>
        public string RouteKey { get; }

        /// <summary>
        /// The method parts of the invoke ARNs: the method in upper case; for ANY each method HTTP APIs route;
        /// for the <c>$default</c> route <c>*</c> (with the path <c>*</c>, the whole stage, which is what it catches).
        /// </summary>
        public IReadOnlyList<string> ArnMethods { get; }

        /// <summary>The path part of the invoke ARN: no leading slash, path parameters as <c>*</c>.</summary>
        public string ArnPath { get; }

        /// <summary>
        /// True when a single-segment parameter such as <c>{id}</c> became <c>*</c>, which in IAM also matches
        /// '/' and so grants deeper paths than the route matches.
        /// </summary>
        public bool WidensPathParameter { get; }

        /// <summary>Parses a route key; <c>InvalidRoute</c> (or <c>InvalidMethod</c>) when it is not one.</summary>
        public static ApiRoute Parse(string? text)
        {
            string trimmed = (text ?? string.Empty).Trim();
            if (trimmed == DefaultRouteKey)
            {
                return new ApiRoute(DefaultRouteKey, EveryMethodWildcard, "*", widensPathParameter: false);
            }

            string[] parts = trimmed.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2)
            {
                throw Invalid(text, "a route is 'METHOD /path', for example 'GET /items/{id}', or '$default'");
            }

            string method = ParseMethod(parts[0], text);
            string path = parts[1];
            var (arnPath, widens) = ParsePath(path, text);
            IReadOnlyList<string> arnMethods = method == "ANY" ? AnyMethods : new[] { method };
            return new ApiRoute(method + " " + path, arnMethods, arnPath, widens);
        }

        private static string ParseMethod(string token, string? text)
        {
            string method = token == ApiInputs.AnyMethod ? "ANY" : token.ToUpperInvariant();
            if (!RouteMethods.Contains(method, StringComparer.Ordinal))
            {
                throw PolicyToolErrors.Create(
                    PolicyToolErrors.InvalidRoute,
                    $"The route {PolicyToolErrors.Quote(text)} has the method '{token}'; HTTP API routes use {string.Join(", ", RouteMethods)} (or * for ANY).",
                    text,
                    "Write the route as 'METHOD /path', for example 'GET /items/*'.");
            }

            return method;
        }

        private static (string ArnPath, bool Widens) ParsePath(string path, string? text)
        {
            if (!path.StartsWith("/", StringComparison.Ordinal))
            {
                throw Invalid(text, $"the path '{path}' must start with '/'");
            }

            if (path == "/")
            {
                // The root route's ARN path is empty: .../GET/
                return (string.Empty, false);
            }

            foreach (char c in path)
            {
                if (char.IsControl(c) || c == '?' || c == '#')
                {
                    throw Invalid(text, "the path may not contain a query string ('?'), a fragment ('#') or control characters");
                }
            }

            string[] segments = path.Substring(1).Split('/');
            bool widens = false;
            for (int i = 0; i < segments.Length; i++)
            {
                string segment = segments[i];
                if (segment.Length == 0)
                {
                    throw Invalid(text, $"the path '{path}' has an empty segment (a '//' or a trailing '/')");
                }

                if (segment.IndexOf('{') < 0 && segment.IndexOf('}') < 0)
                {
                    continue;
                }

                Match parameter = PathParameter.Match(segment);
                if (!parameter.Success)
                {
                    throw Invalid(text, $"the segment '{segment}' has braces but is not a whole path parameter such as {{id}} or {{proxy+}}");
                }

                bool greedy = parameter.Groups[1].Success;
                if (greedy && i != segments.Length - 1)
                {
                    throw Invalid(text, $"the greedy parameter '{segment}' must be the last segment of the path");
                }

                widens |= !greedy;
                segments[i] = "*";
            }

            return (string.Join("/", segments), widens);
        }

        private static CrossAcctApiException Invalid(string? text, string problem) =>
            PolicyToolErrors.Create(
                PolicyToolErrors.InvalidRoute,
                $"{PolicyToolErrors.Quote(text)} is not a route: {problem}.",
                text,
                "Write routes as 'METHOD /path' (for example 'GET /items/*', 'POST /orders', 'ANY /{proxy+}') or '$default'.");

        public override string ToString() => RouteKey;

        public bool Equals(ApiRoute? other) => other != null && string.Equals(RouteKey, other.RouteKey, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as ApiRoute);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(RouteKey);
    }
}
