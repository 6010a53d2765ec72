using CrossAcctApi.Sandbox.Control;
using CrossAcctApi.Sandbox.Federation.Metadata;
using CrossAcctApi.Sandbox.Federation.Oidc;
using CrossAcctApi.Sandbox.Federation.Sso;
using CrossAcctApi.Sandbox.Hosting;

namespace CrossAcctApi.Sandbox.Federation;

/// <summary>
/// The routes of the credential sources: the SSO portal, the container and instance metadata endpoints, each OIDC
/// provider's discovery document and JWKS at <c>/_oidc/{host/path}/.well-known/...</c>, and their control API under
/// <c>/_sandbox/</c> (mint a token, create an SSO access token, arm a metadata fault, throttle the portal).
/// </summary>
internal static class FederationEndpoints
{
    public const string DiscoveryPrefix = "/_oidc/";

    public static void Map(WebApplication app, SandboxState state)
    {
        SsoPortalEndpoint.Map(app, state);
        MetadataEndpoints.Map(app, state);
        app.MapGet(DiscoveryPrefix + "{**rest}", context => ServeDiscoveryAsync(context, state));

        var control = ControlEndpoints.Group(app);
        control.MapGet("/oidc/providers", (HttpContext context) => Results.Json(state.Federation.Directory.Providers.Select(p => new
        {
            arn = p.Arn,
            url = p.Url,
            accountId = p.AccountId,
            clientIds = p.ClientIds,
            keyId = p.KeyId,
            discoveryUrl = DiscoveryUrl(context, p, "openid-configuration"),
            jwksUrl = DiscoveryUrl(context, p, "jwks.json"),
        })));
        control.MapGet("/oidc/signing-key", (string? issuer) => FederationControl.SigningKey(state, issuer));
        control.MapPost("/oidc/token", context => FederationControl.RunAsync<MintTokenRequest>(context, r => FederationControl.MintToken(state, r)));
        control.MapPost("/sso/token", context => FederationControl.RunAsync<SsoTokenRequest>(context, r => FederationControl.CreateSsoToken(state, r)));
        control.MapPost("/sso/throttle", context => FederationControl.RunAsync<SsoThrottleRequest>(context, r => FederationControl.ThrottleSso(state, r)));
        control.MapGet("/metadata/fault", () => FederationControl.FaultModel(state));
        control.MapPost("/metadata/fault", context => FederationControl.RunAsync<MetadataFaultRequest>(context, r => FederationControl.SetFault(state, r)));
    }

    private static string DiscoveryUrl(HttpContext context, OidcProvider provider, string document) =>
        $"http://{context.Request.Host}{DiscoveryPrefix}{provider.HostPath.TrimEnd('/')}/.well-known/{document}";

    private static Task ServeDiscoveryAsync(HttpContext context, SandboxState state)
    {
        var rest = (string)context.Request.RouteValues["rest"]!;
        foreach (var document in new[] { "openid-configuration", "jwks.json" })
        {
            var suffix = "/.well-known/" + document;
            if (!rest.EndsWith(suffix, StringComparison.Ordinal)) continue;
            var hostPath = rest.Substring(0, rest.Length - suffix.Length);
            var provider = state.Federation.Directory.FindProviderByHostPath(hostPath) ?? state.Federation.Directory.FindProviderByHostPath(hostPath + "/");
            if (provider == null) break;
            if (document == "jwks.json") return context.Response.WriteAsJsonAsync(provider.Jwks());
            return context.Response.WriteAsJsonAsync(new
            {
                issuer = provider.Url,
                jwks_uri = DiscoveryUrl(context, provider, "jwks.json"),
                response_types_supported = new[] { "id_token" },
                subject_types_supported = new[] { "public" },
                id_token_signing_alg_values_supported = new[] { "RS256" },
                claims_supported = new[] { "sub", "aud", "exp", "iat", "iss", "nbf", "azp", "amr" },
            });
        }

        context.Response.StatusCode = 404;
        return context.Response.WriteAsJsonAsync(new { message = "Not Found" });
    }
}
