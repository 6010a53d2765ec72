using System;
using System.Collections.Concurrent;
using System.Net.Http;
using System.Threading;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi.Core.Http
{
    /// <summary>
    /// One HttpClient per proxy choice (-Proxy with its credential, or -NoProxy), made on first use and kept for the
    /// process, as <see cref="SharedHttpClient.Instance"/> is for calls without one: a thousand calls through a proxy
    /// reuse its connections instead of each making (and leaking) a handler. A handler's proxy cannot change once it
    /// has sent, which is why each choice has its own. The pool is small by nature (a session names few proxies);
    /// past <see cref="MaxClients"/> choices a call is refused rather than growing it without end.
    /// </summary>
    public static class HttpClientPool
    {
        public const int MaxClients = 32;

        private static readonly ConcurrentDictionary<string, Lazy<HttpClient>> Clients = new ConcurrentDictionary<string, Lazy<HttpClient>>(StringComparer.Ordinal);

        /// <summary>How many proxied clients exist (for tests and diagnostics).</summary>
        public static int Count => Clients.Count;

        /// <summary>The shared client for <paramref name="proxy"/>; <see cref="SharedHttpClient.Instance"/> for null.</summary>
        public static HttpClient For(ProxySettings? proxy)
        {
            if (proxy is null)
            {
                return SharedHttpClient.Instance;
            }

            if (Clients.TryGetValue(proxy.Key, out var existing))
            {
                return existing.Value;
            }

            if (Clients.Count >= MaxClients)
            {
                throw new CrossAcctApiException(RequestErrors.InvalidProxy, FailureKind.LimitsExceeded, "This session has already used " + MaxClients + " different proxy settings; each keeps its own connections.", proxy.ToString())
                {
                    RecommendedAction = "Use fewer distinct {@Proxy} and {@ProxyCredential} values, or start a new PowerShell session.",
                };
            }

            return Clients.GetOrAdd(proxy.Key, _ => new Lazy<HttpClient>(() => SharedHttpClient.Create(proxy), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        }
    }
}
