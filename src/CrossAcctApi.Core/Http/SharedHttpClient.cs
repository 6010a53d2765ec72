using System;
using System.Net;
using System.Net.Http;
using System.Threading;

namespace CrossAcctApi.Core.Http
{
    /// <summary>
    /// The one HttpClient of the process. Every call, in every runspace, shares its connection pool, so that a
    /// thousand calls to one API reuse a handful of TLS connections instead of opening a thousand.
    /// <para>
    /// On .NET (PowerShell 7) the handler is a SocketsHttpHandler (made by name: this assembly targets netstandard2.0)
    /// with pooled connections recycled every few minutes (so DNS changes are noticed) and closed when idle; on .NET
    /// Framework (Windows PowerShell 5.1) an HttpClientHandler with the same limits. Redirects are not followed (a
    /// signature is for one host and path; following one would either fail or send the request somewhere the user did
    /// not name) and cookies are not kept (IAM APIs do not use them, and a shared jar would leak between callers).
    /// </para>
    /// </summary>
    public static class SharedHttpClient
    {
        /// <summary>Connections per host; enough for -ThrottleLimit well above the default.</summary>
        public const int MaxConnectionsPerServer = 64;

        private static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);
        private static readonly TimeSpan PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90);

        private static readonly Lazy<HttpClient> Client = new Lazy<HttpClient>(() => Create(null), LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>"CrossAcctApi/&lt;version&gt;": sent as User-Agent (never signed, since proxies rewrite it).</summary>
        public static string UserAgent { get; } = "CrossAcctApi/" + Version();

        public static HttpClient Instance => Client.Value;

        /// <summary>Which handler the client uses: "SocketsHttpHandler" or "HttpClientHandler".</summary>
        public static string HandlerName { get; private set; } = string.Empty;

        /// <summary>A handler with the limits above, going through <paramref name="proxy"/> when given (else the system's proxy).</summary>
        internal static HttpMessageHandler CreateHandler(Requests.ProxySettings? proxy = null)
        {
            var webProxy = proxy?.Address is null ? null : new WebProxy(proxy.Address)
            {
                // As Invoke-RestMethod -Proxy: every host goes through it, loopback included.
                BypassProxyOnLocal = false,
                Credentials = proxy.Credentials,
            };
            var socketsType = Type.GetType("System.Net.Http.SocketsHttpHandler, System.Net.Http", throwOnError: false);
            if (socketsType != null && Activator.CreateInstance(socketsType) is HttpMessageHandler sockets)
            {
                if (proxy != null)
                {
                    Set(sockets, "UseProxy", !proxy.IsDirect);
                    Set(sockets, "Proxy", webProxy);
                }

                Set(sockets, "PooledConnectionLifetime", PooledConnectionLifetime);
                Set(sockets, "PooledConnectionIdleTimeout", PooledConnectionIdleTimeout);
                Set(sockets, "MaxConnectionsPerServer", MaxConnectionsPerServer);
                Set(sockets, "AllowAutoRedirect", false);
                Set(sockets, "UseCookies", false);
                Set(sockets, "AutomaticDecompression", DecompressionMethods.GZip | DecompressionMethods.Deflate);
                HandlerName = socketsType.Name;
                return sockets;
            }

            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            };
            if (proxy != null)
            {
                handler.UseProxy = !proxy.IsDirect;
                handler.Proxy = webProxy;
            }

            try
            {
                handler.MaxConnectionsPerServer = MaxConnectionsPerServer;
            }
            catch (PlatformNotSupportedException)
            {
                // Older .NET Framework builds take the limit from ServicePointManager instead; their default stays.
            }

            HandlerName = nameof(HttpClientHandler);
            return handler;
        }

        /// <summary>A client like <see cref="Instance"/> whose handler goes through <paramref name="proxy"/> (see <see cref="HttpClientPool"/>).</summary>
        internal static HttpClient Create(Requests.ProxySettings? proxy)
        {
            var client = new HttpClient(CreateHandler(proxy), disposeHandler: true)
            {
                // Each attempt has its own timeout (ApiCallOptions.Timeout), enforced with a cancellation token.
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
            client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
            return client;
        }

        private static void Set(object target, string property, object? value)
        {
            var info = target.GetType().GetProperty(property);
            if (info != null && info.CanWrite)
            {
                info.SetValue(target, value);
            }
        }

        private static string Version()
        {
            var version = typeof(SharedHttpClient).Assembly.GetName().Version;
            return version is null ? "0.0.0" : version.Major + "." + version.Minor + "." + version.Build;
        }
    }
}
