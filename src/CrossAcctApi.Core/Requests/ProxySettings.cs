using System;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace CrossAcctApi.Core.Requests
{
    /// <summary>
    /// Which proxy a call goes through, as Invoke-RestMethod's -Proxy, -ProxyCredential and -NoProxy say: a given
    /// proxy (for every host, loopback included), or none at all. A call without settings uses the system's proxy
    /// (HTTP(S)_PROXY / NO_PROXY, or the OS settings), as every HttpClient does.
    /// </summary>
    public sealed class ProxySettings
    {
        private ProxySettings(Uri? address, NetworkCredential? credentials)
        {
            Address = address;
            Credentials = credentials;
            Key = address is null ? "direct" : address.AbsoluteUri + "\n" + CredentialKey(credentials);
        }

        /// <summary>-NoProxy: connect directly, whatever the environment or the system says.</summary>
        public static ProxySettings Direct { get; } = new ProxySettings(null, null);

        /// <summary>The proxy's URL; null for <see cref="Direct"/>.</summary>
        public Uri? Address { get; }

        /// <summary>The credential the proxy asks for (Basic, Digest, NTLM, Negotiate, as the handler supports).</summary>
        public NetworkCredential? Credentials { get; }

        public bool IsDirect => Address is null;

        /// <summary>
        /// What tells two settings apart in the pool of handlers: the proxy URL and a hash of the credential (never
        /// the password itself), so that calls through the same proxy share one connection pool.
        /// </summary>
        internal string Key { get; }

        /// <summary>A proxy at <paramref name="address"/> (http or https, no path), with <paramref name="credentials"/> if it asks for them.</summary>
        public static ProxySettings Through(Uri address, NetworkCredential? credentials)
        {
            if (address is null || !address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(address.Host))
            {
                throw new CrossAcctApiException(RequestErrors.InvalidProxy, FailureKind.InvalidArgument, "{@Proxy} must be an http:// or https:// URL of a proxy, as in http://proxy.example.com:8080.", address?.OriginalString)
                {
                    RecommendedAction = "Give the proxy's URL with its scheme and port.",
                };
            }

            if (!string.IsNullOrEmpty(address.UserInfo))
            {
                throw new CrossAcctApiException(RequestErrors.InvalidProxy, FailureKind.InvalidArgument, "{@Proxy} carries a user name or password in the URL, where logs and errors would show it.", address.Host)
                {
                    RecommendedAction = "Give the user name and password with {@ProxyCredential} instead.",
                };
            }

            return new ProxySettings(address, credentials);
        }

        public override string ToString() => Address is null ? "no proxy" : "proxy " + Address.GetLeftPart(UriPartial.Authority) + (Credentials is null ? string.Empty : " as " + Credentials.UserName);

        private static string CredentialKey(NetworkCredential? credentials)
        {
            if (credentials is null)
            {
                return string.Empty;
            }

            using (var sha = SHA256.Create())
            {
                var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(credentials.Domain + "\\" + credentials.UserName + "\n" + credentials.Password));
                return BitConverter.ToString(hash);
            }
        }
    }
}
