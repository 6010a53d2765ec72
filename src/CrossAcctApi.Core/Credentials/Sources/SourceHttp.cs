using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Sts;

namespace CrossAcctApi.Core.Credentials.Sources
{
    /// <summary>
    /// One HTTP exchange with a credential source (the SSO portal, STS for a web identity token, container or instance
    /// metadata), with its own short timeout, so that an unreachable source fails in seconds with its name in the
    /// message instead of waiting for the client's default timeout.
    /// </summary>
    internal static class SourceHttp
    {
        public static async Task<(int Status, string Body)> SendAsync(HttpClient client, HttpRequestMessage request, TimeSpan timeout, string sourceName, CancellationToken cancellationToken)
        {
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                limit.CancelAfter(timeout);
                try
                {
                    using (var response = await client.SendAsync(request, limit.Token).ConfigureAwait(false))
                    {
                        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        return ((int)response.StatusCode, body);
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw Unavailable(sourceName + " did not answer within " + timeout.TotalSeconds + " s (" + request.RequestUri!.GetLeftPart(UriPartial.Authority) + ").", sourceName, null);
                }
                catch (HttpRequestException error)
                {
                    throw Unavailable(sourceName + " cannot be reached at " + request.RequestUri!.GetLeftPart(UriPartial.Authority) + ": " + (error.InnerException ?? error).Message, sourceName, error);
                }
            }
        }

        public static CrossAcctApiException Unavailable(string message, string sourceName, Exception? inner) =>
            new CrossAcctApiException(StsErrorIds.SourceCredentialUnavailable, FailureKind.ResourceUnavailable, message, sourceName, inner)
            {
                RecommendedAction = "Run where " + sourceName + " is available, or give the credential another way ({@ProfileName}, {@Credential}, environment variables).",
            };
    }
}
