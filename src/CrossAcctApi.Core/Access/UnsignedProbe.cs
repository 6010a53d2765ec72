using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CrossAcctApi.Core.Http;

namespace CrossAcctApi.Core.Access
{
    /// <summary>
    /// Sends a check's request with no signature at all (no Authorization, X-Amz-Date or token), once, on the shared
    /// HTTP client: the question is only whether API Gateway lets it through. Not retried, since a probe is a single
    /// question and a throttled answer is reported as such. Transport failures get the pipeline's diagnoses
    /// (Timeout, ConnectionFailed).
    /// </summary>
    internal sealed class UnsignedProbe
    {
        private readonly HttpClient _http;

        public UnsignedProbe(HttpClient http)
        {
            _http = http ?? throw new ArgumentNullException(nameof(http));
        }

        public async Task<CrossAccountAccessResult> SendAsync(AccessTarget target, ApiCallOptions options, Stopwatch watch, CancellationToken cancellationToken)
        {
            var call = target.Call;
            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            using (var message = new HttpRequestMessage(new HttpMethod(call.Method), call.Endpoint.Uri))
            {
                attempt.CancelAfter(options.Timeout);
                try
                {
                    using (var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, attempt.Token).ConfigureAwait(false))
                    {
                        var status = (int)response.StatusCode;
                        var headers = ApiResponse.CopyHeaders(response);
                        var body = response.Content is null ? Array.Empty<byte>() : await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                        var error = status >= 400 ? GatewayError.Parse(status, First(headers, "x-amzn-ErrorType"), body) : null;
                        var requestId = First(headers, "apigw-requestid") ?? First(headers, "x-amzn-RequestId");
                        return AccessVerdict.FromUnsignedAnswer(target, status, response.ReasonPhrase, error, requestId, watch.Elapsed);
                    }
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    var facts = new CallFacts { Timeout = options.Timeout };
                    return AccessVerdict.FromException(target, ApiErrorDiagnoser.Timeout(call, facts, 1, ex), AccessStage.Invoke, null, watch.Elapsed);
                }
                catch (Exception ex) when ((ex is HttpRequestException || ex is IOException) && !cancellationToken.IsCancellationRequested)
                {
                    var facts = new CallFacts { Timeout = options.Timeout };
                    var failure = ApiErrorDiagnoser.ConnectionFailed(call, facts, 1, TransportFailure.Classify(ex), ex);
                    return AccessVerdict.FromException(target, failure, AccessStage.Invoke, null, watch.Elapsed);
                }
            }
        }

        private static string? First(System.Collections.Generic.IReadOnlyDictionary<string, string[]> headers, string name) =>
            headers.TryGetValue(name, out var values) && values.Length > 0 ? values[0] : null;
    }
}
