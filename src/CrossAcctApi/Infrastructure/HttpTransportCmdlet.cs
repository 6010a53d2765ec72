using System;
using System.Management.Automation;
using CrossAcctApi.Core.Requests;

namespace CrossAcctApi
{
    /// <summary>
    /// The cmdlets that send what they sign: Invoke-RestMethod's transport parameters with its meaning (-Proxy,
    /// -ProxyCredential, -NoProxy, -UserAgent, -HttpVersion, -OperationTimeoutSeconds) and the one way they become the
    /// core request's transport choices. Calls through the same proxy share one connection pool (HttpClientPool).
    /// </summary>
    public abstract class HttpTransportCmdlet : SignedRequestCmdlet
    {
        internal const string ProxyWithNoProxy = "ProxyWithNoProxy";
        internal const string ProxyCredentialWithoutProxy = "ProxyCredentialWithoutProxy";

        private ProxySettings? _proxy;

        /// <summary><para type="description">Send through this proxy (an http:// URL), for every host including loopback, instead of the system's proxy.</para></summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? Proxy { get; set; }

        /// <summary><para type="description">The credential the -Proxy asks for.</para></summary>
        [Parameter]
        [ValidateNotNull]
        [Credential]
        public PSCredential? ProxyCredential { get; set; }

        /// <summary><para type="description">Connect directly, without the proxy HTTP_PROXY, HTTPS_PROXY or the system settings name.</para></summary>
        [Parameter]
        public SwitchParameter NoProxy { get; set; }

        /// <summary><para type="description">The User-Agent to send. Default: CrossAcctApi/&lt;version&gt;. Not signed (proxies may rewrite it).</para></summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? UserAgent { get; set; }

        /// <summary><para type="description">The HTTP version to ask for: 1.0, 1.1 (default), 2.0 or 3.0.</para></summary>
        [Parameter]
        [ValidateNotNull]
        public Version? HttpVersion { get; set; }

        /// <summary><para type="description">How long each read of the answer may wait for data, in seconds (also for -OutFile downloads, which -TimeoutSec does not limit). 0 (the default): no limit.</para></summary>
        [Parameter]
        [ValidateRange(0, 2000000)]
        public int OperationTimeoutSeconds { get; set; }

        protected override void Begin()
        {
            if (NoProxy.IsPresent && Proxy != null)
            {
                ThrowParameterConflict(ProxyWithNoProxy, "{@Proxy} names a proxy and {@NoProxy} says to use none; give one.", Proxy.OriginalString, "Leave out -NoProxy to go through -Proxy, or -Proxy to connect directly.");
            }

            if (ProxyCredential != null && Proxy is null)
            {
                ThrowParameterConflict(ProxyCredentialWithoutProxy, "{@ProxyCredential} is the credential of a proxy, but no {@Proxy} was given.", ProxyCredential.UserName, "Add -Proxy with the proxy's URL.");
            }

            _proxy = NoProxy.IsPresent ? ProxySettings.Direct : Proxy is null ? null : ProxySettings.Through(Proxy, ProxyCredential?.GetNetworkCredential());

            base.Begin();
        }

        /// <summary>The per-read timeout for the call options; null when none was asked for.</summary>
        protected TimeSpan? OperationTimeout => OperationTimeoutSeconds > 0 ? TimeSpan.FromSeconds(OperationTimeoutSeconds) : (TimeSpan?)null;

        /// <summary>The request for <paramref name="uri"/> (see <see cref="SignedRequestCmdlet.BuildRequest"/>) with how it travels.</summary>
        protected ApiRequest BuildSentRequest(Uri uri, string? inFile, string? outFile)
        {
            return BuildRequest(uri, inFile, outFile) with
            {
                UserAgent = UserAgent,
                HttpVersion = HttpVersion,
                Proxy = _proxy,
            };
        }
    }
}
