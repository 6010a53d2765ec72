using System;
using System.IO;
using System.Net.Sockets;
using System.Security.Authentication;

namespace CrossAcctApi.Core.Http
{
    /// <summary>
    /// A request that got no HTTP answer, and whether it could have reached the server: that decides whether a POST
    /// may be retried (a request that never left cannot have been processed).
    /// </summary>
    internal sealed class TransportFailure
    {
        private TransportFailure(string description, bool neverSent, bool retryable)
        {
            Description = description;
            NeverSent = neverSent;
            Retryable = retryable;
        }

        /// <summary>In words: "connection refused", "host not found", "the connection was reset".</summary>
        public string Description { get; }

        /// <summary>True when no byte of the request can have reached the server (no connection was made).</summary>
        public bool NeverSent { get; }

        /// <summary>False for failures a retry cannot fix (a TLS handshake refused).</summary>
        public bool Retryable { get; }

        public static TransportFailure Classify(Exception exception)
        {
            for (var current = exception; current != null; current = current.InnerException)
            {
                switch (current)
                {
                    case SocketException socket:
                        return FromSocket(socket.SocketErrorCode);
                    case AuthenticationException _:
                        return new TransportFailure("the TLS handshake failed (" + current.Message + ")", neverSent: true, retryable: false);
                }
            }

            // .NET 8 and later say what went wrong without a SocketException in some cases.
            switch (HttpRequestError(exception))
            {
                case "NameResolutionError":
                    return new TransportFailure("the host name could not be resolved", neverSent: true, retryable: true);
                case "ConnectionError":
                    return new TransportFailure("no connection could be made", neverSent: true, retryable: true);
                case "SecureConnectionError":
                    return new TransportFailure("the TLS handshake failed", neverSent: true, retryable: false);
                case "ResponseEnded":
                    return new TransportFailure("the server closed the connection before answering", neverSent: false, retryable: true);
            }

            return exception is IOException || exception.InnerException is IOException
                ? new TransportFailure("the connection broke (" + exception.GetType().Name + ")", neverSent: false, retryable: true)
                : new TransportFailure("the request failed (" + exception.GetType().Name + ")", neverSent: false, retryable: true);
        }

        private static TransportFailure FromSocket(SocketError error)
        {
            switch (error)
            {
                case SocketError.ConnectionRefused:
                    return new TransportFailure("connection refused", neverSent: true, retryable: true);
                case SocketError.HostNotFound:
                case SocketError.NoData:
                case SocketError.TryAgain:
                    return new TransportFailure("the host name could not be resolved", neverSent: true, retryable: true);
                case SocketError.HostUnreachable:
                case SocketError.NetworkUnreachable:
                case SocketError.NetworkDown:
                case SocketError.AddressNotAvailable:
                    return new TransportFailure("the host is unreachable (" + error + ")", neverSent: true, retryable: true);
                case SocketError.TimedOut:
                    return new TransportFailure("connecting timed out", neverSent: true, retryable: true);
                case SocketError.ConnectionReset:
                case SocketError.ConnectionAborted:
                case SocketError.Shutdown:
                    return new TransportFailure("the connection was reset", neverSent: false, retryable: true);
                default:
                    return new TransportFailure("a network error occurred (" + error + ")", neverSent: false, retryable: true);
            }
        }

        // HttpRequestException.HttpRequestError exists from .NET 8; this assembly targets netstandard2.0, so read it by name.
        private static string? HttpRequestError(Exception exception)
        {
            for (var current = exception; current != null; current = current.InnerException)
            {
                var property = current.GetType().GetProperty("HttpRequestError");
                if (property != null)
                {
                    return property.GetValue(current)?.ToString();
                }
            }

            return null;
        }
    }
}
