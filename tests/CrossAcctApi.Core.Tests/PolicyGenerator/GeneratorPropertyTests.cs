using CrossAcctApi.Core.Policy;
using CrossAcctApi.Core.Policy.Generator;
using CsCheck;
using Xunit;
using static CrossAcctApi.Core.Tests.PolicyGenerator.GeneratorFixtures;

namespace CrossAcctApi.Core.Tests.PolicyGenerator;

/// <summary>
/// The generated invoke policy grants exactly the routes asked for: over random route sets and random calls, the
/// evaluator's decision equals a model of what the routes mean (same method or ANY; same path, or under a '/*').
/// </summary>
public class GeneratorPropertyTests
{
    private static readonly string[] Segments = { "items", "orders", "admin", "a", "42", "Items" };
    private static readonly string[] CallMethods = { "GET", "POST", "PUT", "DELETE", "PATCH" };

    private static readonly Gen<string> Path = Gen.OneOf(Segments).Array[1, 3].Select(s => string.Join("/", s));

    private static readonly Gen<(string Method, string Path, bool Prefix)> Route =
        Gen.Select(Gen.OneOf(CallMethods.Append("ANY").ToArray()), Path, Gen.Bool, (m, p, prefix) => (m, p, prefix));

    private static bool Model(IEnumerable<(string Method, string Path, bool Prefix)> routes, string method, string path) =>
        routes.Any(r => (r.Method == "ANY" || r.Method == method) && (r.Prefix ? path.StartsWith(r.Path + "/", StringComparison.Ordinal) : path == r.Path));

    [Fact]
    public void The_invoke_policy_allows_exactly_the_routes()
    {
        int allowed = 0, denied = 0;
        // Half the calls are built from one of the routes (its path, or a path under it), so that allowed calls
        // are as common as denied ones.
        Route.Array[1, 4].SelectMany(routes => Gen.Select(
                Gen.OneOf(CallMethods),
                Gen.Frequency(
                    (1, Path),
                    (1, Gen.Select(Gen.Int[0, routes.Length - 1], Gen.Bool, Path, (i, deeper, more) => routes[i].Path + (deeper ? "/" + more : string.Empty)))),
                (method, path) => (routes, method, path)))
            .Sample(t =>
            {
                string[] keys = t.routes.Select(r => $"{r.Method} /{r.Path}{(r.Prefix ? "/*" : string.Empty)}").ToArray();
                CrossAccountPolicySet set = CrossAccountPolicyGenerator.Generate(Request(keys));
                bool expected = Model(t.routes, t.method, t.path);
                PolicyDecision decision = Invoke(set, "$default", t.method, t.path);
                if (expected)
                {
                    allowed++;
                }
                else
                {
                    denied++;
                }

                return decision == (expected ? PolicyDecision.Allowed : PolicyDecision.ImplicitDeny)
                    && Invoke(set, "prod", t.method, t.path) == PolicyDecision.ImplicitDeny;
            }, iter: 2000);

        // Guard against a vacuous run: both outcomes must have been exercised.
        Assert.True(allowed > 50 && denied > 50, $"allowed {allowed}, denied {denied}");
    }
}
